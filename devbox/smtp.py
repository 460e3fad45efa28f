"""The SMTP catcher: an aiosmtpd server that stores every mail the services send in development.

Personal data never reaches the logs: one line per stored message with its id and kind only,
and aiosmtpd's own logger (which logs every command, RCPT TO addresses included) is quietened.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import ssl
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from devbox.store import MessageStore

log = logging.getLogger("devbox.smtp")

# aiosmtpd logs "sender: …", "recip: …" and each raw command at INFO level.
AIOSMTPD_LOGGER = "mail.log"


@dataclass(frozen=True)
class ParsedMail:
    """What the inbox shows of a mail: decoded headers and bodies."""

    sender: str
    subject: str
    body: str
    html: str | None


def parse_mail(raw: bytes, envelope_sender: str) -> ParsedMail:
    """Decode a raw RFC 5322 message (RFC 2047 headers, charsets, transfer encodings)."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)  # policy.default always builds EmailMessage
    return ParsedMail(
        sender=str(message["From"] or envelope_sender),
        subject=str(message["Subject"] or ""),
        body=_part_content(message, "plain") or "",
        html=_part_content(message, "html"),
    )


def _part_content(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return None
    content = part.get_content()
    # SMTP carries CRLF line ends (RFC 5321 section 2.3.8); show the text as it was written.
    return content.replace("\r\n", "\n") if isinstance(content, str) else None


class MailHandler:
    """aiosmtpd handler: store each received mail, one inbox row per envelope recipient."""

    def __init__(self, store: MessageStore) -> None:
        self.store = store

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Store the mail off the event loop, then acknowledge it (RFC 5321 reply 250)."""
        raw = envelope.original_content or b""
        mail = parse_mail(raw, envelope.mail_from or "")
        rows = await asyncio.to_thread(
            self.store.add,
            "mail",
            mail.sender,
            envelope.rcpt_tos,
            mail.body,
            subject=mail.subject,
            html_body=mail.html,
        )
        for row in rows:
            log.info("message %d reçu (mail)", row.id)
        return "250 Message accepted for delivery"


def tls_context(cert_file: str | None, key_file: str | None) -> ssl.SSLContext | None:
    """A server context for STARTTLS when both files are given, else None (plain SMTP)."""
    if not (cert_file and key_file):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # ANSSI TLS guide: no TLS < 1.2
    context.load_cert_chain(cert_file, key_file)
    return context


def build_controller(
    store: MessageStore, host: str, port: int, context: ssl.SSLContext | None = None
) -> Controller:
    """An in-thread SMTP server offering STARTTLS when ``context`` is given."""
    logging.getLogger(AIOSMTPD_LOGGER).setLevel(logging.WARNING)
    return Controller(
        MailHandler(store),
        hostname=host,
        port=port,
        tls_context=context,
        server_hostname="devbox",
    )


def serve(controller: Controller) -> None:
    """Run ``controller`` until SIGTERM or SIGINT, then stop it cleanly."""
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    # Block the signals before the server thread starts, so that it inherits the mask and
    # only this thread receives them, in sigwait.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller.start()
    log.info("devbox SMTP à l'écoute sur %s:%d", controller.hostname, controller.port)
    received = signal.sigwait(stop_signals)
    log.info("signal %s reçu : arrêt", signal.Signals(received).name)
    controller.stop()
