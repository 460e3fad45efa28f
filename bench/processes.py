"""CPU time of the stack this bench started, per service, read from /proc (Linux only).

:func:`bench.machine.cpu_by_group` reads every process of the machine, so another stack running
beside the bench (tests, another engineer's ``make run``) would count as ours. Here only the
bench's own processes count: its descendants (the gunicorn masters and their workers, Redis,
devbox), the driver itself excluded, and the process trees whose root command line holds one of
``marks`` (the PostgreSQL cluster of the run, which ``pg_ctl`` detaches). Each process counts its
own time plus that of the children it reaped, so a worker or a backend that ended between two
readings is not lost, and none is counted twice.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from bench.machine import GROUPS

OTHERS = "autres processus de la pile"


def _processes() -> dict[int, tuple[int, str, float]]:
    """pid → (parent pid, command line, CPU seconds with its reaped children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # After the command: state, ppid, …; utime, stime, cutime, cstime are fields 11 to 14.
        found[int(pid)] = (int(fields[1]), command, sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks)
    return found


def group_of(command: str) -> str:
    return next((name for name, words in GROUPS if any(w in command for w in words)), OTHERS)


def _descendants(processes: dict[int, tuple[int, str, float]], roots: set[int]) -> set[int]:
    """``roots`` (those still running) and every process below them."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    seen: set[int] = set()
    pending = [pid for pid in roots if pid in processes]
    while pending:
        pid = pending.pop()
        if pid not in seen:
            seen.add(pid)
            pending.extend(children.get(pid, ()))
    return seen


def stack_cpu(marks: Sequence[str] = ()) -> defaultdict[str, float]:
    """CPU seconds used so far by each group of the bench's own processes."""
    processes = _processes()
    me = os.getpid()
    roots = {pid for pid, (parent, command, _) in processes.items()
             if parent == me or any(mark in command for mark in marks)}
    used: defaultdict[str, float] = defaultdict(float)
    for pid in _descendants(processes, roots - {me}):
        _, command, seconds = processes[pid]
        used[group_of(command)] += seconds
    return used


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by process ``root`` and its descendants (a server the bench started)."""
    processes = _processes()
    return sum(processes[pid][2] for pid in _descendants(processes, {root}))


def difference(before: defaultdict[str, float], after: defaultdict[str, float]) -> dict[str, float]:
    """CPU seconds of each group between two readings (a group that appeared counts from zero)."""
    return {name: round(max(0.0, after[name] - before[name]), 4) for name in after}
