"""What the trace may show of a parameter: by its name first, then by its value."""

from __future__ import annotations

import base64
import hashlib
import json

from shared.trace.exchange import carries_claims, response_part
from shared.trace.jwt_view import CheckLog, decode_unverified, describe
from shared.trace.redact import (
    PERSONAL,
    REMOVED,
    authorization_header,
    mask_jwts,
    redact_claims,
    redact_params,
    redact_url,
    redact_value,
    scrub,
)
from tests.functional.trace.conftest import Signer


def test_secrets_by_name_are_removed_and_codes_shortened() -> None:
    shown = redact_params({
        "client_secret": ["s3cr3t-du-client-qui-ne-doit-jamais-sortir"], "mot_de_passe": "Electeur-2022!",
        "code_verifier": "v" * 43, "reponse": "Citroën", "identifiant_agent": "62E1234567ABC",
        "token": "lien-a-usage-unique", "telephone": "0612345678", "courriel": "perso@exemple.fr",
        "captcha": "424242", "csrf_token": "x" * 40, "code": "AbCdEfGh" + "z" * 40,
        "access_token": "TokenAcc" + "y" * 40, "state": "un-state", "client_id": "espace-de-vote"})
    for name in ("client_secret", "mot_de_passe", "code_verifier", "reponse", "identifiant_agent", "token",
                 "telephone", "courriel", "captcha", "csrf_token"):
        assert shown[name] == REMOVED, name
    assert shown["code"] == "AbCdEfGh…"
    assert shown["access_token"] == "TokenAcc…"
    assert shown["state"] == "un-state" and shown["client_id"] == "espace-de-vote"


def test_a_short_code_is_removed_rather_than_shown_whole() -> None:
    assert redact_params({"code": "court"})["code"] == REMOVED


def test_repeated_parameters_keep_every_value_redacted() -> None:
    assert redact_params({"code": ["AAAAAAAAAAAA", "BBBBBBBBBBBB"]})["code"] == ["AAAAAAAA…", "BBBBBBBB…"]


def test_authorization_header_hides_basic_and_shortens_bearer() -> None:
    basic = "Basic " + base64.b64encode(b"espace-de-vote:le-secret").decode()
    assert authorization_header(basic) == "Basic " + REMOVED
    assert authorization_header("Bearer abcdefghijklmnop") == "Bearer abcdefgh…"


def test_value_net_catches_secrets_under_unexpected_names() -> None:
    assert "le-secret" not in scrub("Basic bGUtc2VjcmV0")
    assert scrub("Bearer abcdefghijklmnopqrstuvwxyz") == "Bearer abcdefgh…"
    assert "12 34 56 78" not in scrub("appeler le 06 12 34 56 78")
    assert "+33612345678" not in scrub("+33612345678")
    assert "62E1234567ABC" not in scrub("numen 62E1234567ABC")
    assert scrub("2620875107") != "2620875107"  # NIR, first 10 digits
    assert scrub("AbCd EfGh JkLm NpQr") != "AbCd EfGh JkLm NpQr"  # a code de vote, grouped
    assert scrub("AbCdEfGhJkLmNpQr") != "AbCdEfGhJkLmNpQr"  # … and whole, without a digit
    assert "bGUtc2VjcmV0" not in scrub("Basic\tbGUtc2VjcmV0")  # any white space
    assert "zoe.martin@ac-exemple.fr" not in scrub("indice zoe.martin@ac-exemple.fr")  # an e-mail
    assert "zoe.martin" not in str(redact_params({"login_hint": ["zoe.martin@ac-exemple.fr"]}))
    assert scrub("espace-de-vote") == "espace-de-vote"
    assert scrub("openid profile email") == "openid profile email"


def test_urls_are_redacted_parameter_by_parameter() -> None:
    url = redact_url("https://vote.example/reassort/code-vote?token=secret-du-lien&electeurId=100001")
    assert "secret-du-lien" not in url and "electeurId=100001" in url
    redirect = redact_url("https://vote.example/cb?code=AbCdEfGhIjKlMnOp&state=s1")
    assert "code=AbCdEfGh…" in redirect and "IjKlMnOp" not in redirect and "state=s1" in redirect
    assert "secret-du-lien" not in scrub("https://vote.example/r?token=secret-du-lien")


