"""The production image holds what the services run on, and nothing for development (issue 12).

`make` installs the lockfile with every default dependency group (``uv sync --frozen``); the
Dockerfile's production stage installs the ``[project]`` dependencies only (``--no-default-groups``)
and its build context leaves the tests and the bench out. honcho (the Procfile runner) and aiosmtpd
(the devbox's SMTP server) are for development and tests: neither may come back among the runtime
requirements, directly or through another package as the lockfile resolves it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
DEV_ONLY = {"aiosmtpd", "honcho"}
STAGE = re.compile(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?\s*$", re.IGNORECASE | re.MULTILINE)


def requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;@]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def runtime_closure() -> set[str]:
    """Every package the project's own dependencies bring, extras included, as uv.lock resolved them."""
    packages = {package["name"]: package for package in LOCK["package"]}
    pending: list[dict[str, Any]] = list(packages[PYPROJECT["project"]["name"]]["dependencies"])
    seen: set[tuple[str, str | None]] = set()
    while pending:
        dependency = pending.pop()
        package = packages[dependency["name"]]
        for extra in [None, *dependency.get("extra", [])]:
            if (package["name"], extra) in seen:
                continue
            seen.add((package["name"], extra))
            pending += package.get("dependencies", []) if extra is None else \
                package.get("optional-dependencies", {}).get(extra, [])
    return {name for name, _extra in seen}


def image_stages() -> dict[str, tuple[str, str]]:
    """Each stage of the Dockerfile: its parent image or stage, and its own instructions."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    starts = list(STAGE.finditer(text))
    return {(m.group(2) or str(i)): (m.group(1), text[m.end():starts[i + 1].start() if i + 1 < len(starts)
                                                       else len(text)])
            for i, m in enumerate(starts)}


def uv_syncs(stage: str) -> list[str]:
    """The ``uv sync`` commands that build ``stage``, its parents' included."""
    stages = image_stages()
    commands: list[str] = []
    while stage in stages:
        stage, body = stages[stage]
        commands = re.findall(r"uv sync[^\n]*", body) + commands
    return commands


def test_the_dev_only_packages_are_no_runtime_requirement() -> None:
    runtime = {requirement_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert "flask" in runtime
    assert runtime & DEV_ONLY == set()


def test_nothing_the_services_run_on_brings_them_back() -> None:
    closure = runtime_closure()
    assert {"flask", "werkzeug", "psycopg-binary"} <= closure  # the walk follows dependencies and extras
    assert closure & DEV_ONLY == set()


def test_make_still_installs_them_for_development_and_tests() -> None:
    defaults = PYPROJECT["tool"]["uv"]["default-groups"]
    grouped = {requirement_name(r) for group in defaults for r in PYPROJECT["dependency-groups"][group]}
    assert DEV_ONLY <= grouped
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.findall(r"\$\(UV\) sync[^\n]*", makefile) == ["$(UV) sync --frozen --python $(PYTHON)"]


def test_the_production_image_installs_no_dependency_group() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    targets = {name: service["build"]["target"] for name, service in compose.items() if "build" in service}
    assert set(targets.values()) == {"app", "devbox"} and targets["idp"] == "app"
    assert list(image_stages())[-1] == "app"  # a plain `docker build .` gives the production image too
    production = uv_syncs("app")
    assert production and all("--no-default-groups" in c and "--group" not in c for c in production)
    assert [n for n, target in targets.items() if target != "app"] == ["devbox"]
    assert any("--group devbox" in command for command in uv_syncs("devbox"))


def test_the_image_copies_neither_tests_nor_bench() -> None:
    ignored = {line.strip().strip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {"tests", "bench"} <= ignored
