"""JWTs as a reviewer reads them: header and claims decoded *without trusting them*, and the
verification steps the receiving party actually ran, each with its outcome.

Never the token itself (issue 11): a complete JWS could be presented again, and an ID token
carries the person's identity. What is kept is enough to review it: the header, the claims'
names with their protocol values (personal values masked, :func:`shared.trace.redact.redact_claims`),
the SHA-256 of the compact form (a reviewer who holds the token can match it, and
``python -m shared.trace verify --jeton`` checks its signature against the recorded keys), and
the checks.

Decoding here never verifies anything and never decides anything: it only shows. The verdicts
come from the verifiers themselves (``voting_rp/oidc/tokens.py``…), which note each step in a
:class:`CheckLog` as it passes or fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from shared.oidc.jwt import at_hash, segment
from shared.trace.redact import redact_claims, scrub, token_fingerprint


def looks_like_jwt(value: object) -> bool:
    return isinstance(value, str) and value.count(".") in (2, 4) and value.startswith("ey")


def decode_unverified(compact: str) -> dict[str, Any]:
    """Header and claims of a JWS, the header of a JWE; ``error`` when it cannot be read."""
    parts = compact.strip().count(".") + 1
    try:
        header = segment(compact, 0)
        if parts == 5:
            return {"format": "JWE", "header": header, "claims": None}
        if parts != 3:
            return {"format": "invalide", "error": "ni JWS (3 parties) ni JWE (5 parties)"}
        claims = segment(compact, 1)
    except (ValueError, UnicodeDecodeError) as error:
        return {"format": "invalide", "error": f"illisible ({type(error).__name__})"}
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return {"format": "invalide", "error": "en-tête ou contenu qui n'est pas un objet JSON"}
    return {"format": "JWS", "header": header, "claims": claims}


def fingerprint(compact: str) -> str:
    """The SHA-256 of the compact token, in hex (names it without copying it)."""
    return token_fingerprint(compact.strip())


def describe(role: str, compact: str) -> dict[str, Any]:
    """What the trace stores of a JWT: role, fingerprint, length, header and claims (personal
    values masked); never the compact form."""
    decoded = decode_unverified(compact)
    view: dict[str, Any] = {"role": role, "format": decoded["format"], "sha256": fingerprint(compact),
                            "length": len(compact.strip())}
    if "error" in decoded:
        view["error"] = decoded["error"]
        return view
    view["header"] = decoded["header"]
    view["claims"] = redact_claims(decoded["claims"]) if decoded["claims"] is not None else None
    return view


class CheckLog:
    """The verification steps of one token, in the order they ran.

    ``with log.check("iss"): check_issuer(...)`` notes ``ok: true`` when the block passes and
    ``ok: false`` with the reason when it raises; the exception goes on unchanged, so wrapping
    a check never changes what the verifier decides.
    """

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []

    @contextmanager
    def check(self, name: str, **details: Any) -> Iterator[dict[str, Any]]:
        step: dict[str, Any] = {"check": name, **details}
        try:
            yield step
        except Exception as error:
            self.steps.append({**step, "ok": False, "detail": scrub(str(error))[:300]})
            raise
        self.steps.append({**step, "ok": True})

    def run(self, checks: Iterable[Callable[..., None]], *args: Any) -> None:
        """Each of ``checks`` in order on ``args``, noted under its function's name; the first
        refusal goes on unchanged (the pipelines of authorize, token, UserInfo and logout)."""
        for check in checks:
            with self.check(check.__name__):
                check(*args)

    def observe(self, name: str, ok: bool | None, detail: str, **details: Any) -> None:
        """A fact noted for the reviewer that the verifier does not enforce (``enforced: false``)."""
        self.steps.append({"check": name, **details, "ok": ok, "enforced": False, "detail": detail})


def observe_binding(checks: CheckLog, claims: dict[str, Any], access_token: str,
                    requested_acr: str | None) -> None:
    """Note ``at_hash`` and ``acr`` for the reviewer, as facts, without deciding anything."""
    if "at_hash" not in claims:
        checks.observe("at_hash", None, "absent du jeton (facultatif dans le flux « code »)")
    else:
        checks.observe("at_hash", claims["at_hash"] == at_hash(access_token),
                       "comparé par la trace au jeton d'accès reçu ; le client ne l'exige pas "
                       "(facultatif dans le flux « code », OIDC Core §3.1.3.8)")
    if requested_acr:
        checks.observe("acr", claims.get("acr") in requested_acr.split(),
                       f"demandé « {requested_acr} », reçu « {claims.get('acr')} » ; à cette étape "
                       "le client ne l'exige pas, la démarche qui l'a demandé en décide",
                       attendu=requested_acr)
