"""What a provider sees of the voting space's client across several SSO flows: one kept-alive TLS
connection, not a handshake per token exchange and per UserInfo call; discovery read once, the
JWKS read once and again when a token names a key it has not seen (a rotation).

The provider is a stand-in over real HTTPS (tests/support/provider_server.py) that counts the
connections it accepts; the voting space runs in-process and is driven through /connexion and its
callback, every check of the callback and of the ID token included.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bench.stack import CA
from shared import db
from tests.support.forgery import KeyHolder
from tests.support.provider_server import StandInProvider, stand_in_provider
from tests.support.settings import service_settings
from voting_rp import create_app
from voting_rp.oidc.http import IDLE_SECONDS

FLOWS = 5


@pytest.fixture
def provider() -> Iterator[StandInProvider]:
    with stand_in_provider() as served:
        yield served


@pytest.fixture
def voting_app(tmp_path: Path, provider: StandInProvider) -> Flask:
    settings = service_settings("voting_rp", tmp_path, IDP_URL=provider.url, CA_BUNDLE=str(CA),
                                VOTING_OIDC_CLIENT_SECRET="s" * 40)
    db.upgrade("voting_rp", settings.database_url)
    return create_app(settings)


def sso(app: Flask, provider: StandInProvider) -> int:
    """One voter's SSO into the voting space, in a browser of its own; the callback's status."""
    return sso_answer(app, provider).status_code


def sso_answer(app: Flask, provider: StandInProvider, browser: FlaskClient | None = None) -> TestResponse:
    """One voter's SSO into the voting space, in a browser of its own unless given; the
    callback's answer."""
    browser = browser or app.test_client()
    start = browser.get("/connexion", base_url="https://localhost")
    request = {k: v[0] for k, v in parse_qs(urlsplit(start.headers["Location"]).query).items()}
    code = provider.code_for(request["nonce"])
    answer = browser.get("/auth/portail/callback", base_url="https://localhost",
                         query_string={"code": code, "state": request["state"], "iss": provider.url})
    return answer


def test_the_callback_sends_the_voter_straight_to_the_code_de_vote_page(
        voting_app: Flask, provider: StandInProvider) -> None:
    answer = sso_answer(voting_app, provider)
    assert answer.status_code == 303
    assert urlsplit(answer.headers["Location"]).path == "/code-de-vote"


def test_several_sso_flows_use_one_tls_connection(voting_app: Flask, provider: StandInProvider) -> None:
    for _ in range(FLOWS):
        assert sso(voting_app, provider) == 303
    assert provider.requests["/token"] == FLOWS and provider.requests["/userinfo"] == FLOWS
    assert provider.requests["/.well-known/openid-configuration"] == 1 and provider.requests["/jwks"] == 1
    assert provider.connections == 1


def test_a_rotated_key_is_fetched_on_the_kept_connection(voting_app: Flask,
                                                         provider: StandInProvider) -> None:
    assert sso(voting_app, provider) == 303
    old, new = provider.signer, KeyHolder()
    provider.published = [old, new]
    provider.signer = new  # the provider rotated: its next ID tokens name a key we have not read
    assert sso(voting_app, provider) == 303
    assert sso(voting_app, provider) == 303
    assert provider.requests["/jwks"] == 2  # once at first, once for the new kid, then cached
    assert provider.connections == 1


def test_a_cookie_set_for_one_voter_never_goes_out_with_another(voting_app: Flask,
                                                                provider: StandInProvider) -> None:
    provider.cookie = "suivi=premier-electeur"
    assert sso(voting_app, provider) == 303
    assert sso(voting_app, provider) == 303
    assert provider.cookies_received == []


def test_a_connection_idle_longer_than_the_limit_is_not_reused(voting_app: Flask,
                                                               provider: StandInProvider) -> None:
    """gunicorn drops a connection idle for 2 s; a token request must never race that close (its
    code is single use), so the client lets go first and the provider sees a new connection."""
    assert sso(voting_app, provider) == 303
    time.sleep(IDLE_SECONDS + 0.2)
    assert sso(voting_app, provider) == 303
    assert provider.connections == 2


IDENTITY = {"given_name": "Odile Marthe", "family_name": "Fictive", "email": "odile.fictive@exemple.org",
            "electeurId": "100001", "academie": "Académie de Nulle-Part"}


def test_an_id_token_carrying_the_identity_spares_the_userinfo_call(voting_app: Flask,
                                                                     provider: StandInProvider) -> None:
    """The portal puts the scope's claims in its ID tokens: read there (signed and checked), the
    voter's identity needs no second round trip to the provider."""
    provider.id_token_extra = IDENTITY
    browser = voting_app.test_client()
    assert sso_answer(voting_app, provider, browser).status_code == 303
    assert provider.requests["/token"] == 1 and provider.requests["/userinfo"] == 0
    with browser.session_transaction(base_url="https://localhost") as session:
        voter = session["voter"]
    assert (voter["given_name"], voter["family_name"], voter["email"], voter["academie"]) == (
        "Odile Marthe", "Fictive", "odile.fictive@exemple.org", "Académie de Nulle-Part")


def test_an_id_token_missing_part_of_the_identity_sends_the_client_to_userinfo(
        voting_app: Flask, provider: StandInProvider) -> None:
    provider.id_token_extra = {**IDENTITY, "email": None}  # no e-mail in the ID token
    assert sso(voting_app, provider) == 303
    assert provider.requests["/userinfo"] == 1


def test_a_userinfo_answer_for_another_subject_is_refused(voting_app: Flask,
                                                          provider: StandInProvider) -> None:
    """OIDC Core §5.3.2: UserInfo's sub must be the ID token's, or nothing is opened."""
    provider.userinfo_sub = "999999"
    answer = sso_answer(voting_app, provider)
    assert answer.status_code == 400
    assert "sujet différent" in answer.get_data(as_text=True)
