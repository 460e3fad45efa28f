"""Sign-in of an activated voter: identifier, Élections password, portal home, logout (the attempt
limits are in tests/adversarial/test_brute_force.py)."""

from __future__ import annotations

from flask import Flask

from tests.support.client import PageClient, text

LUCIE = "lucie.moreau@ac-nice.fr"
PASSWORD = "Electeur-Demo-2022!"
WRONG = "Electeur-Demo-2021!"
HOME = "/portail/accueil"


def with_cookie(app: Flask, session_id: str) -> PageClient:
    """Another browser presenting a given session id (a fixed or a stolen one)."""
    browser = PageClient(app)
    browser.client.set_cookie("__Host-idp-session", session_id, domain="localhost", secure=True)
    return browser


def test_an_activated_voter_signs_in_with_the_elections_password(actions, portal, mailbox):
    response = actions.identifier(LUCIE)
    assert response.status_code == 303
    assert "Vous avez déjà activé votre compte" in text(portal.follow())
    response = actions.password(PASSWORD)
    assert response.status_code == 303
    assert "Bienvenue sur votre portail Élections" in text(portal.follow())
    assert mailbox.count(LUCIE) == 0


def test_the_identifier_is_read_without_case_or_surrounding_spaces(actions, portal):
    assert actions.identifier("  Lucie.MOREAU@ac-nice.fr ").headers["Location"].endswith(
        "/portail/mot-de-passe")


def test_a_wrong_password_is_refused_in_french(actions, portal):
    response = actions.sign_in(LUCIE, WRONG)
    assert response.status_code == 401
    assert "Le mot de passe Élections saisi est incorrect." in text(response)
    assert portal.get(HOME).status_code == 303


def test_a_wrong_password_says_how_many_attempts_remain_before_the_pause(actions, portal):
    actions.identifier(LUCIE)
    told = [text(actions.password(WRONG)) for _ in range(5)]  # the limit: 5 per 15 minutes
    for left, page in zip((4, 3, 2), told, strict=False):
        assert f"Il vous reste {left} tentatives avant une pause de 15 minutes." in page
    assert "Il vous reste 1 tentative avant une pause de 15 minutes." in told[3]
    assert "Vous avez épuisé vos tentatives" in told[4] and "15 minutes au plus" in told[4]


def test_the_session_id_changes_at_sign_in(actions, portal, idp_app):
    portal.get("/portail/connexion")
    before = portal.session_cookie()
    actions.sign_in(LUCIE, PASSWORD)
    after = portal.session_cookie()
    assert before and after and before != after
    assert portal.get(HOME).status_code == 200

    assert with_cookie(idp_app, before).get(HOME).status_code == 303
    assert with_cookie(idp_app, after).get(HOME).status_code == 200


def test_logout_ends_the_session(actions, portal, idp_app):
    actions.sign_in(LUCIE, PASSWORD)
    signed_in = portal.session_cookie()
    assert with_cookie(idp_app, signed_in).get(HOME).status_code == 200
    portal.get(HOME)
    response = portal.submit("/portail/deconnexion", {})
    assert response.status_code == 303
    assert "Vous êtes déconnecté(e) du portail Élections." in text(portal.follow())
    response = portal.get(HOME)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/portail/connexion")

    assert with_cookie(idp_app, signed_in).get(HOME).status_code == 303


def test_logout_only_answers_post(actions, portal):
    actions.sign_in(LUCIE, PASSWORD)
    assert portal.get("/portail/deconnexion").status_code == 405
    assert portal.get(HOME).status_code == 200


def test_the_password_page_needs_the_identifier_first(portal):
    response = portal.get("/portail/mot-de-passe")
    assert response.status_code == 409
    assert "Cette étape n'est pas attendue" in text(response)
