"""docker-compose.yml: its structure, and every variable each service requires is provided.

No Docker engine runs here, so the file is read as Compose would read it: ``${NAME:?}`` and
``${NAME:-default}`` substituted from a made-up deployment environment, ``<<`` merges resolved by
the YAML loader. What a service *requires* is found by introspection, not by a copied list: the
variables its settings loader and its own configuration checks read (recorded as they read them),
each one then removed in turn; a variable is required when its removal stops the service
(ConfigError) or sends a store or a public URL back to the embedded, one-box default.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from franceconnect_mock.config import load_fc_config
from shared.settings import ConfigError, Settings, load_settings
from voting_rp.config import load_voting_config

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")
SCALED = {"idp": "idp", "voting": "voting_rp", "franceconnect": "franceconnect_mock"}
# Each service's own configuration checks beyond load_settings (they read Settings.extra).
SERVICE_CHECKS: dict[str, Callable[[Settings], object]] = {
    "idp": lambda settings: None,
    "voting_rp": load_voting_config,
    "franceconnect_mock": load_fc_config,
}


def deployment_environment() -> dict[str, str]:
    """What an operator's .env would hold: a value for every ``${NAME:?}`` of the file."""
    names = {m.group(1) for m in VARIABLE.finditer(COMPOSE.read_text()) if m.group(2) == "?"}
    values = {name: secrets.token_urlsafe(32) for name in names}
    values.update(IDP_URL="https://portail.elections.example", VOTING_URL="https://vote.elections.example",
                  FC_URL="https://fc.elections.example", IDP_HOST="portail.elections.example",
                  VOTING_HOST="vote.elections.example", FC_HOST="fc.elections.example",
                  SMTP_URL="smtps://relais:secret@smtp.elections.example:465",
                  MAIL_FROM="Elections <ne-pas-repondre@elections.example>",
                  SMS_API_URL="https://sms.elections.example/api/sms", TLS_DIR="/etc/elections/tls")
    return values


def substitute(text: str, environ: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if name in environ and (environ[name] or kind is None):
            return environ[name]
        if kind == "?":
            raise AssertionError(f"{name} manque : Compose refuserait de démarrer")
        return rest or ""
    return VARIABLE.sub(value, text.replace("$$", "\0")).replace("\0", "$")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load(substitute(COMPOSE.read_text(), deployment_environment())))


def service_environment(compose: dict[str, Any], name: str) -> dict[str, str]:
    return {k: str(v) for k, v in compose["services"][name]["environment"].items()}


class Recording(dict[str, str]):
    """A mapping that notes every name asked of it, present or not."""

    def __init__(self, data: Mapping[str, str]) -> None:
        super().__init__(data)
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)


def configure(service: str, environ: Mapping[str, str]) -> tuple[Settings, set[str]]:
    """Settings as the service builds them, and every variable it read to do so."""
    recorded = Recording(environ)
    settings = load_settings(service, recorded)
    extra = Recording(settings.extra)
    SERVICE_CHECKS[service](dataclasses.replace(settings, extra=extra))
    return settings, recorded.asked | extra.asked


def one_box_defaults(service: str, settings: Settings) -> list[str]:
    """What still points at the embedded default (SQLite, in-process or SQL stores, localhost)."""
    stores = {"base": settings.database_url, "trace": settings.trace_database_url, "kv": settings.kv_url,
              "ratelimit": settings.ratelimit_url}
    if service == "voting_rp":
        stores["urne"] = load_voting_config(settings).urne_database_url
    found = [name for name, url in stores.items() if not url.startswith(("postgresql+psycopg://", "redis://"))]
    found += [name for name in ("idp_url", "voting_url", "fc_url")
              if "localhost" in getattr(settings, name)]
    return found


def required_variables(service: str, environ: Mapping[str, str]) -> set[str]:
    _settings, read = configure(service, environ)
    required = set()
    for name in read & set(environ):
        without = {k: v for k, v in environ.items() if k != name}
        try:
            settings, _ = configure(service, without)
        except ConfigError:
            required.add(name)
            continue
        if one_box_defaults(service, settings):
            required.add(name)
    return required


