"""SMTP client configured by URL: ``smtp+starttls://user:pass@host:port``, ``smtps://…``, ``smtp://…``."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from shared.messaging.errors import DeliveryError

log = logging.getLogger(__name__)
SCHEMES = {"smtp", "smtps", "smtp+starttls"}


class Mailer:
    """Sends one plain-text UTF-8 mail per call over a fresh SMTP connection."""

    def __init__(self, url: str, sender: str, ca_bundle: str | None, timeout: float = 10) -> None:
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ValueError(f"SMTP_URL invalide : schéma attendu parmi {sorted(SCHEMES)}")
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port or (465 if parts.scheme == "smtps" else 25)
        self._user = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._sender = sender
        self._timeout = timeout
        self._tls = ssl.create_default_context(cafile=ca_bundle)

    def send(self, to: str, subject: str, body: str) -> str:
        """Send the mail; return its Message-ID; raise DeliveryError when the relay refuses."""
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="elections.test")
        message.set_content(body, charset="utf-8")
        with self._session("Échec d'envoi de mail") as smtp:
            smtp.send_message(message)
        log.info("Mail remis au relais, Message-ID %s", message["Message-ID"])
        return str(message["Message-ID"])

    def check(self) -> None:
        """Open a session with the relay as ``send`` does (TLS, login) and leave without sending;
        raise DeliveryError when the relay cannot be reached. For a page that must answer, and take,
        what a real hand-over would, whether or not there is someone to write to."""
        with self._session("Relais de mail injoignable") as smtp:
            smtp.noop()

    @contextmanager
    def _session(self, failure: str) -> Iterator[smtplib.SMTP]:
        """A logged-in SMTP session; any failure, logged as ``failure``, becomes DeliveryError."""
        try:
            with self._connect() as smtp:
                if self._user and self._password:
                    smtp.login(self._user, self._password)
                yield smtp
        except (OSError, smtplib.SMTPException) as exc:
            log.error("%s (%s) : relais %s:%s", failure, type(exc).__name__, self._host, self._port)
            raise DeliveryError(str(type(exc).__name__)) from exc

    def _connect(self) -> smtplib.SMTP:
        if self._scheme == "smtps":
            return smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=self._tls)
        smtp = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        if self._scheme == "smtp+starttls":
            smtp.starttls(context=self._tls)
        return smtp
