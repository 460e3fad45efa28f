"""devbox: the SMS gateway, the JSON listing, the French inbox and a real SMTP round trip."""

from __future__ import annotations

import logging
import re
import smtplib
import socket
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from devbox import create_app
from devbox.__main__ import cli, gunicorn_argv
from devbox.filters import french_datetime, linkify
from devbox.smtp import build_controller
from devbox.store import STORE_KEY, MessageStore, extract_links
from shared.settings import ConfigError, Settings, load_settings

TOKEN = "t" * 20
PHONE = "+33612345678"


def devbox_environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "ELECTIONS_ENV": "test",
        "DEVBOX_SECRET_KEY": "x" * 40,
        "DATA_DIR": str(tmp_path),
        "SMS_API_TOKEN": TOKEN,
        **extra,
    }


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings("devbox", devbox_environ(tmp_path))


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    yield app
    app.extensions[STORE_KEY].database.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def store(app: Flask) -> MessageStore:
    return app.extensions[STORE_KEY]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(store: MessageStore) -> Iterator[Controller]:
    controller = build_controller(store, "127.0.0.1", free_port())
    controller.start()
    yield controller
    controller.stop()


class SmsApi:
    """Sends SMS to devbox the way the identity provider does."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def send(self, payload: object, token: str | None = TOKEN):
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return self.client.post("/api/sms", json=payload, headers=headers)


@pytest.fixture
def sms(client: FlaskClient) -> SmsApi:
    return SmsApi(client)


# SMS gateway -------------------------------------------------------------------------------


def test_sms_is_stored_and_listed(sms: SmsApi, client: FlaskClient) -> None:
    response = sms.send({"to": PHONE, "text": "Votre code : 123456 https://localhost:5001/v"})

    assert response.status_code == 201
    assert response.json == {"id": response.json["id"], "status": "accepted"}
    (message,) = client.get("/api/messages").get_json()["messages"]
    assert message["id"] == response.json["id"]
    assert message["kind"] == "sms"
    assert message["to"] == PHONE
    assert message["sender"] == "Elections"
    assert message["subject"] is None
    assert message["body"] == "Votre code : 123456 https://localhost:5001/v"
    assert message["links"] == ["https://localhost:5001/v"]
    assert datetime.fromisoformat(message["received_at"]).tzinfo is not None


def test_sms_keeps_the_given_sender(sms: SmsApi, client: FlaskClient) -> None:
    sms.send({"to": PHONE, "text": "Bonjour", "sender": "MAIRIE"})

    assert client.get("/api/messages").get_json()["messages"][0]["sender"] == "MAIRIE"


@pytest.mark.parametrize("token", [None, "wrong", ""])
def test_sms_requires_the_bearer_token(sms: SmsApi, token: str | None) -> None:
    response = sms.send({"to": PHONE, "text": "Bonjour"}, token=token)

    assert response.status_code == 401
    assert response.json == {"error": "Jeton d'accès manquant ou invalide."}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_sms_needs_no_token_when_none_is_configured(tmp_path: Path) -> None:
    app = create_app(load_settings("devbox", devbox_environ(tmp_path, SMS_API_TOKEN="")))
    response = app.test_client().post("/api/sms", json={"to": PHONE, "text": "Bonjour"})

    assert response.status_code == 201
    app.extensions[STORE_KEY].database.engine.dispose()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "Bonjour"}, "to"),
        ({"to": PHONE}, "text"),
        ({"to": PHONE, "text": "   "}, "text"),
        ({"to": PHONE, "text": "x" * 1601}, "text"),
        ({"to": 33612345678, "text": "Bonjour"}, "to"),
        ({"to": "06 12 34 56 78", "text": "Bonjour"}, "to"),
        ({"to": PHONE, "text": "Bonjour", "sender": "x" * 65}, "sender"),
    ],
)
def test_sms_fields_are_validated(sms: SmsApi, store: MessageStore, payload, field) -> None:
    response = sms.send(payload)

    assert response.status_code == 400
    assert f"« {field} »" in response.json["error"]
    assert store.list_all() == []


def test_sms_body_must_be_a_json_object(client: FlaskClient, sms: SmsApi) -> None:
    not_json = client.post(
        "/api/sms", data="to=+33612345678", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    a_list = sms.send([PHONE, "Bonjour"])

    for response in (not_json, a_list):
        assert response.status_code == 400
        assert response.json == {"error": "Le corps de la requête doit être un objet JSON."}


def test_sms_text_of_1600_characters_is_accepted(sms: SmsApi) -> None:
    assert sms.send({"to": PHONE, "text": "é" * 1600}).status_code == 201


# JSON listing ------------------------------------------------------------------------------


def test_listing_is_newest_first_and_filters(
    sms: SmsApi, store: MessageStore, client: FlaskClient
) -> None:
    store.add("mail", "idp@elections.test", ["Alice@Example.test"], "Bienvenue", subject="Salut")
    sms.send({"to": PHONE, "text": "premier"})
    sms.send({"to": "+33700000000", "text": "second"})

    everything = client.get("/api/messages").get_json()["messages"]
    assert [m["body"] for m in everything] == ["second", "premier", "Bienvenue"]
    only_phone = client.get("/api/messages", query_string={"to": PHONE}).get_json()["messages"]
    assert [m["body"] for m in only_phone] == ["premier"]
    any_case = client.get("/api/messages", query_string={"to": "alice@example.test"}).get_json()
    assert [m["subject"] for m in any_case["messages"]] == ["Salut"]
    mails = client.get("/api/messages?kind=mail").get_json()["messages"]
    assert [m["kind"] for m in mails] == ["mail"]
    assert client.get("/api/messages?kind=fax").status_code == 400


def test_delete_clears_the_inbox(sms: SmsApi, client: FlaskClient) -> None:
    sms.send({"to": PHONE, "text": "Bonjour"})

    assert client.delete("/api/messages").json == {"deleted": 1}
    assert client.get("/api/messages").json == {"messages": []}


def test_unknown_api_route_answers_json_in_french(client: FlaskClient) -> None:
    response = client.get("/api/nothing")

    assert response.status_code == 404
    assert response.json == {"error": "Page introuvable."}


# Web inbox ---------------------------------------------------------------------------------


def test_empty_inbox_in_french(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)

    assert '<html lang="fr">' in page
    assert "Boîte de réception de développement" in page
    assert "Aucun message reçu pour l'instant." in page
    assert "Outil de développement — ne jamais utiliser en production" in page


def test_inbox_lists_recipients_with_counts(sms: SmsApi, client: FlaskClient) -> None:
    sms.send({"to": PHONE, "text": "un"})
    sms.send({"to": PHONE, "text": "deux"})

    page = client.get("/").get_data(as_text=True)
    row = rf'<a href="/destinataire/{re.escape(PHONE)}">{re.escape(PHONE)}</a></td>\s*<td>2</td>'
    assert re.search(row, page)
    recipient_page = client.get(f"/destinataire/{PHONE}").get_data(as_text=True)
    assert f"Messages pour {PHONE}" in recipient_page
    assert "deux" in recipient_page and "un" in recipient_page


def test_message_page_links_are_anchors_and_html_is_escaped(
    sms: SmsApi, client: FlaskClient
) -> None:
    text = '<script>alert("x")</script> Ouvrez https://localhost:5001/c?a=1&b=2. Merci'
    message_id = sms.send({"to": PHONE, "text": text}).json["id"]

    page = client.get(f"/message/{message_id}").get_data(as_text=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    link = "https://localhost:5001/c?a=1&amp;b=2"
    assert f'<a href="{link}" rel="noreferrer">{link}</a>. Merci' in page


def test_message_page_shows_paris_time_in_french(store: MessageStore, client: FlaskClient) -> None:
    (message,) = store.add("mail", "idp@elections.test", ["a@example.test"], "Corps", "Objet")

    page = client.get(f"/message/{message.id}").get_data(as_text=True)
    assert french_datetime(message.received_at) in page
    assert "<h1>Objet</h1>" in page
    assert "idp@elections.test" in page


def test_unknown_message_is_a_french_404(client: FlaskClient) -> None:
    response = client.get("/message/999")

    assert response.status_code == 404
    assert "Message introuvable" in response.get_data(as_text=True)
    assert client.get("/message/99999999999999999999").status_code == 404  # beyond 64 bits: no OverflowError


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/")

    csp = "default-src 'self'; frame-ancestors 'none'"
    assert response.headers["Content-Security-Policy"] == csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with client.get("/static/devbox.css") as stylesheet:
        assert stylesheet.status_code == 200
        assert stylesheet.headers["Content-Security-Policy"] == csp


def test_devbox_refuses_production(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="devbox"):
        load_settings("devbox", devbox_environ(tmp_path, ELECTIONS_ENV="production"))


# Helpers -----------------------------------------------------------------------------------


def test_french_datetime_uses_paris_time() -> None:
    assert french_datetime(datetime(2026, 11, 24, 13, 5, tzinfo=UTC)) == "24/11/2026 à 14h05"
    assert french_datetime(datetime(2026, 7, 1, 6, 0, tzinfo=UTC)) == "01/07/2026 à 08h00"


def test_links_drop_trailing_punctuation_and_duplicates() -> None:
    text = "Voir https://a.test/x. Puis (http://b.test/y), encore https://a.test/x !"

    assert extract_links(text) == ["https://a.test/x", "http://b.test/y"]
    assert str(linkify("<b>https://a.test/x</b>")) == (
        '&lt;b&gt;<a href="https://a.test/x" rel="noreferrer">https://a.test/x</a>&lt;/b&gt;'
    )


# SMTP round trip ---------------------------------------------------------------------------


def test_mail_round_trip_over_smtp(
    smtp_server: Controller,
    store: MessageStore,
    client: FlaskClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    mail = EmailMessage()
    mail["From"] = "Élections Professionnelles <ne-pas-repondre@elections.test>"
    mail["To"] = "électeur@example.test, bob@example.test"
    mail["Subject"] = "Confirmez votre adresse électronique"
    mail.set_content("Bonjour Hélène,\nCliquez sur https://localhost:5001/confirmer/abc123 .\n")
    mail.add_alternative(
        '<p><a href="https://localhost:5001/confirmer/abc123">Confirmer</a></p>', subtype="html"
    )

    with (
        caplog.at_level(logging.INFO),
        smtplib.SMTP(smtp_server.hostname, smtp_server.port, timeout=10) as connection,
    ):
        connection.send_message(mail)

    first, second = store.list_all()
    assert {first.recipient, second.recipient} == {"électeur@example.test", "bob@example.test"}
    assert first.subject == "Confirmez votre adresse électronique"
    assert first.sender == "Élections Professionnelles <ne-pas-repondre@elections.test>"
    assert first.body == "Bonjour Hélène,\nCliquez sur https://localhost:5001/confirmer/abc123 .\n"
    assert first.html is not None and "Confirmer</a>" in first.html
    assert first.links == ["https://localhost:5001/confirmer/abc123"]
    page = client.get(f"/message/{first.id}").get_data(as_text=True)
    assert "Confirmez votre adresse électronique" in page
    link = "https://localhost:5001/confirmer/abc123"
    assert f'<a href="{link}" rel="noreferrer">{link}</a>' in page
    assert f"message {first.id} reçu (mail)" in caplog.text
    assert "example.test" not in caplog.text and "Hélène" not in caplog.text


# Command line ------------------------------------------------------------------------------


def test_web_command_runs_gunicorn_on_loopback_over_tls() -> None:
    argv = gunicorn_argv("/certs/cert.pem", "/certs/key.pem", 5004)

    assert argv[:3] == [sys.executable, "-m", "gunicorn"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:5004"
    assert argv[argv.index("--certfile") + 1] == "/certs/cert.pem"
    assert argv[argv.index("--keyfile") + 1] == "/certs/key.pem"
    assert argv[-1] == "devbox.wsgi:app"


def test_smtp_command_wants_both_tls_files(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("pas une clé")

    result = CliRunner().invoke(cli, ["smtp", "--cert", str(cert)], env={"TLS_KEY_FILE": None})

    assert result.exit_code == 2
    assert "TLS_CERT_FILE et TLS_KEY_FILE vont ensemble" in result.output