def test_the_stores_the_replicas_and_the_front_are_there(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "migrate", *SCALED, "devbox", "front"} <= set(services)
    for name in ("postgres", "redis", *SCALED, "devbox", "front"):
        assert services[name]["healthcheck"]["test"], name
    for name in SCALED:
        assert int(services[name]["deploy"]["replicas"]) >= 2, name
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["devbox"]["profiles"] == ["devbox"]
    front = services["front"]
    assert front["ports"] == ["443:443"] and set(front["depends_on"]) == set(SCALED)
    template = front["volumes"][0].split(":")[0]
    assert (ROOT / template).is_file() and (ROOT / "deploy/postgres-init.sh").is_file()
    nginx = (ROOT / template).read_text()
    for upstream in ("idp:5001", "voting:5003", "franceconnect:5002"):
        assert f"server {upstream};" in nginx
    assert nginx.count("ssl_certificate ") == 3 and "X-Forwarded-For $remote_addr" in nginx


def test_the_front_keeps_its_connections_to_the_replicas_alive() -> None:
    """nginx speaks HTTP/1.0 to a replica and closes after each request unless told otherwise: its
    ``keepalive`` pool would stay empty and every request cost a TLS handshake at the replica."""
    nginx = (ROOT / "deploy/nginx.conf").read_text()
    upstreams = re.findall(r"^upstream \w+ \{([^}]*)\}", nginx, re.M)
    locations = re.findall(r"location / \{([^}]*)\}", nginx)
    assert len(upstreams) == len(locations) == len(SCALED)
    for upstream in upstreams:
        assert re.search(r"keepalive \d+;", upstream)
        assert "keepalive_timeout 1s;" in upstream  # let go of before gunicorn's 2 s keep-alive
    for location in locations:
        assert "proxy_http_version 1.1;" in location and 'proxy_set_header Connection "";' in location


def test_secrets_come_from_the_environment_only() -> None:
    text = COMPOSE.read_text()
    for line in text.splitlines():
        match = re.match(r"\s*(\w*(?:SECRET|PASSWORD|TOKEN)\w*):\s*(.+)", line)
        if match:
            assert re.fullmatch(r"\$\{\w+:\?\}", match.group(2).strip()), line
    for url in re.findall(r"postgresql\+psycopg://[^\s]+|redis://[^\s]+", text):
        assert re.search(r":\$\{\w+_PASSWORD:\?\}@", url), url


def role_of(url: str) -> str:
    """The PostgreSQL role a database URL connects as."""
    match = re.match(r"postgresql\+psycopg://(\w+):", url)
    assert match, url
    return match.group(1)


def test_each_urne_and_service_database_has_its_own_role(compose: dict[str, Any]) -> None:
    environ = service_environment(compose, "voting")
    roles = {name: role_of(environ[name])
             for name in ("IDP_DATABASE_URL", "VOTING_DATABASE_URL", "VOTING_URNE_DATABASE_URL",
                          "FC_DATABASE_URL", "TRACE_DATABASE_URL")}
    assert len(set(roles.values())) == len(roles)
    script = (ROOT / "deploy/postgres-init.sh").read_text()
    for role in roles.values():
        assert re.search(rf"^create \w+ {role} ", script, re.M), role
    assert "REVOKE ALL ON DATABASE" in script


def services_and_environments(compose: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, str]]]:
    for name, service in SCALED.items():
        yield name, service, service_environment(compose, name)


def test_every_variable_a_service_requires_is_provided(compose: dict[str, Any]) -> None:
    for name, service, environ in services_and_environments(compose):
        settings, read = configure(service, environ)  # production: refuses any missing secret
        assert settings.is_production, name
        assert one_box_defaults(service, settings) == [], (name, one_box_defaults(service, settings))
        required = required_variables(service, environ)
        assert required <= set(environ), (name, required - set(environ))
        # The introspection finds what matters: secrets, public URLs, every store, the relay.
        prefix = {"idp": "IDP", "voting_rp": "VOTING", "franceconnect_mock": "FC"}[service]
        assert {f"{prefix}_SECRET_KEY", f"{prefix}_DATABASE_URL", "KV_URL", "RATELIMIT_STORAGE_URL",
                "TRACE_DATABASE_URL", "IDP_URL", "VOTING_URL", "FC_URL"} <= required, (name, required)
        assert read  # it did read its environment


def test_service_specific_requirements_are_found_by_introspection(compose: dict[str, Any]) -> None:
    voting = required_variables("voting_rp", service_environment(compose, "voting"))
    assert {"VOTING_OIDC_CLIENT_SECRET", "VOTING_URNE_DATABASE_URL"} <= voting
    assert "FC_CONSOLE_PASSWORD" in required_variables("franceconnect_mock",
                                                       service_environment(compose, "franceconnect"))


def test_a_missing_secret_stops_compose_before_any_service() -> None:
    environ = deployment_environment()
    del environ["URNE_DB_PASSWORD"]
    with pytest.raises(AssertionError, match="URNE_DB_PASSWORD"):
        substitute(COMPOSE.read_text(), environ)
