"""What the provider says about a voter, by scope (ID token and UserInfo share this)."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import bindparam, select

from idp.accounts.models import Voter
from idp.context import Idp
from idp.election.models import Academie

SCOPES = ("openid", "profile", "email", "academie", "electeur")
CLAIMS_BY_SCOPE = {
    "profile": ("given_name", "family_name", "name", "birthdate", "gender"),
    "email": ("email", "email_verified"),
    "academie": ("academie",),
    # derniereConnexion: the portal's previous sign-in (seconds since the epoch, like auth_time),
    # shown by the voting space as the seeds do ("Dernière connexion le : …"); absent the first time.
    "electeur": ("electeurId", "derniereConnexion"),
}
# Subjects already read, by (database, voter id): a few MB at most.
_SUBJECTS: dict[tuple[str, int], str] = {}
_SUBJECTS_KEPT = 100_000


def subject(ctx: Idp, voter_id: int) -> str:
    """The public ``sub``: the electeur id, stable and never reassigned during an election, so a
    process may keep it once read (a signed-in voter's every authorization needs it)."""
    key = (ctx.db.url, voter_id)
    known = _SUBJECTS.get(key)
    if known is None:
        with ctx.db.session() as s:
            voter = s.get(Voter, voter_id)
            assert voter is not None
            known = voter.electeur_id
        if len(_SUBJECTS) >= _SUBJECTS_KEPT:  # bounded: start again rather than grow
            _SUBJECTS.clear()
        _SUBJECTS[key] = known
    return known


_VOTER_CLAIMS = (select(Voter.given_names, Voter.family_name, Voter.birth_date, Voter.civility,
                        Voter.email_pro, Voter.academie_code, Voter.electeur_id, Voter.previous_login_at,
                        Academie.name.label("academie_name"))
                 .outerjoin(Academie, Academie.code == Voter.academie_code)
                 .where(Voter.id == bindparam("voter_id")))


def for_scope(ctx: Idp, voter_id: int, scope: str) -> dict[str, object]:
    with ctx.db.engine.connect() as connection:  # one query, built once: the voter and their académie
        voter = connection.execute(_VOTER_CLAIMS, {"voter_id": voter_id}).first()
    if voter is None:
        raise LookupError("électeur inconnu")
    every = {
        "given_name": voter.given_names, "family_name": voter.family_name,
        "name": f"{voter.given_names} {voter.family_name}",
        "birthdate": voter.birth_date.isoformat(),
        "gender": "female" if voter.civility == "Mme" else "male",
        "email": voter.email_pro, "email_verified": True,
        "academie": voter.academie_name or voter.academie_code,
        "electeurId": voter.electeur_id,
        "derniereConnexion": (int(voter.previous_login_at.replace(tzinfo=UTC).timestamp())
                              if voter.previous_login_at else None),
    }
    claims: dict[str, object] = {"sub": voter.electeur_id}
    for name in scope.split():
        for claim in CLAIMS_BY_SCOPE.get(name, ()):
            if every[claim] is not None:  # OIDC Core §5.3.2: a claim without a value is omitted
                claims[claim] = every[claim]
    return claims
