"""The load generator: virtual voters in one asyncio process, each an httpx client over real HTTPS.

Each virtual voter behaves as a browser would: it keeps its cookies, sends the CSRF token and the
Referer with each form, follows the redirects across the services, loads the CAPTCHA image of each
page that shows one (the server draws it), and encrypts its ballot as ballot.js does. Each complete
journey leaves from its own loopback address (127.x.y.z): the services' per-address rate limits
then count per voter, as they would on the Internet. Static files are not fetched (a browser keeps
them in its cache after the first page).

Three scenarios:
- ``journey``: portal sign-in with the password → SSO into the voting space → code de vote → one
  ballot cast (2 Argon2id verifications: password and code de vote);
- ``sso``: a voter already signed in at the portal enters the voting space again (authorization
  request, silent authentication, callback, code exchange, ID token and UserInfo checks);
- ``reassort``: a voter in the voting space asks for a new code by question défi (step-up at the
  portal with answer and NUMEN: 2 Argon2id verifications, then the link mailed over SMTP).
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import ssl
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from shared.election.generated import (
    LOAD_TEST_ANSWER,
    LOAD_TEST_CODE,
    LOAD_TEST_NUMEN,
    LOAD_TEST_PASSWORD,
    fictional,
)
from voting_rp.urne import crypto

CAPTCHA = "424242"  # CAPTCHA_TEST_ANSWER of the bench stacks (ELECTIONS_ENV=test)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CAPTCHA_IMAGE = re.compile(r'src="(/captcha/[^"]+/image\.png)"')
# HTTP requests sent by every client of the bench (redirects followed and GETs sent again too),
# and how many of them fetched a CAPTCHA image (the server draws it): read by the meter per phase.
SENT = {"requests": 0, "captchas": 0}


async def count_request(request: httpx.Request) -> None:
    """httpx's request hook."""
    SENT["requests"] += 1
    if request.url.path.startswith("/captcha/"):
        SENT["captchas"] += 1


class Failed(Exception):
    """A step did not give the page a voter expects: one error for the scenario's counts."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def scrutin_of(n: int, use: int) -> str:
    """The ``use``-th scrutin of generated elector ``n`` (each elector votes in 4 scrutins)."""
    who = fictional(n)
    return ["CSA-MIN", f"CAPN-{who.corps}", f"CSA-PROX-{who.academie}",
            f"CAPA-{who.corps}-{who.academie}"][use]


class Addresses:
    """Loopback source addresses, a new one per journey: 127.1.0.1, 127.1.0.2, …"""

    def __init__(self) -> None:
        self._count = itertools.count(1)

    def next(self) -> str:
        n = next(self._count)
        return f"127.{1 + n // 65_024 % 250}.{n // 254 % 256}.{1 + n % 254}"


@dataclass
class Target:
    idp_url: str
    voting_url: str
    ca_file: str
    public_key: str = ""

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)


class Browser:
    """One person's browser: cookies, redirects, forms with their CSRF token and Referer."""

    def __init__(self, target: Target, address: str, tls: ssl.SSLContext, retried: list[int]) -> None:
        self.target = target
        self.retried = retried  # shared by the driver's browsers: GETs sent again (above)
        # gunicorn closes a connection idle for 2 s (its keepalive): dropping ours after 1 s keeps a
        # POST from going out on a socket the server is closing at that very moment.
        transport = httpx.AsyncHTTPTransport(verify=tls, local_address=address, retries=0,
                                             limits=httpx.Limits(keepalive_expiry=1.0))
        self.http = httpx.AsyncClient(transport=transport, follow_redirects=True, timeout=30.0,
                                      event_hooks={"request": [count_request]})
        self.page: httpx.Response | None = None

    async def close(self) -> None:
        await self.http.aclose()

    async def get(self, url: str) -> httpx.Response:
        try:
            self.page = await self.http.get(url)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            # A kept-alive connection the server closed as it was reused (gunicorn keeps idle
            # connections 2 s): a browser sends the GET again on a new one, and so do we.
            self.retried[0] += 1
            self.page = await self.http.get(url)
        await self._captcha()
        return self.page

    async def post(self, url: str, data: dict[str, str]) -> httpx.Response:
        assert self.page is not None
        token = CSRF.search(self.page.text)
        if token is None:
            raise Failed(f"pas de formulaire sur {self.page.url.path} ({self.page.status_code})")
        self.page = await self.http.post(url, data={"csrf_token": html.unescape(token.group(1)), **data},
                                         headers={"Referer": str(self.page.url)})
        await self._captcha()
        return self.page

    async def submit_here(self, data: dict[str, str]) -> httpx.Response:
        """Post the page's form to the page itself (forms without an action)."""
        assert self.page is not None
        return await self.post(str(self.page.url), data)

    async def _captcha(self) -> None:
        """The browser loads the CAPTCHA image of the page (the server draws it on request)."""
        assert self.page is not None
        if self.page.status_code == 200 and (image := CAPTCHA_IMAGE.search(self.page.text)):
            await self.http.get(urljoin(str(self.page.url), image.group(1)))

    def expect(self, words: str, step: str) -> None:
        assert self.page is not None
        if self.page.status_code >= 400 or words not in self.page.text:
            raise Failed(f"{step} : {self.page.status_code}")


