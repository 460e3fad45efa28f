"""The layers hold by construction: import-linter's contracts (``[tool.importlinter]`` in
pyproject.toml) pass on the project, and each of them fails on a copy of the project with one
deliberate violation, so none can pass vacuously.

import-linter sees modules, not names: ``from flask import render_template`` is an import of
``flask``. The protocol checks' "no templates" is therefore also checked by name (``TEMPLATE_NAMES``).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract for contract in CONFIG["contracts"]}
TEMPLATE_NAMES = {"render_template", "render_template_string", "stream_template"}

# One violation per contract: (file in a copy of the project, line appended to it).
VIOLATIONS = {
    "shared-below-services": ("shared/violation.py", "import idp.context"),
    "services-independent": ("voting_rp/violation.py", "import idp.context"),
    "devbox-for-tests-only": ("bench/violation.py", "import devbox.store"),
    "bench-no-test-helpers": ("bench/violation.py", "import tests.support.client"),
    "urne-knows-no-voter": ("voting_rp/urne/store.py", "from voting_rp.election.models import Elector"),
    "oidc-checks-no-pages": ("idp/oidc/checks.py", "from flask_wtf.csrf import validate_csrf"),
    "idp-feature-layers": ("idp/accounts/views.py", "from idp.interaction import pending"),
    "fc-mock-layers": ("franceconnect_mock/oidc/views.py", "import franceconnect_mock.interaction.service"),
    # the import issue 12 removed: the portal's callback reaching into the réassort's views
    "voting-feature-layers": ("voting_rp/auth/views.py", "import voting_rp.reassort.views"),
}


def lint_imports(root: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    selected = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", *selected], cwd=root, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(root)}, check=False)


def project_copy(target: Path) -> Path:
    """The root packages' Python files and pyproject.toml, nothing else (fast, and enough for imports)."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, target / package,
                        ignore=lambda folder, names: [n for n in names if not (n.endswith(".py") or
                                                      (Path(folder) / n).is_dir()) or n == "__pycache__"])
    shutil.copy(ROOT / "pyproject.toml", target)
    return target


def protocol_modules(root: Path) -> list[Path]:
    """The files of the OIDC protocol checks (the source modules of their contract)."""
    files: list[Path] = []
    for module in CONTRACTS["oidc-checks-no-pages"]["source_modules"]:
        path = root.joinpath(*module.split("."))
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    return files


def template_uses(root: Path) -> list[str]:
    found = []
    for path in protocol_modules(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom | ast.Import):
                found += [f"{path.relative_to(root)}: {alias.name}" for alias in node.names
                          if alias.name in TEMPLATE_NAMES]
            elif isinstance(node, ast.Attribute) and node.attr in TEMPLATE_NAMES:
                found.append(f"{path.relative_to(root)}: {node.attr}")
    return found


def test_every_contract_holds_on_the_project() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


def test_every_contract_has_its_deliberate_violation() -> None:
    assert set(VIOLATIONS) == set(CONTRACTS)


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project that keeps every contract, as the project does."""
    copy = project_copy(tmp_path_factory.mktemp("projet"))
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


@pytest.mark.parametrize("contract", sorted(VIOLATIONS))
def test_each_contract_fails_on_a_deliberate_violation(contract: str, clean_copy: Path,
                                                       tmp_path: Path) -> None:
    copy = tmp_path / "projet"
    shutil.copytree(clean_copy, copy)
    file, line = VIOLATIONS[contract]
    with (copy / file).open("a", encoding="utf-8") as out:
        out.write(f"\n{line}\n")
    result = lint_imports(copy, contract)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{CONTRACTS[contract]['name']} BROKEN" in result.stdout


def test_the_protocol_checks_render_no_template() -> None:
    assert protocol_modules(ROOT) and template_uses(ROOT) == []


def test_a_template_rendered_from_a_protocol_check_is_caught(tmp_path: Path) -> None:
    copy = project_copy(tmp_path)
    with (copy / "franceconnect_mock/oidc/checks/token.py").open("a", encoding="utf-8") as out:
        out.write("\nfrom flask import render_template\n")
    assert template_uses(copy) == ["franceconnect_mock/oidc/checks/token.py: render_template"]
