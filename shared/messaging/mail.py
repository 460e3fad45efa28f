"""SMTP client configured by URL: ``smtp+starttls://user:pass@host:port``, ``smtps://…``, ``smtp://…``.

A session with the relay (connection, STARTTLS, login) costs about as much CPU on each side as the
mail itself: a few sessions are kept open and reused, each checked by a NOOP before a mail goes on
it, let go after :data:`KEEP_SECONDS` idle or :data:`MESSAGES_PER_SESSION` mails (relays limit
mails per connection; Exchange's default is 20).
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from shared.messaging.errors import DeliveryError

log = logging.getLogger(__name__)
SCHEMES = {"smtp", "smtps", "smtp+starttls"}
KEEP_SECONDS = 30.0  # far below the 5 minutes a relay waits for the next command (RFC 5321 §4.5.3.2)
MESSAGES_PER_SESSION = 20
KEPT_SESSIONS = 4


class _Kept:
    """An open session with the relay, waiting for the next mail."""

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self.smtp = smtp
        self.sent = 0
        self.idle_since = time.monotonic()


class Mailer:
    """Sends one plain-text UTF-8 mail per call, over a kept session with the relay when one is
    open and answers, else over a new one."""

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
        self._kept: list[_Kept] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        # Kept sessions are closed when the mailer goes, or at the latest when the process ends.
        self._finalizer = weakref.finalize(self, _drop_all, self._kept)

    def close(self) -> None:
        """Let go of every kept session (QUIT each)."""
        with self._lock:
            kept, self._kept[:] = list(self._kept), []
        for session in kept:
            _close(session.smtp)

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
        """A logged-in SMTP session; any failure, logged as ``failure``, becomes DeliveryError.
        The session is kept for the next mail only when everything on it went well."""
        session: _Kept | None = None
        try:
            session = self._take() or _Kept(self._open())
            yield session.smtp
        except (OSError, smtplib.SMTPException) as exc:
            if session is not None:
                _close(session.smtp)
            log.error("%s (%s) : relais %s:%s", failure, type(exc).__name__, self._host, self._port)
            raise DeliveryError(str(type(exc).__name__)) from exc
        except BaseException:
            if session is not None:
                _close(session.smtp)
            raise
        self._give_back(session)

    def _take(self) -> _Kept | None:
        """A kept session that is still fresh and answers a NOOP; the others are closed."""
        while True:
            with self._lock:
                if self._pid != os.getpid():  # a forked worker: its parent's sockets are not its own
                    self._kept[:], self._pid = [], os.getpid()
                if not self._kept:
                    return None
                session = self._kept.pop()
            if time.monotonic() - session.idle_since <= KEEP_SECONDS and _answers(session.smtp):
                return session
            _close(session.smtp)

    def _give_back(self, session: _Kept) -> None:
        session.sent += 1
        session.idle_since = time.monotonic()
        with self._lock:
            if session.sent < MESSAGES_PER_SESSION and len(self._kept) < KEPT_SESSIONS \
                    and self._pid == os.getpid():
                self._kept.append(session)
                return
        _close(session.smtp)

    def _open(self) -> smtplib.SMTP:
        smtp = self._connect()
        try:
            if self._user and self._password:
                smtp.login(self._user, self._password)
        except BaseException:
            _close(smtp)
            raise
        return smtp

    def _connect(self) -> smtplib.SMTP:
        if self._scheme == "smtps":
            return smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=self._tls)
        smtp = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        if self._scheme == "smtp+starttls":
            smtp.starttls(context=self._tls)
        return smtp


def _answers(smtp: smtplib.SMTP) -> bool:
    try:
        return smtp.noop()[0] == 250
    except (OSError, smtplib.SMTPException):
        return False


def _close(smtp: smtplib.SMTP) -> None:
    """QUIT, or at least close the socket: a session given up never stays half open."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _drop_all(kept: list[_Kept]) -> None:
    """Close the sockets of sessions still kept (no network exchange: the mailer is going away)."""
    for session in kept:
        session.smtp.close()
    kept.clear()
