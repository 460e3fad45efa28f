"""The voting space ("Espace de vote"): relying party of the portal and of FranceConnect."""

from __future__ import annotations

from flask import Flask, session

from shared.captcha import Captcha, register_captcha
from shared.db import Database
from shared.hashing import SecretHasher
from shared.kv import make_kv
from shared.logging import configure_logging
from shared.messaging import Mailer, SmsClient
from shared.ratelimit import RateLimiter
from shared.sealing import Sealer
from shared.sessions import init_session_expiry, init_sessions
from shared.settings import Settings, load_settings
from shared.trace import init_trace
from shared.web import csrf, init_web
from voting_rp.auth.service import ended_by_provider
from voting_rp.auth.steps import register_portal_steps
from voting_rp.auth.views import bp as auth_bp
from voting_rp.auth.views import portal_backchannel_logout
from voting_rp.ballots.views import bp as ballots_bp
from voting_rp.config import VotingConfig, load_voting_config
from voting_rp.context import Voting
from voting_rp.health import bp as health_bp
from voting_rp.home import bp as home_bp
from voting_rp.limits import LIMITS
from voting_rp.oidc.provider import Provider, ProviderConfig
from voting_rp.reassort.franceconnect import bp as reassort_fc_bp
from voting_rp.reassort.views import CHALLENGE_PURPOSE, CHALLENGE_STEP
from voting_rp.reassort.views import bp as reassort_bp
from voting_rp.urne.store import open_urne
from voting_rp.voting_codes.views import bp as codes_bp


def _portal(settings: Settings, config: VotingConfig) -> Provider:
    return Provider(ProviderConfig(
        name="portail", discovery_url=f"{settings.idp_url}/.well-known/openid-configuration",
        client_id=config.portal_client_id, client_secret=config.portal_client_secret,
        auth_method="client_secret_basic", redirect_uri=f"{settings.voting_url}/auth/portail/callback",
        scope="openid profile email academie electeur", verify=settings.http_verify))


def _franceconnect(settings: Settings, config: VotingConfig) -> Provider | None:
    """FranceConnect (or its mock) as the second provider; absent when no secret is configured."""
    if config.fc_client_secret is None:
        return None
    return Provider(ProviderConfig(
        name="franceconnect", discovery_url=f"{config.fc_issuer}/.well-known/openid-configuration",
        client_id=config.fc_client_id, client_secret=config.fc_client_secret,
        auth_method="client_secret_post",  # the only secret method FC accepts
        redirect_uri=f"{settings.voting_url}/reassort/franceconnect/callback",
        scope="openid identite_pivot email", verify=settings.http_verify,
        pkce=False, iss_in_response=False))


def create_app(settings: Settings | None = None) -> Flask:
    """Build the voting space: one wiring point, nothing done at import time."""
    settings = settings or load_settings("voting_rp")
    config = load_voting_config(settings)  # every VOTING_* value checked before anything is built
    configure_logging("voting_rp")
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, PREFERRED_URL_SCHEME="https",
                      PORTAL_HOME=f"{settings.idp_url}/portail/accueil")
    database = Database(settings.database_url)
    kv = make_kv(settings.kv_url, database, "voting")
    app.extensions["voting"] = Voting(
        settings=settings, config=config, db=database, kv=kv,
        hasher=SecretHasher(settings.argon2_memory_kib, settings.argon2_time_cost,
                            settings.argon2_parallelism),
        limiter=RateLimiter(settings.ratelimit_url, LIMITS),
        mailer=Mailer(settings.smtp_url, settings.mail_from, settings.ca_bundle),
        sms=SmsClient(settings.sms_api_url, settings.sms_api_token, settings.http_verify),
        portal=_portal(settings, config), franceconnect=_franceconnect(settings, config),
        urne=open_urne(config.urne_database_url),
        channel_sealer=Sealer(settings.secret_key, "voting_rp:reassort-channel"))
    init_web(app, service_title="Espace de vote", help_url=f"{settings.idp_url}/portail/aide",
             form_targets=(settings.idp_url, settings.fc_url), proxy_hops=settings.proxy_hops)
    init_sessions(app, kv, "__Host-vote-session", settings.session_idle_seconds,
                  settings.session_absolute_seconds)
    init_session_expiry(app, lambda: "voter" in session, "home.index")
    # Received here: back-channel logout and the returns of logout; the relying-party steps
    # (authorization request, callback, token exchange, verifications) are recorded where they run.
    init_trace(app, "voting_rp", settings, endpoints=(
        r"/backchannel-logout$", r"^/deconnecte$", r"^/reassort/franceconnect/deconnexion$"))
    register_captcha(app, Captcha(kv, voices_dir=settings.captcha_voices_dir,
                                  test_answer=settings.captcha_test_answer))

    for blueprint in (auth_bp, home_bp, codes_bp, reassort_bp, reassort_fc_bp, ballots_bp, health_bp):
        app.register_blueprint(blueprint)
    # Sign-ins at the portal that a feature asks for, found by purpose by the portal's callback.
    register_portal_steps(app, {CHALLENGE_PURPOSE: CHALLENGE_STEP})
    csrf.exempt(portal_backchannel_logout)  # server-to-server; the logout token is its proof

    @app.before_request
    def _end_if_portal_logged_out() -> None:
        if "voter" in session and ended_by_provider():
            session.clear()

    return app
