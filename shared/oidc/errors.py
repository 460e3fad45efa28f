"""One exception class per protocol failure (STYLE rule 7).

Each carries the OAuth ``error`` code, the HTTP status, and whether it may be sent back to the
client's redirect URI. An error may only redirect once the client and its redirect URI have
been validated (RFC 6749 §4.1.2.1); before that it is shown as a page, never an open redirect.
"""

from __future__ import annotations

import re
import unicodedata

# RFC 6749 §4.1.2.1 / §5.2 and RFC 6750 §3: error_description is ASCII without '"' and '\\'.
_DESCRIPTION_CHARS = frozenset(chr(c) for c in range(0x20, 0x7F)) - {'"', "\\"}


def protocol_description(text: str) -> str:
    """``text`` as an OAuth ``error_description`` may carry it: accents dropped, « » as quotes.

    The French sentence with its accents stays on the pages people read; the protocol field
    that a client parses must keep to the RFC's character set (authlib refuses anything else).
    """
    quoted = re.sub(r"\s*»", "'", re.sub(r"«\s*", "'", text)).replace("\u2019", "'")
    folded = unicodedata.normalize("NFKD", quoted)
    return "".join(c for c in folded if c in _DESCRIPTION_CHARS).strip()


class OidcError(Exception):
    error = "invalid_request"
    status = 400
    may_redirect = True
    description = "La requête est invalide."

    def __init__(self, description: str | None = None) -> None:
        super().__init__(description or self.description)
        self.description = description or self.description


class InvalidRequest(OidcError):
    pass


class InvalidClient(OidcError):
    error = "invalid_client"
    status = 400
    may_redirect = False
    description = "Le client (application) est inconnu."


class InvalidRedirectUri(OidcError):
    error = "invalid_request"
    may_redirect = False
    description = "L'adresse de retour (redirect_uri) n'est pas enregistrée pour ce client."


class UnsupportedResponseType(OidcError):
    error = "unsupported_response_type"
    description = "Seul le flux « code » est pris en charge."


class InvalidScope(OidcError):
    error = "invalid_scope"
    description = "La portée demandée doit contenir « openid »."


class RequestNotSupported(OidcError):
    error = "request_not_supported"
    description = "Les objets de requête (request) ne sont pas pris en charge."


class RequestUriNotSupported(OidcError):
    error = "request_uri_not_supported"
    description = "Les objets de requête par référence (request_uri) ne sont pas pris en charge."


class LoginRequired(OidcError):
    error = "login_required"
    description = "Aucune session n'est ouverte sur le portail Élections."


class ConsentRequired(OidcError):
    error = "consent_required"
    description = "Le portail ne présente pas d'écran de consentement (prompt=consent)."


class AccountSelectionRequired(OidcError):
    error = "account_selection_required"
    description = "Le portail ne présente pas de choix de compte (prompt=select_account)."


class AccessDenied(OidcError):
    error = "access_denied"
    description = "L'authentification a été annulée."


class InvalidToken(OidcError):
    error = "invalid_token"
    status = 401
    may_redirect = False
    description = "Le jeton d'accès est absent, invalide ou expiré."
