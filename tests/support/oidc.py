"""Driving the portal's OpenID provider over real HTTPS, as a browser and as a relying party do.

:class:`Browser` is the user agent: its own cookies, the project CA, no automatic redirects (each
hop can be asserted), forms filled from the page (CSRF token, Referer). :class:`RelyingParty` is a
registered test client: it builds authorization requests (state, nonce, PKCE S256) and redeems
codes with its client authentication. Nothing here imports the services: HTTP, the operators'
CLI (client registration) and, for states the endpoints never produce, the provider's SQLite file.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from bench.servers import free_port
from bench.stack import CA, ROOT, Stack
from shared.election.demo import DEMO_PASSWORD
from tests.support.journeys import TEST_CAPTCHA

PORTAL_COOKIE = "__Host-idp-session"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Demo voters (shared/election/demo.py): each test concern uses its own, so that rate limits and
# sign-outs of one never reach another.
ANGELA = "angela.dubois@ac-paris.fr"  # signed in once per session, most flows
LUCIE = "lucie.moreau@ac-nice.fr"  # successful step-ups
MARC = "marc.giraud@ac-creteil.fr"  # step-up rate limit


def pkce_pair() -> tuple[str, str]:
    """A fresh PKCE verifier and its S256 challenge (RFC 7636 §4.1-4.2)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def decode_jwt(token: str, jwks: dict[str, Any]) -> jwt.Token:
    """Verify ``token`` against a JWKS with our allow-list; claims are the caller's to check."""
    return jwt.decode(token, KeySet.import_key_set(cast(Any, jwks)), algorithms=["ES256", "RS256"])


def alter_code(stack: Stack, code: str, **columns: object) -> None:
    """Change a stored authorization code in the provider's own database (SQLite in tests), to
    reach a state without waiting for it (expiry) or that its endpoint never produces."""
    assignments = ", ".join(f"{name} = ?" for name in columns)
    digest = hashlib.sha256(code.encode()).hexdigest()  # codes are stored as their SHA-256
    with closing(sqlite3.connect(stack.data_dir / "idp.db")) as db, db:
        changed = db.execute(f"UPDATE oidc_codes SET {assignments} WHERE digest = ?",  # noqa: S608
                             (*columns.values(), digest)).rowcount
    assert changed == 1


def query_of(url: str) -> dict[str, str]:
    """The query parameters of ``url``; a repeated parameter fails the test."""
    parsed = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert all(len(v) == 1 for v in parsed.values()), url
    return {k: v[0] for k, v in parsed.items()}


