"""The checks of an authorization request, small and named, in specification order.

OIDC Core 1.0 §3.1.2.1–3.1.2.2 and RFC 6749 §4.1.1, hardened by RFC 9700 (exact redirect URI,
PKCE S256 required). The first three checks decide whether an error may be redirected at all;
every later error goes back to the validated redirect URI with ``state`` and ``iss``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from idp.oidc.clients import find_client
from idp.oidc.models import OidcClient
from shared.oidc.acr import ACR_LEVELS, ACR_PASSWORD
from shared.oidc.errors import (
    AccountSelectionRequired,
    ConsentRequired,
    InvalidClient,
    InvalidRedirectUri,
    InvalidRequest,
    InvalidScope,
    OidcError,
    RequestNotSupported,
    RequestUriNotSupported,
    UnsupportedResponseType,
)
from shared.trace.jwt_view import CheckLog

# The prompts the portal honours (discovery advertises these alone). ``consent`` and
# ``select_account`` need screens it does not have: OIDC Core §3.1.2.1 says an OP that cannot
# obtain them MUST return an error, the one §3.1.2.6 names.
PROMPTS = {"none", "login"}
UNHONOURED_PROMPTS: dict[str, type[OidcError]] = {"consent": ConsentRequired,
                                                  "select_account": AccountSelectionRequired}
RESPONSE_MODES = {"query"}
MAX_LENGTH = {"state": 512, "nonce": 512, "login_hint": 254, "scope": 300, "redirect_uri": 500,
              "client_id": 100, "acr_values": 300, "code_challenge": 128, "max_age": 10}
SINGLE = ("client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "prompt",
          "max_age", "login_hint", "acr_values", "code_challenge", "code_challenge_method")


@dataclass
class AuthorizationRequest:
    """A validated authorization request: what the rest of the provider may rely on."""

    params: dict[str, str]
    client: OidcClient | None = None
    errors_redirect_to: str | None = None  # set once the redirect URI is validated
    prompts: set[str] = field(default_factory=set)
    max_age: int | None = None
    acr: str = ACR_PASSWORD

    @property
    def state(self) -> str | None:
        return self.params.get("state")


Check = Callable[[AuthorizationRequest, Mapping[str, list[str]]], None]


def single_values(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """RFC 6749 §3.1: parameters MUST NOT be included more than once."""
    for name in SINGLE:
        if len(raw.get(name, [])) > 1:
            raise InvalidRequest(f"Le paramètre « {name} » est répété.")


def known_client(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    client_id = request.params.get("client_id", "")
    client = find_client(client_id) if 0 < len(client_id) <= MAX_LENGTH["client_id"] else None
    if client is None:
        raise InvalidClient()
    request.client = client


def registered_redirect_uri(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """RFC 9700 §4.1.3: the redirect URI is compared with the registered ones as exact strings."""
    assert request.client is not None
    redirect_uri = request.params.get("redirect_uri")
    if not redirect_uri:
        raise InvalidRedirectUri("Le paramètre redirect_uri est obligatoire.")
    if not request.client.check_redirect_uri(redirect_uri):
        raise InvalidRedirectUri()
    request.errors_redirect_to = redirect_uri


def sane_lengths(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    for name, limit in MAX_LENGTH.items():
        if len(request.params.get(name, "")) > limit:
            raise InvalidRequest(f"Le paramètre « {name} » dépasse {limit} caractères.")


def no_request_objects(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    if "request" in request.params:
        raise RequestNotSupported()
    if "request_uri" in request.params:
        raise RequestUriNotSupported()


def code_response_type(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """Authorization code flow only (RFC 9700 §2.1.2: no implicit, no hybrid); a missing
    ``response_type`` is a missing required parameter (RFC 6749 §4.1.2.1: ``invalid_request``)."""
    if not request.params.get("response_type"):
        raise InvalidRequest("Le paramètre « response_type » est obligatoire.")
    if request.params["response_type"] != "code":
        raise UnsupportedResponseType()


def query_response_mode(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """OIDC Core §3.1.2.1 ``response_mode`` (OAuth 2.0 Multiple Response Type Encoding Practices
    §2.1): only ``query`` is offered, so another mode is refused (RFC 6749 §4.1.2.1: an
    unsupported parameter value is ``invalid_request``), never silently answered in the query."""
    if request.params.get("response_mode", "query") not in RESPONSE_MODES:
        raise InvalidRequest("Seul le mode de réponse « query » est pris en charge.")


def openid_scope(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    if "openid" not in request.params.get("scope", "").split():
        raise InvalidScope()


def pkce_s256(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """RFC 9700 §2.1.1: PKCE for every client; ``plain`` refused (§4.8.2: no downgrade)."""
    if not request.params.get("code_challenge"):
        raise InvalidRequest("PKCE est obligatoire : code_challenge manquant.")
    if request.params.get("code_challenge_method") != "S256":
        raise InvalidRequest("Seule la méthode PKCE « S256 » est acceptée.")


def valid_prompt(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """OIDC Core §3.1.2.1: known values, ``none`` alone; those the portal cannot honour refused."""
    prompts = set(request.params.get("prompt", "").split())
    if not prompts <= PROMPTS | UNHONOURED_PROMPTS.keys():
        raise InvalidRequest("Valeur de « prompt » inconnue.")
    if "none" in prompts and len(prompts) > 1:
        raise InvalidRequest("« prompt=none » ne se combine avec aucune autre valeur.")
    for prompt, refusal in UNHONOURED_PROMPTS.items():
        if prompt in prompts:
            raise refusal()
    request.prompts = prompts


def valid_max_age(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    value = request.params.get("max_age")
    if value is None:
        return
    if not value.isdigit():
        raise InvalidRequest("« max_age » doit être un nombre entier de secondes.")
    request.max_age = int(value)


def requested_acr(request: AuthorizationRequest, raw: Mapping[str, list[str]]) -> None:
    """The lowest known level among ``acr_values`` (unknown values are ignored, OIDC Core §5.5.1.1)."""
    asked = [v for v in request.params.get("acr_values", "").split() if v in ACR_LEVELS]
    request.acr = min(asked, key=ACR_LEVELS.index) if asked else ACR_PASSWORD


CHECKS: tuple[Check, ...] = (
    single_values, known_client, registered_redirect_uri, sane_lengths, no_request_objects,
    code_response_type, query_response_mode, openid_scope, pkce_s256, valid_prompt, valid_max_age,
    requested_acr,
)


def validate(raw: Mapping[str, list[str]], log: CheckLog | None = None) -> AuthorizationRequest:
    """Run every check; raise the first :class:`OidcError`, with where it may be redirected.
    ``log`` notes each check by name, passed or refused (the trace shows them to a reviewer)."""
    request = AuthorizationRequest(params={k: v[0] for k, v in raw.items() if v})
    log = log or CheckLog()
    for check in CHECKS:
        try:
            with log.check(check.__name__):
                check(request, raw)
        except OidcError as error:
            error.redirect_uri = request.errors_redirect_to if error.may_redirect else None  # type: ignore[attr-defined]
            error.state = request.state  # type: ignore[attr-defined]
            raise
    return request

