"""One measured phase: the driver's figures plus the CPU the bench's own stack spent on it.

CPU per operation is read from /proc for the bench's processes only (:mod:`bench.processes`) and
given in milliseconds and as a share of one Argon2id verification's CPU measured in the same run.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bench.driver import SENT, Operation, PhaseResult, run_phase
from bench.machine import cpu_by_group, driver_cpu, shares
from bench.processes import difference, stack_cpu
from bench.targets import OP_GROUPS, cpu_per_op
from shared.calibration import Parameters, verify_ms


def verification_cpu_ms(params: Parameters, rounds: int = 9) -> float:
    """Median CPU time of one Argon2id verification in this process (comparable to CPU per operation,
    whatever else the machine runs meanwhile)."""
    return verify_ms(params, rounds, clock=time.process_time)


@dataclass(frozen=True)
class Meter:
    """Measures phases of one configuration: ``marks`` find its detached servers (PostgreSQL)."""

    marks: Sequence[str]
    verify_cpu_ms: float

    def measure(self, scenario: str, make_user: Callable[[], Awaitable[Operation]], concurrency: int,
                seconds: float) -> dict[str, object]:
        readings: list[tuple[defaultdict[str, float], defaultdict[str, float], float, dict[str, int]]] = []

        def cpu() -> float:
            """Called by run_phase when the clock starts and when it stops: the virtual users'
            preparation (their sign-in) stays out of the CPU per operation."""
            readings.append((stack_cpu(self.marks), cpu_by_group(), time.perf_counter(), dict(SENT)))
            return driver_cpu()

        result: PhaseResult = asyncio.run(run_phase(scenario, make_user, concurrency, seconds, cpu))
        (ours, machine, start, sent), (ours_after, machine_after, end, sent_after) = readings
        phase = {**result.as_dict(), "stack_cpu_s": difference(ours, ours_after),
                 "cpu_share": shares(machine, machine_after, end - start),
                 **{f"{kind}_per_op": round((sent_after[kind] - sent[kind]) / result.done, 2)
                    if result.done else None for kind in SENT}}
        self.say(phase)
        return phase

    def say(self, phase: dict[str, object]) -> None:
        op, every = cpu_per_op(phase, ("portail (idp)",)), cpu_per_op(phase)
        served = cpu_per_op(phase, OP_GROUPS)

        def ms(value: float | None) -> str:
            return "—" if value is None else f"{value:.1f} ms ({value / self.verify_cpu_ms:.2f} v)"
        print(f"    {phase['scenario']:8} x{phase['concurrency']:<3} {phase['per_second']:7.2f}/s  "
              f"p50 {phase['p50_ms']} ms  p95 {phase['p95_ms']} ms  erreurs {phase['errors']}  "
              f"générateur {phase['driver_cpu_share']:.0%} d'un cœur\n"
              f"             CPU par opération : portail {ms(op)}, portail + base + Redis {ms(served)}, "
              f"pile entière {ms(every)}", flush=True)
