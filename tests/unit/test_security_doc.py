"""docs/security.md stays true: every test it cites exists (file, and function when named)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITED = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def test_every_cited_test_exists():
    text = (ROOT / "docs" / "security.md").read_text()
    cited = CITED.findall(text)
    assert len(cited) > 40
    for path, function in cited:
        source = (ROOT / path).read_text()
        assert "def test_" in source, path
        if function:
            assert f"def {function}(" in source, f"{path}::{function}"


def test_every_attack_class_cites_a_test():
    text = (ROOT / "docs" / "security.md").read_text()
    section = text.split("## Attack classes", 1)[1].split("\n## ", 1)[0]
    attack_rows = [line for line in section.splitlines()
                   if line.startswith("| ") and not line.startswith("| attack")]
    assert len(attack_rows) > 20
    for row in attack_rows:
        assert "`tests/" in row, row
