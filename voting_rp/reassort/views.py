"""Réassort screens: choice, channel (challenge path), FranceConnect path, the link and the code."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, session, url_for

from shared.messaging import DeliveryError
from shared.oidc.acr import ACR_CHALLENGE
from voting_rp.auth import service as auth
from voting_rp.context import voting
from voting_rp.home import current_elector, voter_required
from voting_rp.reassort import service
from voting_rp.reassort.forms import ChannelForm, RegenerateForm
from voting_rp.reassort.service import ReassortRefused
from voting_rp.voting_codes.alphabet import grouped

bp = Blueprint("reassort", __name__)
CHANNEL = "reassort_channel"  # kept in the session only, until the link is sent
DISPLAY_SECONDS = 120


@bp.route("/reassort")
@voter_required
def choice():  # type: ignore[no-untyped-def]
    return render_template("reassort/choice.html", franceconnect=voting().franceconnect is not None)


@bp.route("/reassort/question-defi", methods=["GET", "POST"])
@voter_required
def challenge():  # type: ignore[no-untyped-def]
    elector = current_elector()
    if elector is None:
        return render_template("codes/not_elector.html"), 403
    form = ChannelForm(professional=elector.email_pro)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("reassort/channel.html", form=form, error=form.first_error), status
    # Kept in the session only until the portal answers, sealed: the session store never holds it
    # in clear, and it is dropped by whatever comes back (finish_challenge_path).
    sealed = voting().channel_sealer.seal_text(form.address, str(session["voter"]["sub"]))
    session[CHANNEL] = {"canal": form.canal.data, "adresse": sealed}
    # The portal checks question défi + NUMEN/NIR: a step-up to the challenge acr for this voter.
    return redirect(auth.begin(voting().portal, "reassort", acr_values=ACR_CHALLENGE,
                               login_hint=str(session["voter"]["sub"])), code=303)


def drop_pending_channel() -> dict[str, str] | None:
    """The channel waiting for the portal's answer, forgotten by the session whatever the answer."""
    channel = session.pop(CHANNEL, None)
    return channel if isinstance(channel, dict) else None


def finish_challenge_path(login: auth.Login, channel: dict[str, str] | None) -> Response:
    """Back from the portal's step-up: a fresh ID token for the same voter at the challenge level."""
    voter = session.get("voter")
    address = None
    if channel and voter:
        address = voting().channel_sealer.open_text(str(channel.get("adresse", "")), str(voter["sub"]))
    if not channel or not voter or address is None:
        return refused_page("La demande de réassort a expiré : merci de recommencer.", 400)
    fresh = auth.fresh_step_up(login, expected_sub=str(voter["sub"]), acr=ACR_CHALLENGE)
    if not fresh:
        return refused_page("La vérification de votre identité n'a pas abouti : aucun lien n'a été "
                            "envoyé.", 403)
    outcome = send_and_remember(channel["canal"], address, "question-defi")
    if "refused" in outcome:
        return refused_page(str(outcome["refused"]), int(outcome["status"]))
    return redirect(url_for("reassort.sent"), code=303)


def send_and_remember(channel: str, address: str, path: str) -> dict[str, object]:
    """Send the link; the outcome (never the address) is what the next page shows."""
    elector = current_elector()
    if elector is None:
        return {"refused": "Vous ne figurez sur aucune liste électorale de cette élection.", "status": 403}
    try:
        service.send_link(voting(), elector, path=path, channel=channel, address=address,
                          requester_address=request.remote_addr or "")
    except ReassortRefused as refused:
        return {"refused": refused.message, "status": refused.status}
    except DeliveryError as error:
        return {"refused": f"{error.user_message} Aucun lien n'a été créé : vous pouvez refaire votre "
                           "demande.", "status": 503}
    session["reassort_sent"] = channel
    return {"sent": channel}


def refused_page(message: str, status: int) -> Response:
    return Response(render_template("reassort/refused.html", message=message), status=status)


@bp.route("/reassort/envoye")
@voter_required
def sent():  # type: ignore[no-untyped-def]
    return render_template("reassort/sent.html", channel=session.get("reassort_sent"),
                           minutes=service.link_minutes(voting()))


@bp.route("/reassort/code-vote", methods=["GET", "POST"])
def regenerate():  # type: ignore[no-untyped-def]
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
