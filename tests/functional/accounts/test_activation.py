"""First access: identifier → mailed link → password → question défi → activated (seed 002)."""

from __future__ import annotations

from idp.accounts.service import find_voter
from tests.support.journeys import PortalActions

NEW = "hugo.leroy@ac-nantes.fr"
PASSWORD = "Nouveau-Mot2passe!"


def test_first_access_activates_the_account(portal, mailbox, idp_ctx):
    actions = PortalActions(portal, mailbox)
    response = actions.identifier(NEW)
    assert response.status_code == 303
    assert "Un mail vient de vous être envoyé" in portal.follow().get_data(as_text=True)
    assert "/portail/activationportail.htm?token=" in mailbox.last(NEW).body

    assert actions.open_link(NEW).status_code == 303
    assert "Initialisation du mot de passe Élections" in portal.follow().get_data(as_text=True)
    assert actions.choose_password(PASSWORD).status_code == 303
    response = actions.choose_challenge("voiture", "Peugeot 205")
    assert response.status_code == 303
    home = portal.follow().get_data(as_text=True)
    assert "Votre compte a bien été activé" in home
    assert "Bienvenue sur votre portail Élections" in home

    voter = find_voter(idp_ctx, NEW)
    assert voter.is_activated and voter.challenge_question == "voiture"
    assert PASSWORD not in (voter.password_hash or "")
