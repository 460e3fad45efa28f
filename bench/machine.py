"""What the bench ran on, and where the CPU went during each phase (read from /proc, Linux only)."""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

GROUPS = (  # (group, words of the command line), first match wins
    ("portail (idp)", ("idp.wsgi",)),
    ("espace de vote", ("voting_rp.wsgi",)),
    ("FranceConnect (simulateur)", ("franceconnect_mock.wsgi",)),
    ("PostgreSQL", ("postgres:", "/usr/lib/postgresql/")),
    ("Redis", ("redis-server",)),
    ("devbox (SMTP)", ("-m devbox",)),
)


def describe() -> dict[str, object]:
    """CPU model, cores, memory, system and the versions of what was measured."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    memory_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory_kib / 1024 / 1024, 1),
            "system": f"{platform.system()} {platform.release()}", "python": sys.version.split()[0],
            "postgresql": _version([_postgres_binary(), "--version"]),
            "redis": _version(["redis-server", "--version"]),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def _postgres_binary() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return str(found[-1]) if found else "postgres"


def _version(command: list[str]) -> str:
    if not shutil.which(command[0]) and not Path(command[0]).exists():
        return "absent"
    done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else "?"


def driver_cpu() -> float:
    """CPU seconds of this process (the load generator) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_by_group() -> defaultdict[str, float]:
    """CPU seconds used so far by each group of processes, plus the machine's idle time."""
    ticks = os.sysconf("SC_CLK_TCK")
    used: defaultdict[str, float] = defaultdict(float)
    me = os.getpid()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == me:
            continue
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # Own time plus that of the children it reaped: PostgreSQL's backends that ended between two
        # readings are counted in the postmaster's group, not lost.
        seconds = sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks
        group = next((name for name, words in GROUPS if any(w in command for w in words)), "autres processus")
        used[group] += seconds
    idle = Path("/proc/stat").read_text().splitlines()[0].split()
    used["inactif"] = (int(idle[4]) + int(idle[5])) / ticks
    return used


def shares(before: defaultdict[str, float], after: defaultdict[str, float], wall: float) -> dict[str, float]:
    """Each group's share of the machine (all cores) between two readings."""
    capacity = wall * (os.cpu_count() or 1)
    return {name: round(max(0.0, after[name] - before[name]) / capacity, 3) for name in after}
