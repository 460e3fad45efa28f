"""What a mail relay sees of the services' SMTP client: mails that follow one another share one
session (one connection, one STARTTLS, one login) instead of a session each, and a session the
relay dropped, a session idle too long or one that carried its share of mails is never used again.

The relay is a real SMTP server (aiosmtpd) on a free port, which notes the client address of each
mail it accepts: one address, one connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from bench.servers import free_port
from shared.messaging import DeliveryError, mail
from shared.messaging.mail import Mailer

TO = "electeur.fictif@example.test"


@dataclass
class Relay:
    """Accepts every mail and remembers which connection brought it."""

    port: int
    connections: list[tuple[str, int]] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        # aiosmtpd types peer as str; over TCP it is the transport's peername, (host, port)
        self.connections.append(cast(tuple[str, int], session.peer))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()  # closes the connections it holds
            self.controller = None

    @property
    def distinct_connections(self) -> int:
        return len(set(self.connections))


@pytest.fixture
def relay() -> Iterator[Relay]:
    served = Relay(free_port())
    served.start()
    yield served
    served.stop()


@pytest.fixture
def mailer(relay: Relay) -> Iterator[Mailer]:
    client = Mailer(f"smtp://127.0.0.1:{relay.port}", "portail@elections.test", None)
    yield client
    client.close()


def test_mails_in_a_row_share_one_session(relay: Relay, mailer: Mailer) -> None:
    for n in range(3):
        mailer.send(TO, f"Reçu {n}", "Votre vote a été enregistré.")
    assert len(relay.connections) == 3
    assert relay.distinct_connections == 1


def test_a_session_the_relay_dropped_is_replaced_without_losing_the_mail(relay: Relay,
                                                                          mailer: Mailer) -> None:
    mailer.send(TO, "Premier", "corps")
    relay.stop()  # the relay restarts: the kept connection is dead
    relay.start()
    mailer.send(TO, "Second", "corps")
    assert len(relay.connections) == 2
    assert relay.distinct_connections == 2


def test_a_relay_gone_is_still_a_delivery_error(relay: Relay, mailer: Mailer) -> None:
    mailer.send(TO, "Premier", "corps")
    relay.stop()
    with pytest.raises(DeliveryError):
        mailer.send(TO, "Second", "corps")


def test_a_session_carries_a_bounded_number_of_mails(relay: Relay, mailer: Mailer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "MESSAGES_PER_SESSION", 2)
    for n in range(5):
        mailer.send(TO, f"Reçu {n}", "corps")
    assert len(relay.connections) == 5
    assert relay.distinct_connections == 3  # 2 + 2 + 1


def test_a_session_idle_too_long_is_not_reused(relay: Relay, mailer: Mailer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "KEEP_SECONDS", -1.0)  # every kept session is already too old
    mailer.send(TO, "Premier", "corps")
    mailer.send(TO, "Second", "corps")
    assert relay.distinct_connections == 2
