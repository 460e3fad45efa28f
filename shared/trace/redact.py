"""The one place that knows what is secret in a protocol exchange, and how much of it may be shown.

First by parameter name (the name says what the value is):

- removed entirely: client secrets, passwords, PKCE verifiers, CSRF tokens, CAPTCHA answers,
  challenge answers, NUMEN / NIR, one-time link tokens (``token``), personal channels (phone,
  personal e-mail, and the e-mail FranceConnect returns, which is where the réassort link goes);
- shortened to a prefix (enough to follow one through a flow, useless to replay): authorization
  codes, access and refresh tokens;
- JWTs (ID tokens, hints, logout tokens, client assertions): never kept whole, a complete JWS is
  a token someone could present again. The trace keeps their header, their claims' names with
  the protocol values a reviewer reads (``iss``, ``aud``, ``exp``, ``nonce``, ``acr``…) and every
  other value masked (names, birth date, e-mail…), a SHA-256 fingerprint of the token, and the
  checks its receiver ran (:mod:`shared.trace.jwt_view`).

Then by value, as a second net for a secret that arrives under an unexpected name: HTTP Basic
and Bearer credentials, complete JWS, e-mail addresses (a ``login_hint`` is often one), French
phone numbers, NUMEN, NIR, codes de vote, and URLs whose query carries one of the names above.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

REMOVED = "(masqué)"
PREFIX_LENGTH = 8
MAX_VALUE = 2000  # longer values are cut: a trace is for reading, not for replaying

HIDDEN = frozenset({
    "client_secret", "password", "mot_de_passe", "confirmation", "code_verifier", "csrf_token",
    "captcha", "reponse", "identifiant_agent", "numen", "nir", "token", "telephone", "courriel",
    "email", "phone_number", "code_vote", "code_de_vote", "secret", "private_key", "d",
})
PREFIXED = frozenset({"code", "access_token", "refresh_token"})
JWTS = frozenset({"id_token", "id_token_hint", "logout_token", "client_assertion"})
JWT_SHOWN_BELOW = "(JWT : voir sa forme décodée)"

# Claims whose value a reviewer reads and that say nothing of the person (OpenID Connect Core §2,
# RFC 8417 / back-channel logout ``events``, RFC 7523 assertions). ``sub`` and ``electeurId`` name
# the account, as every protocol message does; any other claim keeps its name, its value masked.
PROTOCOL_CLAIMS = frozenset({
    "iss", "sub", "aud", "exp", "iat", "nbf", "jti", "nonce", "auth_time", "acr", "amr", "azp",
    "at_hash", "c_hash", "events", "scope", "client_id", "typ", "electeurId", "email_verified",
})
# A session id is not personal, but with it a logout can be aimed at one person's session: shown
# as a fingerprint, which still matches the same session from token to token.
FINGERPRINTED_CLAIMS = frozenset({"sid"})
PERSONAL = "(masqué : donnée personnelle)"

# Three base64url segments, the first a JSON header ("ey…"): a complete JWS, whatever it is called.
COMPLETE_JWS = re.compile(r"\bey[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_CODE_DE_VOTE = "[ACDEFGHJKLMNPQRTWXYabcdefghijkmnpqrstwxyz34679*+=-]"
VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (COMPLETE_JWS, "(JWT masqué)"),
    (re.compile(r"(?i)\bBasic\s+[A-Za-z0-9+/=._~-]+"), "Basic " + REMOVED),
    (re.compile(r"(?i)\b(Bearer|DPoP)\s+([A-Za-z0-9._~+/-]{1,8})[A-Za-z0-9._~+/=-]*"), r"\1 \2…"),
    (re.compile(r"(?<![\w+])(?:\+33|0033|0)\s*[1-9](?:[\s.-]?\d{2}){4}(?!\w)"), "(masqué : téléphone)"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "(masqué : adresse e-mail)"),
    (re.compile(r"\b\d{2}[A-Z]\d{7}[A-Z]{3}\b"), "(masqué : NUMEN)"),
    (re.compile(r"^\d{10}$|^[12]\d{12}(?:\d{2})?$"), "(masqué : NIR)"),
    (re.compile(rf"^(?:{_CODE_DE_VOTE}{{16}}|(?:{_CODE_DE_VOTE}{{4}} ){{3}}{_CODE_DE_VOTE}{{4}})$"),
     "(masqué : code de vote ?)"),
)


def token_fingerprint(value: str) -> str:
    """The SHA-256 of a token, in hex: names it (a reviewer holding it can compare) without
    copying it."""
    return hashlib.sha256(value.encode()).hexdigest()


def shorten(value: str) -> str:
    """A prefix of a code or token: the same artefact can be recognised from hop to hop."""
    return value[:PREFIX_LENGTH] + "…" if len(value) > PREFIX_LENGTH else REMOVED


# What every pattern of VALUE_PATTERNS needs at least: a digit, a space (Basic, Bearer, a
# phone number written in groups), a dot (a JWS) or an at sign (an e-mail address); a code de
# vote is 16 or 19 characters long.
# A value with none of these (a state, a nonce, a client id…) is returned without running them.
_PATTERN_NEEDS = re.compile(r"[\d\s.@]")
_CODE_DE_VOTE_LENGTHS = (16, 19)


def scrub(value: str) -> str:
    """The value net: patterns that look like a secret whatever the parameter was called."""
    if value.startswith(("https://", "http://")) and "?" in value:
        return redact_url(value)
    if len(value) in _CODE_DE_VOTE_LENGTHS or _PATTERN_NEEDS.search(value):
        for pattern, replacement in VALUE_PATTERNS:
            value = pattern.sub(replacement, value)
    return value if len(value) <= MAX_VALUE else value[:MAX_VALUE] + f"… ({len(value)} car.)"


def redact_value(name: str, value: Any) -> Any:
    """One parameter, JSON member or claim, judged by its name, then by its value."""
    lowered = name.lower()
    if lowered in HIDDEN:
        return REMOVED
    if isinstance(value, Mapping):
        return redact_mapping(value)
    if isinstance(value, list | tuple):
        return [redact_value(name, item) for item in value]
    if not isinstance(value, str):
        return value
    if lowered in PREFIXED:
        return shorten(value)
    if lowered in JWTS:
        return JWT_SHOWN_BELOW
    return scrub(value)


def redact_mapping(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every member of ``values``, redacted (nested objects and lists included)."""
    return {str(name): redact_value(str(name), value) for name, value in values.items()}


