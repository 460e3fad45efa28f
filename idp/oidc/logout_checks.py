"""The checks of an RP-initiated logout request (OIDC RP-Initiated Logout 1.0 §2–§3), small and
named in specification order as authorize's are (``checks.py``), each noted in the trace. Pages,
the confirmation form and its CSRF token stay in ``logout.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import current_app
from joserfc.errors import JoseError

from idp.context import idp
from idp.oidc.clients import find_client
from shared.oidc.jwt import verify
from shared.trace.jwt_view import CheckLog

MAX_VALUE = 4096  # characters per parameter


class LogoutRefused(Exception):
    """A logout request refused with a 400 page; nothing is signed out."""

    message = ""

    def __init__(self) -> None:
        super().__init__(self.message)


class RepeatedOrLong(LogoutRefused):
    message = "Paramètres répétés ou trop longs."


class ForgedHint(LogoutRefused):
    message = "Le jeton id_token_hint est invalide."


class HintForAnotherClient(LogoutRefused):
    message = "id_token_hint n'a pas été émis pour ce client."


class UnregisteredReturn(LogoutRefused):
    message = "L'adresse de retour après déconnexion n'est pas enregistrée pour ce client."


@dataclass
class LogoutRequest:
    """A logout request as its checks find it: the hint's claims, the client, where to return."""

    params: dict[str, str]
    hint: dict[str, object] | None = None
    client_id: str | None = None
    target: str | None = None


LogoutCheck = Callable[[LogoutRequest, Mapping[str, list[str]]], None]


def single_short_values(request: LogoutRequest, raw: Mapping[str, list[str]]) -> None:
    """Each parameter once (RFC 6749 §3.1, as at authorize), none over 4096 characters."""
    if any(len(v) > 1 for v in raw.values()) or any(len(v) > MAX_VALUE for v in request.params.values()):
        raise RepeatedOrLong()


def id_token_hint_ours(request: LogoutRequest, raw: Mapping[str, list[str]]) -> None:
    """RP-Initiated Logout §2: the hint is an ID token we signed (an expired one is fine)."""
    if request.params.get("id_token_hint"):
        request.hint = _hint_claims(request.params["id_token_hint"])
        if request.hint is None:
            raise ForgedHint()


def hint_for_the_client(request: LogoutRequest, raw: Mapping[str, list[str]]) -> None:
    """RP-Initiated Logout §2: with both, ``client_id`` must be the hint's audience."""
    named = request.params.get("client_id")
    if request.hint and named and request.hint.get("aud") != named:
        raise HintForAnotherClient()
    request.client_id = named or (str(request.hint["aud"]) if request.hint else None)


def registered_post_logout_uri(request: LogoutRequest, raw: Mapping[str, list[str]]) -> None:
    """RP-Initiated Logout §3: the return address is one the client registered, as an exact string."""
    target = request.params.get("post_logout_redirect_uri")
    if target:
        client = find_client(request.client_id) if request.client_id else None
        if client is None or target not in client.post_logout_uri_list:
            raise UnregisteredReturn()
    request.target = target


LOGOUT_CHECKS: tuple[LogoutCheck, ...] = (single_short_values, id_token_hint_ours, hint_for_the_client,
                                          registered_post_logout_uri)


def validate(raw: Mapping[str, list[str]], log: CheckLog | None = None) -> LogoutRequest:
    """Run every check in order; raise the first :class:`LogoutRefused`. ``log`` notes each check
    by name, passed or refused, as authorize's checks are (``checks.validate``)."""
    request = LogoutRequest(params={k: v[0] for k, v in raw.items() if v})
    (log or CheckLog()).run(LOGOUT_CHECKS, request, raw)
    return request


def _hint_claims(hint: str) -> dict[str, object] | None:
    """The claims of an ID token we signed (an expired one is fine as a hint), or None if forged."""
    try:
        decoded = verify(hint, current_app.extensions["keyring"].public_keys())
    except (JoseError, ValueError):
        return None
    if decoded.header.get("typ") != "JWT":  # RFC 8725 §3.11: not an access or logout token
        return None
    body = dict(decoded.claims)
    return body if body.get("iss") == idp().settings.public_url else None
