"""The report's tables of cost per operation, of the provider alone and of the targets (issue 13).

Every throughput is given per second and over the hashing ceiling (verifications per second), every
CPU figure per operation in milliseconds and in Argon2id verifications (CPU of one, same run).
"""

from __future__ import annotations

from typing import Any

from bench.targets import OP_GROUPS, cpu_per_op, goals_of

NAMES = {"journey": "parcours complet", "sso": "SSO vers l'espace de vote", "reassort": "réassort",
         "op_sso": "portail seul : flux SSO", "op_login": "portail seul : connexion par mot de passe"}
PORTAL = ("portail (idp)",)


def _n(count: int) -> str:
    return f"{count:,}".replace(",", "\u202f")


def _cost(value: float | None, verify_cpu_ms: float) -> str:
    return "—" if value is None else f"{value:.1f} ({value / verify_cpu_ms:.2f})"


def cost_rows(phases: list[dict[str, Any]], argon2: dict[str, Any]) -> list[str]:
    verify, ceiling = argon2["verify_cpu_ms"], argon2["ceiling_per_second"]
    rows = ["| scénario | concurrence | par seconde | ÷ plafond (vérifications/s) | p50 ms | p95 ms | "
            "erreurs | CPU portail, ms (vérifications) | portail + base + Redis | pile entière | "
            "générateur |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for p in phases:
        rows.append(f"| {NAMES.get(p['scenario'], p['scenario'])} | {p['concurrency']} | "
                    f"{p['per_second']:.2f} | {p['per_second'] / ceiling:.3f} | {p['p50_ms']} | "
                    f"{p['p95_ms']} | {p['errors']} | "
                    f"{_cost(cpu_per_op(p, PORTAL), verify)} | {_cost(cpu_per_op(p, OP_GROUPS), verify)} | "
                    f"{_cost(cpu_per_op(p), verify)} | {100 * p['driver_cpu_share']:.0f} % |")
    return rows


def op_lines(config: dict[str, Any], argon2: dict[str, Any]) -> list[str]:
    op = config.get("op")
    lines = ["", "### Coût par opération", "",
             f"CPU des processus de la pile du banc seulement (lus dans /proc), par opération, en ms et en "
             f"vérifications Argon2id ({argon2['verify_cpu_ms']} ms de CPU chacune) ; le portail seul est "
             "mesuré avec le client du banc (flux complet : autorisation avec PKCE, code, jeton, "
             "jeton d'identité ES256 vérifié).", "",
             *cost_rows([*config["phases"], *(op["phases"] if op else [])], argon2)]
    codes = op and op.get("codes")
    if codes:
        before, after = codes["before"], codes["after"]
        lines += ["", "### Codes émis", "",
                  f"Flux SSO du portail seul avec {_n(before['codes'])} codes dans `oidc_codes`, puis avec "
                  f"{_n(after['codes'])} ({_n(after['codes'] - before['codes'])} insérés en "
                  f"{codes['filled_s']} s) ; index de la table : "
                  f"{', '.join(codes['indexes']) or 'aucun'}.", "",
                  *cost_rows([before["phase"], after["phase"]], argon2), "",
                  f"Rapport du CPU par flux (portail + base + Redis) : **{codes['ratio']}** "
                  "(objectif ≤ 1,2)."]
    return lines


def target_lines(report: dict[str, Any]) -> list[str]:
    lines = ["", "## Objectifs (ticket 13)", "",
             "| objectif | mesuré | limite | verdict |", "|---|---:|---:|---|"]
    for goal in goals_of(report):
        measured = "—" if goal.measured is None else f"{goal.measured:.3g}"
        lines.append(f"| {goal.name} | {measured} | {goal.comparison} {goal.limit:g} | "
                     f"{'PASS' if goal.passed else 'FAIL'} |")
    return lines
