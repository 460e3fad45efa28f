"""Every page, error pages included, carries the security headers and is never cached."""

from __future__ import annotations

import re

from werkzeug.test import TestResponse

PUBLIC_PAGES = ["/portail/connexion", "/portail/mail-envoye", "/portail/aide", "/portail/edito",
                "/portail/identifiant", "/portail/tutoriel/parcours-electeur", "/portail/inexistante",
                "/portail/question-defi", "/portail/activationportail.htm?token=x&electeurId=1"]
VOTER_PAGES = ["/portail/accueil", "/portail/mes-scrutins", "/portail/listes-electorales",
               "/portail/reclamation", "/portail/assistance", "/portail/mon-compte"]


def assert_secured(response: TestResponse, what: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == ["'none'"], (what, csp)
    assert "'unsafe-inline'" not in directives.get("script-src", ["'unsafe-inline'"]), (what, csp)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", what
    assert response.headers.get("Strict-Transport-Security", "").startswith("max-age="), what
    if response.mimetype == "text/html":
        assert response.headers.get("Cache-Control") == "no-store", what


def test_public_pages_are_secured(portal):
    for path in PUBLIC_PAGES:
        response = portal.get(path)
        assert response.mimetype == "text/html", path
        assert_secured(response, path)


def test_signed_in_pages_are_secured(lucie):
    for path in VOTER_PAGES:
        response = lucie.get(path)
        assert response.status_code == 200, path
        assert_secured(response, path)


def test_redirects_and_refused_forms_are_secured(portal):
    assert_secured(portal.get("/portail/accueil"), "redirection")
    portal.get("/portail/connexion")
    response = portal.submit("/portail/connexion", {"identifiant": "x"}, csrf=False)
    assert response.status_code == 400
    assert_secured(response, "CSRF")
    portal.get("/portail/connexion")
    response = portal.submit("/portail/connexion", {"identifiant": "a" * 70_000})
    assert response.status_code == 413
    assert_secured(response, "413")


def test_the_captcha_image_is_not_cached(portal):
    page = portal.get("/portail/connexion").get_data(as_text=True)
    image = portal.get(re.search(r'src="(/captcha/[^"]+/image\.png)"', page).group(1))
    assert image.mimetype == "image/png"
    assert_secured(image, "CAPTCHA")
    assert "no-store" in image.headers.get("Cache-Control", "")
