"""The report's tables of cost per operation, of the provider alone and of the targets (issue 13).

Every throughput is given per second and over the hashing ceiling (verifications per second), every
CPU figure per operation in milliseconds and in Argon2id verifications (CPU of one, same run).
"""

from __future__ import annotations

from typing import Any

from bench.floor import budgets
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


def floor_lines(config: dict[str, Any], argon2: dict[str, Any]) -> list[str]:
    """The floor of a request and the part of each target it takes (:mod:`bench.floor`)."""
    floor = config.get("floor")
    if not floor:
        return []
    verify = argon2["verify_cpu_ms"]

    def cost(ms: float) -> str:
        return f"{ms:.2f} ({ms / verify:.3f})"
    lines = ["", "### Plancher : une requête avant tout travail de l'application", "",
             "CPU du serveur par requête, un client en boucle, configuration gunicorn des services "
             "(gthread, TLS), en ms (vérifications) :", "",
             "| requête | connexion gardée ouverte | connexion TLS neuve |", "|---|---:|---:|"]
    for key, name in (("wsgi", "fonction WSGI nue"), ("flask", "application Flask nue"),
                      ("sante", "`/sante` du portail (sessions, en-têtes, trace, `SELECT 1`)")):
        lines.append(f"| {name} | {cost(floor[key]['kept'])} | {cost(floor[key]['new'])} |")
    lines += ["", f"Dessin d'une image CAPTCHA : {cost(floor['captcha_ms'])}.", "",
              "Ce que le plancher prend de chaque objectif : requêtes envoyées par les clients du banc × "
              "`/sante` (connexion gardée) + images CAPTCHA dessinées + vérifications Argon2id, contre le "
              "CPU par opération que l'objectif permet (pour un débit : vérifications ÷ part visée du "
              "plafond). Borne basse : ni les appels entre services ni les poignées de main TLS ne sont "
              "comptés.", "",
              "| opération | requêtes | images CAPTCHA | vérifications | CPU permis (v) | plancher (v) | "
              "part prise par le plancher | laissé à l'application par requête, ms | "
              "travail de l'application par requête, ms |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in budgets(config, floor, verify):
        application = row["application_ms_per_request"]
        lines.append(f"| {NAMES[row['scenario']]} | {row['requests_per_op']:g} | "
                     f"{row['captchas_per_op']:g} | {row['verifications']} | {row['allowed']:.3f} | "
                     f"{row['floor']:.3f} | {100 * row['taken']:.0f} % | {row['left_ms_per_request']:.2f} | "
                     f"{'—' if application is None else f'{application:.2f}'} |")
    lines += ["", "Laissé à l'application : ce que l'objectif permet au-delà du plancher, partagé entre les "
              "requêtes. Travail de l'application : CPU par opération au palier le moins chargé, moins ses "
              "vérifications, ses images CAPTCHA et ses requêtes au plancher, divisé par ses requêtes. "
              "Un objectif n'est atteignable que si le second descend sous le premier."]
    return lines


def target_lines(report: dict[str, Any]) -> list[str]:
    lines = ["", "## Objectifs (ticket 13)", "",
             "| objectif | mesuré | limite | verdict |", "|---|---:|---:|---|"]
    for goal in goals_of(report):
        measured = "—" if goal.measured is None else f"{goal.measured:.3g}"
        lines.append(f"| {goal.name} | {measured} | {goal.comparison} {goal.limit:g} | "
                     f"{'PASS' if goal.passed else 'FAIL'} |")
    return lines
