"""Helpers for the FranceConnect mock's tests: a migrated app, test clients, a journey helper.

A migrated database with signing keys is built once per test session and copied for each test
(the keys are sealed with the session's FC_SECRET_KEY, so every test app uses that same secret).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from joserfc import jws
from joserfc.jwk import KeySet, KeySetSerialization
from sqlalchemy import select
from werkzeug.test import TestResponse

from franceconnect_mock import build_context, create_app
from franceconnect_mock.context import FcMock
from shared import db
from shared.kv import KvEntry
from shared.settings import load_settings
from tests.support.client import PageClient
from tests.support.settings import test_environ

FC_SECRET = secrets.token_urlsafe(32)
ISSUER = "https://localhost:5002/api/v2"
REDIRECT_URI = "https://fs.example/callback"
LOGOUT_URI = "https://fs.example/deconnexion"
TEST_PASSWORD = "123"  # the documented password of every test identity
ALL_SCOPES = ["openid", "identite_pivot", "profile", "birth", "email", "preferred_username", "idp_birthdate",
              "amr", "idp_id", "given_name", "family_name", "birthdate", "gender", "birthplace",
              "birthcountry"]


def fc_environ(data_dir: Path, **overrides: str) -> dict[str, str]:
    return test_environ(data_dir, FC_SECRET_KEY=FC_SECRET, **overrides)


def build_template(data_dir: Path) -> Path:
    """A migrated database with signing keys, to copy for each test."""
    settings = load_settings("franceconnect_mock", fc_environ(data_dir))
    db.upgrade("franceconnect_mock", settings.database_url)
    ctx = build_context(settings)
    ctx.keyring.ensure()
    ctx.db.engine.dispose()
    return Path(settings.database_url.removeprefix("sqlite:///"))


def make_app(template: Path, data_dir: Path, **overrides: str) -> Flask:
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / "franceconnect_mock.db"
    shutil.copyfile(template, target)
    return create_app(load_settings("franceconnect_mock", fc_environ(data_dir, **overrides)))


def registration(**overrides: Any) -> dict[str, Any]:
    """A private v2 ES256 client allowed every scope and the amr claim."""
    return {"client_id": "fs-test", "name": "Service de test", "redirect_uris": [REDIRECT_URI],
            "post_logout_redirect_uris": [LOGOUT_URI], "scopes": ALL_SCOPES, "claims": ["amr"],
            "signing_alg": "ES256", "kind": "private", "token_endpoint_auth_method": "client_secret_post",
            "client_secret": "s" * 20 + secrets.token_hex(16), **overrides}


def ctx_of(app: Flask) -> FcMock:
    return app.extensions["franceconnect_mock"]


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query, keep_blank_values=True).items()}


def verify(compact: str, jwks: dict[str, Any], alg: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a JWS checked against the published JWKS, with ``alg`` only."""
    keys = KeySet.import_key_set(cast(KeySetSerialization, jwks))  # a JWKS read from JSON
    token = jws.deserialize_compact(compact, keys, algorithms=[alg])
    return dict(token.headers()), json.loads(token.payload)


