"""The lists' professions de foi on "Mes scrutins": a link with the size, the PDF served only to the
scrutin's electors, cached by its digest."""

from __future__ import annotations

import math
import re

from sqlalchemy import select, update

from idp.context import Idp
from idp.election.models import CandidateList, Scrutin
from shared.election.demo import UNIONS
from tests.support.client import text
from tests.support.documents import assert_served_document, stored_bytes

PAGE = "/portail/mes-scrutins"
CSA_MIN_1 = "/portail/scrutins/CSA-MIN/listes/1/profession-de-foi.pdf"


def stored(idp_ctx: Idp, code: str, position: int) -> bytes:
    return stored_bytes(idp_ctx.db, CandidateList, Scrutin, code, position)


def test_each_list_links_its_profession_de_foi_with_its_size(lucie, idp_ctx):
    page = text(lucie.get(PAGE))
    links = re.findall(r'<a href="(/portail/scrutins/[^"]+)">Profession de foi \(PDF, (\d+)\u00a0ko\)</a>',
                       page)
    assert len(links) == 16  # her 4 scrutins, 4 lists each
    kilobytes = math.ceil(len(stored(idp_ctx, "CSA-MIN", 1)) / 1000)
    assert (CSA_MIN_1, str(kilobytes)) in links
    assert "/portail/scrutins/CAPA-2D-nice/listes/4/profession-de-foi.pdf" in dict(links)


def test_the_document_is_the_stored_pdf_with_its_caching_headers(lucie, idp_ctx):
    assert_served_document(lucie.get(CSA_MIN_1), stored(idp_ctx, "CSA-MIN", 1),
                           "profession-de-foi-CSA-MIN-liste-1.pdf")


def test_the_same_document_again_is_a_304_without_body(lucie):
    etag = lucie.get(CSA_MIN_1).headers["ETag"]
    again = lucie.get(CSA_MIN_1, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    changed = lucie.get(CSA_MIN_1, headers={"If-None-Match": '"' + "0" * 64 + '"'})
    assert changed.status_code == 200 and changed.get_data().startswith(b"%PDF-")


def test_a_scrutin_she_is_not_elector_of_is_a_french_404(lucie):
    for other in ("CSA-PROX-dijon", "CAPA-1D-nice", "CAPN-1D"):
        response = lucie.get(f"/portail/scrutins/{other}/listes/1/profession-de-foi.pdf")
        assert response.status_code == 404 and response.mimetype == "text/html", other
        assert "Ce document n'existe pas ou ne concerne pas vos scrutins." in text(response)


def test_an_unknown_list_or_scrutin_is_a_french_404_never_a_traceback(lucie):
    for path, message in (
        ("/portail/scrutins/CSA-MIN/listes/9/profession-de-foi.pdf", "Ce document n'existe pas"),
        ("/portail/scrutins/CSA-MIN/listes/0/profession-de-foi.pdf", "Ce document n'existe pas"),
        ("/portail/scrutins/INCONNU/listes/1/profession-de-foi.pdf", "Ce document n'existe pas"),
        ("/portail/scrutins/CSA-MIN/listes/un/profession-de-foi.pdf", "La page demandée n'existe pas"),
        # Beyond a 64-bit integer: no OverflowError in the database driver, the path matches nothing.
        ("/portail/scrutins/CSA-MIN/listes/99999999999999999999/profession-de-foi.pdf",
         "La page demandée n'existe pas"),
    ):
        response = lucie.get(path)
        page = text(response)
        assert response.status_code == 404 and response.mimetype == "text/html", path
        assert message in page and "Traceback" not in page, path


def test_a_list_without_document_has_no_link_and_no_document(lucie, idp_ctx):
    with idp_ctx.db.session() as s:
        list_id = s.scalar(select(CandidateList.id).join(Scrutin)
                           .where(Scrutin.code == "CSA-MIN", CandidateList.position == 2))
        s.execute(update(CandidateList).where(CandidateList.id == list_id)
                  .values(document=None, document_sha256=None, document_size=None))
    page = text(lucie.get(PAGE))
    assert "/portail/scrutins/CSA-MIN/listes/2/" not in page and UNIONS[1] in page
    assert lucie.get("/portail/scrutins/CSA-MIN/listes/2/profession-de-foi.pdf").status_code == 404


def test_the_document_needs_a_signed_in_voter(portal):
    response = portal.get(CSA_MIN_1)
    assert response.status_code == 303 and response.headers["Location"].endswith("/portail/connexion")
