"""A journey as a document: export (events, decoded JWTs, and the JWKS its tokens were signed
with), and offline verification of tokens a reviewer holds against it.

The trace keeps no token whole (a complete JWS could be presented again), so an export alone
proves no signature: it lists each JWT's fingerprint and the checks its receiver ran. A reviewer
who holds a token (captured by their own client, say) gives it to :func:`verify_export`, which
trusts nothing in the export but the key sets: it finds the JWT of the export with the token's
SHA-256, checks that the decoded header and claims shown there are those of the token (an edited
claim fails), checks the algorithm against the allow-list, finds the key by ``kid`` and verifies
the signature. The key sets are reported with their ``kid`` so that a reviewer can compare them
with what the issuers publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, RSAKey

from shared.oidc.jwt import AlgorithmRefused, allowed_alg
from shared.timeutil import utcnow
from shared.trace.events import TraceStore
from shared.trace.jwt_view import decode_unverified, fingerprint
from shared.trace.redact import redact_claims

FORMAT = "portail-elections/parcours"
VERSION = 1


def export(store: TraceStore, journey: int) -> dict[str, Any] | None:
    """The journey whose first event is ``journey``, with the key sets its JWTs need."""
    events = store.journey(journey)
    if not events:
        return None
    kids = {str(t["header"]["kid"]) for e in events for t in e["jwts"]
            if isinstance(t.get("header"), dict) and t["header"].get("kid")}
    return {"format": FORMAT, "version": VERSION, "journey": journey,
            "exported_at": utcnow().isoformat(timespec="seconds") + "Z",
            "services": sorted({e["service"] for e in events}), "events": events,
            "jwks": store.jwks_for(kids)}


@dataclass(frozen=True)
class Finding:
    ok: bool | None  # None: nothing to verify offline
    text: str


def _keys(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """kid → JWK, from the export's key sets and from JWKS events of the journey itself."""
    sets = [j.get("jwks") for j in document.get("jwks", []) if isinstance(j, dict)]
    sets += [e.get("jwks") for e in document.get("events", []) if isinstance(e, dict)]
    keys: dict[str, dict[str, Any]] = {}
    for key_set in sets:
        for jwk in (key_set or {}).get("keys", []):
            if isinstance(jwk, dict) and jwk.get("kid"):
                keys.setdefault(str(jwk["kid"]), jwk)
    return keys


def _verify_one(compact: str, shown: dict[str, Any], keys: dict[str, dict[str, Any]]) -> str | None:
    """None when the token checks out; otherwise why not (in French)."""
    decoded = decode_unverified(compact)
    if decoded["format"] != "JWS":
        return "jeton illisible"
    header, claims = decoded["header"], decoded["claims"]
    if shown.get("header") != header or shown.get("claims") != redact_claims(claims):
        return "l'en-tête ou les claims affichés ne sont pas ceux du jeton (export modifié)"
    try:
        alg = allowed_alg(header)
    except AlgorithmRefused as refused:
        return str(refused)
    jwk = keys.get(str(header.get("kid")))
    if jwk is None:
        return f"aucune clé enregistrée pour le kid {header.get('kid')!r}"
    try:
        key = ECKey.import_key(jwk) if alg == "ES256" else RSAKey.import_key(jwk)
        jws.deserialize_compact(compact, key, algorithms=[alg])
    except (JoseError, ValueError, TypeError):
        return "signature invalide"
    return None


def _recorded(event: dict[str, Any], token: dict[str, Any]) -> str:
    """One JWT of the export as the trace recorded it: fingerprint and its receiver's verdicts."""
    where = f"événement {event.get('id')} ({event.get('service')}, {event.get('label')})"
    header = token.get("header") or {}
    verdicts = ", ".join(f"{c.get('check')} {'✓' if c.get('ok') else '✗' if c.get('ok') is False else '–'}"
                         for c in event.get("checks", []) if isinstance(c, dict))
    digest = str(token.get("sha256", ""))[:16]
    return (f"{where} : {token.get('role', 'jeton')} {header.get('alg')} kid {header.get('kid')}, "
            f"SHA-256 {digest}… — contrôles du destinataire : {verdicts or 'aucun'}")


def verify_export(document: dict[str, Any], tokens: list[str] | None = None) -> list[Finding]:
    """One finding per key set and per JWT of the export; each token given is verified (fails on
    any doubt), the others are listed as recorded."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        return [Finding(False, "Ce fichier n'est pas un export de parcours du Portail Élections.")]
    keys = _keys(document)
    findings = [Finding(None, f"Clé enregistrée : kid {kid} ({jwk.get('kty')}, {jwk.get('alg', '?')})")
                for kid, jwk in sorted(keys.items())]
    held = {fingerprint(t): t.strip() for t in tokens or []}
    matched: set[str] = set()
    for event in document.get("events", []):
        for token in event.get("jwts", []):
            compact = held.get(str(token.get("sha256")))
            if compact is None:
                findings.append(Finding(None, _recorded(event, token)))
                continue
            matched.add(str(token.get("sha256")))
            why = _verify_one(compact, token, keys)
            findings.append(Finding(why is None, _recorded(event, token) + " ; jeton fourni : "
                                    + ("signature valide" if why is None else why)))
    findings += [Finding(False, f"Jeton fourni absent du parcours (SHA-256 {digest[:16]}…)")
                 for digest in held if digest not in matched]
    return findings