async def sign_in(browser: Browser, email: str) -> None:
    idp = browser.target.idp_url
    await browser.get(f"{idp}/portail/connexion")
    await browser.post(f"{idp}/portail/connexion", {"identifiant": email, "captcha": CAPTCHA})
    browser.expect("mot_de_passe", "identifiant")
    await browser.post(f"{idp}/portail/mot-de-passe", {"mot_de_passe": LOAD_TEST_PASSWORD})
    browser.expect("Bienvenue sur votre portail", "mot de passe")


async def enter_voting_space(browser: Browser) -> None:
    """SSO into the voting space (silent: the portal session exists), then the code de vote."""
    voting = browser.target.voting_url
    await browser.get(f"{voting}/connexion")
    browser.expect("Saisie du code de vote", "SSO")
    await browser.post(f"{voting}/code-de-vote", {"code": LOAD_TEST_CODE, "captcha": CAPTCHA})
    browser.expect("Vos scrutins", "code de vote")


async def cast(browser: Browser, scrutin: str) -> None:
    voting = browser.target.voting_url
    await browser.get(f"{voting}/scrutins/{scrutin}/bulletin")
    browser.expect("Constitution du bulletin", "bulletin")
    ballot = crypto.encrypt(crypto.load_public(browser.target.public_key), scrutin, "liste:1")
    await browser.post(f"{voting}/scrutins/{scrutin}/vote", {"bulletin": ballot})
    browser.expect(crypto.fingerprint(ballot)[:8], "vote")  # the receipt shows the fingerprint


async def request_reassort(browser: Browser, n: int) -> None:
    voting = browser.target.voting_url
    await browser.get(f"{voting}/reassort/question-defi")  # the portal's réassort screen
    browser.expect("Saisissez votre réponse secrète", "réassort")
    await browser.submit_here({"reponse": LOAD_TEST_ANSWER, "identifiant_agent": LOAD_TEST_NUMEN,
                               "canal": "email", "courriel": f"personnel.{n}@exemple.org",
                               "valider": "ENVOYER"})
    browser.expect("Un lien vous a été envoyé", "question défi")


@dataclass
class Electorate:
    """Generated electors handed out to the scenarios: each votes in its 4 scrutins at most once,
    and asks for at most 3 réassorts (the per-elector limit of 3 an hour)."""

    size: int
    ballots: Iterator[int] = field(default_factory=itertools.count)  # k: elector k % size, scrutin k // size
    _reassorts: itertools.count[int] = field(default_factory=itertools.count)

    def next_ballot(self) -> tuple[int, str]:
        k = next(self.ballots, 4 * self.size)
        if k >= 4 * self.size:
            raise Failed("électorat épuisé")
        return k % self.size, scrutin_of(k % self.size, k // self.size)

    def next_reassort_voter(self) -> int:
        k = next(self._reassorts)
        if k >= self.size:
            raise Failed("électorat épuisé")
        return self.size - 1 - k  # from the end, away from the voters of the journeys


@dataclass
class PhaseResult:
    scenario: str
    concurrency: int
    seconds: float
    latencies: list[float]
    errors: Counter[str]
    driver_cpu_seconds: float

    @property
    def done(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float | None:
        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]

    @property
    def driver_cpu_share(self) -> float:
        """The driver's CPU time over wall time (1.0 = one core busy)."""
        return self.driver_cpu_seconds / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"scenario": self.scenario, "concurrency": self.concurrency, "seconds": round(self.seconds, 2),
                "done": self.done, "per_second": round(self.rate, 2),
                "p50_ms": _ms(self.percentile(50)), "p95_ms": _ms(self.percentile(95)),
                "p99_ms": _ms(self.percentile(99)), "errors": sum(self.errors.values()),
                "error_kinds": dict(self.errors), "driver_cpu_share": round(self.driver_cpu_share, 3)}


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


