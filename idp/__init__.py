"""Portail Élections: the in-house identity provider (accounts, portal pages, OpenID Connect)."""

from __future__ import annotations

from flask import Flask

from idp.accounts.limits import LIMITS
from idp.context import Idp
from shared.captcha import Captcha, register_captcha
from shared.db import Database
from shared.hashing import SecretHasher
from shared.kv import make_kv
from shared.logging import configure_logging
from shared.messaging import Mailer
from shared.ratelimit import RateLimiter
from shared.sessions import init_sessions
from shared.settings import Settings, load_settings
from shared.web import init_web


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
    )
    init_web(app, service_title="Portail Élections", help_url="/portail/aide")
    init_sessions(app, kv, "__Host-idp-session", settings.session_idle_seconds,
                  settings.session_absolute_seconds)
    register_captcha(app, Captcha(kv, voices_dir=settings.captcha_voices_dir,
                                  test_answer=settings.captcha_test_answer))
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from idp.accounts.views import bp as accounts_bp
    from idp.health import bp as health_bp
    from idp.portal.views import bp as portal_bp

    for blueprint in (accounts_bp, portal_bp, health_bp):
        app.register_blueprint(blueprint)
