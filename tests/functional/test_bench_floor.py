"""The bench's floor phase against a real gunicorn: it serves the bare apps over the project's TLS,
reads the server's CPU from /proc, and leaves no server behind (``make bench`` is not run in CI)."""

from __future__ import annotations

import os
import socket

import pytest

from bench.floor import per_request_ms, served
from bench.servers import inherited_environ
from bench.stack import ROOT, TLS


def environ() -> dict[str, str]:
    return {**inherited_environ(), "PYTHONPATH": str(ROOT), "TLS_CERT_FILE": str(TLS / "localhost.pem"),
            "TLS_KEY_FILE": str(TLS / "localhost-key.pem")}


@pytest.mark.parametrize("app", ["bench.floor_apps:bare", "bench.floor_apps:flask_app"])
def test_each_bare_app_is_served_over_tls_and_its_cpu_per_request_is_read(app: str) -> None:
    with served(app, environ()) as (port, cpu):
        kept = per_request_ms(port, "/", cpu, new_connections=False, count=300)
        new = per_request_ms(port, "/", cpu, new_connections=True, count=100)
        pid_tree_cpu = cpu()
    assert kept > 0 and new > 0  # the server's own processes did the work, and /proc showed it
    assert pid_tree_cpu > 0


def test_the_server_is_stopped_when_the_phase_ends() -> None:
    with served("bench.floor_apps:bare", environ()) as (port, _):
        pass
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert not [pid for pid in os.listdir("/proc") if pid.isdigit() and _serves(pid, port)]


def _serves(pid: str, port: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f"127.0.0.1:{port}".encode() in f.read()
    except OSError:
        return False
