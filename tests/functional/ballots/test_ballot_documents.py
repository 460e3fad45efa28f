"""The lists' professions de foi at "Constitution du bulletin": a link per list beside (never inside)
its radio button's label, the PDF for the scrutin's electors once the code de vote is entered,
before or after their vote, open or closed."""

from __future__ import annotations

import math
import re

from flask import Flask
from flask.testing import FlaskClient

from shared.election.demo import UNIONS
from tests.functional.ballots.test_vote import vote
from tests.support.ballots import BASE, close_voting
from tests.support.client import text
from tests.support.documents import assert_served_document, stored_bytes
from voting_rp.context import Voting
from voting_rp.election.models import VotingList, VotingScrutin

BALLOT = "/scrutins/CSA-MIN/bulletin"
CSA_MIN_1 = "/scrutins/CSA-MIN/listes/1/profession-de-foi.pdf"
LINK = re.compile(r'<a href="(/scrutins/[^"]+)"([^>]*)>(.*?)</a>', re.S)


def stored(ctx: Voting, code: str, position: int) -> bytes:
    return stored_bytes(ctx.db, VotingList, VotingScrutin, code, position)


def accessible_name(inner_html: str) -> str:
    return re.sub(r"<[^>]+>", "", inner_html)


def test_each_list_has_its_document_link_naming_the_union_outside_the_label(lucie: FlaskClient,
                                                                            ctx: Voting) -> None:
    page = text(lucie.get(BALLOT, base_url=BASE))
    links = [m for m in LINK.finditer(page) if m.group(1).endswith("profession-de-foi.pdf")]
    assert [m.group(1) for m in links] == [f"/scrutins/CSA-MIN/listes/{n}/profession-de-foi.pdf"
                                           for n in (1, 2, 3, 4)]
    kilobytes = math.ceil(len(stored(ctx, "CSA-MIN", 1)) / 1000)
    assert accessible_name(links[0].group(3)) == (
        f"Profession de foi de la liste {UNIONS[0]} (PDF, {kilobytes}\u00a0ko, nouvelle fenêtre)")
    assert all('target="_blank"' in m.group(2) and 'rel="noopener"' in m.group(2) for m in links)
    for label in re.findall(r"<label[^>]*>.*?</label>", page, re.S):
        assert "<a " not in label  # a click on the link never checks the list
    for described in re.findall(r'<div class="candidats".*?</div>', page, re.S):
        assert "<a " not in described  # nor is the link read as the radio button's description


def test_the_document_is_the_stored_pdf_with_its_caching_headers(lucie: FlaskClient, ctx: Voting) -> None:
    assert_served_document(lucie.get(CSA_MIN_1, base_url=BASE), stored(ctx, "CSA-MIN", 1),
                           "profession-de-foi-CSA-MIN-liste-1.pdf")


def test_the_same_document_again_is_a_304_without_body(lucie: FlaskClient) -> None:
    etag = lucie.get(CSA_MIN_1, base_url=BASE).headers["ETag"]
    again = lucie.get(CSA_MIN_1, base_url=BASE, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag


def test_the_documents_stay_readable_after_her_vote_and_after_closing(lucie: FlaskClient,
                                                                      ctx: Voting) -> None:
    assert vote(lucie, ctx, "CSA-MIN").status_code == 303
    assert lucie.get(CSA_MIN_1, base_url=BASE).status_code == 200
    close_voting(ctx)
    closed = lucie.get("/scrutins/CAPA-2D-nice/listes/4/profession-de-foi.pdf", base_url=BASE)
    assert closed.status_code == 200 and closed.get_data().startswith(b"%PDF-")


def test_a_scrutin_she_is_not_elector_of_or_an_unknown_list_is_a_french_404(lucie: FlaskClient) -> None:
    for path in ("/scrutins/CSA-PROX-dijon/listes/1/profession-de-foi.pdf",
                 "/scrutins/CAPN-1D/listes/1/profession-de-foi.pdf",
                 "/scrutins/CSA-MIN/listes/9/profession-de-foi.pdf",
                 "/scrutins/INCONNU/listes/1/profession-de-foi.pdf"):
        response = lucie.get(path, base_url=BASE)
        page = text(response)
        assert response.status_code == 404 and response.mimetype == "text/html", path
        assert "Ce document n'existe pas ou ne concerne pas vos scrutins." in page and "Traceback" not in page
    # Beyond a 64-bit integer: no OverflowError in the database driver, the path matches nothing.
    huge = lucie.get("/scrutins/CSA-MIN/listes/99999999999999999999/profession-de-foi.pdf", base_url=BASE)
    assert huge.status_code == 404 and "La page demandée n'existe pas" in text(huge)


def test_the_document_needs_the_sign_in_and_the_code_de_vote(voting_app: Flask, ctx: Voting) -> None:
    anonymous = voting_app.test_client()
    response = anonymous.get(CSA_MIN_1, base_url=BASE)
    assert response.status_code == 303 and response.headers["Location"].endswith("/connexion")
    without_code = voting_app.test_client()
    with without_code.session_transaction(base_url=BASE) as session:
        session["voter"] = {"sub": "100002", "given_name": "Lucie", "family_name": "MOREAU",
                            "email": "lucie.moreau@ac-nice.fr"}
    response = without_code.get(CSA_MIN_1, base_url=BASE)
    assert response.status_code == 303 and response.headers["Location"].endswith("/code-de-vote")
