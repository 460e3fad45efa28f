"""Every page, error pages included, carries the security headers and is never cached."""

from __future__ import annotations

import re

import pytest

PUBLIC_PAGES = ["/portail/connexion", "/portail/mail-envoye", "/portail/aide", "/portail/edito",
                "/portail/identifiant", "/portail/tutoriel/parcours-electeur", "/portail/inexistante",
                "/portail/question-defi", "/portail/activationportail.htm?token=x&electeurId=1"]
VOTER_PAGES = ["/portail/accueil", "/portail/mes-scrutins", "/portail/listes-electorales",
               "/portail/reclamation", "/portail/assistance", "/portail/mon-compte"]


def assert_secured(response) -> None:  # type: ignore[no-untyped-def]
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert "'unsafe-inline'" not in directives.get("script-src", ["'unsafe-inline'"])
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Strict-Transport-Security", "").startswith("max-age=")
    if response.mimetype == "text/html":
        assert response.headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_secured(portal, path):
    response = portal.get(path)
    assert response.mimetype == "text/html"
    assert_secured(response)


@pytest.mark.parametrize("path", VOTER_PAGES)
def test_signed_in_pages_are_secured(lucie, path):
    response = lucie.get(path)
    assert response.status_code == 200
    assert_secured(response)


def test_redirects_and_refused_forms_are_secured(portal):
    assert_secured(portal.get("/portail/accueil"))
    portal.get("/portail/connexion")
    response = portal.submit("/portail/connexion", {"identifiant": "x"}, csrf=False)
    assert response.status_code == 400
    assert_secured(response)
    portal.get("/portail/connexion")
    response = portal.submit("/portail/connexion", {"identifiant": "a" * 70_000})
    assert response.status_code == 413
    assert_secured(response)


def test_the_captcha_image_is_not_cached(portal):
    page = portal.get("/portail/connexion").get_data(as_text=True)
    image = portal.get(re.search(r'src="(/captcha/[^"]+/image\.png)"', page).group(1))
    assert image.mimetype == "image/png"
    assert_secured(image)
    assert "no-store" in image.headers.get("Cache-Control", "")
