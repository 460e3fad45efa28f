"""FranceConnect mock: an offline FranceConnect v2 and FranceConnect+ for service providers."""

from __future__ import annotations

from flask import Flask

from franceconnect_mock.clients.keys import ClientKeys
from franceconnect_mock.clients.store import ClientRegistry
from franceconnect_mock.clock import MockClock
from franceconnect_mock.config import load_fc_config
from franceconnect_mock.console.auth import LIMITS as CONSOLE_LIMITS
from franceconnect_mock.context import FcMock
from franceconnect_mock.identities.catalogue import load_catalogue
from franceconnect_mock.identities.service import IdentityDirectory
from franceconnect_mock.journal.recorder import Journal
from franceconnect_mock.protocol.grants import GrantStore
from franceconnect_mock.scenarios.catalogue import load_scenarios
from shared.db import Database
from shared.keys import KeyRing
from shared.kv import make_kv
from shared.logging import configure_logging
from shared.ratelimit import RateLimiter
from shared.sessions import init_sessions
from shared.settings import Settings, load_settings
from shared.trace import init_trace
from shared.web import csrf, init_web

SESSION_COOKIE = "__Host-fc-session"


def build_context(settings: Settings) -> FcMock:
    """The mock's objects, data files validated (a fault stops the start with its reason)."""
    config = load_fc_config(settings)
    database = Database(settings.database_url)
    kv = make_kv(settings.kv_url, database, "franceconnect_mock")
    clock = MockClock(database)
    catalogue = load_catalogue()
    scenarios = load_scenarios({i.login for i in catalogue.identities})
    return FcMock(
        settings=settings, config=config, db=database, kv=kv, clock=clock,
        keyring=KeyRing(database, settings.secret_key, "franceconnect_mock"),
        clients=ClientRegistry(database, config.platform, [p.id for p in catalogue.providers],
                               [a.id for a in scenarios.adversarial]),
        identities=IdentityDirectory(catalogue, database, scenarios.reserved_logins),
        scenarios=scenarios, grants=GrantStore(kv, clock), client_keys=ClientKeys(settings.http_verify),
        journal=Journal(database, clock),
        console_limiter=RateLimiter(settings.ratelimit_url, CONSOLE_LIMITS),
    )


def create_app(settings: Settings | None = None) -> Flask:
    """Build the mock: one wiring point, nothing done at import time."""
    settings = settings or load_settings("franceconnect_mock")
    configure_logging("franceconnect_mock")
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, PREFERRED_URL_SCHEME="https",
                      SESSION_COOKIE_NAME=SESSION_COOKIE)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    ctx = build_context(settings)
    app.extensions["franceconnect_mock"] = ctx
    init_web(app, service_title="FranceConnect", election_title="Simulateur FranceConnect",
             help_url="/a-propos", proxy_hops=settings.proxy_hops)
    init_sessions(app, ctx.kv, SESSION_COOKIE, settings.session_idle_seconds,
                  settings.session_absolute_seconds)
    _register_blueprints(app, ctx.config.api_prefix)
    init_trace(app, "franceconnect_mock", settings)  # the shared protocol trace (inspector, issue 7)
    return app


def _register_blueprints(app: Flask, api_prefix: str) -> None:
    from franceconnect_mock.console.api import bp as api_bp
    from franceconnect_mock.console.views import bp as console_bp
    from franceconnect_mock.interaction.views import bp as interaction_bp
    from franceconnect_mock.oidc.views import bp as oidc_bp
    from franceconnect_mock.pages import bp as pages_bp

    # Clients post to the protocol endpoints from their servers, and the admin API is for CI
    # scripts (JSON only): neither carries a CSRF token. Every browser form does.
    csrf.exempt(oidc_bp)
    csrf.exempt(api_bp)
    app.register_blueprint(oidc_bp, url_prefix=api_prefix)
    for blueprint in (interaction_bp, pages_bp, console_bp, api_bp):
        app.register_blueprint(blueprint)
