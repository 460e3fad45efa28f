"""Bad input gets a 4xx and a French message, changes nothing, and never shows a stack trace."""

from __future__ import annotations

import pytest
from werkzeug.test import TestResponse

from tests.support.client import PageClient, text

NEW = "hugo.leroy@ac-nantes.fr"
LUCIE = "lucie.moreau@ac-nice.fr"
FORM = "/portail/connexion"
IDENTIFIER_HELP = "L'identifiant est votre adresse électronique académique (prénom.nom@ac-….fr)."
NOT_UTF8 = "Les caractères saisis ne sont pas valides (UTF-8 attendu)."


def post_raw(portal: PageClient, path: str, body: bytes, content_type: str) -> TestResponse:
    """POST bytes exactly as given, from the current page (its Referer)."""
    return portal.client.post(path, data=body, content_type=content_type, base_url="https://localhost",
                              headers={"Referer": portal.url})


def clean(response: TestResponse) -> bool:
    """A French page without any trace of the server's internals."""
    body = text(response)
    return '<html lang="fr">' in body and "Traceback" not in body and 'File "' not in body


def test_undecodable_bytes_in_the_identifier_are_refused_in_french(portal, mailbox):
    portal.get(FORM)
    body = f"identifiant=%FF%FE&captcha=424242&csrf_token={portal.csrf}".encode()
    response = post_raw(portal, FORM, body, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert IDENTIFIER_HELP in text(response)
    assert clean(response)
    assert mailbox.count(NEW) == 0


def test_undecodable_bytes_in_a_multipart_form_are_refused_as_not_utf8(portal, mailbox):
    portal.get(FORM)
    body = (b'--XX\r\nContent-Disposition: form-data; name="identifiant"\r\n\r\nhugo.leroy\xff@ac-nantes.fr'
            b'\r\n--XX\r\nContent-Disposition: form-data; name="captcha"\r\n\r\n424242\r\n--XX\r\n'
            b'Content-Disposition: form-data; name="csrf_token"\r\n\r\n' + portal.csrf.encode()
            + b"\r\n--XX--\r\n")
    response = post_raw(portal, FORM, body, "multipart/form-data; boundary=XX")
    assert response.status_code == 400
    assert NOT_UTF8 in text(response)
    assert clean(response)


def test_raw_non_utf8_bytes_are_refused(portal, mailbox):
    portal.get(FORM)
    body = b"identifiant=hugo.leroy\xff\xfe@ac-nantes.fr&captcha=424242&csrf_token=" + portal.csrf.encode()
    response = post_raw(portal, FORM, body, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert clean(response)
    assert mailbox.count(NEW) == 0


def test_a_nul_character_is_refused(portal, mailbox):
    portal.get(FORM)
    response = portal.submit(FORM, {"identifiant": "hugo.leroy@ac-nantes.fr\x00", "captcha": "424242"})
    assert response.status_code == 400
    assert clean(response)
    assert mailbox.count(NEW) == 0


def test_an_oversized_body_gets_the_french_413_page(portal, mailbox):
    portal.get(FORM)
    response = portal.submit(FORM, {"identifiant": "a" * (64 * 1024), "captcha": "424242"})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in text(response)
    assert "Les données envoyées dépassent la taille autorisée." in text(response)
    assert clean(response)


def test_an_overlong_identifier_under_the_body_limit_is_refused_by_the_form(portal):
    portal.get(FORM)
    response = portal.submit(FORM, {"identifiant": "a" * 255 + "@ac-nice.fr", "captcha": "424242"})
    assert response.status_code == 400
    assert "Ce champ ne doit pas dépasser 254 caractères." in text(response)


@pytest.mark.parametrize("fields", [{"captcha": "424242"}, {"identifiant": NEW},
                                    {"identifiant": "   ", "captcha": "424242"}])
def test_missing_fields_are_required(portal, mailbox, fields):
    portal.get(FORM)
    response = portal.submit(FORM, fields)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text(response)
    assert clean(response)
    assert mailbox.count(NEW) == 0


def test_a_missing_password_is_required(actions):
    actions.identifier(LUCIE)
    response = actions.password("")
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text(response)


def test_an_identifier_that_is_not_an_address_is_explained(actions, portal):
    response = actions.identifier("lucie.moreau")
    assert response.status_code == 400
    assert IDENTIFIER_HELP in text(response)


@pytest.mark.parametrize("query", ["", "?token=%FF%FE&electeurId=%00", "?token=abc&electeurId=" + "9" * 30,
                                   "?token[]=x&electeurId[]=y"])
def test_a_malformed_link_is_refused_in_french(portal, query):
    response = portal.get("/portail/activationportail.htm" + query)
    assert response.status_code == 410
    assert "Ce lien n'est pas ou plus valide" in text(response)
    assert clean(response)


@pytest.mark.parametrize(("method", "path", "status", "heading"), [
    ("GET", "/portail/inexistante", 404, "Page introuvable"),
    ("PUT", "/portail/connexion", 405, "Méthode non autorisée"),
])
def test_http_errors_are_french_pages(portal, method, path, status, heading):
    response = portal.client.open(path, method=method, base_url="https://localhost")
    assert response.status_code == status
    assert heading in text(response)
    assert clean(response)
