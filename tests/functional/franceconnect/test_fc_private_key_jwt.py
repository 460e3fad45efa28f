"""private_key_jwt (RFC 7523) at /token: the client signs an assertion with a key it publishes."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from joserfc import jws
from joserfc.jwk import ECKey
from werkzeug.test import TestResponse

from bench.stack import CA
from tests.support.franceconnect import ISSUER, Journey, ctx_of, make_app, registration
from tests.support.jwks_server import PublishedKeys, serving_jwks

KEY = ECKey.generate_key("P-256", parameters={"kid": "rp-sig", "use": "sig"})
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@pytest.fixture
def published() -> Iterator[PublishedKeys]:
    with serving_jwks({"keys": [KEY.as_dict(private=False)]}) as keys:
        yield keys


@pytest.fixture
def signer(fc_template: Path, tmp_path: Path, published: PublishedKeys) -> Journey:
    app: Flask = make_app(fc_template, tmp_path / "pkj", CA_BUNDLE=str(CA))
    data = registration(client_id="fs-pkj", token_endpoint_auth_method="private_key_jwt",
                        jwks_uri=published.url, client_secret=None)
    ctx_of(app).clients.register(data)
    return Journey(app, client_id="fs-pkj")


def assertion(key: ECKey = KEY, offset: int = 0, /, **claims: object) -> str:
    now = int(time.time()) + offset
    body = {"iss": "fs-pkj", "sub": "fs-pkj", "aud": f"{ISSUER}/token", "jti": secrets.token_urlsafe(16),
            "iat": now, "exp": now + 60, **claims}
    header = {"alg": "ES256", "kid": key.kid}
    return jws.serialize_compact(header, json.dumps(body), key, algorithms=["ES256"])


def exchange(journey: Journey, token: str, **extra: str) -> TestResponse:
    code = journey.sign_in()["code"]
    fields = {"client_secret": None, "client_assertion_type": ASSERTION_TYPE, "client_assertion": token,
              **extra}
    return journey.token(code, **fields)


def test_signed_assertion_authenticates(signer: Journey, published: PublishedKeys) -> None:
    response = exchange(signer, assertion())
    assert response.status_code == 200, response.get_json()
    assert published.hits


@pytest.mark.parametrize("claims", [{"aud": "https://ailleurs.example/token"}, {"sub": "quelqu-un"},
                                    {"exp": 1}, {"jti": None}])
def test_bad_assertions_are_401(signer: Journey, claims: dict[str, object]) -> None:
    response = exchange(signer, assertion(**claims))
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"


def test_assertion_signed_by_another_key_is_401(signer: Journey) -> None:
    other = ECKey.generate_key("P-256", parameters={"kid": "rp-sig"})
    assert exchange(signer, assertion(other)).status_code == 401


def test_assertion_is_single_use(signer: Journey) -> None:
    token = assertion()
    assert exchange(signer, token).status_code == 200
    assert exchange(signer, token).status_code == 401


def test_assertion_type_is_required(signer: Journey) -> None:
    response = exchange(signer, assertion(), client_assertion_type="urn:autre")
    assert response.status_code == 401


def test_secret_is_refused_for_a_private_key_jwt_client(signer: Journey) -> None:
    code = signer.sign_in()["code"]
    response = signer.token(code, client_secret="x" * 40)
    assert response.status_code == 401 and "does not match" in response.get_json()["error_description"]
