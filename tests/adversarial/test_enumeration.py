"""The identifier page does not tell who is an elector: same answer, only the real voter is mailed."""

from __future__ import annotations

from flask import Flask

from tests.support.client import PageClient
from tests.support.journeys import PortalActions
from tests.support.mailbox import Mailbox

UNKNOWN = "personne.inconnue@ac-dijon.fr"
NOT_ACTIVATED = "ines.fontaine@ac-dijon.fr"


def answer_to(app: Flask, mailbox: Mailbox, identifier: str) -> tuple[int, str, str]:
    """Status, redirect target and the page the browser ends on, for one identifier submission."""
    actions = PortalActions(PageClient(app), mailbox)
    response = actions.identifier(identifier)
    location = response.headers.get("Location", "")
    final = actions.client.follow() if location else response
    return response.status_code, location, final.get_data(as_text=True)


def test_unknown_and_not_activated_identifiers_get_the_same_answer(idp_app, mailbox):
    unknown = answer_to(idp_app, mailbox, UNKNOWN)
    known = answer_to(idp_app, mailbox, NOT_ACTIVATED)
    assert unknown == known
    assert unknown[:2] == (303, "/portail/mail-envoye")
    assert "Un mail vient de vous être envoyé" in unknown[2]


def test_only_the_real_voter_receives_a_mail(idp_app, mailbox):
    answer_to(idp_app, mailbox, UNKNOWN)
    answer_to(idp_app, mailbox, NOT_ACTIVATED)
    assert mailbox.count(UNKNOWN) == 0
    assert mailbox.count(NOT_ACTIVATED) == 1
    assert "/portail/activationportail.htm?token=" in mailbox.last(NOT_ACTIVATED).body


def test_an_unknown_identifier_never_reaches_the_password_page(idp_app, mailbox):
    actions = PortalActions(PageClient(idp_app), mailbox)
    actions.identifier(UNKNOWN)
    assert actions.client.get("/portail/mot-de-passe").status_code == 409


def test_repeated_requests_get_the_same_answers_for_both(idp_app, mailbox):
    unknown = [answer_to(idp_app, mailbox, UNKNOWN) for _ in range(4)]
    known = [answer_to(idp_app, mailbox, NOT_ACTIVATED) for _ in range(4)]
    assert [status for status, *_ in unknown] == [status for status, *_ in known]
    assert unknown == known
    assert mailbox.count(UNKNOWN) == 0


def test_with_the_mail_relay_down_both_get_the_same_refusal(relay_down_app, mailbox):
    """A relay outage must not tell electors apart: the unknown identifier visits the relay too."""
    unknown = answer_to(relay_down_app, mailbox, UNKNOWN)
    known = answer_to(relay_down_app, mailbox, NOT_ACTIVATED)
    assert unknown == known
    assert unknown[0] == 503 and "n&#39;a pas pu être envoyé" in unknown[2]
