"""``make bench``: voter journeys per second on this machine, and where the limit is.

Runs the whole stack for real (gunicorn over HTTPS, SMTP to devbox) in each configuration — the
embedded default (SQLite, one process per service) and PostgreSQL + Redis with 1, 2 and 4
gunicorn workers per service — and drives it with :mod:`bench.driver` at rising concurrency.
Measured in the same run: the Argon2id verifications per second of the machine with the project's
parameters (the hashing ceiling), the cost of generating electorates (1k, 100k, and the
portal's generator at 1.1M), and the journey latency at 1k and 100k electors.
Then, in each configuration, the portal's provider alone (:mod:`bench.op_phases`): SSO flows with
an existing session and password logins, and the SSO flow's cost with a million codes issued.
Every CPU figure is per operation, in milliseconds and in Argon2id verifications (CPU of one,
measured in the same run). At the end, the targets of issue 13 (:mod:`bench.targets`) with PASS or
FAIL: the command fails when one is missed (``BENCH_NO_TARGETS=1`` to skip the verdict).
Writes ``var/bench/report.md`` and ``report.json``. ``BENCH_QUICK=1``: a short version.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from bench.driver import Driver, Electorate, Target
from bench.floor import run_floor
from bench.machine import describe
from bench.op_phases import run_op
from bench.phases import Meter, verification_cpu_ms
from bench.report import write_reports
from bench.scaled import start_scaled_stack
from bench.servers import Servers, running_servers
from bench.stack import CA, ROOT, Stack, start_stack
from bench.targets import VERIFICATIONS, goals_of, verdict
from shared.calibration import Parameters, ceiling, verify_ms

Running = tuple[Stack, Servers | None]  # a configuration's stack, and its servers when it has its own


@dataclass(frozen=True)
class Plan:
    quick: bool
    levels: tuple[int, ...]
    seconds: float
    workers: tuple[int, ...]  # PostgreSQL + Redis configurations
    electors: int = 1000
    scaling_to: int = 100_000
    big_generator: int = 1_100_000

    @classmethod
    def from_environment(cls) -> Plan:
        if os.environ.get("BENCH_QUICK") == "1":
            return cls(quick=True, levels=(4, 16), seconds=5, workers=(2,), scaling_to=10_000,
                       big_generator=0)
        return cls(quick=False, levels=(4, 16, 64), seconds=12, workers=(1, 2, 4))


def _timed(command: list[str], environ: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *command], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=3600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"« python {' '.join(command)} » a échoué :\n{done.stderr[-2000:]}")
    return round(time.perf_counter() - start, 2)


def generate(environ: dict[str, str], electors: int) -> dict[str, float]:
    """Both services' generators for ``electors`` more electors, timed (seconds, process start included)."""
    count = ["generate-electorate", "--electors", str(electors)]
    return {"portail_s": _timed(["-m", "idp", *count], environ),
            "espace_de_vote_s": _timed(["-m", "voting_rp", *count], environ)}


@contextmanager
def embedded(folder: Path) -> Iterator[Running]:
    stack = start_stack(folder)
    try:
        yield stack, None
    finally:
        stack.stop()


@contextmanager
def scaled(folder: Path, workers: int) -> Iterator[Running]:
    with running_servers() as servers:
        stack = start_scaled_stack(folder, servers, instances=1, WEB_WORKERS=str(workers), DB_POOL_SIZE="8")
        try:
            yield stack, servers
        finally:
            stack.stop()


def measure(driver: Driver, meter: Meter, scenario: str, concurrency: int,
            seconds: float) -> dict[str, object]:
    make_user = {"journey": driver.journey_user, "sso": driver.sso_user, "reassort": driver.reassort_user}
    retried = driver.retried[0]
    phase = meter.measure(scenario, make_user[scenario], concurrency, seconds)
    return {**phase, "verifications_per_op": VERIFICATIONS[scenario],
            "gets_sent_again": driver.retried[0] - retried}


