"""One OpenID provider as the voting space sees it: discovery, JWKS, authorize URL, code exchange.

Discovery is fetched once and cached; the JWKS is cached and refetched once when a token names
an unknown ``kid`` (key rotation), never more than once per 30 s. HTTPS to the provider trusts
the configured CA bundle, never "verify=False", and passes it on every request: a session-level
``verify`` loses to REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE in the environment (requests' rule).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session

from shared.trace import trace_response
from voting_rp.auth.errors import LoginError

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
        self._http = requests.Session()
        self._http.verify = config.verify
        self._http.hooks["response"].append(trace_response)  # discovery and JWKS fetches
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._jwks: dict[str, Any] | None = None
        self._last_refetch = -float(JWKS_MIN_REFETCH_SECONDS)  # refetches for unknown kids only

    @property
    def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            with self._lock:
                if self._metadata is None:
                    response = self._http.get(self.config.discovery_url, timeout=10,
                                              verify=self.config.verify)
                    response.raise_for_status()
                    self._metadata = response.json()
        return self._metadata

    @property
    def issuer(self) -> str:
        return str(self.metadata["issuer"])

    def jwks(self, refetch: bool = False) -> dict[str, Any]:
        """The cached JWKS; ``refetch`` (an unknown kid) fetches again at most once per 30 s, so
        forged kids cannot turn the voting space into a flood of requests to the provider."""
        too_soon = time.monotonic() - self._last_refetch < JWKS_MIN_REFETCH_SECONDS
        if self._jwks is None or (refetch and not too_soon):
            if self._jwks is not None:
                self._last_refetch = time.monotonic()
            response = self._http.get(self.metadata["jwks_uri"], timeout=10, verify=self.config.verify)
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
        """Redeem the code at the token endpoint with PKCE and the configured client authentication."""
        client = OAuth2Session(self.config.client_id, self.config.client_secret,
                               token_endpoint_auth_method=self.config.auth_method,
                               redirect_uri=self.config.redirect_uri)
        client.hooks["response"].append(trace_response)  # the token request as sent, redacted
        try:
            verifier = {"code_verifier": code_verifier} if self.config.pkce else {}
            return dict(client.fetch_token(self.metadata["token_endpoint"], code=code,
                                           grant_type="authorization_code", timeout=10,
                                           verify=self.config.verify, **verifier))
        except AuthlibBaseError as error:  # the requests client raises OAuthError, not OAuth2Error
            raise LoginError(f"échange du code refusé ({error.error})") from error
        except requests.RequestException as error:
            raise LoginError(f"fournisseur injoignable ({type(error).__name__})") from error

    def end_session_url(self) -> str | None:
        return self.metadata.get("end_session_endpoint")
