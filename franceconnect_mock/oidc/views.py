"""The protocol endpoints under the issuer path (``/api/v2``): thin, each calls the provider once."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, request, url_for
from werkzeug.wrappers import Response

from franceconnect_mock.context import fc
from franceconnect_mock.journal.trace import start_trace, trace
from franceconnect_mock.oidc import handoff
from franceconnect_mock.oidc.provider import Provider
from franceconnect_mock.oidc.responses import NO_STORE, error_response
from franceconnect_mock.protocol.errors import FcError

bp = Blueprint("fc_oidc", __name__)


@bp.before_request
def _start_trace() -> None:
    start_trace((request.endpoint or "oidc").rsplit(".", 1)[-1])


@bp.after_request
def _record(response: Response) -> Response:
    fc().journal.record(trace(), request, response)
    return response


@bp.errorhandler(FcError)
def _refusal(error: FcError) -> Response:
    return error_response(error, fc().config.error_doc_url)


@bp.get("/.well-known/openid-configuration")
def discovery() -> Response:
    return jsonify(Provider(fc()).discovery())


@bp.get("/jwks")
def jwks() -> Response:
    return jsonify(fc().keyring.jwks())


@bp.route("/authorize", methods=["GET", "POST"])
def authorize() -> Response:
    params = request.args if request.method == "GET" else request.form
    uid = handoff.hand_over(Provider(fc()).authorize(params))
    return redirect(url_for("interaction.entry", uid=uid), 303)


@bp.post("/token")
def token() -> Response:
    response = jsonify(Provider(fc()).token(request))
    response.headers.update(NO_STORE)
    return response


@bp.route("/userinfo", methods=["GET", "POST"])
def userinfo() -> Response:
    return Response(Provider(fc()).userinfo(request), mimetype="application/jwt", headers=NO_STORE)


@bp.get("/session/end")
def session_end() -> Response:
    target = Provider(fc()).end_session(request.args, handoff.fc_session())
    handoff.end_fc_session()
    return redirect(target, 303)


@bp.post("/token/revocation")
def revocation() -> Response:
    Provider(fc()).revoke(request)
    return Response(status=200, headers=NO_STORE)
