"""The JSON admin API behind the console, for integrators' CI.

Write requests must be ``application/json``: a cross-site form cannot send that without a CORS
preflight the API never grants, which is what protects the open development console from CSRF.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.wrappers import Response

from franceconnect_mock.clients.registration import RegistrationError
from franceconnect_mock.console import auth, service
from franceconnect_mock.context import fc
from franceconnect_mock.identities.records import IdentityError

bp = Blueprint("fc_api", __name__, url_prefix="/console/api")


def _error(status: int, error: str, **details: Any) -> Response:
    response = jsonify(error=error, **details)
    response.status_code = status
    return response


@bp.before_request
def _guard() -> Response | None:
    if not auth.api_allowed():
        response = _error(401, "unauthorized", message="Authorization: Bearer <FC_CONSOLE_PASSWORD>")
        response.headers["WWW-Authenticate"] = 'Bearer realm="franceconnect-mock-console"'
        return response
    if request.method in ("POST", "PUT", "PATCH") and not request.is_json:
        return _error(415, "unsupported_media_type", message="application/json attendu")
    return None


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.get("/clients")
def clients() -> Response:
    return jsonify(clients=[c.public_view() for c in fc().clients.all()])


@bp.post("/clients")
def register() -> Response:
    try:
        client, secret = fc().clients.register(_body())
    except RegistrationError as exc:
        return _error(400, "invalid_registration", fields=exc.errors)
    response = jsonify(client=client.public_view(), client_secret=secret)
    response.status_code = 201
    return response


@bp.get("/clients/<client_id>")
def client(client_id: str) -> Response:
    found = fc().clients.get(client_id)
    return jsonify(client=found.public_view()) if found else _error(404, "not_found")


@bp.patch("/clients/<client_id>")
def update(client_id: str) -> Response:
    if fc().clients.get(client_id) is None:
        return _error(404, "not_found")
    try:
        return jsonify(client=fc().clients.update(client_id, _body()).public_view())
    except RegistrationError as exc:
        return _error(400, "invalid_registration", fields=exc.errors)


@bp.put("/clients/<client_id>/scenario")
def scenario(client_id: str) -> Response:
    """Switch an adversarial response on for every sign-in of this client (``null``: off)."""
    if fc().clients.get(client_id) is None:
        return _error(404, "not_found")
    try:
        updated = fc().clients.update(client_id, {"scenario": _body().get("scenario")})
    except RegistrationError as exc:
        return _error(400, "invalid_registration", fields=exc.errors)
    return jsonify(client=updated.public_view())


@bp.post("/clients/<client_id>/secret")
def new_secret(client_id: str) -> Response:
    if fc().clients.get(client_id) is None:
        return _error(404, "not_found")
    return jsonify(client_secret=fc().clients.new_secret(client_id))


@bp.delete("/clients/<client_id>")
def remove(client_id: str) -> Response:
    return Response(status=204) if fc().clients.remove(client_id) else _error(404, "not_found")


@bp.get("/clients/<client_id>/report")
def report(client_id: str) -> Response:
    if fc().clients.get(client_id) is None:
        return _error(404, "not_found")
    return jsonify(service.report(fc(), client_id).as_dict())


@bp.get("/identities")
def identities() -> Response:
    return jsonify(identities=[{**i.as_dict(), "custom": i.custom} for i in fc().identities.all()])


@bp.post("/identities")
def add_identity() -> Response:
    try:
        identity = fc().identities.add(_body())
    except IdentityError as exc:
        return _error(400, "invalid_identity", fields=exc.errors)
    response = jsonify(identity=identity.as_dict())
    response.status_code = 201
    return response


@bp.delete("/identities/<login>")
def remove_identity(login: str) -> Response:
    return Response(status=204) if fc().identities.remove(login) else _error(404, "not_found")


@bp.get("/scenarios")
def scenarios() -> Response:
    return jsonify(service.scenarios(fc()))


@bp.get("/journal")
def journal() -> Response:
    limit = request.args.get("limit", "100")
    entries = fc().journal.entries(client_id=request.args.get("client_id") or None,
                                   endpoint=request.args.get("endpoint") or None,
                                   limit=int(limit) if limit.isdigit() else 100)
    return jsonify(entries=entries)


@bp.get("/journal/<int:entry_id>")
def entry(entry_id: int) -> Response:
    found = fc().journal.entry(entry_id)
    return jsonify(entry=found) if found else _error(404, "not_found")


@bp.delete("/journal")
def clear_journal() -> Response:
    fc().journal.clear(request.args.get("client_id") or None)
    return Response(status=204)


@bp.get("/keys")
def keys() -> Response:
    return jsonify(keys=service.keys(fc()))


@bp.post("/keys/rotate")
def rotate() -> Response:
    return jsonify(promoted=service.rotate_keys(fc()), keys=service.keys(fc()))


@bp.get("/clock")
def clock() -> Response:
    return jsonify(service.clock(fc()))


@bp.put("/clock")
def set_clock() -> Response:
    offset = _body().get("offset_seconds")
    if not isinstance(offset, int) or isinstance(offset, bool):
        return _error(400, "invalid_clock", message="offset_seconds : entier attendu")
    try:
        return jsonify(service.set_clock(fc(), offset))
    except ValueError as exc:
        return _error(400, "invalid_clock", message=str(exc))
