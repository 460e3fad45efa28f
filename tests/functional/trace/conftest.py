"""Fixtures of the trace tests: a migrated trace store, a small app that records, signing keys."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, jsonify, redirect, request, session
from joserfc import jwt
from joserfc.jwk import ECKey
from werkzeug.wrappers import Response as WerkzeugResponse

from shared.kv import MemoryKeyValueStore
from shared.sessions import init_sessions
from shared.settings import Settings
from shared.trace import events as trace_events
from shared.trace import init_trace
from shared.trace.events import TraceStore
from shared.trace.recorder import shared_store
from tests.support.settings import service_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return service_settings("idp", tmp_path)


@pytest.fixture
def store(settings: Settings) -> TraceStore:
    trace_events.upgrade(settings.trace_database_url)
    return shared_store(settings.trace_database_url)  # the very store the apps below write to


@pytest.fixture
def provider_app(settings: Settings, store: TraceStore) -> Flask:
    """A provider-shaped app: its protocol endpoints are recorded by the Flask hook alone."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, TESTING=True)
    init_sessions(app, MemoryKeyValueStore(), "__Host-test-session", 900, 3600)
    init_trace(app, "idp", settings)

    @app.post("/oidc/token")
    def token() -> Response:
        return jsonify({"access_token": "acces-" + "a" * 40, "token_type": "Bearer", "expires_in": 300,
                        "id_token": request.form.get("fake_id_token", "")})

    @app.get("/oidc/authorize")
    def authorize() -> WerkzeugResponse:
        session["browser"] = True
        state = request.args["state"]  # one code per request, as a real provider issues
        return redirect(f"https://client.example/cb?code=code-{'c' * 40}-{state}&state={state}", code=303)

    @app.get("/oidc/jwks")
    def jwks() -> Response:
        return jsonify({"keys": []})

    @app.get("/page")
    def page() -> str:
        return "une page, pas un échange de protocole"

    return app


class Signer:
    """An ES256 key with its JWKS, to make real signed tokens."""

    def __init__(self) -> None:
        self.key = ECKey.generate_key("P-256")
        self.kid = self.key.thumbprint()

    def jwks(self) -> dict[str, Any]:
        return {"keys": [{**self.key.as_dict(private=False), "kid": self.kid, "alg": "ES256", "use": "sig"}]}

    def sign(self, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": "https://portail.example", "aud": "espace-de-vote", "iat": now, "exp": now + 300,
                **claims}
        header = {"alg": "ES256", "kid": self.kid, "typ": "JWT"}
        return jwt.encode(header, body, self.key, algorithms=["ES256"])


@pytest.fixture
def signer() -> Signer:
    return Signer()
