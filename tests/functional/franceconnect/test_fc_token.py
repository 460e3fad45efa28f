"""/token: client authentication, the five-field response, the ID token, and every refusal."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from werkzeug.test import TestResponse

from franceconnect_mock.context import FcMock
from tests.support.franceconnect import ISSUER, Journey, Register, verify

DOC = "https://docs.partenaires.franceconnect.gouv.fr/fs/fs-technique/fs-technique-erreurs/"


def assert_json_error(response: TestResponse, status: int, error: str,
                      description: str | None = None) -> None:
    body = response.get_json()
    assert response.status_code == status, body
    assert body["error"] == error
    assert body["error_uri"].startswith(DOC + "?code=Y")
    assert response.headers["Cache-Control"] == "no-store"
    if description:
        assert description in body["error_description"]


def test_token_response_has_exactly_five_fields(journey: Journey) -> None:
    callback = journey.sign_in()
    response = journey.token(callback["code"])
    body = response.get_json()
    assert response.status_code == 200
    assert set(body) == {"access_token", "token_type", "expires_in", "id_token", "scope"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 60
    assert body["scope"] == "openid identite_pivot email"
    assert response.headers["Cache-Control"] == "no-store"


def test_id_token_header_and_claims(journey: Journey, fc_ctx: FcMock) -> None:
    callback = journey.sign_in(nonce="n" * 30)
    body = journey.token(callback["code"]).get_json()
    header, claims = verify(body["id_token"], journey.jwks(), "ES256")
    assert set(header) == {"alg", "typ", "kid"} and header["alg"] == "ES256" and header["typ"] == "JWT"
    assert set(claims) == {"sub", "auth_time", "acr", "nonce", "at_hash", "aud", "exp", "iat", "iss"}
    assert claims["iss"] == ISSUER and claims["aud"] == "fs-test" and claims["nonce"] == "n" * 30
    assert claims["exp"] == claims["iat"] + 60 and claims["acr"] == "eidas1"
    digest = hashlib.sha256(body["access_token"].encode()).digest()[:16]
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert len(claims["sub"]) == 66 and claims["sub"].endswith("v1")


def test_rs256_client_gets_rs256_tokens(register: Register) -> None:
    rsa = register(client_id="fs-rsa", signing_alg="RS256")
    header, _ = verify(rsa.tokens()["id_token"], rsa.jwks(), "RS256")
    assert header["alg"] == "RS256"


def test_amr_only_when_requested_by_an_allowed_client(journey: Journey) -> None:
    plain = journey.tokens()
    _, claims = verify(plain["id_token"], journey.jwks(), "ES256")
    assert "amr" not in claims
    asked = journey.tokens(claims=json.dumps({"id_token": {"amr": {"essential": True}}}))
    _, claims = verify(asked["id_token"], journey.jwks(), "ES256")
    assert claims["amr"] == ["fc", "pwd"]


@pytest.mark.parametrize(("asked", "returned"), [("eidas1", "eidas1"), ("inconnu", "eidas1"),
                                                 ("eidas1 eidas2", "eidas1"), ("truc eidas1", "eidas1")])
def test_acr_is_the_lowest_known_never_an_echo(journey: Journey, asked: str, returned: str) -> None:
    _, claims = verify(journey.tokens(acr_values=asked)["id_token"], journey.jwks(), "ES256")
    assert claims["acr"] == returned


def test_client_secret_basic_is_refused(journey: Journey) -> None:
    callback = journey.sign_in()
    basic = base64.b64encode(f"fs-test:{journey.secret}".encode()).decode()
    response = journey.browser.client.post(
        "/api/v2/token", headers={"Authorization": f"Basic {basic}"}, base_url="https://localhost",
        data={"grant_type": "authorization_code", "code": callback["code"],
              "redirect_uri": journey.redirect_uri})
    assert_json_error(response, 401, "invalid_client", "client_secret_basic is not accepted")


def test_wrong_secret_is_401_invalid_client(journey: Journey) -> None:
    callback = journey.sign_in()
    assert_json_error(journey.token(callback["code"], client_secret="x" * 40), 401, "invalid_client")


def test_no_client_authentication_is_401(journey: Journey) -> None:
    callback = journey.sign_in()
    assert_json_error(journey.token(callback["code"], client_secret=None), 401, "invalid_client",
                      "no client authentication mechanism")


def test_missing_code_is_400_invalid_request(journey: Journey) -> None:
    assert_json_error(journey.token(None), 400, "invalid_request", "'code'")


def test_unknown_code_is_400_invalid_grant(journey: Journey) -> None:
    assert_json_error(journey.token("inexistant"), 400, "invalid_grant", "authorization code not found")


def test_expired_code_is_400_invalid_grant(journey: Journey, fc_ctx: FcMock) -> None:
    callback = journey.sign_in()
    fc_ctx.clock.set_offset(31)
    assert_json_error(journey.token(callback["code"]), 400, "invalid_grant", "authorization code not found")


def test_code_is_single_use_and_reuse_revokes_the_access_token(journey: Journey) -> None:
    callback = journey.sign_in()
    first = journey.token(callback["code"]).get_json()
    assert journey.userinfo(first["access_token"]).status_code == 200
    assert_json_error(journey.token(callback["code"]), 400, "invalid_grant")
    assert journey.userinfo(first["access_token"]).status_code == 401


def test_code_of_another_client_is_refused(journey: Journey, register: Register) -> None:
    other = register(client_id="fs-autre")
    callback = journey.sign_in()
    response = other.token(callback["code"], redirect_uri=journey.redirect_uri)
    assert_json_error(response, 400, "invalid_grant")


def test_redirect_uri_must_match_the_authorization_request(journey: Journey) -> None:
    callback = journey.sign_in()
    assert_json_error(journey.token(callback["code"], redirect_uri="https://fs.example/autre"), 400,
                      "invalid_grant", "redirect_uri mismatch")


def test_other_grant_types_are_refused(journey: Journey) -> None:
    callback = journey.sign_in()
    response = journey.token(callback["code"], grant_type="refresh_token")
    assert_json_error(response, 400, "unsupported_grant_type")


def test_json_body_is_refused(journey: Journey) -> None:
    response = journey.browser.client.post("/api/v2/token", json={"grant_type": "authorization_code"},
                                           base_url="https://localhost")
    assert_json_error(response, 400, "invalid_request", "x-www-form-urlencoded")


def test_repeated_parameters_are_refused(journey: Journey) -> None:
    callback = journey.sign_in()
    body = (f"grant_type=authorization_code&code={callback['code']}&code={callback['code']}"
            f"&redirect_uri={journey.redirect_uri}&client_id=fs-test&client_secret={journey.secret}")
    response = journey.browser.client.post("/api/v2/token", data=body, base_url="https://localhost",
                                           content_type="application/x-www-form-urlencoded")
    assert_json_error(response, 400, "invalid_request", "provided twice: code")


def test_no_refresh_token_ever(journey: Journey) -> None:
    assert "refresh_token" not in journey.tokens(scope="openid offline_access")


def test_an_oversized_body_is_a_french_413_and_is_journaled(journey: Journey, fc_ctx: FcMock) -> None:
    response = journey.browser.client.post("/api/v2/token", data={"code": "c" * 1_000_000},
                                           base_url="https://localhost")
    assert response.status_code == 413, response.get_data(as_text=True)[:300]
    assert response.get_json()["message"] == "Les données envoyées dépassent la taille autorisée."
    [entry] = fc_ctx.journal.entries(endpoint="token")
    assert entry["status"] == 413 and entry["request"]["params"] == {}


def test_a_failing_journal_never_changes_the_answer(journey: Journey, fc_ctx: FcMock,
                                                     caplog: pytest.LogCaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr(fc_ctx.journal, "_write", broken)
    tokens = journey.tokens()
    assert tokens["token_type"] == "Bearer"
    assert "requête non enregistrée (RuntimeError)" in caplog.text and "disque plein" not in caplog.text
