"""The voting space with its demo election, real SQLite, real SMTP and a real HTTP SMS gateway
(devbox, served in a thread), for the réassort's functional tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from bench.servers import free_port
from devbox import create_app as create_devbox
from shared import db
from tests.support.mailbox import Mailbox
from tests.support.settings import service_settings
from voting_rp import create_app
from voting_rp.context import Voting
from voting_rp.demo import seed_demo


class SmsGateway:
    """devbox's SMS API over real HTTP; ``messages(to)`` reads what it received."""

    def __init__(self, app: Flask, port: int) -> None:
        self.app, self.url = app, f"http://127.0.0.1:{port}/api/sms"

    def messages(self, to: str) -> list[dict[str, object]]:
        with self.app.test_client() as client:
            listing = client.get("/api/messages", query_string={"to": to, "kind": "sms"})
            return list(listing.get_json()["messages"])


@pytest.fixture
def sms_gateway(tmp_path: Path) -> Iterator[SmsGateway]:
    settings = service_settings("devbox", tmp_path / "devbox", SMS_API_TOKEN="")
    app = create_devbox(settings)
    port = free_port()
    server = make_server("127.0.0.1", port, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SmsGateway(app, port)
    server.shutdown()


@pytest.fixture
def voting_app(tmp_path: Path, mailbox: Mailbox, sms_gateway: SmsGateway) -> Flask:
    settings = service_settings("voting_rp", tmp_path, SMTP_URL=mailbox.smtp_url,
                                SMS_API_URL=sms_gateway.url, SMS_API_TOKEN="",
                                VOTING_OIDC_CLIENT_SECRET="s" * 40)
    db.upgrade("voting_rp", settings.database_url)
    app = create_app(settings)
    with app.app_context():
        codes = seed_demo(app.extensions["voting"])
    (tmp_path / "codes.json").write_text(json.dumps(codes))
    return app


@pytest.fixture
def voting_ctx(voting_app: Flask) -> Voting:
    return voting_app.extensions["voting"]
