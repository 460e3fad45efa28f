"""Registered clients, authorization codes and issued tokens of the portal's provider."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base

AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt")


class OidcClient(Base):
    """A relying party, registered by the CLI (never a hard-coded secret)."""

    __tablename__ = "oidc_clients"
    client_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_digest: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of a random secret
    auth_method: Mapped[str] = mapped_column(String(30))
    redirect_uris: Mapped[str] = mapped_column(Text)  # JSON list, compared as exact strings
    post_logout_redirect_uris: Mapped[str] = mapped_column(Text)  # JSON list
    backchannel_logout_uri: Mapped[str | None] = mapped_column(String(500))
    jwks: Mapped[str | None] = mapped_column(Text)  # JSON public JWKS for private_key_jwt
    scope: Mapped[str] = mapped_column(String(300))
    id_token_alg: Mapped[str] = mapped_column(String(10))

    # -- authlib ClientMixin ---------------------------------------------------------------------
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None  # redirect_uri is always required (OIDC Core 3.1.2.1)

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.scope.split())
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # RFC 9700 §4.1.3: exact string comparison, no pattern, no normalisation.
        return redirect_uri in self.redirect_uri_list

    def check_client_secret(self, client_secret: str) -> bool:
        if not self.secret_digest:
            return False
        digest = hashlib.sha256(client_secret.encode()).hexdigest()
        return hmac.compare_digest(digest, self.secret_digest)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint != "token" or method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"

    # -- helpers ---------------------------------------------------------------------------------
    @property
    def redirect_uri_list(self) -> list[str]:
        return list(json.loads(self.redirect_uris))

    @property
    def post_logout_uri_list(self) -> list[str]:
        return list(json.loads(self.post_logout_redirect_uris))

    @property
    def id_token_signed_response_alg(self) -> str:
        return self.id_token_alg


class AuthorizationCode(Base):
    """A code: stored as its SHA-256, single use, 60 s, bound to client and redirect URI."""

    __tablename__ = "oidc_codes"
    # The nonce-replay check and the purge read by these (migration 0005): their cost stays flat
    # however many codes the election has issued.
    __table_args__ = (Index("ix_oidc_codes_client_nonce", "client_id", "nonce"),
                      Index("ix_oidc_codes_expires_at", "expires_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("oidc_clients.client_id"))
    redirect_uri: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(300))
    nonce: Mapped[str | None] = mapped_column(String(500))
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(10))
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    sid: Mapped[str] = mapped_column(String(64))
    auth_time: Mapped[int]
    acr: Mapped[str] = mapped_column(String(100))
    amr: Mapped[str] = mapped_column(String(100))  # space separated
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    # -- authlib AuthorizationCodeMixin ------------------------------------------------------------
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return self.amr.split()


class IssuedToken(Base):
    """What was issued from a code (by its jti), so a replayed code can revoke it (RFC 9700 §4.5)."""

    __tablename__ = "oidc_tokens"
    __table_args__ = (Index("ix_oidc_tokens_expires_at", "expires_at"),)
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    code_id: Mapped[int | None] = mapped_column(ForeignKey("oidc_codes.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(100))
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    scope: Mapped[str] = mapped_column(String(300))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