Operation = Callable[[], Awaitable[None]]


class Driver:
    def __init__(self, target: Target, electorate: Electorate) -> None:
        self.target = target
        self.electorate = electorate
        self.addresses = Addresses()
        self.tls = target.context()
        self.retried = [0]

    def browser(self) -> Browser:
        return Browser(self.target, self.addresses.next(), self.tls, self.retried)

    async def load_public_key(self) -> None:
        browser = self.browser()
        try:
            response = await browser.http.get(f"{self.target.voting_url}/election/cle-publique.json")
            response.raise_for_status()
            self.target.public_key = response.json()["point"]
        finally:
            await browser.close()

    # -- scenarios: each returns (prepare one virtual user, one measured operation of that user) ---
    async def journey_user(self) -> Operation:
        """Each journey is a new person: new browser, new address, the next elector and scrutin."""
        async def journey() -> None:
            n, scrutin = self.electorate.next_ballot()
            browser = self.browser()
            try:
                await sign_in(browser, fictional(n).email_pro)
                await enter_voting_space(browser)
                await cast(browser, scrutin)
            finally:
                await browser.close()
        return journey

    async def sso_user(self) -> Operation:
        n = self.electorate.next_reassort_voter()
        browser = self.browser()
        await sign_in(browser, fictional(n).email_pro)

        async def sso() -> None:
            browser.http.cookies.delete("__Host-vote-session")  # a new visit to the voting space
            await browser.get(f"{self.target.voting_url}/connexion")
            browser.expect("Saisie du code de vote", "SSO")
        return sso

    async def reassort_user(self) -> Operation:
        state = _Reassorting()

        async def prepare() -> None:
            """A new voter signed in and in the voting space (3 réassorts an hour per elector)."""
            if state.browser is not None:
                await state.browser.close()
            state.n = self.electorate.next_reassort_voter()
            state.browser, state.left = self.browser(), 3
            await sign_in(state.browser, fictional(state.n).email_pro)
            await enter_voting_space(state.browser)

        async def reassort() -> None:
            if state.left == 0 or state.browser is None:
                raise NeedsPreparation(prepare)
            state.left -= 1
            await request_reassort(state.browser, state.n)

        await prepare()
        return reassort


@dataclass
class _Reassorting:
    """The voter a réassort user acts as now, and how many réassorts that voter has left."""

    browser: Browser | None = None
    n: int = 0
    left: int = 0


class NeedsPreparation(Exception):
    """The virtual user must set itself up again (``prepare``) before its next measured operation."""

    def __init__(self, prepare: Callable[[], Awaitable[None]]) -> None:
        super().__init__()
        self.prepare = prepare


async def run_phase(scenario: str, make_user: Callable[[], Awaitable[Operation]], concurrency: int,
                    seconds: float, cpu: Callable[[], float]) -> PhaseResult:
    """``concurrency`` virtual users repeat their operation for ``seconds``; only operations are timed.

    The users are prepared before the clock starts (signing in, for the SSO and réassort
    scenarios); a réassort user's later preparations (a new voter every 3 requests) are taken
    out of the phase's duration, in proportion."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    paused = [0.0]

    def count(failure: BaseException, prefix: str = "") -> None:
        errors[prefix + getattr(failure, "reason", type(failure).__name__)] += 1

    async def ready() -> Operation | None:
        try:
            return await make_user()
        except (Failed, httpx.HTTPError) as failure:
            count(failure, "préparation : ")
            return None

    async def repeat(operation: Operation) -> None:
        while time.perf_counter() < end:
            start = time.perf_counter()
            try:
                await operation()
                latencies.append(time.perf_counter() - start)
            except NeedsPreparation as needed:
                try:
                    await needed.prepare()
                except (Failed, httpx.HTTPError) as failure:
                    count(failure, "préparation : ")
                    return
                finally:
                    paused[0] += time.perf_counter() - start
            except (Failed, httpx.HTTPError) as failure:
                count(failure)
                if getattr(failure, "reason", "") == "électorat épuisé":
                    return

    users = [u for u in await asyncio.gather(*(ready() for _ in range(concurrency))) if u is not None]
    cpu_start = cpu()
    begin = time.perf_counter()
    end = begin + seconds
    await asyncio.gather(*(repeat(operation) for operation in users))
    wall = time.perf_counter() - begin
    effective = max(0.001, wall - paused[0] / max(1, len(users)))
    return PhaseResult(scenario, concurrency, effective, latencies, errors, cpu() - cpu_start)