def run_configuration(name: str, start: Callable[[Path], AbstractContextManager[Running]], plan: Plan,
                      folder: Path, scaling: bool, verify_cpu_ms: float,
                      floor: bool = False) -> dict[str, object]:
    print(f"\n== {name}", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    with start(folder) as (stack, servers):
        environ = dict(stack.environ)
        result: dict[str, object] = {"name": name, "levels": plan.levels,
                                     "generation_1k": generate(environ, plan.electors)}
        if floor:  # first, on a quiet machine
            result["floor"] = run_floor(environ, urlsplit(stack.idp_url).port or 443)
        target = Target(stack.idp_url, stack.voting_url, str(CA))
        driver = Driver(target, Electorate(plan.electors))
        asyncio.run(driver.load_public_key())
        # PostgreSQL is detached by pg_ctl: its cluster's folder finds it among the processes.
        meter = Meter((str(servers.postgres.data),) if servers else (), verify_cpu_ms)
        phases = []
        for scenario in ("journey", "sso", "reassort"):
            for level in plan.levels:
                phases.append(measure(driver, meter, scenario, level, plan.seconds))
        result["phases"] = phases
        if scaling:
            result["scaling"] = electorate_growth(environ, target, plan, meter)
        result["op"] = run_op(environ, driver, meter, plan.levels, plan.seconds)
    return result


def electorate_growth(environ: dict[str, str], target: Target, plan: Plan, meter: Meter) -> dict[str, object]:
    """Journey latency at 1k electors, then at ``scaling_to`` (the generation timed)."""
    print(f"  -- électorat : {plan.electors} puis {plan.scaling_to} électeurs", flush=True)
    probes = {}
    # At 1k: the electors' last scrutin (the main phases used their first ones); then the new electors.
    small = Electorate(plan.electors, ballots=iter(range(3 * plan.electors, 4 * plan.electors)))
    probes[str(plan.electors)] = measure(Driver(target, small), meter, "journey", 4, plan.seconds)
    growth = generate(environ, plan.scaling_to - plan.electors)
    large = Electorate(plan.scaling_to, ballots=iter(range(plan.scaling_to - 1, plan.electors, -1)))
    probes[str(plan.scaling_to)] = measure(Driver(target, large), meter, "journey", 4, plan.seconds)
    return {"generation_growth": {"electors": plan.scaling_to - plan.electors, **growth}, "probes": probes}


def big_generator(plan: Plan) -> dict[str, object] | None:
    """The portal's generator for 1.1 million electors, into a scratch PostgreSQL database."""
    if not plan.big_generator:
        return None
    print(f"\n== générateur : {plan.big_generator} électeurs (portail, PostgreSQL)", flush=True)
    with running_servers() as servers, tempfile.TemporaryDirectory(prefix="bench-gen-") as folder:
        environ = {**os.environ, "DATA_DIR": folder, "IDP_SECRET_KEY": "b" * 40, "PYTHONPATH": str(ROOT),
                   "IDP_DATABASE_URL": servers.postgres.create("idp", "idp"),
                   "TRACE_DATABASE_URL": servers.postgres.create("trace", "trace"),
                   "KV_URL": servers.redis.url, "RATELIMIT_STORAGE_URL": servers.redis.url}
        _timed(["-m", "idp", "migrate"], environ)
        _timed(["-m", "idp", "seed-demo"], environ)  # the académies the electors belong to
        seconds = _timed(["-m", "idp", "generate-electorate", "--electors", str(plan.big_generator)], environ)
        size = servers.postgres.count("idp", "SELECT pg_database_size('idp')")
    print(f"    {seconds} s", flush=True)
    return {"electors": plan.big_generator, "portail_s": seconds, "database_bytes": size}


def main() -> None:
    plan = Plan.from_environment()
    out = Path(os.environ.get("BENCH_OUT") or ROOT / "var" / "bench")
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    report: dict[str, object] = {"started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                 "quick": plan.quick, "machine": describe(),
                                 "plan": {"levels": plan.levels, "seconds_per_level": plan.seconds,
                                          "electors": plan.electors}}
    params = Parameters(int(os.environ.get("ARGON2_MEMORY_KIB", 19 * 1024)),
                        int(os.environ.get("ARGON2_TIME_COST", 2)))
    print("Plafond de hachage (Argon2id, tous les cœurs)…", flush=True)
    report["argon2"] = {"memory_kib": params.memory_kib, "time_cost": params.time_cost,
                        "verify_ms": round(verify_ms(params), 1),
                        "verify_cpu_ms": round(verification_cpu_ms(params), 2),
                        "ceiling_per_second": round(ceiling(params, seconds=3.0), 1)}
    print(f"  {report['argon2']}", flush=True)
    configurations: list[dict[str, object]] = []
    report["configurations"] = configurations

    def save() -> None:  # after each configuration: a late failure keeps what was measured
        report["duration_s"] = round(time.perf_counter() - began, 1)
        write_reports(report, out)

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        verify_cpu = float(report["argon2"]["verify_cpu_ms"])  # type: ignore[index]
        configurations.append(run_configuration("embarqué (SQLite, 1 worker)", embedded, plan,
                                                Path(scratch) / "embarque", False, verify_cpu, floor=True))
        save()
        for workers in plan.workers:
            configurations.append(run_configuration(
                f"PostgreSQL + Redis, {workers} worker{'s' if workers > 1 else ''}",
                partial(scaled, workers=workers), plan, Path(scratch) / f"pg-{workers}",
                workers == 2, verify_cpu))
            save()
    report["big_generator"] = big_generator(plan)
    save()
    print(f"\nRapport : {out / 'report.md'} ({report['duration_s']} s)")
    judge(report)


def judge(report: dict[str, object]) -> None:
    """Print the targets of issue 13 with their values; exit 1 when one is missed."""
    goals = goals_of(report)
    print("\nObjectifs (ticket 13) :")
    for goal in goals:
        print(goal.line())
    if os.environ.get("BENCH_NO_TARGETS") == "1":
        print("BENCH_NO_TARGETS=1 : verdict non appliqué.")
    elif not verdict(goals):
        sys.exit("Objectifs manqués.")


if __name__ == "__main__":
    main()
