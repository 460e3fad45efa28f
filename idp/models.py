"""Every table of the idp database, imported once so Alembic and tests see the whole schema."""

from idp.accounts.models import OneTimeLink, Voter
from idp.election.models import Academie, CandidateList, Election, Scrutin
from idp.inspector.models import Reviewer
from idp.oidc.models import AuthorizationCode, IssuedToken, OidcClient
from idp.portal.models import AssistanceRequest, Complaint
from shared.db import Base
from shared.keys import SigningKey
from shared.kv import KvEntry

__all__ = ["Academie", "AssistanceRequest", "AuthorizationCode", "Base", "CandidateList", "Complaint",
           "Election", "IssuedToken", "KvEntry", "OidcClient", "OneTimeLink", "Reviewer", "Scrutin",
           "SigningKey", "Voter"]
