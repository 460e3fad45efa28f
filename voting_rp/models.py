"""Every table of the voting space's database (the vote store), for Alembic and tests."""

from shared.db import Base
from shared.kv import KvEntry
from voting_rp.election.models import Elector, VotingList, VotingScrutin, VotingWindow

__all__ = ["Base", "Elector", "KvEntry", "VotingList", "VotingScrutin", "VotingWindow"]
