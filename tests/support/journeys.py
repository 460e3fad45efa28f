"""Journey helpers (AuthActions-style): each step the way a voter does it in the portal."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.test import TestResponse

from tests.support.client import PageClient
from tests.support.mailbox import Mailbox

TEST_CAPTCHA = "424242"


class PortalActions:
    def __init__(self, client: PageClient, mailbox: Mailbox) -> None:
        self.client = client
        self.mailbox = mailbox

    def identifier(self, email: str, captcha: str = TEST_CAPTCHA) -> TestResponse:
        self.client.get("/portail/connexion")
        return self.client.submit("/portail/connexion", {"identifiant": email, "captcha": captcha})

    def password(self, password: str) -> TestResponse:
        self.client.get("/portail/mot-de-passe")
        return self.client.submit("/portail/mot-de-passe", {"mot_de_passe": password})

    def sign_in(self, email: str, password: str) -> TestResponse:
        response = self.identifier(email)
        assert response.status_code == 303, self.client.text()
        return self.password(password)

    def open_link(self, email: str) -> TestResponse:
        parts = urlsplit(self.mailbox.last_link(email))
        return self.client.get(f"{parts.path}?{parts.query}")

    def choose_password(self, password: str, confirmation: str | None = None,
                        path: str = "/portail/initialisation-mot-de-passe") -> TestResponse:
        self.client.get(path)
        return self.client.submit(path, {"mot_de_passe": password,
                                         "confirmation": confirmation or password,
                                         "captcha": TEST_CAPTCHA})

    def choose_challenge(self, question: str = "voiture", answer: str = "Peugeot",
                         confirmation: str | None = None, activate: bool = True) -> TestResponse:
        self.client.get("/portail/question-defi")
        button = {"activer": "ACTIVER SON COMPTE"} if activate else {
            "sans_activation": "ACCÈS SANS ACTIVATION"}
        return self.client.submit("/portail/question-defi", {
            "question": question, "reponse": answer,
            "confirmation": answer if confirmation is None else confirmation, **button})
