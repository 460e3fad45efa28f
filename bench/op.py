"""The portal's OpenID provider alone (no voting space): SSO flows and password logins.

The bench registers its own relying party with ``python -m idp register-client`` (the operators'
command), then drives two scenarios with the virtual browsers of :mod:`bench.driver`:

- ``op_sso``: each virtual client signs in at the portal once (identifier + CAPTCHA + password),
  then repeats complete flows with that session: authorization request (PKCE S256, state, nonce)
  → code in the redirect → token request with the client's authentication (client_secret_basic,
  from the relying party's own pooled connection) → the ES256 ID token verified here (signature
  against the provider's JWKS, ``iss``, ``aud``, ``nonce``, ``exp``);
- ``op_login``: a new person signs in (identifier + CAPTCHA + password → portal home), each from
  a new browser and loopback address, as in the journeys.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from bench.driver import Browser, Driver, Failed, Operation, count_request, sign_in
from shared.election.generated import fictional

ROOT = Path(__file__).resolve().parents[1]
CLIENT_ID = "banc-de-charge"
# Nobody listens there: the driver reads the redirect's Location and never follows it.
REDIRECT_URI = "https://localhost:9/banc/retour"
SCOPE = "openid profile email academie electeur"


@dataclass(frozen=True)
class BenchClient:
    client_id: str
    secret: str
    redirect_uri: str


def register_bench_client(environ: dict[str, str]) -> BenchClient:
    """Register the bench's relying party at the portal with the operators' CLI."""
    secret = secrets.token_urlsafe(32)
    done = subprocess.run(
        [sys.executable, "-m", "idp", "register-client", "--client-id", CLIENT_ID, "--name", "Banc de charge",
         "--redirect-uri", REDIRECT_URI, "--secret-env", "BENCH_CLIENT_SECRET"],
        cwd=ROOT, env={**environ, "BENCH_CLIENT_SECRET": secret}, capture_output=True, text=True,
        timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"« python -m idp register-client » a échoué :\n{done.stderr[-2000:]}")
    return BenchClient(CLIENT_ID, secret, REDIRECT_URI)


def pkce_pair() -> tuple[str, str]:
    """A PKCE verifier and its S256 challenge (RFC 7636 §4.1-4.2)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def verify_id_token(token: str, keys: KeySet, issuer: str, client_id: str, nonce: str) -> None:
    """What a relying party checks (OIDC Core 3.1.3.7): ES256 signature, iss, aud, nonce, exp."""
    try:
        decoded = jwt.decode(token, keys, algorithms=["ES256"])
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": issuer},
                              aud={"essential": True, "value": client_id},
                              nonce={"essential": True, "value": nonce},
                              exp={"essential": True}).validate(decoded.claims)
    except (JoseError, ValueError) as error:
        raise Failed(f"jeton d'identité refusé ({type(error).__name__})") from error


class OpDriver:
    """The relying party's side (one pooled HTTPS client, as a server-side RP keeps) and the users."""

    def __init__(self, driver: Driver, client: BenchClient) -> None:
        self.driver = driver
        self.client = client
        self.issuer = driver.target.idp_url
        response = httpx.get(f"{self.issuer}/oidc/jwks", verify=driver.tls, timeout=30.0)
        response.raise_for_status()
        self.keys = KeySet.import_key_set(response.json())
        self._rp: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient] | None = None
        size = driver.electorate.size
        self._sessions = itertools.count(size // 2)  # signed-in clients, away from the other scenarios
        self._logins = itertools.cycle(range(size // 4, size))

    @property
    def rp(self) -> httpx.AsyncClient:
        """The relying party's pooled client, one per event loop (each phase runs its own loop)."""
        loop = asyncio.get_running_loop()
        if self._rp is None or self._rp[0] is not loop:
            # Let go of an idle connection before gunicorn does (2 s), as the browsers do.
            self._rp = (loop, httpx.AsyncClient(verify=self.driver.tls, timeout=30.0,
                                                limits=httpx.Limits(keepalive_expiry=1.0),
                                                event_hooks={"request": [count_request]}))
        return self._rp[1]

    async def sso_user(self) -> Operation:
        n = next(self._sessions) % self.driver.electorate.size
        browser = self.driver.browser()
        await sign_in(browser, fictional(n).email_pro)
        return lambda: self.flow(browser)

    async def login_user(self) -> Operation:
        async def login() -> None:
            browser = self.driver.browser()
            try:
                await sign_in(browser, fictional(next(self._logins)).email_pro)
            finally:
                await browser.close()
        return login

    async def flow(self, browser: Browser) -> None:
        """One complete authorization-code flow with the browser's portal session."""
        verifier, challenge = pkce_pair()
        state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        answer = await self.authorize(browser, {
            "response_type": "code", "client_id": self.client.client_id, "scope": SCOPE,
            "redirect_uri": self.client.redirect_uri, "state": state, "nonce": nonce,
            "code_challenge": challenge, "code_challenge_method": "S256"})
        if answer.get("state") != state or "code" not in answer:
            raise Failed(f"réponse d'autorisation inattendue ({sorted(answer)})")
        id_token = await self.redeem(answer["code"], verifier)
        verify_id_token(id_token, self.keys, self.issuer, self.client.client_id, nonce)

    async def authorize(self, browser: Browser, params: dict[str, str]) -> dict[str, str]:
        """Send the request; follow the portal's own redirects; the parameters sent to the client."""
        response = await self.get(browser, f"{self.issuer}/oidc/authorize", params)
        for _ in range(5):
            location = response.headers.get("Location", "")
            if response.status_code not in (302, 303) or not location:
                raise Failed(f"autorisation : {response.status_code}")
            target = urljoin(str(response.url), location)
            if target.startswith(self.client.redirect_uri + "?"):
                return {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
            if not target.startswith(self.issuer + "/"):
                raise Failed("autorisation : redirection inattendue")
            response = await self.get(browser, target)
        raise Failed("autorisation : trop de redirections")

    async def get(self, browser: Browser, url: str, params: dict[str, str] | None = None) -> httpx.Response:
        """A GET without following redirects, sent again on a new connection if the kept-alive one
        was being closed by the server (as :meth:`bench.driver.Browser.get` does)."""
        try:
            return await browser.http.get(url, params=params, follow_redirects=False)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            self.driver.retried[0] += 1
            return await browser.http.get(url, params=params, follow_redirects=False)

    async def redeem(self, code: str, verifier: str) -> str:
        """The token request with the client's authentication; the ID token it answers."""
        response = await self.rp.post(
            f"{self.issuer}/oidc/token", auth=(self.client.client_id, self.client.secret),
            data={"grant_type": "authorization_code", "code": code, "redirect_uri": self.client.redirect_uri,
                  "code_verifier": verifier})
        if response.status_code != 200:
            raise Failed(f"jeton : {response.status_code}")
        id_token = response.json().get("id_token")
        if not isinstance(id_token, str):
            raise Failed("jeton : pas de jeton d'identité")
        return id_token
