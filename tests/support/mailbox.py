"""An in-process devbox SMTP server for functional tests: mail really leaves by SMTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.servers import free_port
from devbox.smtp import build_controller
from devbox.store import Message, MessageStore
from shared.db import Database

LINK = re.compile(r"https://\S+")


class Mailbox:
    """What devbox received, read the way a voter would: the last mail to an address, its link."""

    def __init__(self, store: MessageStore, port: int, controller: Controller | None = None) -> None:
        self.store = store
        self.port = port
        self._controller = controller

    def stop(self) -> None:
        """The relay goes down (to test what a voter sees when mail cannot leave)."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def smtp_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def messages(self, to: str) -> list[Message]:
        return self.store.list_for(to)

    def last(self, to: str) -> Message:
        received = self.messages(to)
        assert received, f"aucun message reçu pour {to}"
        return received[0]

    def last_link(self, to: str) -> str:
        links = LINK.findall(self.last(to).body)
        assert links, "le dernier message ne contient pas de lien"
        return str(links[0])

    def count(self, to: str) -> int:
        return len(self.messages(to))


@contextmanager
def running_mailbox(data_dir: Path) -> Iterator[Mailbox]:
    store = MessageStore(Database(f"sqlite:///{data_dir}/devbox-test.db"))
    store.create_tables()
    port = free_port()
    controller = build_controller(store, "127.0.0.1", port)
    controller.start()
    box = Mailbox(store, port, controller)
    try:
        yield box
    finally:
        box.stop()