@dataclass
class Journey:
    """A service provider and a browser going through the mock, as the real parties would."""

    app: Flask
    client_id: str = "fs-test"
    secret: str = ""
    redirect_uri: str = REDIRECT_URI
    browser: PageClient = field(init=False)

    def __post_init__(self) -> None:
        self.browser = PageClient(self.app)

    def params(self, **overrides: str | None) -> dict[str, str]:
        base = {"client_id": self.client_id, "response_type": "code", "redirect_uri": self.redirect_uri,
                "scope": "openid identite_pivot email", "acr_values": "eidas1",
                "state": secrets.token_urlsafe(24), "nonce": secrets.token_urlsafe(24)}
        merged = {**base, **overrides}
        return {k: v for k, v in merged.items() if v is not None}

    def authorize(self, **overrides: str | None) -> TestResponse:
        return self.browser.get("/api/v2/authorize", query_string=self.params(**overrides))

    def to_login(self, response: TestResponse, idp: str = "fip1-low", remember: bool = False) -> TestResponse:
        """From the authorize redirect, through the chooser, to the identity provider's page."""
        assert response.status_code == 303, response.get_data(as_text=True)
        chooser = self.browser.follow(response)
        assert chooser.status_code == 200, chooser.get_data(as_text=True)
        return self.choose(idp, remember)

    def choose(self, idp: str = "fip1-low", remember: bool = False) -> TestResponse:
        form = {"fournisseur": idp, **({"souvenir": "y"} if remember else {})}
        chosen = self.browser.submit(urlsplit(self.browser.url).path, form)
        assert chosen.status_code == 303, chosen.get_data(as_text=True)
        return self.browser.follow(chosen)

    def login(self, login: str = "test", password: str = TEST_PASSWORD) -> TestResponse:
        form = {"identifiant": login, "mot_de_passe": password}
        return self.browser.submit(urlsplit(self.browser.url).path, form)

    def consent(self) -> TestResponse:
        page = self.browser.follow()
        assert page.status_code == 200 and "Continuer sur" in page.get_data(as_text=True)
        return self.browser.submit(urlsplit(self.browser.url).path, {"accepte": "y"})

    def sign_in(self, login: str = "test", idp: str = "fip1-low", consent: bool = True,
                **overrides: str | None) -> dict[str, str]:
        """The whole front channel (single sign-on when FranceConnect's session allows it);
        returns the query the client's callback receives."""
        authorized = self.authorize(**overrides)
        assert authorized.status_code == 303, authorized.get_data(as_text=True)
        response = self.browser.follow(authorized)
        if response.status_code == 200:  # the chooser: no session to reuse
            self.choose(idp)
            response = self.login(login)
        assert response.status_code == 303, response.get_data(as_text=True)
        if consent and "/consentement" in response.headers["Location"]:
            response = self.consent()
        location = response.headers["Location"]
        assert location.startswith(self.redirect_uri), location
        return query_of(location)

    def token(self, code: str | None, **overrides: str | None) -> TestResponse:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri,
                "client_id": self.client_id, "client_secret": self.secret, **overrides}
        sent = {k: v for k, v in form.items() if v is not None}
        return self.browser.client.post("/api/v2/token", data=sent, base_url="https://localhost")

    def tokens(self, login: str = "test", idp: str = "fip1-low", **overrides: str | None) -> dict[str, Any]:
        callback = self.sign_in(login, idp, consent=True, **overrides)
        response = self.token(callback["code"])
        assert response.status_code == 200, response.get_data(as_text=True)
        return dict(response.get_json())

    def userinfo(self, access_token: str | None, **kwargs: Any) -> TestResponse:
        headers = {"Authorization": f"Bearer {access_token}"} if access_token else {}
        return self.browser.client.get("/api/v2/userinfo", headers=headers, base_url="https://localhost",
                                       **kwargs)

    def jwks(self) -> dict[str, Any]:
        return dict(self.browser.client.get("/api/v2/jwks", base_url="https://localhost").get_json())


class Register(Protocol):
    """The ``register`` fixture: registers another client (``registration`` overrides), a journey for it."""

    def __call__(self, **overrides: object) -> Journey: ...


def assert_page(response: TestResponse, code: str, message: str) -> None:
    """The real service's error page: 400, no Location, code erreur, id erreur (UUID), message."""
    text = response.get_data(as_text=True)
    assert response.status_code == 400, text
    assert "Location" not in response.headers
    assert response.mimetype == "text/html"
    assert "code erreur" in text and "id erreur" in text
    assert re.search(rf'id="code-erreur">{code}<', text), text
    error_id = re.search(r'id="id-erreur">([^<]+)<', text)
    assert error_id and uuid.UUID(error_id.group(1))
    assert message in text


def assert_redirect(response: TestResponse, error: str, state: str, description: str | None = None) -> None:
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    query = query_of(location)
    assert query["error"] == error and query["state"] == state
    assert set(query) == {"error", "error_description", "state"}
    if description:
        assert description in query["error_description"]


def no_code_issued(journey: Journey) -> None:
    """No authorization code was stored: the refusal issued nothing."""
    with journey.app.extensions["franceconnect_mock"].db.session() as s:
        keys = list(s.scalars(select(KvEntry.key)))
    assert not [k for k in keys if k.startswith("code:")]
