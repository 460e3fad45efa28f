"""Réassort screens: choice, the challenge path (its screen is the portal's), the link and the
code. The FranceConnect path has its own blueprint (``franceconnect.py``)."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as BaseResponse

from shared.channels import ChannelRefused, french_mobile, personal_email
from shared.oidc import channel_claim
from shared.oidc.acr import ACR_CHALLENGE
from voting_rp.auth import service as auth
from voting_rp.auth.steps import PortalStep
from voting_rp.context import voting
from voting_rp.home import current_elector, voter_required
from voting_rp.reassort import service
from voting_rp.reassort.forms import RegenerateForm
from voting_rp.reassort.pages import refused_page, send_and_remember
from voting_rp.reassort.service import ReassortRefused
from voting_rp.voting_codes.alphabet import grouped

bp = Blueprint("reassort", __name__)
CHALLENGE_PURPOSE = "reassort"  # the portal's step-up for the challenge path
CHANNEL_KEY = "reassort_channel_key"  # sealed in the session until the portal answers
DISPLAY_SECONDS = 120


@bp.route("/reassort")
@voter_required
def choice() -> ResponseReturnValue:
    return render_template("reassort/choice.html", franceconnect=voting().franceconnect is not None)


@bp.route("/reassort/question-defi")
@voter_required
def challenge() -> ResponseReturnValue:
    """Straight to the portal's "Demande de réassort" screen (a step-up to the challenge acr): the
    answer and the NUMEN / NIR are typed and checked there; the channel comes back encrypted to a
    key made for this request alone, whose private half waits here, sealed, in the session."""
    if current_elector() is None:
        return render_template("codes/not_elector.html"), 403
    public, private = channel_claim.new_request_key()
    session[CHANNEL_KEY] = voting().channel_sealer.seal_text(private, str(session["voter"]["sub"]))
    return redirect(auth.begin(voting().portal, CHALLENGE_PURPOSE, acr_values=ACR_CHALLENGE,
                               login_hint=str(session["voter"]["sub"]),
                               **{channel_claim.PARAM: public}), code=303)  # type: ignore[arg-type]


def drop_channel_key() -> str | None:
    """The key waiting for the portal's answer, forgotten by the session whatever the answer."""
    sealed = session.pop(CHANNEL_KEY, None)
    return sealed if isinstance(sealed, str) else None


def finish_challenge_path(login: auth.Login, sealed_key: object) -> BaseResponse:
    """Back from the portal's step-up: a fresh ID token for the same voter at the challenge level,
    carrying the channel the voter chose, which only this request's key opens."""
    voter, elector = session.get("voter"), current_elector()
    private = None
    if isinstance(sealed_key, str) and sealed_key and voter:
        private = voting().channel_sealer.open_text(sealed_key, str(voter["sub"]))
    if private is None or elector is None or not voter:
        return refused_page("La demande de réassort a expiré : merci de recommencer.", 400)
    if not auth.fresh_step_up(login, expected_sub=str(voter["sub"]), acr=ACR_CHALLENGE):
        return refused_page("La vérification de votre identité n'a pas abouti : aucun lien n'a été "
                            "envoyé.", 403)
    chosen = channel_claim.decrypt_channel(login.claims.get(channel_claim.CLAIM), private)
    try:  # checked again here: the voting space sends to what it has checked itself
        if chosen is None:
            raise ChannelRefused("Le canal d'envoi du lien n'a pas été transmis.")
        channel, typed = chosen
        address = french_mobile(typed) if channel == "sms" else personal_email(typed, elector.email_pro)
    except ChannelRefused as refused:
        return refused_page(f"{refused} Aucun lien n'a été envoyé : merci de recommencer.", 400)
    outcome = send_and_remember(channel, address, "question-defi")
    if "refused" in outcome:
        return refused_page(str(outcome["refused"]), int(outcome["status"]))
    return redirect(url_for("reassort.sent"), code=303)


@bp.route("/reassort/envoye")
@voter_required
def sent() -> ResponseReturnValue:
    return render_template("reassort/sent.html", channel=session.get("reassort_sent"),
                           minutes=voting().config.reassort_link_minutes)


@bp.route("/reassort/code-vote", methods=["GET", "POST"])
def regenerate() -> ResponseReturnValue:
    """The link from the SMS or mail: works without a session (it may be opened on a phone)."""
    form = RegenerateForm(data=request.args if request.method == "GET" else None)
    if request.method == "GET":
        try:
            service.check_link(voting(), request.args.get("electeurId", ""), request.args.get("token", ""))
        except ReassortRefused as refused:
            return refused_page(refused.message, refused.status)
        return render_template("reassort/link.html", form=form)
    if not form.validate_on_submit():
        return refused_page(form.first_error or "Requête invalide.", 400)
    try:
        code = service.regenerate_with_link(voting(), form.electeurId.data, form.token.data)
    except ReassortRefused as refused:
        return refused_page(refused.message, refused.status)
    response = Response(render_template("reassort/code.html", code=grouped(code), seconds=DISPLAY_SECONDS))
    response.headers["Cache-Control"] = "no-store, max-age=0"  # never shown again (back, reload)
    return response


# The portal's callback (``voting_rp.auth``) hands the challenge path's answer back through this.
CHALLENGE_STEP = PortalStep(take_pending=drop_channel_key, finish=finish_challenge_path,
                            declined_endpoint="reassort.choice")
