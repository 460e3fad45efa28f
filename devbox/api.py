"""JSON API of devbox: the SMS gateway the services call, and the listing read by the tests."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any, cast

from flask import Blueprint, Response, current_app, jsonify, request

from devbox.store import KINDS, STORE_KEY, Kind, MessageStore

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_SMS_TEXT = 1600  # ten concatenated GSM-7 segments: what SMS gateways commonly accept
MAX_SENDER = 64
MAX_LISTED = 500
DEFAULT_SMS_SENDER = "Elections"
# E.164 (ITU-T): up to 15 digits, optional leading "+"; a real gateway refuses anything else.
PHONE_PATTERN = re.compile(r"\+?[0-9]{4,15}")


class ApiError(Exception):
    """A request the API refuses; ``message`` is French, shown to the calling developer."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidToken(ApiError):
    """Missing or wrong bearer token on the SMS gateway (RFC 6750 section 3)."""

    status = 401


@dataclass(frozen=True)
class SmsRequest:
    """A validated SMS submission."""

    to: str
    text: str
    sender: str


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> tuple[Response, int]:
    response = jsonify(error=error.message)
    if isinstance(error, InvalidToken):
        response.headers["WWW-Authenticate"] = 'Bearer realm="devbox"'
    return response, error.status


def _store() -> MessageStore:
    return cast(MessageStore, current_app.extensions[STORE_KEY])


def check_token(expected: str, authorization: str | None) -> None:
    """Require ``Bearer <expected>`` when a token is configured (constant-time comparison)."""
    if not expected:
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), expected):
        raise InvalidToken("Jeton d'accès manquant ou invalide.")


def parse_sms(payload: Any) -> SmsRequest:
    """Validate the JSON body of ``POST /api/sms``, field by field."""
    if not isinstance(payload, dict):
        raise ApiError("Le corps de la requête doit être un objet JSON.")
    to = _text_field(payload, "to", 20)
    if not PHONE_PATTERN.fullmatch(to):
        raise ApiError("Le champ « to » doit être un numéro au format international (+33…).")
    text = _text_field(payload, "text", MAX_SMS_TEXT)
    sender = DEFAULT_SMS_SENDER
    if payload.get("sender") is not None:
        sender = _text_field(payload, "sender", MAX_SENDER)
    return SmsRequest(to=to, text=text, sender=sender)


def _text_field(payload: dict[str, Any], name: str, max_length: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(f"Le champ « {name} » est obligatoire (texte non vide).")
    if len(value) > max_length:
        raise ApiError(f"Le champ « {name} » dépasse {max_length} caractères.")
    return value.strip()


def _kind_filter(raw: str | None) -> Kind | None:
    if raw in (None, ""):
        return None
    if raw not in KINDS:
        raise ApiError("Le paramètre « kind » doit valoir « mail » ou « sms ».")
    return cast(Kind, raw)


@bp.post("/sms")
def receive_sms() -> tuple[Response, int]:
    """The development SMS gateway: store the SMS instead of sending it."""
    check_token(current_app.config["SMS_API_TOKEN"], request.headers.get("Authorization"))
    sms = parse_sms(request.get_json(silent=True))
    (message,) = _store().add("sms", sms.sender, [sms.to], sms.text)
    return jsonify(id=message.id, status="accepted"), 201


@bp.get("/messages")
def list_messages() -> Response:
    """Caught messages, newest first, optionally for one recipient (``to``) or ``kind``."""
    kind = _kind_filter(request.args.get("kind"))
    recipient = request.args.get("to")
    store = _store()
    if recipient:
        messages = store.list_for(recipient, kind, limit=MAX_LISTED)
    else:
        messages = store.list_all(kind, limit=MAX_LISTED)
    return jsonify(messages=[message.to_dict() for message in messages])


@bp.delete("/messages")
def clear_messages() -> Response:
    """Empty the inbox, so each test starts from nothing."""
    return jsonify(deleted=_store().clear())
