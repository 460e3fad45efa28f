"""Every table of the voting space's database (the vote store), for Alembic and tests."""

from shared.db import Base
from shared.kv import KvEntry

__all__ = ["Base", "KvEntry"]
