"""The integrator console (pages, French and English) and the JSON admin API behind it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from franceconnect_mock.context import FcMock
from tests.support.client import PageClient
from tests.support.franceconnect import REDIRECT_URI, Journey, ctx_of, make_app, verify

PASSWORD = "mot-de-passe-console-tres-long"
NEW_CLIENT = {"client_id": "fs-console", "name": "Service de la console", "redirect_uris": REDIRECT_URI,
              "post_logout_redirect_uris": "https://fs.example/fin", "scopes": ["openid", "given_name"],
              "signing_alg": "RS256", "kind": "public", "token_endpoint_auth_method": "client_secret_post",
              "enabled": "y"}


@pytest.fixture
def console(fc_app: Flask) -> PageClient:
    return PageClient(fc_app)


@pytest.fixture
def locked_app(fc_template: Path, tmp_path: Path) -> Flask:
    return make_app(fc_template, tmp_path / "verrou", FC_CONSOLE_PASSWORD=PASSWORD)


def api(app: Flask, method: str, path: str, password: str | None = None, **kwargs: Any) -> TestResponse:
    headers = {"Authorization": f"Bearer {password}"} if password else {}
    return app.test_client().open(f"/console/api{path}", method=method, headers=headers,
                                  base_url="https://localhost", **kwargs)


# -- pages ---------------------------------------------------------------------------------------
def test_console_is_open_in_development_and_says_so(console: PageClient) -> None:
    page = console.get("/console/")
    assert page.status_code == 200 and "console ouverte sans mot de passe" in console.text()
    console.get("/console/?lang=en")
    assert "Integrator console" in console.text() and "the console is open" in console.text()
    console.get("/console/identites")
    assert "Fictitious identities" in console.text()  # the language is kept


def test_register_a_client_in_the_console_shows_the_secret_once(console: PageClient, fc_ctx: FcMock) -> None:
    console.get("/console/clients/nouveau")
    response = console.submit("/console/clients/nouveau", NEW_CLIENT)
    assert response.status_code == 200
    secret = re.search(r'id="client-secret">([0-9a-f]{64})<', console.text())
    assert secret
    client = fc_ctx.clients.get("fs-console")
    assert client and client.signing_alg == "RS256" and client.kind == "public"
    assert fc_ctx.clients.secret_matches(client, secret.group(1))
    assert secret.group(1) not in console.get("/console/clients/fs-console").get_data(as_text=True)


def test_console_shows_registration_errors(console: PageClient, fc_ctx: FcMock) -> None:
    console.get("/console/clients/nouveau")
    response = console.submit("/console/clients/nouveau", {**NEW_CLIENT, "redirect_uris": "http://fs.example/cb"})
    assert response.status_code == 400 and "https obligatoire" in console.text()
    assert fc_ctx.clients.get("fs-console") is None


def test_edit_a_client_and_switch_a_scenario_on(console: PageClient, journey: Journey,
                                                 fc_ctx: FcMock) -> None:
    console.get("/console/clients/fs-test")
    form = {"name": "Service renommé", "redirect_uris": REDIRECT_URI, "post_logout_redirect_uris": "",
            "scopes": ["openid", "identite_pivot", "email"], "signing_alg": "ES256", "kind": "private",
            "token_endpoint_auth_method": "client_secret_post", "scenario": "wrong_iss", "enabled": "y",
            "prompts": ["login", "consent"]}
    assert console.submit("/console/clients/fs-test", form).status_code == 303
    client = fc_ctx.clients.get("fs-test")
    assert client and client.name == "Service renommé" and client.scenario == "wrong_iss"
    _, claims = verify(journey.tokens()["id_token"], journey.jwks(), "ES256")
    assert claims["iss"] == "https://fc-imposteur.example/api/v2"


def test_custom_identity_persists_and_signs_in(console: PageClient, journey: Journey, fc_template: Path,
                                               tmp_path: Path) -> None:
    console.get("/console/identites")
    identity = {"login": "marie_curie", "given_name": "Marie", "family_name": "SKLODOWSKA",
                "preferred_username": "CURIE", "gender": "female", "birthdate": "1867-11-07",
                "birthplace": "", "birthcountry": "99122", "email": "marie.curie@example.com",
                "label": "Identité personnalisée"}
    assert console.submit("/console/identites", identity).status_code == 303
    tokens = journey.tokens("marie_curie", scope="openid profile")
    person = journey.userinfo(tokens["access_token"]).get_data(as_text=True)
    assert verify(person, journey.jwks(), "ES256")[1]["preferred_username"] == "CURIE"
    # persisted: a new process on the same database knows her
    assert ctx_of(journey.app).identities.find("marie_curie") is not None
    console.get("/console/identites")
    refused = console.submit("/console/identites", {**identity, "login": "test"})
    assert refused.status_code == 400 and "identifiant déjà utilisé" in console.text()


def test_journal_pages_show_decoded_jwts_and_no_secret(console: PageClient, journey: Journey) -> None:
    id_token = journey.tokens()["id_token"]
    console.get("/console/journal?client_id=fs-test")
    ids = re.findall(r'href="/console/journal/(\d+)"', console.text())
    assert ids
    pages = [console.get(f"/console/journal/{i}").get_data(as_text=True) for i in ids]
    assert any("JWT : id_token" in p and '"at_hash"' in p for p in pages)
    assert any(hashlib.sha256(id_token.encode()).hexdigest() in p for p in pages)  # matched, never copied
    assert all(id_token.split(".")[2] not in p for p in pages)
    assert all(journey.secret not in p for p in pages)
    huge = console.get("/console/journal/99999999999999999999")  # beyond 64 bits: no OverflowError
    assert huge.status_code == 404 and "Page introuvable" in huge.get_data(as_text=True)


def test_keys_rotate_and_clock_shift_from_the_console(console: PageClient, fc_ctx: FcMock) -> None:
    before = {k.kid for k in fc_ctx.keyring.keys() if k.state == "active"}
    console.get("/console/cles")
    assert console.submit("/console/cles/rotation", {}).status_code == 200
    assert {k.kid for k in fc_ctx.keyring.keys() if k.state == "active"}.isdisjoint(before)
    console.get("/console/horloge")
    assert console.submit("/console/horloge", {"offset": "120"}).status_code == 303
    assert fc_ctx.clock.offset() == 120


def test_report_page(console: PageClient, journey: Journey) -> None:
    journey.userinfo(journey.tokens("adv_alg_none")["access_token"])
    console.get("/console/clients/fs-test/rapport")
    text = console.text()
    assert "refuse alg: none" in text and 'class="ko">non vérifié' in text


def test_console_forms_need_the_csrf_token(console: PageClient) -> None:
    console.get("/console/horloge")
    assert console.submit("/console/horloge", {"offset": "60"}, csrf=False).status_code == 400


def test_locked_console_needs_the_password(locked_app: Flask) -> None:
    browser = PageClient(locked_app)
    assert browser.get("/console/").status_code == 303
    browser.get("/console/connexion")
    assert browser.submit("/console/connexion", {"password": "non"}).status_code == 400
    assert browser.submit("/console/connexion", {"password": PASSWORD}).status_code == 303
    assert browser.get("/console/").status_code == 200 and "console ouverte" not in browser.text()


def test_locked_api_needs_the_bearer_password(locked_app: Flask) -> None:
    assert api(locked_app, "GET", "/clients").status_code == 401
    assert api(locked_app, "GET", "/clients", "mauvais").status_code == 401
    assert api(locked_app, "GET", "/clients", PASSWORD).status_code == 200


# -- JSON admin API --------------------------------------------------------------------------------
def test_api_client_lifecycle(fc_app: Flask) -> None:
    created = api(fc_app, "POST", "/clients", json={
        "client_id": "fs-ci", "name": "CI", "redirect_uris": [REDIRECT_URI], "scopes": ["openid", "email"]})
    assert created.status_code == 201
    body = created.get_json()
    assert len(body["client_secret"]) == 64 and "client_secret" not in body["client"]
    assert body["client"]["effective_platform"] == "fcp-low" and body["client"]["kind"] == "private"
    assert api(fc_app, "PATCH", "/clients/fs-ci", json={"signing_alg": "RS256"}).get_json()["client"][
        "signing_alg"] == "RS256"
    basic = {"token_endpoint_auth_method": "client_secret_basic"}
    refused = api(fc_app, "PATCH", "/clients/fs-ci", json=basic)
    assert refused.status_code == 400 and "token_endpoint_auth_method" in refused.get_json()["fields"]
    assert api(fc_app, "PUT", "/clients/fs-ci/scenario", json={"scenario": "expired"}).get_json()["client"][
        "scenario"] == "expired"
    assert api(fc_app, "PUT", "/clients/fs-ci/scenario", json={"scenario": "inconnu"}).status_code == 400
    assert len(api(fc_app, "POST", "/clients/fs-ci/secret", json={}).get_json()["client_secret"]) == 64
    assert api(fc_app, "DELETE", "/clients/fs-ci").status_code == 204
    assert api(fc_app, "GET", "/clients/fs-ci").status_code == 404


def test_api_writes_must_be_json(fc_app: Flask) -> None:
    response = api(fc_app, "POST", "/clients", data={"client_id": "fs-form"})
    assert response.status_code == 415


def test_api_identities_journal_keys_clock_report(fc_app: Flask, journey: Journey) -> None:
    added = api(fc_app, "POST", "/identities", json={
        "login": "ci_identite", "given_name": "Alex", "family_name": "MARTIN", "gender": "unspecified",
        "birthdate": "1990-05-05", "birthplace": "75056", "birthcountry": "99100"})
    assert added.status_code == 201
    invalid = api(fc_app, "POST", "/identities", json={"login": "x", "gender": "autre"})
    assert invalid.status_code == 400 and "gender" in invalid.get_json()["fields"]
    logins = {i["login"] for i in api(fc_app, "GET", "/identities").get_json()["identities"]}
    assert {"test", "ci_identite"} <= logins
    assert api(fc_app, "DELETE", "/identities/ci_identite").status_code == 204
    assert api(fc_app, "DELETE", "/identities/test").status_code == 404  # data-file identities stay

    journey.tokens()
    entries = api(fc_app, "GET", "/journal?client_id=fs-test&endpoint=token").get_json()["entries"]
    assert entries and entries[0]["status"] == 200 and entries[0]["jwts"][0]["claims"]["aud"] == "fs-test"
    assert api(fc_app, "GET", f"/journal/{entries[0]['id']}").status_code == 200
    assert api(fc_app, "GET", "/journal/99999999999999999999").status_code == 404  # no OverflowError

    rotated = api(fc_app, "POST", "/keys/rotate", json={}).get_json()
    assert len(rotated["promoted"]) == 2
    assert {k["state"] for k in rotated["keys"]} == {"active", "next", "retired"}
    assert api(fc_app, "PUT", "/clock", json={"offset_seconds": 90}).get_json()["offset_seconds"] == 90
    assert api(fc_app, "PUT", "/clock", json={"offset_seconds": "90"}).status_code == 400
    assert api(fc_app, "GET", "/clock").get_json()["offset_seconds"] == 90

    report = api(fc_app, "GET", "/clients/fs-test/report").get_json()
    assert {c["scenario"] for c in report["checks"]} >= {"bad_signature", "tampered_state"}
    assert api(fc_app, "GET", "/scenarios").get_json()["failure_logins"][0]["login"] == "fi_sans_sub"
    assert api(fc_app, "DELETE", "/journal?client_id=fs-test").status_code == 204
    assert api(fc_app, "GET", "/journal?client_id=fs-test").get_json()["entries"] == []
