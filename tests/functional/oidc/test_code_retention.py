"""Codes and token records live as long as they serve (replay detection, nonce replay), then go:
the tables hold about an hour of sign-ins, not the whole election."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from idp.accounts.models import Voter
from idp.context import Idp
from idp.oidc.clients import register_client
from idp.oidc.models import AuthorizationCode, IssuedToken
from idp.oidc.retention import KEPT_AFTER_EXPIRY, purge_expired
from shared.timeutil import utcnow


def _code(ctx: Idp, digest: str, expires_in: timedelta, *, with_token: timedelta | None = None) -> None:
    with ctx.db.session() as s:
        voter_id = s.scalar(select(Voter.id).limit(1))
        assert voter_id is not None
        code = AuthorizationCode(
            digest=digest, client_id="rp-retention", redirect_uri="https://rp.test/cb", scope="openid",
            nonce=f"nonce-{digest}", code_challenge="x" * 43, code_challenge_method="S256",
            voter_id=voter_id, sid="sid", auth_time=0, acr="acr", amr="pwd",
            expires_at=utcnow() + expires_in, used_at=utcnow())
        s.add(code)
        s.flush()
        if with_token is not None:
            s.add(IssuedToken(jti=f"jti-{digest}", code_id=code.id, client_id="rp-retention",
                              voter_id=voter_id, scope="openid", expires_at=utcnow() + with_token,
                              revoked_at=None))


def _left(ctx: Idp) -> tuple[set[str], set[str]]:
    with ctx.db.session() as s:
        return (set(s.scalars(select(AuthorizationCode.digest))), set(s.scalars(select(IssuedToken.jti))))


def test_codes_and_tokens_go_an_hour_after_they_expire_and_not_before(idp_ctx: Idp) -> None:
    register_client(idp_ctx.db, client_id="rp-retention", name="RP", secret="s" * 32,
                    auth_method="client_secret_basic", redirect_uris=["https://rp.test/cb"],
                    post_logout_redirect_uris=[])
    long_ago = -(KEPT_AFTER_EXPIRY + timedelta(minutes=5))
    _code(idp_ctx, "ancien", long_ago, with_token=long_ago)
    _code(idp_ctx, "recent", timedelta(minutes=-10), with_token=timedelta(minutes=-6))
    _code(idp_ctx, "en-cours", timedelta(seconds=50), with_token=timedelta(minutes=5))

    removed = purge_expired(idp_ctx.db, utcnow() - KEPT_AFTER_EXPIRY)

    assert removed == 2
    assert _left(idp_ctx) == ({"recent", "en-cours"}, {"jti-recent", "jti-en-cours"})


def test_a_code_whose_token_still_lives_is_kept_for_its_replay_to_revoke_it(idp_ctx: Idp) -> None:
    register_client(idp_ctx.db, client_id="rp-retention", name="RP", secret="s" * 32,
                    auth_method="client_secret_basic", redirect_uris=["https://rp.test/cb"],
                    post_logout_redirect_uris=[])
    _code(idp_ctx, "vieux-code", -(KEPT_AFTER_EXPIRY + timedelta(minutes=1)), with_token=timedelta(minutes=3))

    assert purge_expired(idp_ctx.db, utcnow() - KEPT_AFTER_EXPIRY) == 0
    assert _left(idp_ctx) == ({"vieux-code"}, {"jti-vieux-code"})
