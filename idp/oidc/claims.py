"""What the provider says about a voter, by scope (ID token and UserInfo share this)."""

from __future__ import annotations

from idp.accounts.models import Voter
from idp.context import Idp
from idp.election.models import Academie

SCOPES = ("openid", "profile", "email", "academie", "electeur")
CLAIMS_BY_SCOPE = {
    "profile": ("given_name", "family_name", "name", "birthdate", "gender"),
    "email": ("email", "email_verified"),
    "academie": ("academie",),
    "electeur": ("electeurId",),
}


def subject(ctx: Idp, voter_id: int) -> str:
    """The public ``sub``: the electeur id, stable and never reassigned during an election."""
    with ctx.db.session() as s:
        voter = s.get(Voter, voter_id)
        assert voter is not None
        return voter.electeur_id


def for_scope(ctx: Idp, voter_id: int, scope: str) -> dict[str, object]:
    with ctx.db.session() as s:
        voter = s.get(Voter, voter_id)
        assert voter is not None
        academie = s.get(Academie, voter.academie_code)
    every = {
        "given_name": voter.given_names, "family_name": voter.family_name,
        "name": f"{voter.given_names} {voter.family_name}",
        "birthdate": voter.birth_date.isoformat(),
        "gender": "female" if voter.civility == "Mme" else "male",
        "email": voter.email_pro, "email_verified": True,
        "academie": academie.name if academie else voter.academie_code,
        "electeurId": voter.electeur_id,
    }
    claims: dict[str, object] = {"sub": voter.electeur_id}
    for name in scope.split():
        for claim in CLAIMS_BY_SCOPE.get(name, ()):
            claims[claim] = every[claim]
    return claims
