"""One OpenID provider as the voting space sees it: discovery, JWKS, authorize URL, code exchange.

Discovery is fetched once and cached; the JWKS is cached and refetched once when a token names
an unknown ``kid`` (key rotation), never more than once per 30 s. Every exchange goes through the
provider's one pooled, kept-alive client (voting_rp/oidc/http.py), which trusts the configured CA
bundle and nothing else, never "verify=False".
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.integrations.requests_client.oauth2_session import OAuth2ClientAuth
from authlib.oauth2.client import DEFAULT_HEADERS

from voting_rp.oidc.errors import LoginError
from voting_rp.oidc.http import TIMEOUT, provider_session

JWKS_MIN_REFETCH_SECONDS = 30


@dataclass(frozen=True)
class ProviderConfig:
    name: str  # "portail" or "franceconnect": also the callback path segment (mix-up defence)
    discovery_url: str
    client_id: str
    client_secret: str
    auth_method: str
    redirect_uri: str
    scope: str
    verify: str | bool
    pkce: bool = True  # FranceConnect refuses PKCE parameters; it relies on the client secret
    iss_in_response: bool = True  # RFC 9207; where absent, the per-provider callback is the defence


class Provider:
    def __init__(self, config: ProviderConfig) -> None:
        self.config = config
        self._http = provider_session(config.verify)
        self._client_auth = OAuth2ClientAuth(config.client_id, config.client_secret, config.auth_method)
        self._lock = threading.Lock()
        self._keys_lock = threading.Lock()  # one refetch at a time, whatever the threads
        self._metadata: dict[str, Any] | None = None
        self._jwks: dict[str, Any] | None = None
        self._last_refetch = -float(JWKS_MIN_REFETCH_SECONDS)  # refetches for unknown kids only

    @property
    def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            with self._lock:
                if self._metadata is None:
                    response = self._get(self.config.discovery_url)
                    response.raise_for_status()
                    self._metadata = response.json()
        return self._metadata

    @property
    def issuer(self) -> str:
        return str(self.metadata["issuer"])

    def jwks(self, refetch: bool = False) -> dict[str, Any]:
        """The cached JWKS; ``refetch`` (an unknown kid) fetches again at most once per 30 s, so
        forged kids cannot turn the voting space into a flood of requests to the provider."""
        jwks_uri = self.metadata["jwks_uri"]
        with self._keys_lock:
            too_soon = time.monotonic() - self._last_refetch < JWKS_MIN_REFETCH_SECONDS
            if self._jwks is None or (refetch and not too_soon):
                if self._jwks is not None:
                    self._last_refetch = time.monotonic()
                response = self._get(jwks_uri)
                response.raise_for_status()
                self._jwks = response.json()
            return self._jwks

    def key_for(self, kid: str | None) -> dict[str, Any]:
        """The JWK named ``kid``; refetch the JWKS once if it is unknown (rotation)."""
        for refetch in (False, True):
            for key in self.jwks(refetch=refetch).get("keys", []):
                if key.get("kid") == kid:
                    return dict(key)
        raise LoginError(f"clé de signature inconnue (kid {kid!r})")

    def authorization_url(self, *, state: str, nonce: str, code_verifier: str, **extra: str) -> str:
        pkce = {"code_challenge_method": "S256"} if self.config.pkce else {}
        client = OAuth2Session(self.config.client_id, scope=self.config.scope,
                               redirect_uri=self.config.redirect_uri, **pkce)
        verifier = {"code_verifier": code_verifier} if self.config.pkce else {}
        url, _state = client.create_authorization_url(
            self.metadata["authorization_endpoint"], state=state, nonce=nonce, **verifier, **extra)
        return str(url)

    def exchange(self, code: str, code_verifier: str) -> dict[str, Any]:
        """Redeem the code at the token endpoint with PKCE and the configured client authentication
        (RFC 6749 §4.1.3; authlib adds the client's credentials, §2.3.1)."""
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.config.redirect_uri}
        if self.config.pkce:
            form["code_verifier"] = code_verifier  # RFC 7636 §4.5
        try:
            response = self._http.post(self.metadata["token_endpoint"], data=form, auth=self._client_auth,
                                       headers=DEFAULT_HEADERS, timeout=TIMEOUT, verify=self.config.verify)
        except requests.RequestException as error:
            raise LoginError(f"fournisseur injoignable ({type(error).__name__})") from error
        return token_response(response)

    def userinfo(self, access_token: str) -> requests.Response:
        """GET the UserInfo endpoint with the access token (OIDC Core §5.3.1)."""
        try:
            return self._get(self.metadata["userinfo_endpoint"],
                             headers={"Authorization": f"Bearer {access_token}"})
        except requests.RequestException as error:
            raise LoginError("fournisseur injoignable (userinfo)") from error

    def _get(self, url: str, **kwargs: Any) -> requests.Response:
        # verify is passed per request, where it outranks the environment (requests' rule); the
        # adapter trusts its own context anyway.
        return self._http.get(url, timeout=TIMEOUT, verify=self.config.verify, **kwargs)

    def end_session_url(self) -> str | None:
        return self.metadata.get("end_session_endpoint")


def token_response(response: requests.Response) -> dict[str, Any]:
    """The tokens of a successful response, a JSON object (RFC 6749 §5.1); an error response
    (§5.2) or anything else is a refusal."""
    try:
        tokens = response.json()
    except ValueError:
        tokens = None
    if not isinstance(tokens, dict):
        raise LoginError(f"réponse du point de jeton illisible (HTTP {response.status_code})")
    if response.status_code != 200 or "error" in tokens:
        raise LoginError(f"échange du code refusé ({str(tokens.get('error', response.status_code))[:100]})")
    return tokens
