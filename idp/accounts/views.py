"""Account screens: identifier, password, activation link, password initialisation, question défi."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from idp.accounts import service
from idp.accounts.auth import current_voter_id, flow, sign_in, sign_out, start_flow
from idp.accounts.errors import AccountError, OutOfOrder
from idp.accounts.forms import ChallengeForm, IdentifierForm, NewPasswordForm, PasswordForm
from idp.accounts.policy import RULES
from idp.context import handoffs, idp
from shared.messaging import DeliveryError
from shared.timeutil import paris_short

bp = Blueprint("accounts", __name__)

CAPTCHA_WRONG = ("La saisie du CAPTCHA est incorrecte – merci de contrôler votre saisie - si vous "
                 "rencontrez encore des difficultés, vous pouvez générer un autre code ou écouter le "
                 "code à saisir.")
MAIL_SENT = ("Un mail vient de vous être envoyé avec un lien qui va vous permettre de saisir un "
             "nouveau mot de passe Élections puis reprendre votre processus d'accès au portail "
             "Élections. Vous êtes invités à fermer cette fenêtre dans votre navigateur.")


def _captcha_ok(answer: str) -> bool:
    return bool(current_app.extensions["captcha"].check(answer or ""))


def _render(template: str, form, status: int = 200, error: str | None = None, **extra) -> ResponseReturnValue:
    if error is None and request.method == "POST":
        error = form.first_error
        status = 400 if error else status
    captcha_error = error if error == CAPTCHA_WRONG else None
    return render_template(template, form=form, error=error, captcha_error=captcha_error,
                           **extra), status


def _after_sign_in() -> str:
    """Back to the application that asked for the sign-in, or to the portal home."""
    return handoffs().after_sign_in() or url_for("portal.home")


@bp.app_errorhandler(AccountError)
def account_error(error: AccountError) -> ResponseReturnValue:
    return render_template("accounts/problem.html", message=error.message), error.status


@bp.app_errorhandler(DeliveryError)
def delivery_error(error: DeliveryError) -> ResponseReturnValue:
    return render_template("accounts/problem.html", message=error.user_message), 503


@bp.route("/", methods=["GET"])
def root() -> ResponseReturnValue:
    target = "portal.home" if current_voter_id() else "accounts.identifier"
    return redirect(url_for(target))


@bp.route("/portail/connexion", methods=["GET", "POST"])
def identifier() -> ResponseReturnValue:
    form = IdentifierForm()
    hint = request.args.get("login_hint", "")
    if request.method == "GET" and "@" in hint and len(hint) <= 254:
        form.identifiant.data = hint  # OIDC login_hint: the client already knows the identifier
    if not form.validate_on_submit():
        return _render("accounts/identifier.html", form)
    if not _captcha_ok(form.captcha.data):
        return _render("accounts/identifier.html", form, 400, CAPTCHA_WRONG)
    outcome = service.submit_identifier(idp(), form.identifiant.data, request.remote_addr or "")
    if outcome.voter_id is None:
        return redirect(url_for("accounts.mail_sent"), code=303)
    start_flow("password", voter_id=outcome.voter_id)
    return redirect(url_for("accounts.password"), code=303)


@bp.route("/portail/mail-envoye")
def mail_sent() -> ResponseReturnValue:
    return render_template("accounts/mail_sent.html", message=MAIL_SENT)


@bp.route("/portail/mot-de-passe", methods=["GET", "POST"])
def password() -> ResponseReturnValue:
    state = flow("password")
    if state is None:
        raise OutOfOrder()
    form = PasswordForm()
    if not form.validate_on_submit():
        return _render("accounts/password.html", form)
    try:
        voter = service.check_password(idp(), state["voter_id"], form.mot_de_passe.data,
                                       request.remote_addr or "")
    except AccountError as error:
        return _render("accounts/password.html", form, error.status, error.message)
    previous = service.record_login(idp(), voter.id)
    sign_in(voter.id, activated=True, previous_login=paris_short(previous) if previous else None)
    return redirect(_after_sign_in(), code=303)


@bp.route("/portail/mot-de-passe/reassort", methods=["POST"])
def password_reset_request() -> ResponseReturnValue:
    state = flow("password")
    if state is None:  # CSRF is checked for every POST by CSRFProtect
        raise OutOfOrder()
    service.send_link(idp(), service.get_voter(idp(), state["voter_id"]), "password_reset")
    return redirect(url_for("accounts.mail_sent"), code=303)


@bp.route("/portail/activationportail.htm")
def activation_link() -> ResponseReturnValue:
    voter_id = service.redeem_link(idp(), request.args.get("electeurId", ""),
                                   request.args.get("token", ""), "activation")
    start_flow("init_password", voter_id=voter_id)
    return redirect(url_for("accounts.init_password"), code=303)


@bp.route("/portail/reinitialisationmotdepasse.htm")
def reset_link() -> ResponseReturnValue:
    voter_id = service.redeem_link(idp(), request.args.get("electeurId", ""),
                                   request.args.get("token", ""), "password_reset")
    start_flow("reset_password", voter_id=voter_id)
    return redirect(url_for("accounts.reset_password"), code=303)


@bp.route("/portail/initialisation-mot-de-passe", methods=["GET", "POST"])
def init_password() -> ResponseReturnValue:
    state = flow("init_password")
    if state is None:
        raise OutOfOrder()
    form = NewPasswordForm()
    if not form.validate_on_submit():
        return _render("accounts/new_password.html", form, rules=RULES, reset=False)
    if not _captcha_ok(form.captcha.data):
        return _render("accounts/new_password.html", form, 400, CAPTCHA_WRONG, rules=RULES, reset=False)
    # Only the hash waits in the session until "ACTIVER SON COMPTE"; the clear password never does.
    start_flow("challenge", voter_id=state["voter_id"],
               password_hash=idp().hasher.hash(form.mot_de_passe.data))
    return redirect(url_for("accounts.challenge"), code=303)


@bp.route("/portail/question-defi", methods=["GET", "POST"])
def challenge() -> ResponseReturnValue:
    state = flow("challenge")
    if state is None:
        raise OutOfOrder()
    form = ChallengeForm()
    if not form.validate_on_submit():
        return _render("accounts/challenge.html", form)
    voter_id = state["voter_id"]
    previous = service.record_login(idp(), voter_id)
    if form.sans_activation.data:
        sign_in(voter_id, activated=False, previous_login=paris_short(previous) if previous else None)
        flash("Vous accédez au portail Élections sans activer votre compte : lors de votre prochaine "
              "connexion, il vous sera de nouveau demandé de créer votre mot de passe Élections.", "info")
        return redirect(_after_sign_in(), code=303)
    service.activate(idp(), voter_id, state["password_hash"], form.question.data, form.reponse.data)
    sign_in(voter_id, activated=True, previous_login=paris_short(previous) if previous else None)
    flash("Votre compte a bien été activé. Votre question défi et votre réponse secrète ont été "
          "enregistrées.", "succes")
    return redirect(_after_sign_in(), code=303)


@bp.route("/portail/nouveau-mot-de-passe", methods=["GET", "POST"])
def reset_password() -> ResponseReturnValue:
    state = flow("reset_password")
    if state is None:
        raise OutOfOrder()
    form = NewPasswordForm()
    if not form.validate_on_submit():
        return _render("accounts/new_password.html", form, rules=RULES, reset=True)
    if not _captcha_ok(form.captcha.data):
        return _render("accounts/new_password.html", form, 400, CAPTCHA_WRONG, rules=RULES, reset=True)
    service.set_password(idp(), state["voter_id"], form.mot_de_passe.data)
    sign_out()
    flash("Votre nouveau mot de passe Élections est enregistré. Vous pouvez vous connecter.", "succes")
    return redirect(url_for("accounts.identifier"), code=303)


@bp.route("/portail/identifiant")
def identifier_help() -> ResponseReturnValue:
    return render_template("accounts/identifier_help.html")


@bp.route("/portail/deconnexion", methods=["POST"])
def logout() -> ResponseReturnValue:
    handoffs().sign_out_everywhere()  # back-channel logout: the voting space session ends too
    flash("Vous êtes déconnecté(e) du portail Élections.", "info")
    return redirect(url_for("accounts.identifier"), code=303)

