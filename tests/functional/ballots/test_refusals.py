"""Bad input and faults at the vote: each refused with a clear French message, nothing recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select

from tests.functional.ballots.conftest import csrf_of, post_ballot
from tests.functional.ballots.test_vote import encrypted, vote
from tests.support.ballots import BASE, move_window, signed_in
from tests.support.client import text
from voting_rp.ballots.models import ElectionKey, Emargement
from voting_rp.context import Voting
from voting_rp.urne import crypto
from voting_rp.urne.models import Ballot


def nothing_recorded(ctx: Voting) -> bool:
    with ctx.db.session() as s, ctx.urne.database.session() as u:
        return (s.scalar(select(func.count()).select_from(Emargement)) == 0
                and u.scalar(select(func.count()).select_from(Ballot)) == 0)


def valid_ballot(ctx: Voting) -> str:
    return encrypted(ctx, "CSA-MIN")


@pytest.mark.parametrize(("ballot", "status", "message"), [
    ("", 400, "Le bulletin chiffré est absent"),
    ("liste:1", 400, "n'a pas la forme attendue"),
    ("v1.AAAA.BBBB.CCCC", 400, "n'a pas la forme attendue"),
    ("v2" + "x" * 213, 400, "n'a pas la forme attendue"),
    ("v1." + "A" * 300, 413, "dépasse la taille attendue"),
])
def test_malformed_ballots_are_refused(lucie: FlaskClient, ctx: Voting, ballot: str, status: int,
                                       message: str) -> None:
    token = csrf_of(lucie, "/scrutins/CSA-MIN/bulletin")
    response = post_ballot(lucie, "CSA-MIN", ballot, token)
    assert response.status_code == status
    assert message in text(response)
    assert nothing_recorded(ctx)


def test_point_off_the_curve_is_refused(lucie: FlaskClient, ctx: Voting) -> None:
    good = valid_ballot(ctx)
    _v, point, nonce, sealed = good.split(".")
    raw = bytearray(crypto.b64u_decode(point))
    raw[-1] ^= 1  # the same x with another y: not on P-256
    token = csrf_of(lucie, "/scrutins/CSA-MIN/bulletin")
    response = post_ballot(lucie, "CSA-MIN", f"v1.{crypto.b64u(bytes(raw))}.{nonce}.{sealed}", token)
    assert response.status_code == 400 and "point valide" in text(response)
    assert nothing_recorded(ctx)


def test_non_canonical_base64url_is_refused(lucie: FlaskClient, ctx: Voting) -> None:
    head, point, nonce, sealed = valid_ballot(ctx).split(".")
    last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twisted = point[:-1] + last[last.index(point[-1]) ^ 1]  # 65 bytes in 87 chars: 2 unused bits
    assert crypto.b64u_decode(twisted) == crypto.b64u_decode(point)
    token = csrf_of(lucie, "/scrutins/CSA-MIN/bulletin")
    response = post_ballot(lucie, "CSA-MIN", ".".join((head, twisted, nonce, sealed)), token)
    assert response.status_code == 400
    assert nothing_recorded(ctx)


def test_oversized_request_is_refused_with_413(lucie: FlaskClient, ctx: Voting) -> None:
    token = csrf_of(lucie, "/scrutins/CSA-MIN/bulletin")
    response = post_ballot(lucie, "CSA-MIN", "v1." + "A" * 20_000, token)
    assert response.status_code == 413 and "taille autorisée" in text(response)
    huge = post_ballot(lucie, "CSA-MIN", "A" * 100_000, token)
    assert huge.status_code == 413 and "Envoi trop volumineux" in text(huge)
    assert nothing_recorded(ctx)


def test_scrutin_the_voter_is_not_elector_of_is_refused(lucie: FlaskClient, ctx: Voting) -> None:
    assert lucie.get("/scrutins/CSA-PROX-dijon/bulletin", base_url=BASE).status_code == 403
    token = csrf_of(lucie, "/scrutins/CSA-MIN/bulletin")
    response = post_ballot(lucie, "CSA-PROX-dijon", encrypted(ctx, "CSA-PROX-dijon"), token)
    assert response.status_code == 403
    assert "Vous n'êtes pas électeur de ce scrutin" in text(response)
    assert post_ballot(lucie, "INCONNU", valid_ballot(ctx), token).status_code == 403
    assert nothing_recorded(ctx)


def test_second_ballot_is_refused_and_the_first_kept(lucie: FlaskClient, ctx: Voting) -> None:
    assert vote(lucie, ctx, "CSA-MIN").status_code == 303
    token = csrf_of(lucie, "/scrutins/CAPN-2D/bulletin")
    second = post_ballot(lucie, "CSA-MIN", valid_ballot(ctx), token)
    assert second.status_code == 409 and "Vous avez déjà voté pour ce scrutin" in text(second)
    page = lucie.get("/scrutins/CSA-MIN/bulletin", base_url=BASE)
    assert page.status_code == 303 and page.headers["Location"].endswith("/accuse")
    with ctx.urne.database.session() as u:
        assert u.scalar(select(func.count()).select_from(Ballot)) == 1


def test_the_same_ciphertext_cannot_be_deposited_twice(voting_app: Flask, ctx: Voting) -> None:
    ballot = valid_ballot(ctx)
    lucie, ines = signed_in(voting_app, "100002"), signed_in(voting_app, "100005")
    first = post_ballot(lucie, "CSA-MIN", ballot, csrf_of(lucie, "/scrutins/CSA-MIN/bulletin"))
    assert first.status_code == 303
    copied = post_ballot(ines, "CSA-MIN", ballot, csrf_of(ines, "/scrutins/CSA-MIN/bulletin"))
    assert copied.status_code == 400 and "déjà été déposé" in text(copied)
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Emargement)) == 1  # Inès may still vote


@pytest.mark.parametrize(("opens_in", "closes_in", "wording"), [
    (timedelta(days=2), timedelta(days=9), "Ouverture du vote dans"),
    (timedelta(days=-9), timedelta(minutes=-1), "Le vote est clos"),
])
def test_outside_the_window_voting_is_refused_with_the_window_and_countdown(
        lucie: FlaskClient, ctx: Voting, opens_in: timedelta, closes_in: timedelta, wording: str) -> None:
    token = csrf_of(lucie, "/scrutins/CSA-MIN/bulletin")
    move_window(ctx, opens_in=opens_in, closes_in=closes_in)
    response = post_ballot(lucie, "CSA-MIN", valid_ballot(ctx), token)
    page_text = text(response)
    assert response.status_code == 403 and wording in page_text
    assert "Ouvert du " in page_text and "(Heure de Paris)" in page_text
    page = lucie.get("/scrutins/CSA-MIN/bulletin", base_url=BASE)
    assert page.status_code == 403 and wording in text(page)
    assert "PARTICIPER →" not in text(lucie.get("/scrutins", base_url=BASE))
    assert nothing_recorded(ctx)


def test_without_election_key_voting_is_unavailable(lucie: FlaskClient, ctx: Voting) -> None:
    token = csrf_of(lucie, "/scrutins/CSA-MIN/bulletin")
    ballot = valid_ballot(ctx)
    with ctx.db.session() as s:
        s.execute(delete(ElectionKey))
    message = "Le scrutin n'est pas encore ouvert au vote (clé de l'élection absente)."
    page = lucie.get("/scrutins/CSA-MIN/bulletin", base_url=BASE)
    assert page.status_code == 503 and message in text(page)
    assert post_ballot(lucie, "CSA-MIN", ballot, token).status_code == 503
    assert lucie.get("/election/cle-publique.json", base_url=BASE).status_code == 503
    assert message in text(lucie.get("/scrutins", base_url=BASE))
    assert nothing_recorded(ctx)


def test_vote_without_csrf_token_or_code_de_vote_is_refused(voting_app: Flask, ctx: Voting) -> None:
    lucie = signed_in(voting_app)
    response = post_ballot(lucie, "CSA-MIN", valid_ballot(ctx), "faux")
    assert response.status_code == 400 and "Formulaire expiré" in text(response)
    anonymous = voting_app.test_client()
    assert anonymous.post("/scrutins/CSA-MIN/vote", base_url=BASE).status_code in (303, 400)
    assert nothing_recorded(ctx)