def http_session() -> requests.Session:
    """A requests session that trusts exactly the project CA (never REQUESTS_CA_BUNDLE)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = str(CA)
    return session


@dataclass
class Authorization:
    """One authorization request and where the browser ended up."""

    params: dict[str, str]
    verifier: str
    response: requests.Response

    @property
    def location(self) -> str | None:
        return self.response.headers.get("Location")

    @property
    def answer(self) -> dict[str, str]:
        """The authorization response parameters, from the redirect to the client."""
        assert self.response.status_code == 303, (self.response.status_code, self.response.text[:500])
        assert self.location and self.location.startswith(self.params["redirect_uri"]), self.location
        return query_of(self.location)

    @property
    def code(self) -> str:
        answer = self.answer
        assert "code" in answer, answer
        return answer["code"]


@dataclass
class RelyingParty:
    """A client registered at the portal for the tests (by the CLI, like any relying party)."""

    stack: Stack = field(repr=False)
    client_id: str
    redirect_uri: str
    auth_method: str = "client_secret_basic"
    secret: str | None = field(default=None, repr=False)
    private_jwk: dict[str, Any] | None = field(default=None, repr=False)
    post_logout_uri: str | None = None
    scope: str = "openid profile email academie electeur"
    http: requests.Session = field(default_factory=http_session, repr=False)

    @property
    def issuer(self) -> str:
        return self.stack.idp_url

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}/oidc/token"

    def request_params(self, **overrides: str | None) -> tuple[dict[str, str], str]:
        """A complete authorization request; an override of ``None`` removes the parameter."""
        verifier, challenge = pkce_pair()
        params: dict[str, str | None] = {
            "response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
            "scope": self.scope, "state": secrets.token_urlsafe(16), "nonce": secrets.token_urlsafe(16),
            "code_challenge": challenge, "code_challenge_method": "S256", **overrides}
        return {k: v for k, v in params.items() if v is not None}, verifier

    def client_assertion(self, **claims: Any) -> str:
        """A ``private_key_jwt`` assertion (RFC 7523 §3) signed with this client's key."""
        assert self.private_jwk is not None
        key = KeySet.import_key_set({"keys": [self.private_jwk]}).keys[0]
        now = int(time.time())
        body = {"iss": self.client_id, "sub": self.client_id, "aud": self.token_endpoint,
                "jti": secrets.token_urlsafe(16), "iat": now, "exp": now + 60, **claims}
        header = {"alg": self.private_jwk["alg"], "kid": self.private_jwk["kid"]}
        return jwt.encode(header, {k: v for k, v in body.items() if v is not None}, key,
                          algorithms=[self.private_jwk["alg"]])

    def authenticate(self, data: dict[str, str], method: str | None = None,
                     secret: str | None = None) -> tuple[dict[str, str], tuple[str, str] | None]:
        """The form and Basic credentials of a token request with ``method``."""
        method = method or self.auth_method
        secret = self.secret if secret is None else secret
        form = dict(data)
        if method == "client_secret_basic":
            return form, (self.client_id, secret or "")
        if method == "client_secret_post":
            form.update(client_id=self.client_id, client_secret=secret or "")
        elif method == "private_key_jwt":
            form.update(client_assertion_type="urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        client_assertion=self.client_assertion())
        return form, None

    def token_request(self, data: dict[str, str], *, method: str | None = None,
                      secret: str | None = None) -> requests.Response:
        form, basic = self.authenticate(data, method, secret)
        return self.http.post(self.token_endpoint, data=form, auth=basic, timeout=10)

    def redeem(self, authorization: Authorization, **overrides: str | None) -> requests.Response:
        """Exchange the code of ``authorization`` (with its PKCE verifier) at the token endpoint."""
        data: dict[str, str | None] = {
            "grant_type": "authorization_code", "code": authorization.code,
            "redirect_uri": authorization.params["redirect_uri"], "code_verifier": authorization.verifier,
            **overrides}
        return self.token_request({k: v for k, v in data.items() if v is not None})

    def tokens(self, authorization: Authorization) -> dict[str, Any]:
        response = self.redeem(authorization)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def userinfo(self, access_token: str, method: str = "GET") -> requests.Response:
        return self.http.request(method, f"{self.issuer}/oidc/userinfo", timeout=10,
                                  headers={"Authorization": f"Bearer {access_token}"})


class Browser:
    """A user agent with its own cookies; redirects are followed only where a test asks."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.http = http_session()
        self.last_url = stack.idp_url

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        self.last_url = url
        return self.http.get(url, allow_redirects=False, timeout=10, **kwargs)

    def post(self, url: str, data: dict[str, str], *, referer: str | None = None) -> requests.Response:
        headers = {"Referer": referer or self.last_url}
        return self.http.post(url, data=data, headers=headers, allow_redirects=False, timeout=10)

    def submit(self, url: str, data: dict[str, str]) -> requests.Response:
        """GET the page of a form, then POST it with the page's CSRF token and its URL as Referer."""
        page = self.get(url)
        assert page.status_code == 200, (url, page.status_code)
        return self.submit_page(page, url, data)

    def submit_page(self, page: requests.Response, url: str, data: dict[str, str]) -> requests.Response:
        match = CSRF.search(page.text)
        assert match, f"pas de jeton CSRF dans {url}"
        return self.post(url, {"csrf_token": match.group(1), **data}, referer=url)

    def follow(self, response: requests.Response, *, within: str | None = None) -> requests.Response:
        """Follow redirects while they stay on ``within`` (the portal by default)."""
        origin = within or self.stack.idp_url
        while response.status_code in (301, 302, 303, 307, 308):
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(origin + "/"):
                break
            response = self.get(target)
        return response

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> requests.Response:
        """Identifier + CAPTCHA, then the Élections password; follow to wherever the portal sends."""
        identifier = f"{self.stack.idp_url}/portail/connexion"
        answer = self.submit(identifier, {"identifiant": email, "captcha": TEST_CAPTCHA})
        assert answer.status_code == 303, answer.text[:500]
        answer = self.submit(f"{self.stack.idp_url}/portail/mot-de-passe", {"mot_de_passe": password})
        assert answer.status_code == 303, answer.text[:500]
        return self.follow(answer)

    def authorize(self, client: RelyingParty, *, method: str = "GET",
                  **overrides: str | None) -> Authorization:
        """Send an authorization request and follow the portal's own redirects."""
        params, verifier = client.request_params(**overrides)
        url = f"{self.stack.idp_url}/oidc/authorize"
        if method == "POST":
            response = self.post(url, params)
        else:
            response = self.get(url, params=params)
        return Authorization(params, verifier, self.follow(response))

    def resume(self, authorization: Authorization, response: requests.Response) -> Authorization:
        """The same authorization after an interaction (sign-in, step-up) answered ``response``."""
        return Authorization(authorization.params, authorization.verifier, self.follow(response))

    def with_same_portal_session(self) -> Browser:
        """Another browser holding only this one's portal session cookie (no voting session)."""
        other = Browser(self.stack)
        for cookie in self.http.cookies:
            if cookie.name == PORTAL_COOKIE:
                other.http.cookies.set_cookie(copy.copy(cookie))
        return other

    # -- the voting space, a relying party we did not drive by hand --------------------------------
    def voting_callback_url(self) -> str:
        """Start the voting space's sign-in and cross the portal; the callback URL, not yet opened."""
        start = self.get(f"{self.stack.voting_url}/connexion")
        assert start.status_code == 303, start.status_code
        at_portal = self.follow(self.get(start.headers["Location"]))
        callback = at_portal.headers.get("Location", "")
        assert callback.startswith(f"{self.stack.voting_url}/auth/portail/callback?"), callback
        return callback

    def enter_voting_space(self) -> requests.Response:
        """The whole single sign-on into the voting space (the portal session must exist)."""
        answer = self.get(self.voting_callback_url())
        assert answer.status_code == 303, answer.text[:500]
        return answer

    def has_voting_session(self) -> bool:
        """The voting space's home sends a visitor without a session to its sign-in."""
        home = self.get(f"{self.stack.voting_url}/")
        if home.status_code in (302, 303):
            return not home.headers["Location"].endswith("/connexion")
        assert home.status_code == 200, home.status_code
        return True


@dataclass
class RegisteredClients:
    """The relying parties registered for a protocol session, one per client authentication."""

    basic: RelyingParty  # client_secret_basic, ES256 ID tokens, a post-logout URI
    post: RelyingParty  # client_secret_post, RS256 ID tokens
    jwt: RelyingParty  # private_key_jwt with its own ES256 key


def _register(stack: Stack, args: list[str], secret: str | None) -> subprocess.Popen[bytes]:
    environ = {**stack.environ, "TEST_CLIENT_SECRET": secret or ""}
    command = [sys.executable, "-m", "idp", "register-client", *args]
    if secret:
        command += ["--secret-env", "TEST_CLIENT_SECRET"]
    return subprocess.Popen(command, cwd=ROOT, env=environ, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def register_test_clients(stack: Stack) -> RegisteredClients:
    """Register three clients with ``python -m idp register-client``, the operators' command.

    Their redirect URIs are on a port nobody listens to: tests read the ``Location`` header of the
    redirect to the client and never follow it.
    """
    base = f"https://localhost:{free_port()}"
    key = ECKey.generate_key("P-256")
    private_jwk = {**key.as_dict(private=True), "kid": key.thumbprint(), "alg": "ES256"}
    public = {"keys": [{**key.as_dict(private=False), "kid": key.thumbprint(), "alg": "ES256",
                        "use": "sig"}]}
    jwks_file = stack.data_dir / "rp-jwt.jwks.json"
    jwks_file.write_text(json.dumps(public))
    basic = RelyingParty(stack, "rp-basic", f"{base}/cb", secret=secrets.token_urlsafe(32),
                         post_logout_uri=f"{base}/apres-deconnexion")
    post = RelyingParty(stack, "rp-post", f"{base}/cb-post", "client_secret_post",
                        secret=secrets.token_urlsafe(32))
    jwt_client = RelyingParty(stack, "rp-jwt", f"{base}/cb-jwt", "private_key_jwt",
                              private_jwk=private_jwk)
    running = [
        _register(stack, ["--client-id", basic.client_id, "--name", "RP de test (basic)",
                          "--redirect-uri", basic.redirect_uri, "--redirect-uri", f"{base}/cb?depuis=portail",
                          "--post-logout-uri", str(basic.post_logout_uri)], basic.secret),
        _register(stack, ["--client-id", post.client_id, "--name", "RP de test (post, RS256)",
                          "--auth-method", "client_secret_post", "--alg", "RS256",
                          "--redirect-uri", post.redirect_uri], post.secret),
        _register(stack, ["--client-id", jwt_client.client_id, "--name", "RP de test (private_key_jwt)",
                          "--auth-method", "private_key_jwt", "--jwks-file", str(jwks_file),
                          "--redirect-uri", jwt_client.redirect_uri], None),
    ]
    for process in running:
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 0, output.decode()
    return RegisteredClients(basic, post, jwt_client)
