"""One exception class per failure, each with its OAuth error, HTTP status, Y-code and form.

``form`` says how the real service answers: ``page`` (the HTML error page with "code erreur"
and "id erreur", no redirect: the redirect URI is not trusted yet), ``redirect`` (back to the
validated redirect URI with ``error``), ``json`` (token, userinfo, revocation). Codes marked
``confirmed`` come from the reference sheet; the others were chosen by the mock in the same
shape (``Y`` + 2-digit scope + 4 characters) and are listed in docs/franceconnect-mock.md.
"""

from __future__ import annotations

from typing import ClassVar


class FcError(Exception):
    """A refusal the real FranceConnect would give, with what the mock needs to render it."""

    error: ClassVar[str] = "invalid_request"
    status: ClassVar[int] = 400
    y_code: ClassVar[str] = "Y000000"
    form: ClassVar[str] = "page"
    confirmed: ClassVar[bool] = False
    description: ClassVar[str] = "invalid request"
    message: ClassVar[str] = ("Une erreur technique est survenue. Si le problème persiste, "
                              "veuillez nous contacter.")

    def __init__(self, detail: str | None = None, *, code: str | None = None) -> None:
        super().__init__(detail or self.description)
        self.detail = detail or self.description
        self.code = code or self.y_code
        # Set once the redirect URI is validated; only then may an error go back to the client.
        self.redirect_uri: str | None = None
        self.state: str | None = None

    @property
    def redirects(self) -> bool:
        return self.form == "redirect"


# -- /authorize: HTML page, no redirect --------------------------------------------------------
class InvalidAuthorizeRequest(FcError):
    y_code, confirmed = "Y030007", True
    description = "invalid authorize request"


class UnknownClient(FcError):
    error, y_code, confirmed = "invalid_client", "Y04EA6EF", True
    description = "client is invalid"


class RedirectUriNotRegistered(FcError):
    error, y_code, confirmed = "invalid_redirect_uri", "Y04C013C", True
    description = "redirect_uri did not match any of the client's registered redirect_uris"


class AmrNotAllowed(FcError):
    y_code, confirmed = "Y100009", True
    description = "the amr claim is not allowed for this service provider"


class UnknownIdpHint(FcError):
    y_code = "Y030118"
    description = "idp_hint does not designate an identity provider available to this service provider"


# -- /authorize: back to the client --------------------------------------------------------------
class RedirectError(FcError):
    form = "redirect"


class UnsupportedResponseType(RedirectError):
    error, y_code = "unsupported_response_type", "Y0436D1E"
    description = "unsupported response_type requested"


class OpenidScopeMissing(RedirectError):
    y_code = "Y04F5A2B"
    description = "openid scope must be requested when using the authorization code flow"


class ScopeNotAllowed(RedirectError):
    error, y_code = "invalid_scope", "Y04E9C61"
    description = "requested scope is not allowed for this client"


class AcrNotOffered(RedirectError):
    error, y_code = "invalid_acr", "Y0407C1B"
    description = "invalid acr_values"


class PromptNotAllowed(RedirectError):
    y_code = "Y0418B44"
    description = "requested prompt is not allowed for this client"


class AccessDenied(RedirectError):
    error, y_code = "access_denied", "Y030106"
    description = "User auth aborted"


# -- FranceConnect's own pages during the interaction ------------------------------------------
class SessionNotFound(FcError):
    y_code = "Y150001"
    description = "session not found"
    message = ("Votre session a expiré ou n'existe pas. Fermez l'onglet de votre navigateur et "
               "reconnectez-vous depuis le site du service.")


class IdentityProviderFailed(FcError):
    """The identity provider misbehaved (failure logins): the code comes from the scenario file."""

    y_code = "Y020000"
    description = "identity provider failure"


class UnknownIdentityProvider(FcError):
    y_code = "Y020023"
    description = "identity provider not available for this service provider"


# -- /token and /token/revocation: JSON -------------------------------------------------------
class JsonError(FcError):
    form = "json"


class ClientAuthenticationFailed(JsonError):
    error, status, y_code = "invalid_client", 401, "Y04D3E2A"
    description = "client authentication failed"


class BasicAuthenticationRefused(JsonError):
    error, status, y_code = "invalid_client", 401, "Y04D3E2B"
    description = ("client authentication failed: client_secret_basic is not accepted, "
                   "use client_secret_post or private_key_jwt")


class MalformedTokenRequest(JsonError):
    y_code = "Y04A0B31"
    description = "invalid token request"


class UnsupportedGrantType(JsonError):
    error, y_code = "unsupported_grant_type", "Y04A0B32"
    description = "unsupported grant_type requested"


class CodeNotFound(JsonError):
    error, y_code = "invalid_grant", "Y04B1C01"
    description = "grant request is invalid (authorization code not found)"


class CodeAlreadyUsed(JsonError):
    error, y_code = "invalid_grant", "Y04B1C02"
    description = "grant request is invalid (authorization code not found)"


class CodeNotForThisClient(JsonError):
    error, y_code = "invalid_grant", "Y04B1C03"
    description = "grant request is invalid (client mismatch)"


class RedirectUriMismatch(JsonError):
    error, y_code = "invalid_grant", "Y04B1C04"
    description = "grant request is invalid (redirect_uri mismatch)"


class EncryptionKeyUnavailable(JsonError):
    """FranceConnect+ only: the client's jwks_uri gave no key to encrypt to."""

    error, status, y_code = "server_error", 500, "Y04F0E01"
    description = "could not encrypt for the client: its jwks_uri gave no usable encryption key"


# -- /userinfo: JSON with WWW-Authenticate ---------------------------------------------------
class MissingAccessToken(JsonError):
    error, status, y_code = "invalid_token", 401, "Y04C2D01"
    description = "no access token provided"


class InvalidAccessToken(JsonError):
    error, status, y_code = "invalid_token", 401, "Y04C2D02"
    description = "invalid token provided"


# -- /session/end: HTML page -------------------------------------------------------------------
class InvalidLogoutRequest(FcError):
    y_code = "Y030008"
    description = "invalid end session request"


class InvalidIdTokenHint(FcError):
    y_code = "Y04E3F01"
    description = "could not validate id_token_hint"


class PostLogoutRedirectUriNotRegistered(FcError):
    y_code = "Y04E3F02"
    description = "post_logout_redirect_uri not registered"

