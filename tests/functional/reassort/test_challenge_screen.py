"""The réassort by question défi as the seeds show it: one "Demande de réassort du code de vote"
screen (question défi, answer, NUMEN / NIR, then the channel; RETOUR / ENVOYER), served by the portal
inside the voting space's step-up, so the answer and the NUMEN never reach the voting space. The
channel comes back to the voting space encrypted to a key of that one request: no store of either
service, no log and no trace ever holds the number or the address in clear (the seeds: "n'est pas
enregistré en base de données")."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

from bench.stack import Stack
from idp.accounts.questions import QUESTIONS
from tests.functional.trace.test_no_secret_leaks import VOTERS, forms_of, sign_in
from tests.support.http_agent import HttpAgent

SEED_WORDS = ("Demande de réassort du code de vote", "* : champ obligatoire", "Votre question Défi :",
              "Saisissez votre réponse secrète : *", "Saisissez votre NUMEN ou n°SS (10 premiers chiffres) *",
              "Envoi du lien d'activation par SMS sur votre smartphone personnel",
              "Envoi du lien d'activation par E-MAIL sur votre messagerie personnelle",
              "Numéro de téléphone portable", "Adresse mail personnelle", "RETOUR", "ENVOYER",
              "INFO : l'adresse e-mail ou le numéro de téléphone saisi sur cet écran n'est pas enregistré "
              "en base de données par la solution de vote électronique.")
GONE_WORDS = ("Vérification de votre identité", "vérification renforcée", "VALIDER", "ANNULER")


def store(stack: Stack, database: str) -> bytes:
    """Every row of every table of a service's database, as stored (the WAL is read too)."""
    with closing(sqlite3.connect(stack.data_dir / database)) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = [row for t in tables for row in db.execute(f'SELECT * FROM "{t}"')]  # noqa: S608
    return b"\n".join(v if isinstance(v, bytes) else str(v).encode() for row in rows for v in row)


def failures(stack: Stack) -> int:
    """Wrong answers the portal counted for Marc (each is logged, and counts towards the limit)."""
    return (stack.data_dir / "idp.log").read_text().count("Échec de vérification renforcée, électeur 100003")


def at_the_reassort_screen(stack: Stack, electeur_id: str) -> HttpAgent:
    agent = HttpAgent()
    sign_in(agent, stack, VOTERS[electeur_id].email_pro)
    agent.get(f"{stack.voting_url}/code-de-vote")  # SSO; a lost code is the réassort's premise
    reassort = agent.get(f"{stack.voting_url}/reassort")
    assert 'href="/reassort/question-defi"' in reassort.text
    agent.get(f"{stack.voting_url}/reassort/question-defi")  # "cliquez ici": straight to the portal
    assert agent.url.startswith(f"{stack.idp_url}/portail/verification/"), agent.url
    return agent


def test_the_seeds_single_screen_is_the_portals(live_stack: Stack) -> None:
    agent = at_the_reassort_screen(live_stack, "100003")
    page = agent.text()
    shown = " ".join(re.sub(r"<[^>]+>", "", page).split())  # what the voter reads
    for words in SEED_WORDS:
        assert words in shown, words
    for words in GONE_WORDS:
        assert words not in shown, words
    assert QUESTIONS[str(VOTERS["100003"].question)] in page
    assert '<form method="post" novalidate>' in page  # posted to the portal itself, nowhere else


def test_the_channel_is_checked_in_french_before_any_attempt_counts(live_stack: Stack) -> None:
    agent = at_the_reassort_screen(live_stack, "100003")
    before = failures(live_stack)
    factors = {"reponse": "n'importe", "identifiant_agent": VOTERS["100003"].numen, "valider": "ENVOYER"}
    for channel, told in (({}, "Choisissez le canal d'envoi du lien : SMS ou E-MAIL."),
                          ({"canal": "email"}, "Ce champ est obligatoire."),
                          ({"canal": "email", "courriel": "marc@ac-nice.fr"},
                           "différente de votre adresse professionnelle"),
                          ({"canal": "sms", "telephone": "01 23 45 67 89"}, "(par exemple 06 12 34 56 78)"),
                          ({"canal": "email", "courriel": "marc@"},
                           "L'adresse mail personnelle n'est pas valide.")):
        response = agent.submit({**factors, **channel})
        assert response.status_code == 400 and told in agent.text(), (channel, agent.text()[-1200:])
    assert failures(live_stack) == before  # the answer was not even checked: no attempt counted
    agent.submit({**factors, "canal": "sms", "telephone": "06 12 34 56 78"})
    assert "est incorrect" in agent.text() and failures(live_stack) == before + 1


def test_retour_goes_back_to_the_choice_and_sends_nothing(live_stack: Stack) -> None:
    agent = at_the_reassort_screen(live_stack, "100002")
    waiting = store(live_stack, "voting_rp.db").count(b"reassort_channel_key")  # sealed in the session
    assert waiting >= 1
    agent.submit({"annuler": "RETOUR", "canal": "email", "courriel": "lucie.retour@exemple.org"})
    assert store(live_stack, "voting_rp.db").count(b"reassort_channel_key") == waiting - 1
    assert agent.url == f"{live_stack.voting_url}/reassort", agent.url
    assert "Choix du réassort de votre code de vote" in agent.text()
    assert not live_stack.messages("lucie.retour@exemple.org")


def test_the_link_goes_to_the_chosen_channel_which_no_store_holds_in_clear(live_stack: Stack) -> None:
    personal = "angela.ecran.unique@exemple.org"
    voter = VOTERS["100001"]
    agent = at_the_reassort_screen(live_stack, "100001")
    waiting = store(live_stack, "voting_rp.db").count(b"reassort_channel_key")
    assert voter.answer
    agent.submit({"reponse": voter.answer, "identifiant_agent": voter.numen, "canal": "email",
                  "courriel": personal, "telephone": "06 99 99 99 99", "valider": "ENVOYER"})
    assert agent.url == f"{live_stack.voting_url}/reassort/envoye", agent.text()[-1200:]
    assert "Un lien vous a été envoyé par e-mail" in agent.text()
    [link_mail] = live_stack.messages(personal)
    assert link_mail["subject"] == "Procéder au réassort de votre code de vote"
    info = live_stack.messages(voter.email_pro)[0]
    assert "« a•••@exemple.org »" in str(info["body"]) and personal not in str(info["body"])
    kept = b"\n".join([store(live_stack, "idp.db"), store(live_stack, "voting_rp.db")]
                      + [(live_stack.data_dir / log).read_bytes() for log in ("idp.log", "voting.log")])
    for secret in (personal, "06 99 99 99 99", "+33699999999"):
        assert not any(form in kept for form in forms_of(secret)), secret
    assert store(live_stack, "voting_rp.db").count(b"reassort_channel_key") == waiting - 1  # dropped
