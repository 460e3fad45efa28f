"""A journey as a document: export (events, decoded JWTs, and the JWKS its tokens were signed
with), and offline verification of an export's JWT signatures against the JWKS it records.

Verification trusts nothing in the export but the key sets: for every JWT kept whole it checks
the algorithm against the allow-list, finds the key by ``kid``, verifies the signature, and
checks that the decoded header and claims shown in the export are those of the token (an
edited claim fails even when the token itself is intact). The key sets are reported with their
``kid`` so that a reviewer can compare them with what the issuers publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, RSAKey

from shared.timeutil import utcnow
from shared.trace.events import TraceStore
from shared.trace.jwt_view import decode_unverified
from shared.trace.redact import redact_claims

FORMAT = "portail-elections/parcours"
VERSION = 1
ALLOWED_ALGS = ("ES256", "RS256")  # the same allow-list as every verifier of the project


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
    alg = header.get("alg")
    if alg not in ALLOWED_ALGS:
        return f"algorithme refusé : {alg!r}"
    jwk = keys.get(str(header.get("kid")))
    if jwk is None:
        return f"aucune clé enregistrée pour le kid {header.get('kid')!r}"
    try:
        key = ECKey.import_key(jwk) if alg == "ES256" else RSAKey.import_key(jwk)  # type: ignore[arg-type]
        jws.deserialize_compact(compact, key, algorithms=[alg])
    except (JoseError, ValueError, TypeError):
        return "signature invalide"
    return None


def verify_export(document: dict[str, Any]) -> list[Finding]:
    """One finding per JWT of the export, plus one per key set; fails on any doubt."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        return [Finding(False, "Ce fichier n'est pas un export de parcours du Portail Élections.")]
    keys = _keys(document)
    findings = [Finding(None, f"Clé enregistrée : kid {kid} ({jwk.get('kty')}, {jwk.get('alg', '?')})")
                for kid, jwk in sorted(keys.items())]
    for event in document.get("events", []):
        where = f"événement {event.get('id')} ({event.get('service')}, {event.get('label')})"
        for token in event.get("jwts", []):
            role = token.get("role", "jeton")
            compact = token.get("compact")
            if not isinstance(compact, str):
                findings.append(Finding(None, f"{where} : {role} non conservé en entier, "
                                              "signature non vérifiable hors ligne"))
                continue
            why = _verify_one(compact, token, keys)
            alg, kid = (token.get("header") or {}).get("alg"), (token.get("header") or {}).get("kid")
            findings.append(Finding(why is None, f"{where} : {role} {alg} kid {kid} — "
                                                 + ("signature valide" if why is None else why)))
    return findings
