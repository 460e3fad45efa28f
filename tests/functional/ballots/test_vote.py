"""The four steps through the Flask app: scrutins, ballot page, encrypted vote, receipt (page, PDF, mail)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.functional.ballots.conftest import csrf_of, post_ballot
from tests.support.ballots import BASE
from tests.support.client import text
from tests.support.mailbox import Mailbox
from voting_rp.ballots.ceremony import current_key
from voting_rp.ballots.models import DONE, BallotIntent, Emargement
from voting_rp.context import Voting
from voting_rp.urne import crypto
from voting_rp.urne.models import Ballot

LUCIE_SCRUTINS = ["CAPA-2D-nice", "CAPN-2D", "CSA-MIN", "CSA-PROX-nice"]  # the seeds' order


def encrypted(ctx: Voting, code: str, choice: str = "liste:1") -> str:
    key = current_key(ctx)
    assert key is not None
    return crypto.encrypt(crypto.load_public(key.public_key), code, choice)


def vote(client: FlaskClient, ctx: Voting, code: str, choice: str = "liste:1") -> TestResponse:
    token = csrf_of(client, f"/scrutins/{code}/bulletin")
    return post_ballot(client, code, encrypted(ctx, code, choice), token)


def test_scrutins_list_shows_only_the_voters_scrutins_with_participer(lucie: FlaskClient) -> None:
    page = text(lucie.get("/scrutins", base_url=BASE))
    links = [page.find(f'href="/scrutins/{code}/bulletin"') for code in LUCIE_SCRUTINS]
    assert -1 not in links and links == sorted(links)  # all four, in the seeds' order
    assert "CSA de proximité de Dijon" not in page and "CAPA-1D-nice" not in page
    assert page.count("À voter") == 4 and 'aria-current="step"' in page


def test_ballot_page_lists_unions_candidates_and_blank_outside_any_form(lucie: FlaskClient) -> None:
    page = text(lucie.get("/scrutins/CSA-MIN/bulletin", base_url=BASE))
    assert "Union nationale des personnels enseignants (UNPE)" in page
    assert "Mme AUBRY Hélène" in page and "Vote blanc" in page
    start = page.index('<form method="post" action="/scrutins/CSA-MIN/vote"')
    form = page[start:page.index("</form>", start)]
    assert 'name="choix"' not in form  # the choice in clear can never be posted
    assert 'name="bulletin"' in form and "ballot.js" in page


def test_vote_records_emargement_and_ciphertext_then_shows_receipt(
        lucie: FlaskClient, ctx: Voting, mailbox: Mailbox) -> None:
    response = vote(lucie, ctx, "CSA-MIN", "liste:2")
    assert response.status_code == 303 and response.headers["Location"].endswith("/scrutins/CSA-MIN/accuse")
    receipt = text(lucie.get("/scrutins/CSA-MIN/accuse", base_url=BASE))
    with ctx.urne.database.session() as u:
        stored = u.scalars(select(Ballot)).one()
    assert stored.pending is None and stored.scrutin_code == "CSA-MIN"
    assert " ".join(stored.fingerprint[i:i + 8] for i in range(0, 64, 8)) in receipt
    assert "Union nationale" not in receipt
    with ctx.db.session() as s:
        assert s.scalar(select(Emargement.state)) == DONE
        assert s.scalar(select(func.count()).select_from(BallotIntent)) == 0
    mail = mailbox.last("lucie.moreau@ac-nice.fr")
    assert stored.fingerprint[:8] in mail.body and "CSA ministériel" in mail.body
    listing = text(lucie.get("/scrutins", base_url=BASE))
    assert "Voté le " in listing and listing.count("À voter") == 3


def test_receipt_pdf_downloads_and_holds_no_choice(lucie: FlaskClient, ctx: Voting) -> None:
    vote(lucie, ctx, "CAPN-2D", "blanc")
    pdf = lucie.get("/scrutins/CAPN-2D/accuse.pdf", base_url=BASE)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    assert pdf.data.startswith(b"%PDF") and b"blanc" not in pdf.data.lower()


def test_every_scrutin_can_be_voted_and_all_show_voted(lucie: FlaskClient, ctx: Voting) -> None:
    for code in LUCIE_SCRUTINS:
        assert vote(lucie, ctx, code).status_code == 303
    listing = text(lucie.get("/scrutins", base_url=BASE))
    assert listing.count("Voté le ") == 4 and "PARTICIPER →" not in listing
    with ctx.urne.database.session() as u:
        assert u.scalar(select(func.count()).select_from(Ballot)) == 4


def test_public_key_is_published_as_json(lucie: FlaskClient, ctx: Voting) -> None:
    document = lucie.get("/election/cle-publique.json", base_url=BASE).get_json()
    key = current_key(ctx)
    assert key is not None and document["point"] == key.public_key and document["crv"] == "P-256"
    assert document["plaintext_bytes"] == crypto.PLAINTEXT_BYTES


def test_receipt_after_the_session_ended_says_it_was_mailed(voting_app: Flask, ctx: Voting) -> None:
    from tests.support.ballots import signed_in

    first = signed_in(voting_app)
    vote(first, ctx, "CSA-MIN")
    later = signed_in(voting_app)  # a new session: the server kept no receipt for the voter
    page = text(later.get("/scrutins/CSA-MIN/accuse", base_url=BASE))
    assert "envoyé par mail" in page and "Empreinte du bulletin" not in page
    assert later.get("/scrutins/CSA-MIN/accuse.pdf", base_url=BASE).status_code == 404
