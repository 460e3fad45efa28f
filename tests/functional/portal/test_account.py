""""Mon compte": the voter's own civil status and account state."""

from __future__ import annotations

import html

PAGE = "/portail/mon-compte"


def test_the_account_page_shows_the_voter(lucie):
    page = html.unescape(lucie.get(PAGE).get_data(as_text=True))
    assert "Mme MOREAU Lucie" in page
    assert "lucie.moreau@ac-nice.fr" in page
    assert "<dd>100002</dd>" in page
    assert "<dd>Nice</dd>" in page
    assert "<dd>12/04/1984</dd>" in page
    assert "<dd>Compte activé</dd>" in page


def test_the_account_page_shows_no_secret(lucie, idp_ctx):
    page = lucie.get(PAGE).get_data(as_text=True)
    assert "$argon2" not in page
    assert "84E7654321NIC" not in page


def test_the_account_page_needs_a_signed_in_voter(portal):
    assert portal.get(PAGE).status_code == 303
