"""Fixtures of the FranceConnect mock: a migrated app with a registered test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from franceconnect_mock.context import FcMock
from tests.support.franceconnect import Journey, Register, build_template, ctx_of, make_app, registration


@pytest.fixture(scope="session")
def fc_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("fc-template"))


@pytest.fixture
def fc_app(fc_template: Path, tmp_path: Path) -> Flask:
    return make_app(fc_template, tmp_path / "fc")


@pytest.fixture
def fc_ctx(fc_app: Flask) -> FcMock:
    ctx = ctx_of(fc_app)
    ctx.sleep = lambda seconds: None
    return ctx


@pytest.fixture
def journey(fc_app: Flask, fc_ctx: FcMock) -> Journey:
    """A private v2 ES256 client (``fs-test``) and a browser."""
    data = registration()
    fc_ctx.clients.register(data)
    return Journey(fc_app, secret=data["client_secret"])


@pytest.fixture
def register(fc_app: Flask, fc_ctx: FcMock) -> Register:
    """Register another client and get a journey for it."""

    def _register(**overrides: object) -> Journey:
        data = registration(**overrides)
        fc_ctx.clients.register(data)
        return Journey(fc_app, client_id=str(data["client_id"]), secret=str(data.get("client_secret") or ""),
                       redirect_uri=str(data["redirect_uris"][0]))

    return _register