def redact_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Query or form parameters; a repeated parameter keeps all its (redacted) values."""
    cleaned: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        cleaned[str(name)] = redact_value(str(name), value)
    return cleaned


def redact_url(url: str) -> str:
    """``url`` with its query parameters redacted by name (a redirect carrying a code, a link…)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [(k, redact_value(k, v)) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    # Shown decoded, for reading: this URL is never followed again.
    return urlunsplit(parts._replace(query="&".join(f"{k}={v}" for k, v in pairs)))


def authorization_header(value: str | None) -> str | None:
    """``Basic`` carries the client secret: removed; a Bearer token keeps its prefix."""
    if not value:
        return None
    scheme, _, credentials = value.partition(" ")
    if scheme.lower() == "basic":
        return "Basic " + REMOVED
    return f"{scheme} {shorten(credentials.strip())}"


def mask_jwts(value: Any) -> Any:
    """``value`` (nested JSON) with every complete JWS in its strings masked: for what an older
    version of the trace stored (shared/trace/migrations, 0002)."""
    if isinstance(value, str):
        return COMPLETE_JWS.sub("(JWT masqué)", value)
    if isinstance(value, Mapping):
        return {name: mask_jwts(item) for name, item in value.items()}
    if isinstance(value, list):
        return [mask_jwts(item) for item in value]
    return value


def redact_claims(claims: Mapping[str, Any]) -> dict[str, Any]:
    """Decoded JWT claims: every name kept; protocol values shown, ``sid`` as a fingerprint, any
    other value (names, birth date, e-mail, address…) masked."""
    shown: dict[str, Any] = {}
    for name, value in claims.items():
        if name in FINGERPRINTED_CLAIMS and isinstance(value, str):
            shown[name] = "sha256:" + token_fingerprint(value)[:16]
        elif name in PROTOCOL_CLAIMS:
            shown[name] = redact_value(name, value)
        else:
            shown[name] = PERSONAL
    return shown
