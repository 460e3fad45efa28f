"""The portal home: "Je Vote" with its countdown and window, and the last connection."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, update

from idp.accounts.models import Voter
from idp.context import Idp
from idp.election.models import Election
from shared.election.demo import DEMO_PASSWORD
from shared.timeutil import utcnow
from tests.support.client import PageClient, text
from tests.support.journeys import PortalActions

LUCIE = "lucie.moreau@ac-nice.fr"
HOME = "/portail/accueil"
LAST_CONNECTION = re.compile(r"Dernière connexion le : \d{2}/\d{2}/\d{4} à \d{2}h\d{2} \(heure de Paris\)")


def move_window(idp_ctx: Idp, opens_at: datetime, closes_at: datetime) -> None:
    with idp_ctx.db.session() as s:
        s.execute(update(Election).values(opens_at=opens_at, closes_at=closes_at))


def test_the_home_needs_a_signed_in_voter(portal):
    response = portal.get(HOME)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/portail/connexion")


def test_the_home_welcomes_the_voter_by_name(lucie):
    home = text(lucie.get(HOME))
    assert "Bienvenue sur votre portail Élections" in home
    assert "Mme MOREAU Lucie" in home


def test_while_the_vote_is_open_the_countdown_is_to_closing(lucie):
    home = text(lucie.get(HOME))
    assert "Fermeture du vote dans" in home
    assert "Ouverture du vote dans" not in home


def test_before_the_vote_the_countdown_is_to_opening(lucie, idp_ctx):
    now = utcnow()
    move_window(idp_ctx, now + timedelta(days=2, hours=3, minutes=30), now + timedelta(days=9))
    home = text(lucie.get(HOME))
    assert "Ouverture du vote dans" in home
    assert "Fermeture du vote dans" not in home
    assert "2 jour(s), 3 heure(s) et 29 minute(s)" in home
    assert '<td data-unite="jours">02</td><td data-unite="heures">03</td>' in home


def test_once_the_vote_is_over_the_home_says_so(lucie, idp_ctx):
    now = utcnow()
    move_window(idp_ctx, now - timedelta(days=8), now - timedelta(hours=1))
    home = text(lucie.get(HOME))
    assert "Le vote est clos" in home
    assert "jour(s)," not in home


def test_the_window_is_written_in_paris_time(lucie, idp_ctx):
    move_window(idp_ctx, datetime(2022, 12, 1, 7, 0), datetime(2099, 12, 8, 16, 0))
    assert ("Ouvert du jeudi 01 décembre 2022 à 08h00 au mardi 08 décembre 2099 à 17h00 "
            "(Heure de Paris)") in text(lucie.get(HOME))


@pytest.mark.parametrize("path", ["/portail/accueil", "/portail/edito"])
def test_the_window_sentence_is_shown_with_the_demo_election(lucie, path):
    assert re.search(r"Ouvert du \w+ \d{2} \w+ \d{4} à \d{2}h\d{2} au \w+ \d{2} \w+ \d{4} "
                     r"à \d{2}h\d{2} \(Heure de Paris\)", text(lucie.get(path)))


def test_the_last_connection_is_shown_from_the_second_sign_in_on(idp_app, mailbox):
    first = PortalActions(PageClient(idp_app), mailbox)
    first.sign_in(LUCIE, DEMO_PASSWORD)
    assert "Dernière connexion le" not in text(first.client.follow())

    second = PortalActions(PageClient(idp_app), mailbox)
    second.sign_in(LUCIE, DEMO_PASSWORD)
    assert LAST_CONNECTION.search(text(second.client.follow()))


def test_the_last_connection_is_the_previous_one_in_paris_time(idp_app, idp_ctx, mailbox):
    PortalActions(PageClient(idp_app), mailbox).sign_in(LUCIE, DEMO_PASSWORD)
    with idp_ctx.db.session() as s:
        s.execute(update(Voter).where(Voter.email_pro == LUCIE)
                  .values(last_login_at=datetime(2022, 11, 30, 19, 24)))
    later = PortalActions(PageClient(idp_app), mailbox)
    later.sign_in(LUCIE, DEMO_PASSWORD)
    assert "Dernière connexion le : 30/11/2022 à 20h24 (heure de Paris)" in text(later.client.follow())


def test_the_je_vote_link_leads_to_the_voting_space(lucie, idp_ctx):
    response = lucie.get("/portail/voter")
    assert response.status_code == 303
    assert response.headers["Location"] == idp_ctx.settings.voting_url + "/"


def test_an_unexpected_failure_shows_a_french_page_with_a_reference_and_no_trace(lucie, idp_ctx):
    with idp_ctx.db.session() as s:
        s.execute(delete(Election))
    response = lucie.get(HOME)
    assert response.status_code == 500
    page = text(response)
    assert "Erreur technique" in page
    assert re.search(r"Référence de l'incident : <code>[0-9a-f]{12}</code>", page)
    assert "Traceback" not in page and "LookupError" not in page
