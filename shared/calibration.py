"""Argon2id parameters measured on this machine: ``python -m shared.calibration --target-ms 50``.

The floor is OWASP's (m = 19 MiB, t = 2, p = 1, which ``shared.settings`` enforces too). Above it,
memory grows first, a quarter at a time (it is what makes GPU and ASIC guessing expensive), up to
``--max-memory-mib`` because every verification in flight holds that much (workers × threads × m),
then passes. The
chosen parameters are the strongest whose median verification stays within the target; the
command prints them as the ``ARGON2_*`` variables to set. :func:`ceiling` measures how many
verifications per second the machine sustains with all its cores: the bench's hashing ceiling.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from argon2 import PasswordHasher

MIN_MEMORY_KIB = 19 * 1024
MIN_TIME_COST = 2
# The documented target (docs/performance.md): a verification within 50 ms keeps hashing a minority
# of a journey's cost at the rates one box sustains, while the floor above bounds offline guessing.
TARGET_MS = 50.0


@dataclass(frozen=True)
class Parameters:
    memory_kib: int
    time_cost: int
    parallelism: int = 1

    def environment(self) -> str:
        return (f"ARGON2_MEMORY_KIB={self.memory_kib}\nARGON2_TIME_COST={self.time_cost}\n"
                f"ARGON2_PARALLELISM={self.parallelism}")


def verify_ms(params: Parameters, rounds: int = 7,
              clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of one verification (what a sign-in pays), in milliseconds; with
    ``clock=time.process_time``, the CPU it costs this process (the bench's unit)."""
    hasher = PasswordHasher(memory_cost=params.memory_kib, time_cost=params.time_cost,
                            parallelism=params.parallelism)
    stored = hasher.hash("Calibration-2022!")
    times = []
    for _ in range(rounds):
        start = clock()
        hasher.verify(stored, "Calibration-2022!")
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def calibrate(target_ms: float, max_memory_mib: int = 64,
              report: object = print) -> tuple[Parameters, float]:
    """The strongest parameters within ``target_ms`` (never below the floor) and their time."""
    say = report if callable(report) else (lambda _line: None)
    best = Parameters(MIN_MEMORY_KIB, MIN_TIME_COST)
    best_ms = verify_ms(best)
    say(f"  m={best.memory_kib // 1024} Mio t={best.time_cost} : {best_ms:.1f} ms (plancher OWASP)")
    if best_ms > target_ms:
        say(f"  le plancher dépasse déjà la cible de {target_ms:.0f} ms : on le garde (jamais en dessous)")
        return best, best_ms
    candidate = best
    while True:
        larger = round(candidate.memory_kib * 1.25 / 1024) * 1024  # +25 %, whole MiB
        if larger <= max_memory_mib * 1024:
            candidate = Parameters(larger, candidate.time_cost)
        else:
            candidate = Parameters(candidate.memory_kib, candidate.time_cost + 1)
        took = verify_ms(candidate)
        say(f"  m={candidate.memory_kib // 1024} Mio t={candidate.time_cost} : {took:.1f} ms")
        if took > target_ms or candidate.time_cost > 20:
            return best, best_ms
        best, best_ms = candidate, took


def _verify_for(args: tuple[Parameters, float]) -> int:
    params, seconds = args
    hasher = PasswordHasher(memory_cost=params.memory_kib, time_cost=params.time_cost,
                            parallelism=params.parallelism)
    stored = hasher.hash("Plafond-2022!")
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        hasher.verify(stored, "Plafond-2022!")
        done += 1
    return done


def ceiling(params: Parameters, seconds: float = 3.0, processes: int | None = None) -> float:
    """Verifications per second with every core busy (one process per core): the hashing ceiling."""
    workers = processes or os.cpu_count() or 1
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        done = sum(pool.map(_verify_for, [(params, seconds)] * workers))
    return done / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.calibration",
                                     description="Choisit les paramètres Argon2id pour cette machine.")
    parser.add_argument("--target-ms", type=float, default=TARGET_MS,
                        help=f"durée cible d'une vérification, en millisecondes (défaut : {TARGET_MS:.0f}, "
                             "voir docs/performance.md)")
    parser.add_argument("--max-memory-mib", type=int, default=64,
                        help="mémoire maximale par vérification, en Mio (défaut : 64)")
    args = parser.parse_args(argv)
    if args.max_memory_mib < MIN_MEMORY_KIB // 1024:
        parser.error("--max-memory-mib doit valoir au moins 19.")
    print(f"Calibrage Argon2id, cible {args.target_ms:.0f} ms par vérification :")
    chosen, took = calibrate(args.target_ms, args.max_memory_mib)
    per_second = ceiling(chosen, seconds=2.0)
    print(f"\nParamètres retenus ({took:.1f} ms par vérification ; {per_second:.1f} vérifications/s "
          f"avec les {os.cpu_count()} cœurs) :\n{chosen.environment()}")


if __name__ == "__main__":
    main()
