"""A voter's journeys over plain HTTP, each request on a new connection from the voter's own loopback
address, every response kept (so a test can check what was shown while a store was down)."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import requests

from bench.scaled import client_session
from bench.stack import Stack
from shared.election.generated import LOAD_TEST_ANSWER, LOAD_TEST_CODE, LOAD_TEST_NUMEN, LOAD_TEST_PASSWORD
from shared.election.generated import fictional as generated_elector
from tests.support.http_agent import HttpAgent
from tests.support.journeys import TEST_CAPTCHA
from voting_rp.urne import crypto

TO_VOTE = re.compile(r'href="/scrutins/([^/"]+)/bulletin"')
RECEIPT = re.compile(r'id="accuse-empreinte">([^<]+)<')


class Interrupted(Exception):
    """The page is not the one the journey expects (an outage, a lost session): start over."""


@dataclass
class Seen:
    status: int
    url: str
    body: str


@dataclass
class Voter:
    stack: Stack
    email: str
    address: str  # 127.x.y.z: the front and the services see this voter there
    password: str = LOAD_TEST_PASSWORD
    code: str = LOAD_TEST_CODE
    seen: list[Seen] = field(default_factory=list)
    agent: HttpAgent = field(init=False)

    def __post_init__(self) -> None:
        self.start_over()

    @classmethod
    def generated(cls, stack: Stack, n: int, address: str) -> Voter:
        """Elector ``n`` of ``generate-electorate`` (its shared password and code de vote)."""
        return cls(stack, generated_elector(n).email_pro, address)

    def start_over(self) -> None:
        """A fresh browser: no cookie, new connections."""
        self.agent = HttpAgent()
        self.agent.session = client_session(self.address)
        self.agent.session.hooks["response"].append(self._keep)

    def _keep(self, response: requests.Response, *_args: object, **_kwargs: object) -> None:
        self.seen.append(Seen(response.status_code, response.url, response.text))

    def _expect(self, words: str) -> str:
        page = self.agent.text()
        if words not in page:
            assert self.agent.page is not None  # text() just read it
            raise Interrupted(f"« {words} » attendu sur {self.agent.url} ({self.agent.page.status_code})")
        return page

    def get(self, url: str) -> requests.Response:
        try:
            return self.agent.get(url)
        except requests.RequestException as error:
            raise Interrupted(str(error)) from error

    def submit(self, fields: dict[str, str], action: str | None = None) -> requests.Response:
        try:
            return self.agent.submit(fields, action=action)
        except requests.RequestException as error:
            raise Interrupted(str(error)) from error
        except AssertionError as error:  # no such form on the page
            raise Interrupted(str(error)) from error

    # -- the steps --------------------------------------------------------------------------------
    def sign_in(self) -> None:
        self.get(f"{self.stack.idp_url}/portail/connexion")
        self.submit({"identifiant": self.email, "captcha": TEST_CAPTCHA}, "/portail/connexion")
        self.submit({"mot_de_passe": self.password}, "/portail/mot-de-passe")
        self._expect("Bienvenue sur votre portail Élections")

    def enter_voting_space(self) -> None:
        """SSO from the portal (silent), then the code de vote."""
        self.get(f"{self.stack.voting_url}/code-de-vote")
        self._expect("Saisie du code de vote")
        self.submit({"code": self.code, "captcha": TEST_CAPTCHA}, "/code-de-vote")
        self._expect("Vos scrutins")

    def to_vote(self) -> list[str]:
        self.get(f"{self.stack.voting_url}/scrutins")
        return TO_VOTE.findall(self._expect("Vos scrutins"))

    def vote(self, scrutin: str, choice: str = "blanc") -> str:
        """Encrypt as ballot.js does, post the ciphertext; the fingerprint on the receipt."""
        published = self.get(f"{self.stack.voting_url}/election/cle-publique.json")
        if published.status_code != 200:
            raise Interrupted(f"clé publique : {published.status_code}")
        point = published.json()["point"]
        ballot = crypto.encrypt(crypto.load_public(point), scrutin, choice)
        self.get(f"{self.stack.voting_url}/scrutins/{scrutin}/bulletin")
        self._expect("Constitution du bulletin")
        self.submit({"bulletin": ballot}, "/vote")
        shown = RECEIPT.search(self._expect("Accusé de réception"))
        if shown is None or re.sub(r"\s", "", shown.group(1)) != crypto.fingerprint(ballot):
            raise Interrupted("l'accusé de réception ne porte pas l'empreinte du bulletin envoyé")
        return crypto.fingerprint(ballot)

    def reassort_by_challenge(self, personal_email: str) -> None:
        """The portal's réassort screen (question défi + NUMEN, channel e-mail) → link sent."""
        self.get(f"{self.stack.voting_url}/reassort/question-defi")
        self._expect("Saisissez votre réponse secrète")
        self.submit({"reponse": LOAD_TEST_ANSWER, "identifiant_agent": LOAD_TEST_NUMEN, "canal": "email",
                     "courriel": personal_email, "valider": "ENVOYER"})
        self._expect("Un lien vous a été envoyé")

    def reassort_by_franceconnect(self) -> None:
        """The FranceConnect path: account chooser, demo identity provider, consent; link sent."""
        self.get(f"{self.stack.voting_url}/code-de-vote")  # SSO from the portal
        self.get(f"{self.stack.voting_url}/reassort")
        self.submit({}, "/reassort/franceconnect")
        self.submit({"fournisseur": "fip1-low"})
        self.submit({"identifiant": "test", "mot_de_passe": "123"})
        if "accepte" in self.agent.text():
            self.submit({"accepte": "y"})
        self._expect("Un lien vous a été envoyé")

    def regenerate(self, link: str) -> str:
        self.get(link)
        self.submit({}, "/reassort/code-vote")
        shown = re.search(r'id="code-de-vote"[^>]*><code>([^<]+)</code>', self.agent.text())
        if shown is None:
            raise Interrupted("nouveau code absent")
        self.code = re.sub(r"\s", "", html.unescape(shown.group(1)))
        return self.code

    def vote_everywhere(self, deadline: float, pause: float = 0.3) -> list[str]:
        """Sign in and vote in every scrutin; any interruption starts the journey over (as a voter
        would after an error page), until nothing is left to vote or ``deadline``."""
        fingerprints: list[str] = []
        while time.monotonic() < deadline:
            try:
                self.start_over()
                self.sign_in()
                self.enter_voting_space()
                for scrutin in self.to_vote():
                    fingerprints.append(self.vote(scrutin, "liste:1"))
                if not self.to_vote():
                    return fingerprints  # "voté" everywhere, or "en cours d'enregistrement"
            except Interrupted:
                time.sleep(pause)
        raise AssertionError(f"{self.email} n'a pas pu finir de voter à temps")


def link_in_mail(stack: Stack, to: str) -> str:
    links = stack.messages(to)[0]["links"]
    assert isinstance(links, list), links
    [link] = [u for u in links if "code-vote?token=" in str(u)]
    assert parse_qs(urlsplit(str(link)).query)["token"]
    return str(link)
