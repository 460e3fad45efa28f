"""Every form carries a CSRF token, and HTTPS posts must come from the portal's own pages."""

from __future__ import annotations

from tests.support.client import PageClient, text

NEW = "hugo.leroy@ac-nantes.fr"


def test_a_post_without_the_token_is_refused_and_changes_nothing(portal, mailbox):
    portal.get("/portail/connexion")
    response = portal.submit("/portail/connexion", {"identifiant": NEW, "captcha": "424242"}, csrf=False)
    assert response.status_code == 400
    assert "Formulaire expiré" in text(response)
    assert mailbox.count(NEW) == 0


def test_a_post_with_another_sessions_token_is_refused(portal, idp_app, mailbox):
    other = PageClient(idp_app)
    other.get("/portail/connexion")
    portal.get("/portail/connexion")
    response = portal.submit("/portail/connexion", {"identifiant": NEW, "captcha": "424242",
                                                    "csrf_token": other.csrf})
    assert response.status_code == 400
    assert "Formulaire expiré" in text(response)
    assert mailbox.count(NEW) == 0


def test_an_https_post_without_referer_is_refused(portal, mailbox):
    portal.get("/portail/connexion")
    response = portal.submit("/portail/connexion", {"identifiant": NEW, "captcha": "424242"},
                             referer=False)
    assert response.status_code == 400
    assert "Formulaire expiré" in text(response)
    assert mailbox.count(NEW) == 0


def test_an_https_post_from_another_site_is_refused(portal, mailbox):
    portal.get("/portail/connexion")
    portal.url = "https://site-malveillant.example/piege"
    response = portal.submit("/portail/connexion", {"identifiant": NEW, "captcha": "424242"})
    assert response.status_code == 400
    assert mailbox.count(NEW) == 0


def test_logout_is_protected_too(actions, portal):
    actions.sign_in("lucie.moreau@ac-nice.fr", "Electeur-Demo-2022!")
    portal.get("/portail/accueil")
    assert portal.submit("/portail/deconnexion", {}, csrf=False).status_code == 400
    assert portal.get("/portail/accueil").status_code == 200
