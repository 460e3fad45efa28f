"""The targets of issue 13, read from one bench report: each with its measured value, its limit and
the comparison, and the verdict that makes ``python -m bench`` fail when one is missed.

Every target is a ratio measured in the same run, so it holds on any machine: CPU per operation as
a share of the CPU of one Argon2id verification (``argon2.verify_cpu_ms``), throughput as a share
of the hashing ceiling. Each configuration is judged on its own: CPU per operation on its worst
level of concurrency, throughput on its best one (the capacity the configuration reaches). A
figure that was not measured fails. ``BENCH_NO_TARGETS=1`` skips the verdict (exploratory runs).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

COMPARISONS: dict[str, Callable[[float, float], bool]] = {"≤": operator.le, "≥": operator.ge}
LEVELS = (4, 16, 64)  # concurrent voters at which every scenario must run without error
# Each scenario's limit: CPU per operation in verifications (≤) or throughput over the ceiling (≥).
LIMITS = {"op_sso": 0.15, "sso": 0.5, "op_login": 1.5, "journey": 0.5, "reassort": 0.6}
THROUGHPUT = ("journey", "reassort")
VERIFICATIONS = {"journey": 2, "sso": 0, "reassort": 2, "op_sso": 0, "op_login": 1}  # Argon2id, per operation


@dataclass(frozen=True)
class Goal:
    name: str
    measured: float | None
    comparison: str  # "≤" or "≥"
    limit: float
    unit: str = ""

    @property
    def passed(self) -> bool:
        return self.measured is not None and COMPARISONS[self.comparison](self.measured, self.limit)

    def line(self) -> str:
        value = "non mesuré" if self.measured is None else f"{self.measured:.3g}{self.unit}"
        return (f"  {'PASS' if self.passed else 'FAIL'}  {self.name} : {value} "
                f"(objectif {self.comparison} {self.limit:g}{self.unit})")


def verdict(goals: list[Goal]) -> bool:
    return bool(goals) and all(goal.passed for goal in goals)


# -- reading a report ------------------------------------------------------------------------------
def cpu_per_op(phase: dict[str, Any], groups: tuple[str, ...] | None = None) -> float | None:
    """CPU milliseconds per operation of ``groups`` of the stack (all of it when ``None``)."""
    cpu, done = phase.get("stack_cpu_s"), phase.get("done", 0)
    if not cpu or not done:
        return None
    seconds = sum(v for k, v in cpu.items() if groups is None or k in groups)
    return 1000 * seconds / done


def _worst(values: list[float | None]) -> float | None:
    return None if not values or None in values else max(v for v in values if v is not None)


def _best(values: list[float]) -> float | None:
    return max(values) if values else None


OP_GROUPS = ("portail (idp)", "PostgreSQL", "Redis")  # the provider and the servers it alone uses


def cpu_share(phases: list[dict[str, Any]], scenario: str, groups: tuple[str, ...] | None,
              verify_cpu_ms: float) -> float | None:
    """The worst level's CPU per operation of ``scenario``, in Argon2id verifications."""
    values = [cpu_per_op(p, groups) for p in phases if p["scenario"] == scenario]
    return _worst([None if v is None else v / verify_cpu_ms for v in values])


def ceiling_share(phases: list[dict[str, Any]], scenario: str, ceiling: float) -> float | None:
    """The best level's throughput of ``scenario`` (2 verifications each) over the hashing ceiling."""
    return _best([p["per_second"] / (ceiling / 2) for p in phases if p["scenario"] == scenario])


def configuration_goals(config: dict[str, Any], verify_cpu_ms: float, ceiling: float) -> list[Goal]:
    name, phases = config["name"], config.get("phases", [])
    ops = config.get("op", {}).get("phases", [])
    every = [*phases, *ops]
    goals = [
        Goal(f"[{name}] portail seul, flux SSO : CPU du portail (+ sa base, Redis) par flux, "
             "en vérifications Argon2id", cpu_share(ops, "op_sso", OP_GROUPS, verify_cpu_ms), "≤",
             LIMITS["op_sso"]),
        Goal(f"[{name}] SSO vers l'espace de vote : CPU de tous les services par SSO, en vérifications",
             cpu_share(phases, "sso", None, verify_cpu_ms), "≤", LIMITS["sso"]),
        Goal(f"[{name}] parcours complet : débit en part du plafond de hachage (plafond / 2)",
             ceiling_share(phases, "journey", ceiling), "≥", LIMITS["journey"]),
        Goal(f"[{name}] demande de réassort : débit en part du plafond de hachage (plafond / 2)",
             ceiling_share(phases, "reassort", ceiling), "≥", LIMITS["reassort"]),
        Goal(f"[{name}] connexion par mot de passe au portail : CPU du portail (+ sa base, Redis) par "
             "connexion, en vérifications", cpu_share(ops, "op_login", OP_GROUPS, verify_cpu_ms), "≤",
             LIMITS["op_login"]),
        Goal(f"[{name}] erreurs, tous scénarios et paliers", float(sum(p["errors"] for p in every)), "≤", 0),
        Goal(f"[{name}] paliers sans p95 (scénario × palier attendu)",
             float(_missing_p95(every, config.get("levels", LEVELS))), "≤", 0),
    ]
    codes = config.get("op", {}).get("codes")
    if codes is not None:
        goals.append(Goal(f"[{name}] coût d'un flux SSO à {codes['after']['codes']} codes émis ÷ à "
                          f"{codes['before']['codes']}", codes.get("ratio"), "≤", 1.2))
    return goals


def _missing_p95(phases: list[dict[str, Any]], levels: tuple[int, ...] | list[int]) -> int:
    reported = {(p["scenario"], p["concurrency"]) for p in phases if p.get("p95_ms") is not None}
    scenarios = {p["scenario"] for p in phases}
    return sum((s, level) not in reported for s in scenarios for level in levels)


def goals_of(report: dict[str, Any]) -> list[Goal]:
    """Every target of the issue, from ``report``."""
    argon2 = report["argon2"]
    configurations = report.get("configurations", [])
    present = sum(any(kind in c["name"] for c in configurations) for kind in ("embarqué", "PostgreSQL"))
    goals = [Goal("configurations rapportées : embarquée et PostgreSQL + Redis", float(present), "≥", 2)]
    for config in configurations:
        goals += configuration_goals(config, argon2["verify_cpu_ms"], argon2["ceiling_per_second"])
    return goals
