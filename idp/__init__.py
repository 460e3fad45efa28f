"""Portail Élections: the in-house identity provider (accounts, portal pages, OpenID Connect)."""

from __future__ import annotations

from flask import Flask, session

from idp.accounts.auth import FLOW, current_voter_id
from idp.accounts.limits import LIMITS
from idp.context import Handoffs, Idp
from idp.oidc.registry import ClientRegistry
from idp.oidc.server import create_server
from shared.captcha import Captcha, register_captcha
from shared.db import Database
from shared.hashing import SecretHasher
from shared.keys import KeyRing
from shared.kv import make_kv
from shared.logging import configure_logging
from shared.messaging import Mailer
from shared.ratelimit import RateLimiter
from shared.sessions import init_session_expiry, init_sessions
from shared.settings import Settings, load_settings
from shared.trace import init_trace
from shared.web import csrf, init_web


def create_app(settings: Settings | None = None) -> Flask:
    """Build the portal: one wiring point, nothing done at import time."""
    settings = settings or load_settings("idp")
    configure_logging("idp")
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, PREFERRED_URL_SCHEME="https",
                      SESSION_COOKIE_NAME="__Host-idp-session")
    database = Database(settings.database_url)
    kv = make_kv(settings.kv_url, database, "idp")
    app.extensions["idp"] = Idp(
        settings=settings, db=database, kv=kv,
        hasher=SecretHasher(settings.argon2_memory_kib, settings.argon2_time_cost,
                            settings.argon2_parallelism),
        limiter=RateLimiter(settings.ratelimit_url, LIMITS),
        mailer=Mailer(settings.smtp_url, settings.mail_from, settings.ca_bundle),
        clients=ClientRegistry(database),
    )
    init_web(app, service_title="Portail Élections", help_url="/portail/aide",
             form_targets=app.extensions["idp"].clients.origins, proxy_hops=settings.proxy_hops)
    init_sessions(app, kv, "__Host-idp-session", settings.session_idle_seconds,
                  settings.session_absolute_seconds)
    # Signed in, or in the middle of activation or a password reset: the session's time limit shows.
    init_session_expiry(app, lambda: current_voter_id() is not None or FLOW in session,
                        "accounts.identifier")
    register_captcha(app, Captcha(kv, voices_dir=settings.captcha_voices_dir,
                                  test_answer=settings.captcha_test_answer))
    keyring = KeyRing(database, settings.secret_key, "idp")
    app.extensions["keyring"] = keyring
    app.extensions["oidc_server"] = create_server(app, app.extensions["idp"], keyring)
    init_trace(app, "idp", settings)
    app.extensions["idp_handoffs"] = _handoffs()
    _register_blueprints(app)
    if settings.inspector_enabled:  # off in production unless INSPECTOR_ENABLED=true
        from idp.inspector.views import bp as inspector_bp

        app.register_blueprint(inspector_bp)
    return app


def _handoffs() -> Handoffs:
    """The table the lower features dispatch through (``idp.context.Handoffs``)."""
    from idp.interaction import flow
    from idp.oidc.logout import logout_everywhere

    return Handoffs(authorize=flow.start, resume=flow.resume, after_sign_in=flow.after_sign_in,
                    sign_out_everywhere=logout_everywhere)


def _register_blueprints(app: Flask) -> None:
    from idp.accounts.views import bp as accounts_bp
    from idp.health import bp as health_bp
    from idp.interaction.views import bp as interaction_bp
    from idp.oidc.views import authorize, end_session, token, user_info
    from idp.oidc.views import bp as oidc_bp
    from idp.portal.results import bp as results_bp
    from idp.portal.views import bp as portal_bp

    for blueprint in (accounts_bp, portal_bp, results_bp, interaction_bp, oidc_bp, health_bp):
        app.register_blueprint(blueprint)
    # Protocol endpoints are called cross-site by clients; they carry their own protections
    # (client authentication, PKCE, state, Bearer tokens, id_token_hint) instead of CSRF tokens.
    for view in (authorize, token, user_info, end_session):
        csrf.exempt(view)
