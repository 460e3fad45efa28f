"""The bench's report: ``report.json`` (everything measured) and ``report.md`` (the tables people read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.op_report import floor_lines, op_lines, target_lines

SCENARIOS = {"journey": "parcours complet", "sso": "SSO (déjà connecté au portail)",
             "reassort": "demande de réassort (question défi)"}
CPU_COLUMNS = ("portail (idp)", "espace de vote", "FranceConnect (simulateur)", "PostgreSQL", "Redis",
               "devbox (SMTP)", "autres processus", "inactif")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def phase_rows(phases: list[dict[str, Any]], ceiling: float) -> list[str]:
    rows = ["| scénario | concurrence | par seconde | p50 ms | p95 ms | p99 ms | erreurs | part du plafond "
            "Argon2id | CPU du générateur (1 cœur = 100 %) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for p in phases:
        hashing = p["per_second"] * p["verifications_per_op"] / ceiling if p["verifications_per_op"] else None
        rows.append(f"| {SCENARIOS[p['scenario']]} | {p['concurrency']} | {p['per_second']:.2f} | "
                    f"{_ms(p['p50_ms'])} | {_ms(p['p95_ms'])} | {_ms(p['p99_ms'])} | {p['errors']} | "
                    f"{_pct(hashing)} | {_pct(p['driver_cpu_share'])} |")
    return rows


def cpu_rows(phases: list[dict[str, Any]]) -> list[str]:
    rows = ["| scénario | concurrence | " + " | ".join(CPU_COLUMNS) + " |",
            "|---|---:|" + "---:|" * len(CPU_COLUMNS)]
    for p in phases:
        cpu = p["cpu_share"]
        rows.append(f"| {SCENARIOS[p['scenario']]} | {p['concurrency']} | "
                    + " | ".join(_pct(cpu.get(c, 0.0)) for c in CPU_COLUMNS) + " |")
    return rows


def markdown(report: dict[str, Any]) -> str:
    machine, argon2 = report["machine"], report["argon2"]
    ceiling = argon2["ceiling_per_second"]
    lines = [
        "# Banc de charge — rapport" + (" (version courte, BENCH_QUICK=1)" if report["quick"] else ""),
        "",
        f"Mesuré le {report['started_at']} en {report['duration_s']} s par `make bench`.",
        "",
        "## Machine",
        "",
        f"- processeur : {machine['cpu']}, {machine['cores']} cœurs ; mémoire : {machine['memory_gib']} Gio",
        f"- système : {machine['system']} ; Python {machine['python']} ; {machine['postgresql']} ; "
        f"{machine['redis']}",
        f"- charge moyenne au départ (1, 5, 15 min) : {machine['load_average_at_start']}",
        "",
        "## Plafond de hachage",
        "",
        f"Argon2id m = {argon2['memory_kib']} Kio, t = {argon2['time_cost']}, p = 1 : "
        f"{argon2['verify_ms']} ms par vérification, **{ceiling} vérifications/s** avec tous les cœurs. "
        "Un parcours complet en fait 2 (mot de passe, code de vote), une demande de réassort 2 (réponse "
        f"secrète, NUMEN) : le plafond est donc de **{ceiling / 2:.1f} parcours/s** si la machine ne "
        "faisait que hacher. La colonne « part du plafond » rapporte le débit mesuré à ce plafond.",
        "",
        f"Paliers de concurrence : {', '.join(map(str, report['plan']['levels']))} utilisateurs virtuels, "
        f"{report['plan']['seconds_per_level']} s chacun ; électorat généré de "
        f"{report['plan']['electors']} électeurs au départ de chaque configuration.",
    ]
    for config in report["configurations"]:
        gen = config["generation_1k"]
        lines += ["", f"## {config['name']}", "",
                  f"Génération de {report['plan']['electors']} électeurs : portail {gen['portail_s']} s, "
                  f"espace de vote {gen['espace_de_vote_s']} s (démarrage du processus compris).", "",
                  *phase_rows(config["phases"], ceiling), "",
                  "Où va le CPU (part de la machine entière pendant le palier) :", "",
                  *cpu_rows(config["phases"]), *op_lines(config, argon2), *floor_lines(config, argon2)]
        errors = {k: v for p in config["phases"] for k, v in p["error_kinds"].items()}
        if errors:
            lines += ["", "Erreurs rencontrées : " + ", ".join(f"{k} ({v})" for k, v in errors.items())]
        again = sum(p.get("gets_sent_again", 0) for p in config["phases"])
        if again:
            lines += ["", f"GET renvoyés sur une connexion neuve (connexion gardée ouverte que le serveur "
                          f"venait de fermer, comme le fait un navigateur) : {again}."]
        if "scaling" in config:
            scaling = config["scaling"]
            growth = scaling["generation_growth"]
            lines += ["", "### Taille de l'électorat", "",
                      f"Génération de {growth['electors']} électeurs de plus : "
                      f"portail {growth['portail_s']} s, "
                      f"espace de vote {growth['espace_de_vote_s']} s.", "",
                      "| électeurs | parcours/s (4 utilisateurs) | p50 ms | p95 ms | p99 ms | erreurs |",
                      "|---:|---:|---:|---:|---:|---:|"]
            for size, probe in scaling["probes"].items():
                lines.append(f"| {int(size):,} | {probe['per_second']:.2f} | {_ms(probe['p50_ms'])} | "
                             f"{_ms(probe['p95_ms'])} | {_ms(probe['p99_ms'])} | {probe['errors']} |"
                             .replace(",", " "))
    big = report.get("big_generator")
    if big:
        lines += ["", "## Générateur à 1,1 million", "",
                  f"`python -m idp generate-electorate --electors {big['electors']}` sur PostgreSQL : "
                  f"{big['portail_s']} s ; base du portail : {big['database_bytes'] / 1024 ** 2:.0f} Mio."]
    lines += target_lines(report)
    return "\n".join(lines) + "\n"


def write_reports(report: dict[str, Any], folder: Path) -> None:
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    (folder / "report.md").write_text(markdown(report))
