"""Every table of the mock's database, imported once so Alembic and tests see the whole schema."""

from franceconnect_mock.clients.models import ClientRow
from franceconnect_mock.clock import MockSetting
from franceconnect_mock.identities.models import CustomIdentity
from franceconnect_mock.journal.models import JournalEntry
from shared.db import Base
from shared.keys import SigningKey
from shared.kv import KvEntry

__all__ = ["Base", "ClientRow", "CustomIdentity", "JournalEntry", "KvEntry", "MockSetting", "SigningKey"]
