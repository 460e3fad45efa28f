"""The provider's protocol checks, small and named, in specification order: those of an
authorization request, then those of a client authenticating at the token endpoint.

Authorization: OIDC Core 1.0 §3.1.2.1–3.1.2.2 and RFC 6749 §4.1.1, hardened by RFC 9700 (exact
redirect URI, PKCE S256 required). The first three checks decide whether an error may be
redirected at all; every later error goes back to the validated redirect URI with ``state`` and
``iss``.

Client authentication: RFC 6749 §2.3 and §5.2, OIDC Core §9, RFC 7523 §3. Every failure is
``invalid_client`` with one description, so nothing tells an unknown client from a known one
using another method or a wrong credential (the trace names the check that refused).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from idp.context import idp
from idp.oidc.clients import find_client
from idp.oidc.models import OidcClient
from shared.oidc import channel_claim
from shared.oidc.acr import ACR_CHALLENGE, ACR_LEVELS, ACR_PASSWORD
from shared.oidc.errors import (
    AccountSelectionRequired,
    ConsentRequired,
    InvalidClient,
    InvalidRedirectUri,
    InvalidRequest,
    InvalidScope,
    OidcError,
    RequestNotSupported,
    RequestUriNotSupported,
    UnsupportedResponseType,
)
from shared.oidc.jwt import ALLOWED_ALGS, claims_of
from shared.trace.jwt_view import CheckLog

# The prompts the portal honours (discovery advertises these alone). ``consent`` and
# ``select_account`` need screens it does not have: OIDC Core §3.1.2.1 says an OP that cannot
# obtain them MUST return an error, the one §3.1.2.6 names.
PROMPTS = {"none", "login"}
UNHONOURED_PROMPTS: dict[str, type[OidcError]] = {"consent": ConsentRequired,
                                                  "select_account": AccountSelectionRequired}
RESPONSE_MODES = {"query"}
MAX_LENGTH = {"state": 512, "nonce": 512, "login_hint": 254, "scope": 300, "redirect_uri": 500,
              "client_id": 100, "acr_values": 300, "code_challenge": 128, "max_age": 10}
SINGLE = ("client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "prompt",
          "max_age", "login_hint", "acr_values", "code_challenge", "code_challenge_method")


@dataclass
class AuthorizationRequest:
    """A validated authorization request: what the rest of the provider may rely on."""

    params: dict[str, str]
    client: OidcClient | None = None
    errors_redirect_to: str | None = None  # set once the redirect URI is validated
    prompts: set[str] = field(default_factory=set)
    max_age: int | None = None
    acr: str = ACR_PASSWORD

    @property
    def state(self) -> str | None:
        return self.params.get("state")


Check = Callable[[AuthorizationRequest, Mapping[str, list[str]]], None]


def single_values(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """RFC 6749 §3.1: parameters MUST NOT be included more than once."""
    for name in SINGLE:
        if len(raw.get(name, [])) > 1:
            raise InvalidRequest(f"Le paramètre « {name} » est répété.")


def known_client(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    client_id = request.params.get("client_id", "")
    client = find_client(client_id) if 0 < len(client_id) <= MAX_LENGTH["client_id"] else None
    if client is None:
        raise InvalidClient()
    request.client = client


def registered_redirect_uri(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """RFC 9700 §4.1.3: the redirect URI is compared with the registered ones as exact strings."""
    assert request.client is not None
    redirect_uri = request.params.get("redirect_uri")
    if not redirect_uri:
        raise InvalidRedirectUri("Le paramètre redirect_uri est obligatoire.")
    if not request.client.check_redirect_uri(redirect_uri):
        raise InvalidRedirectUri()
    request.errors_redirect_to = redirect_uri


def sane_lengths(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    for name, limit in MAX_LENGTH.items():
        if len(request.params.get(name, "")) > limit:
            raise InvalidRequest(f"Le paramètre « {name} » dépasse {limit} caractères.")


def no_request_objects(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    if "request" in request.params:
        raise RequestNotSupported()
    if "request_uri" in request.params:
        raise RequestUriNotSupported()


def code_response_type(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """Authorization code flow only (RFC 9700 §2.1.2: no implicit, no hybrid); a missing
    ``response_type`` is a missing required parameter (RFC 6749 §4.1.2.1: ``invalid_request``)."""
    if not request.params.get("response_type"):
        raise InvalidRequest("Le paramètre « response_type » est obligatoire.")
    if request.params["response_type"] != "code":
        raise UnsupportedResponseType()


def query_response_mode(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """OIDC Core §3.1.2.1 ``response_mode`` (OAuth 2.0 Multiple Response Type Encoding Practices
    §2.1): only ``query`` is offered, so another mode is refused (RFC 6749 §4.1.2.1: an
    unsupported parameter value is ``invalid_request``), never silently answered in the query."""
    if request.params.get("response_mode", "query") not in RESPONSE_MODES:
        raise InvalidRequest("Seul le mode de réponse « query » est pris en charge.")


def openid_scope(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    if "openid" not in request.params.get("scope", "").split():
        raise InvalidScope()


def pkce_s256(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """RFC 9700 §2.1.1: PKCE for every client; ``plain`` refused (§4.8.2: no downgrade)."""
    if not request.params.get("code_challenge"):
        raise InvalidRequest("PKCE est obligatoire : code_challenge manquant.")
    if request.params.get("code_challenge_method") != "S256":
        raise InvalidRequest("Seule la méthode PKCE « S256 » est acceptée.")


def valid_prompt(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """OIDC Core §3.1.2.1: known values, ``none`` alone; those the portal cannot honour refused."""
    prompts = set(request.params.get("prompt", "").split())
    if not prompts <= PROMPTS | UNHONOURED_PROMPTS.keys():
        raise InvalidRequest("Valeur de « prompt » inconnue.")
    if "none" in prompts and len(prompts) > 1:
        raise InvalidRequest("« prompt=none » ne se combine avec aucune autre valeur.")
    for prompt, refusal in UNHONOURED_PROMPTS.items():
        if prompt in prompts:
            raise refusal()
    request.prompts = prompts


def valid_max_age(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    value = request.params.get("max_age")
    if value is None:
        return
    if not value.isdigit():
        raise InvalidRequest("« max_age » doit être un nombre entier de secondes.")
    request.max_age = int(value)


def requested_acr(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """The lowest known level among ``acr_values`` (unknown values are ignored, OIDC Core §5.5.1.1)."""
    asked = [v for v in request.params.get("acr_values", "").split() if v in ACR_LEVELS]
    request.acr = min(asked, key=ACR_LEVELS.index) if asked else ACR_PASSWORD


def reassort_channel_key(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """This provider's extension: the key the réassort channel is encrypted to (``channel_claim``),
    only with the question défi (the screen that asks for the channel) and only once."""
    param = request.params.get(channel_claim.PARAM)
    if param is None:
        return
    if len(raw.get(channel_claim.PARAM, [])) > 1:
        raise InvalidRequest(f"Le paramètre « {channel_claim.PARAM} » est répété.")
    if request.acr != ACR_CHALLENGE:
        raise InvalidRequest(f"« {channel_claim.PARAM} » ne s'emploie qu'avec la question défi.")
    try:
        channel_claim.public_key(param)
    except channel_claim.ChannelKeyRefused as refused:
        raise InvalidRequest(f"« {channel_claim.PARAM} » n'est pas une clé publique EC P-256.") from refused


CHECKS: tuple[Check, ...] = (
    single_values, known_client, registered_redirect_uri, sane_lengths, no_request_objects,
    code_response_type, query_response_mode, openid_scope, pkce_s256, valid_prompt, valid_max_age,
    requested_acr, reassort_channel_key,
)


def validate(raw: Mapping[str, list[str]], log: CheckLog | None = None) -> AuthorizationRequest:
    """Run every check; raise the first :class:`OidcError`, with where it may be redirected.
    ``log`` notes each check by name, passed or refused (the trace shows them to a reviewer)."""
    request = AuthorizationRequest(params={k: v[0] for k, v in raw.items() if v})
    try:
        (log or CheckLog()).run(CHECKS, request, raw)
    except OidcError as error:
        error.redirect_uri = request.errors_redirect_to if error.may_redirect else None  # type: ignore[attr-defined]
        error.state = request.state  # type: ignore[attr-defined]
        raise
    return request


# -- client authentication at the token endpoint ------------------------------------------------

CLIENT_REFUSED = "Authentification du client refusée."  # the one invalid_client description
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_ASSERTION_LENGTH = 16_384  # docs/security.md: tokens over 16 KiB are refused before parsing
MAX_ASSERTION_LIFETIME = 300  # RFC 7523 §3 item 4: an ``exp`` unreasonably far ahead is refused
LEEWAY = 60  # clock skew allowed on exp, nbf and iat (RFC 7519 §4.1.4)


@dataclass
class ClientCredentials:
    """What a token request presents to authenticate its client, then the client once found."""

    form: Mapping[str, str]
    authorization: str  # the Authorization header, "" when absent
    method: str = ""
    client_id: str = ""
    secret: str = ""
    claims: dict[str, Any] = field(default_factory=dict)
    client: OidcClient | None = None


ClientCheck = Callable[[ClientCredentials], None]


def one_method(c: ClientCredentials) -> None:
    """RFC 6749 §2.3: the client MUST NOT use more than one authentication method in each request;
    §3.2.1: a confidential client MUST authenticate (none at all is ``invalid_client``)."""
    presented = [method for method, used in (
        ("client_secret_basic", bool(c.authorization)),
        ("client_secret_post", "client_secret" in c.form),
        ("private_key_jwt", "client_assertion" in c.form or "client_assertion_type" in c.form)) if used]
    if len(presented) > 1:
        raise InvalidRequest("Une seule méthode d'authentification du client par requête (RFC 6749 §2.3).")
    if not presented:
        raise InvalidClient(CLIENT_REFUSED)
    c.method = presented[0]


def bounded_assertion(c: ClientCredentials) -> None:
    """RFC 7523 §2.2: one JWT of the jwt-bearer type; over 16 KiB it is refused before it is read."""
    assertion = c.form.get("client_assertion", "")
    if c.form.get("client_assertion_type") != CLIENT_ASSERTION_TYPE or not assertion:
        raise InvalidClient(CLIENT_REFUSED)
    if len(assertion) > MAX_ASSERTION_LENGTH or assertion.count(".") != 2:
        raise InvalidClient(CLIENT_REFUSED)


def readable_credentials(c: ClientCredentials) -> None:
    """The client id the credentials claim, not yet trusted: Basic carries form-encoded id and
    secret (RFC 6749 §2.3.1), an assertion names its client in ``sub`` (RFC 7523 §3 item 2)."""
    if c.method == "client_secret_basic":
        c.client_id, c.secret = _basic(c.authorization)
    elif c.method == "client_secret_post":
        c.client_id, c.secret = c.form.get("client_id", ""), c.form.get("client_secret", "")
    else:
        c.claims = _unverified_claims(c.form["client_assertion"])
        sub = c.claims.get("sub")
        c.client_id = sub if isinstance(sub, str) else ""
    if not 0 < len(c.client_id) <= MAX_LENGTH["client_id"]:
        raise InvalidClient(CLIENT_REFUSED)


def same_client_id(c: ClientCredentials) -> None:
    """A ``client_id`` in the body must name the client the credentials authenticate (RFC 7521
    §4.2 for assertions; two identities in one request are ``invalid_request``, RFC 6749 §5.2)."""
    named = c.form.get("client_id")
    if named is not None and named != c.client_id:
        raise InvalidRequest("Le « client_id » du corps ne désigne pas le client qui s'authentifie.")


def registered_client(c: ClientCredentials) -> None:
    c.client = find_client(c.client_id)
    if c.client is None:
        raise InvalidClient(CLIENT_REFUSED)


def registered_method(c: ClientCredentials) -> None:
    """OIDC Core §9: the method registered for the client (token_endpoint_auth_method), no other."""
    assert c.client is not None
    if c.client.auth_method != c.method:
        raise InvalidClient(CLIENT_REFUSED)


def secret_matches(c: ClientCredentials) -> None:
    assert c.client is not None
    if not c.client.check_client_secret(c.secret):
        raise InvalidClient(CLIENT_REFUSED)


def assertion_signed(c: ClientCredentials) -> None:
    """RFC 7523 §3 item 9, checked first: by a key of the client's registered JWKS, with our
    algorithm allow-list (never ``none``, never HMAC: RFC 8725 §3.1)."""
    assert c.client is not None
    try:
        keys = KeySet.import_key_set(json.loads(c.client.jwks or "null"))
        c.claims = dict(jwt.decode(c.form["client_assertion"], keys, algorithms=list(ALLOWED_ALGS)).claims)
    except (JoseError, ValueError, TypeError) as error:
        raise InvalidClient(CLIENT_REFUSED) from error


def assertion_claims(c: ClientCredentials) -> None:
    """RFC 7523 §3 items 1–6: ``iss`` and ``sub`` the client, ``aud`` this provider, ``exp``
    present and not passed, ``nbf`` and ``iat`` not in the future."""
    issuer = idp().settings.public_url
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY, iss={"essential": True, "value": c.client_id},
        sub={"essential": True, "value": c.client_id},
        aud={"essential": True, "values": [f"{issuer}/oidc/token", issuer]},
        exp={"essential": True}, jti={"essential": True})
    try:
        registry.validate(c.claims)
    except JoseError as error:
        raise InvalidClient(CLIENT_REFUSED) from error


def assertion_lifetime(c: ClientCredentials) -> None:
    """RFC 7523 §3 item 4: the provider MAY refuse an ``exp`` unreasonably far in the future; here
    over 5 minutes (with the clock skew), which also bounds how long a ``jti`` must be kept."""
    if c.claims["exp"] > time.time() + MAX_ASSERTION_LIFETIME + LEEWAY:
        raise InvalidClient(CLIENT_REFUSED)


def assertion_unused(c: ClientCredentials) -> None:
    """RFC 7523 §3 item 7: a ``jti`` is accepted once, remembered until the assertion expires."""
    jti = hashlib.sha256(c.claims["jti"].encode()).hexdigest()  # any length, a bounded key
    key = f"client-assertion:{c.client_id}:{jti}"
    # Remembered and checked in one atomic step: two token requests racing with one assertion
    # cannot both pass (a read, then a write, would let both through).
    if not idp().kv.add(key, b"1", max(1, int(c.claims["exp"] - time.time()) + LEEWAY)):
        raise InvalidClient(CLIENT_REFUSED)


IDENTIFY: tuple[ClientCheck, ...] = (readable_credentials, same_client_id, registered_client,
                                     registered_method)
CLIENT_CHECKS: dict[str, tuple[ClientCheck, ...]] = {
    "client_secret_basic": (*IDENTIFY, secret_matches),
    "client_secret_post": (*IDENTIFY, secret_matches),
    "private_key_jwt": (bounded_assertion, *IDENTIFY, assertion_signed, assertion_claims,
                        assertion_lifetime, assertion_unused),
}


def authenticate_client(form: Mapping[str, str], authorization: str,
                        log: CheckLog | None = None) -> OidcClient:
    """The authenticated client of a token request, or the first :class:`OidcError`; ``log``
    notes each check by name, as :func:`validate` does."""
    credentials = ClientCredentials(form=form, authorization=authorization)
    log = log or CheckLog()
    log.run((one_method,), credentials)
    log.run(CLIENT_CHECKS[credentials.method], credentials)
    assert credentials.client is not None
    return credentials.client


def _basic(authorization: str) -> tuple[str, str]:
    scheme, _, encoded = authorization.partition(" ")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as error:
        raise InvalidClient(CLIENT_REFUSED) from error
    client_id, colon, secret = decoded.partition(":")
    if scheme.lower() != "basic" or not colon:
        raise InvalidClient(CLIENT_REFUSED)
    return unquote_plus(client_id), unquote_plus(secret)


def _unverified_claims(assertion: str) -> dict[str, Any]:
    """The payload of a JWS, read to learn which client it claims to be (verified later)."""
    try:
        return claims_of(assertion)
    except ValueError as error:
        raise InvalidClient(CLIENT_REFUSED) from error
