"""HTTP side of the CAPTCHA: its image and audio, a fresh code on demand, the template hook."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request, url_for

from shared.captcha.service import Captcha

NO_AUDIO_MESSAGE = (
    "La version audio du CAPTCHA est momentanément indisponible. "
    "Utilisez « Générer un autre code » ou contactez l'assistance."
)


def register_captcha(app: Flask, captcha: Captcha) -> None:
    """Make ``captcha`` the app's CAPTCHA: its /captcha routes and ``new_captcha()`` global."""
    app.extensions["captcha"] = captcha
    app.register_blueprint(captcha_blueprint())
    app.add_template_global(captcha.issue, "new_captcha")
    app.add_template_global(lambda: captcha.has_audio, "captcha_has_audio")


def current_captcha() -> Captcha:
    """The CAPTCHA registered on the running app."""
    captcha: Captcha = current_app.extensions["captcha"]
    return captcha


def captcha_blueprint() -> Blueprint:
    """Routes that serve the session's CAPTCHA; ``POST /captcha/nouveau`` relies on CSRFProtect."""
    bp = Blueprint("captcha", __name__, url_prefix="/captcha")
    bp.add_url_rule("/<cid>/image.png", "image", _image)
    bp.add_url_rule("/<cid>/audio.wav", "audio", _audio)
    bp.add_url_rule("/nouveau", "refresh", _refresh, methods=["POST"])
    return bp


def _image(cid: str) -> Response:
    png = current_captcha().image(cid)
    if png is None:
        abort(404)
    return _no_store(Response(png, mimetype="image/png"))


def _audio(cid: str) -> Response:
    captcha = current_captcha()
    if not captcha.has_audio:
        return _no_store(Response(NO_AUDIO_MESSAGE, status=503, mimetype="text/plain"))
    wav = captcha.audio(cid)
    if wav is None:
        abort(404)
    # The bytes of one id never change, so range requests from <audio> stay consistent.
    response = Response(wav, mimetype="audio/wav")
    response.make_conditional(request.environ, accept_ranges=True, complete_length=len(wav))
    return _no_store(response)


def _refresh() -> Response:
    captcha = current_captcha()
    cid = captcha.issue()
    audio = url_for("captcha.audio", cid=cid) if captcha.has_audio else None
    return _no_store(jsonify(image=url_for("captcha.image", cid=cid), audio=audio))


def _no_store(response: Response) -> Response:
    """A CAPTCHA is personal and single use: no browser or proxy may keep it."""
    response.headers["Cache-Control"] = "no-store"
    return response
