"""Every table of the voting space's database (the vote store), for Alembic and tests.

The urne's tables are not here: they live in their own database (voting_rp/urne/models.py).
"""

from shared.db import Base
from shared.kv import KvEntry
from voting_rp.ballots.models import BallotIntent, ElectionKey, Emargement
from voting_rp.election.models import Elector, VotingList, VotingScrutin, VotingWindow
from voting_rp.reassort.models import ReassortLink

__all__ = ["Base", "BallotIntent", "ElectionKey", "Elector", "Emargement", "KvEntry", "ReassortLink",
           "VotingList", "VotingScrutin", "VotingWindow"]