def test_claims_keep_their_names_and_protocol_values_personal_values_masked() -> None:
    logout_event: dict[str, dict[str, str]] = {"http://schemas.openid.net/event/backchannel-logout": {}}
    claims = redact_claims({"sub": "abc", "email": "angela@exemple.fr", "phone_number": "+33612345678",
                            "given_name": "Angela", "birthdate": "1962-08-24",
                            "nested": {"courriel": "x@y.fr"},
                            "nonce": "n1", "acr": "eidas1", "aud": ["espace"], "exp": 1700000000,
                            "sid": "la-session", "events": logout_event})
    for personal in ("email", "phone_number", "given_name", "birthdate", "nested"):
        assert claims[personal] == PERSONAL, personal
    assert {k: claims[k] for k in ("sub", "nonce", "acr", "aud", "exp")} == {
        "sub": "abc", "nonce": "n1", "acr": "eidas1", "aud": ["espace"], "exp": 1700000000}
    assert claims["events"] == logout_event
    assert claims["sid"].startswith("sha256:") and "la-session" not in claims["sid"]
    assert claims["sid"] == redact_claims({"sid": "la-session"})["sid"]  # the same session, matched


def test_jwts_are_decoded_without_trust_and_never_kept_whole(signer: Signer) -> None:
    token = signer.sign(sub="100001", email="angela@exemple.fr", nonce="n1")
    view = describe("id_token", token)
    assert view["header"]["kid"] == signer.kid and view["claims"]["nonce"] == "n1"
    assert view["claims"]["email"] == PERSONAL and "compact" not in view
    assert view["sha256"] == hashlib.sha256(token.encode()).hexdigest() and view["length"] == len(token)
    assert token not in json.dumps(view) and token.split(".")[1] not in json.dumps(view)
    assert decode_unverified("pas-un-jwt")["format"] == "invalide"
    header = base64.urlsafe_b64encode(json.dumps({"alg": "RSA-OAEP"}).encode()).decode().rstrip("=")
    assert decode_unverified(f"{header}.a.b.c.d") == {"format": "JWE", "header": {"alg": "RSA-OAEP"},
                                                       "claims": None}


def test_a_whole_jws_never_passes_whatever_its_name(signer: Signer) -> None:
    token = signer.sign(sub="100001")
    for name in ("id_token", "id_token_hint", "logout_token", "client_assertion"):
        assert redact_value(name, token) == "(JWT : voir sa forme décodée)", name
    assert token not in redact_value("error_description", f"jeton {token} refusé")
    assert token not in redact_url(f"https://fc.example/session/end?id_token_hint={token}&state=s")
    assert mask_jwts({"a": [f"x {token}"]}) == {"a": ["x (JWT masqué)"]}


def test_check_log_notes_each_outcome_and_never_changes_it() -> None:
    checks = CheckLog()
    with checks.check("iss"):
        pass
    try:
        with checks.check("aud", attendu="espace-de-vote"):
            raise ValueError("audience inattendue")
    except ValueError:
        pass
    else:
        raise AssertionError("l'exception doit continuer son chemin")
    checks.observe("at_hash", True, "constaté")
    assert checks.steps == [
        {"check": "iss", "ok": True},
        {"check": "aud", "attendu": "espace-de-vote", "ok": False, "detail": "audience inattendue"},
        {"check": "at_hash", "ok": True, "enforced": False, "detail": "constaté"}]


def test_a_json_userinfo_answer_is_redacted_as_claims() -> None:
    body = json.dumps({"sub": "100002", "family_name": "MOREAU", "birthdate": "1984-04-12"})
    part = response_part(200, "application/json", None, body, claims=carries_claims("https://idp/oidc/userinfo"))
    assert part.shown["body"] == {"sub": "100002", "family_name": PERSONAL, "birthdate": PERSONAL}
    assert not carries_claims("https://idp/oidc/token")
