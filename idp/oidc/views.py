"""Provider endpoints: discovery, JWKS, authorize, token, userinfo, end session. Views stay thin."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from idp.context import handoffs, idp
from idp.oidc import checks, discovery, logout, userinfo
from idp.oidc.responses import authorization_error
from shared.oidc.errors import OidcError
from shared.trace import instrument

bp = Blueprint("oidc", __name__)


@bp.route("/.well-known/openid-configuration")
def configuration() -> Response:
    response = jsonify(discovery.document(idp().settings.public_url))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/oidc/jwks")
def jwks() -> Response:
    response = jsonify(current_app.extensions["keyring"].jwks())
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@bp.route("/oidc/authorize", methods=["GET", "POST"])
def authorize() -> BaseResponse:
    try:
        validated = checks.validate(request.values.to_dict(flat=False), instrument.endpoint_checks())
    except OidcError as error:
        return authorization_error(error, getattr(error, "redirect_uri", None), getattr(error, "state", None))
    return handoffs().authorize(validated.params, validated.acr, validated.prompts, validated.max_age)


@bp.route("/oidc/authorize/reprise/<uid>")
def resume(uid: str) -> BaseResponse:
    response = handoffs().resume(uid)
    if response is None:
        return Response(render_template("oidc/expired.html"), status=400)
    return response


@bp.route("/oidc/token", methods=["POST"])
def token() -> Response:
    response: Response = current_app.extensions["oidc_server"].create_token_response()
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/oidc/userinfo", methods=["GET", "POST"])
def user_info() -> Response:
    return userinfo.respond(request.headers.get("Authorization", ""))


@bp.route("/oidc/logout", methods=["GET", "POST"])
def end_session() -> BaseResponse:
    return logout.end_session(request.values.to_dict(flat=False), request.method)
