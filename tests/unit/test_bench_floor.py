"""The bench's floor: what it takes of each target, from the requests an operation sends (no stack)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.floor import budgets
from bench.op_report import floor_lines

VERIFY_CPU_MS = 20.0
FLOOR = {"wsgi": {"kept": 0.3, "new": 0.9}, "flask": {"kept": 0.6, "new": 1.2},
         "sante": {"kept": 1.0, "new": 1.6}, "captcha_ms": 4.0}


def phase(scenario: str, requests: float | None, captchas: float = 0.0, *, level: int = 4,
          cpu_ms: dict[str, float] | None = None) -> dict[str, Any]:
    done = 100
    return {"scenario": scenario, "concurrency": level, "requests_per_op": requests,
            "captchas_per_op": captchas, "done": done,
            "stack_cpu_s": {k: v * done / 1000 for k, v in (cpu_ms or {}).items()}}


def configuration() -> dict[str, Any]:
    return {"name": "embarqué (SQLite, 1 worker)", "floor": FLOOR,
            "phases": [phase("journey", 17.0, 2.0, cpu_ms={"portail (idp)": 60.0, "espace de vote": 60.0}),
                       phase("sso", 5.0, 1.0, cpu_ms={"portail (idp)": 5.0, "espace de vote": 15.0}),
                       phase("sso", 5.2, 1.0, level=16)],
            "op": {"phases": [phase("op_sso", 2.0, cpu_ms={"portail (idp)": 6.0, "espace de vote": 50.0}),
                              phase("op_login", 6.0, 1.0, cpu_ms={"portail (idp)": 40.0}),
                              phase("op_login", None, level=16)]}}


def by_scenario() -> dict[str, dict[str, Any]]:
    return {row["scenario"]: row for row in budgets(configuration(), FLOOR, VERIFY_CPU_MS)}


def test_a_cpu_target_counts_requests_captchas_and_verifications_against_its_limit() -> None:
    rows = by_scenario()
    # 6 requests × 1 ms + 1 CAPTCHA × 4 ms = 10 ms = 0.5 v, plus the password's verification.
    assert rows["op_login"]["floor"] == pytest.approx(1.5)
    assert rows["op_login"]["allowed"] == 1.5
    assert rows["op_login"]["taken"] == pytest.approx(1.0)
    assert rows["op_sso"]["floor"] == pytest.approx(0.1)  # 2 requests × 1 ms
    assert rows["op_sso"]["taken"] == pytest.approx(0.1 / 0.15, abs=1e-3)


def test_the_most_requests_any_level_sent_is_the_floor() -> None:
    assert by_scenario()["sso"]["floor"] == pytest.approx((5.2 * 1.0 + 4.0) / VERIFY_CPU_MS)


def test_a_throughput_target_allows_the_cpu_at_which_the_machine_would_reach_it() -> None:
    journey = by_scenario()["journey"]
    assert journey["allowed"] == pytest.approx(4.0)  # 2 verifications at half the hashing ceiling
    assert journey["floor"] == pytest.approx(2 + (17 * 1.0 + 2 * 4.0) / VERIFY_CPU_MS)
    assert journey["taken"] == pytest.approx(journey["floor"] / 4.0, abs=1e-3)


def test_the_application_work_per_request_is_what_the_least_busy_level_spends_beyond_the_floor() -> None:
    rows = by_scenario()
    # 40 ms − 1 verification (20) − 1 CAPTCHA (4) − 6 requests × 1 ms = 10 ms over 6 requests.
    assert rows["op_login"]["application_ms_per_request"] == pytest.approx(10 / 6, abs=0.01)
    # The provider alone counts the portal only: the voting space's 50 ms is not its work.
    assert rows["op_sso"]["application_ms_per_request"] == pytest.approx(2.0)
    # The SSO into the voting space counts every service: (20 − 4 − 5) / 5.
    assert rows["sso"]["application_ms_per_request"] == pytest.approx(2.2)
    # The journey: (120 − 40 − 8 − 17) / 17.
    assert rows["journey"]["application_ms_per_request"] == pytest.approx(55 / 17, abs=0.01)


def test_what_the_floor_leaves_is_shared_among_the_requests() -> None:
    rows = by_scenario()
    assert rows["op_sso"]["left_ms_per_request"] == pytest.approx((0.15 - 0.1) * VERIFY_CPU_MS / 2)
    assert rows["op_login"]["left_ms_per_request"] == 0.0  # the floor takes the whole allowance
    journey = rows["journey"]
    left = (4.0 - journey["floor"]) * VERIFY_CPU_MS / 17
    assert journey["left_ms_per_request"] == pytest.approx(left, abs=0.01)


def test_a_scenario_without_a_count_of_requests_has_no_row() -> None:
    assert "reassort" not in by_scenario()


def test_the_report_shows_each_floor_and_what_it_takes() -> None:
    lines = floor_lines(configuration(), {"verify_cpu_ms": VERIFY_CPU_MS})
    text = "\n".join(lines)
    assert "| fonction WSGI nue | 0.30 (0.015) | 0.90 (0.045) |" in text
    assert "Dessin d'une image CAPTCHA : 4.00 (0.200)." in text
    login = next(line for line in lines if line.startswith("| portail seul : connexion par mot de passe |"))
    assert login.endswith("| 1.500 | 1.500 | 100 % | 0.00 | 1.67 |")


def test_a_configuration_without_a_floor_adds_nothing() -> None:
    assert floor_lines({"name": "PostgreSQL + Redis, 2 workers", "phases": []}, {"verify_cpu_ms": 20.0}) == []
