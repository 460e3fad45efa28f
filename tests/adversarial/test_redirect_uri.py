"""Redirect URIs are compared with the registered ones as exact strings (RFC 9700 §4.1.3).

Mirrors the OpenID Foundation Basic OP modules ``oidcc-ensure-registered-redirect-uri``,
``oidcc-redirect-uri-query-added``, ``oidcc-redirect-uri-query-mismatch``, ``oidcc-redirect-uri-query-OK``
and ``oidcc-ensure-redirect-uri-in-authorization-request``. A look-alike must never receive a
code nor an error: the voter sees a French page and stays at the portal (no open redirect).
Angela is signed in, so a lax check would issue a code at once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

from tests.support.oidc import Browser, RegisteredClients, RelyingParty

UNREGISTERED = "L'adresse de retour (redirect_uri) n'est pas enregistrée pour ce client."


def look_alikes(registered: str) -> dict[str, str]:
    """Each way an attacker bends ``https://localhost:<port>/cb``."""
    parts = urlsplit(registered)
    port = parts.port or 443
    return {
        "chemin ajouté": f"{registered}/suite",
        "requête ajoutée": f"{registered}?x=1",
        "fragment ajouté": f"{registered}#x",
        "casse du chemin": registered.replace("/cb", "/CB"),
        "casse de l'hôte": registered.replace("localhost", "LOCALHOST"),
        "barre finale": f"{registered}/",
        "@hôte": f"https://localhost:{port}@evil.example/cb",
        "hôte@": f"https://evil.example@localhost:{port}/cb",
        "localhost.evil": f"https://localhost.evil:{port}/cb",
        "http au lieu de https": registered.replace("https://", "http://"),
        "autre port": f"https://localhost:{port + 1}/cb",
        "sans port": "https://localhost/cb",
        "point-point encodé": f"{registered}/%2E%2E/cb",
        "espace final": f"{registered} ",
    }


CASES = list(look_alikes("https://localhost:4443/cb"))


def assert_error_page(response: requests.Response, message: str) -> None:
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert response.headers["Content-Type"].startswith("text/html")
    assert message in response.text.replace("&#39;", "'")


@pytest.mark.parametrize("case", CASES)
def test_look_alike_redirect_uri_gets_a_page_and_no_redirect(case: str, angela: Browser,
                                                             rp: RelyingParty) -> None:
    authorization = angela.authorize(rp, redirect_uri=look_alikes(rp.redirect_uri)[case])
    assert_error_page(authorization.response, UNREGISTERED)


def test_registered_query_must_match_exactly(angela: Browser, rp: RelyingParty) -> None:
    for bent in (f"{rp.redirect_uri}?depuis=ailleurs", f"{rp.redirect_uri}?depuis=portail&x=1",
                 f"{rp.redirect_uri}?DEPUIS=portail"):
        assert_error_page(angela.authorize(rp, redirect_uri=bent).response, UNREGISTERED)


def test_registered_redirect_uri_with_a_query_keeps_it(angela: Browser, rp: RelyingParty) -> None:
    registered = f"{rp.redirect_uri}?depuis=portail"
    authorization = angela.authorize(rp, redirect_uri=registered)
    assert authorization.location is not None
    assert authorization.location.startswith(f"{registered}&")
    assert authorization.answer["depuis"] == "portail" and authorization.answer["code"]


def test_redirect_uri_of_another_client_is_refused(angela: Browser, rp: RelyingParty,
                                                   clients: RegisteredClients) -> None:
    authorization = angela.authorize(rp, redirect_uri=clients.post.redirect_uri)
    assert_error_page(authorization.response, UNREGISTERED)


def test_missing_redirect_uri_gets_a_page(angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp, redirect_uri=None)
    assert_error_page(authorization.response, "Le paramètre redirect_uri est obligatoire.")


def test_unknown_client_gets_a_page_even_with_a_valid_looking_redirect_uri(
        angela: Browser, rp: RelyingParty) -> None:
    authorization = angela.authorize(rp, client_id="client-inconnu")
    assert_error_page(authorization.response, "Le client (application) est inconnu.")


def test_missing_client_id_gets_a_page(angela: Browser, rp: RelyingParty) -> None:
    assert_error_page(angela.authorize(rp, client_id=None).response, "Le client (application) est inconnu.")
