"""Fixtures of the voting steps: a prepared voting space copied per test, real SQLite for both the
vote database and the urne, real SMTP to an in-process devbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.ballots import BASE, copy_prepared, prepare, signed_in, voting_settings
from tests.support.mailbox import Mailbox
from voting_rp import create_app
from voting_rp.context import Voting

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="session")
def voting_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare(tmp_path_factory.mktemp("espace-de-vote-modele"))


@pytest.fixture
def data_dir(tmp_path: Path, voting_template: Path) -> Path:
    return copy_prepared(voting_template, tmp_path / "donnees")


@pytest.fixture
def voting_app(data_dir: Path, mailbox: Mailbox) -> Flask:
    return create_app(voting_settings(data_dir, SMTP_URL=mailbox.smtp_url))


@pytest.fixture
def ctx(voting_app: Flask) -> Voting:
    return voting_app.extensions["voting"]


@pytest.fixture
def lucie(voting_app: Flask) -> FlaskClient:
    return signed_in(voting_app)


def csrf_of(client: FlaskClient, path: str) -> str:
    page = client.get(path, base_url=BASE)
    assert page.status_code == 200, page.status_code
    match = CSRF.search(page.get_data(as_text=True))
    assert match, "pas de jeton CSRF dans la page"
    return match.group(1)


def post_ballot(client: FlaskClient, code: str, ballot: str, token: str) -> TestResponse:
    return client.post(f"/scrutins/{code}/vote", data={"csrf_token": token, "bulletin": ballot},
                       base_url=BASE, headers={"Referer": f"{BASE}/scrutins/{code}/bulletin"})
