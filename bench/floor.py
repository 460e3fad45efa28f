"""The floor: what one request costs the server before the application does any work, and how much
of each target of issue 13 that floor takes by itself.

Measured in the embedded configuration, one client in a loop (``http.client``: the client's CPU is
not counted), CPU of the server's processes read from /proc:

- a bare WSGI function and a bare Flask app (:mod:`bench.floor_apps`), each under gunicorn with
  the services' own configuration (``shared/gunicorn_conf.py``: gthread, TLS with the local
  certificate);
- the portal's ``/sante`` (its sessions, security headers, trace hooks and one ``SELECT 1``), the
  cheapest page a service has;

each on one kept-alive connection and with a new TLS connection per request; and the drawing of
one CAPTCHA image, in this process.

The floor of an operation (:func:`budgets`): the requests the bench's clients send for it (counted
by :mod:`bench.driver`), each at the cost of ``/sante`` on a kept-alive connection, plus the
CAPTCHA images it has drawn and its Argon2id verifications. It is a lower bound: the services'
back-channel calls to each other and the handshakes of new connections are left out.
"""

from __future__ import annotations

import http.client
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from captcha.image import ImageCaptcha

from bench.processes import stack_cpu, tree_cpu
from bench.servers import free_port
from bench.stack import CA, ROOT, _wait_until_up
from bench.targets import LIMITS, OP_GROUPS, THROUGHPUT, VERIFICATIONS, cpu_per_op
from shared.captcha.service import IMAGE_SIZE, draw_png

REQUESTS = 1500
WARM_UP = 50
Cpu = Callable[[], float]  # CPU seconds used so far by the server measured


@contextmanager
def served(app: str, environ: dict[str, str]) -> Iterator[tuple[int, Cpu]]:
    """``app`` (module:callable) under gunicorn with the services' configuration, on a free port;
    what gunicorn printed is shown if it does not come up."""
    port = free_port()
    with tempfile.NamedTemporaryFile(prefix="plancher-", suffix=".log") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "shared/gunicorn_conf.py",
                                    "--bind", f"127.0.0.1:{port}", app], cwd=ROOT, env=environ,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(f"https://localhost:{port}/", process, Path(log.name))
            yield port, lambda: tree_cpu(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)


def _connection(port: int) -> http.client.HTTPSConnection:
    return http.client.HTTPSConnection("localhost", port, timeout=10,
                                       context=ssl.create_default_context(cafile=str(CA)))


def _get(connection: http.client.HTTPSConnection, path: str) -> None:
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} : {response.status}")


def per_request_ms(port: int, path: str, cpu: Cpu, *, new_connections: bool, count: int = REQUESTS) -> float:
    """CPU milliseconds the server spends per GET of ``path``, one client in a loop."""
    kept = _connection(port)
    try:
        for _ in range(WARM_UP):
            _get(kept, path)
        before = cpu()
        for _ in range(count):
            if new_connections:
                connection = _connection(port)
                try:
                    _get(connection, path)
                finally:
                    connection.close()
            else:
                _get(kept, path)
        used = cpu() - before
    finally:
        kept.close()
    return round(1000 * used / count, 3)


def captcha_ms(rounds: int = 40) -> float:
    """CPU milliseconds to draw one CAPTCHA image as the services do (median of ``rounds``)."""
    drawer = ImageCaptcha(width=IMAGE_SIZE[0], height=IMAGE_SIZE[1])
    draw_png(drawer, "00000")  # fonts loaded once per process, as in the services
    times = []
    for n in range(rounds):
        start = time.process_time()
        draw_png(drawer, f"{n:05d}")
        times.append(time.process_time() - start)
    return round(1000 * sorted(times)[rounds // 2], 3)


def run_floor(environ: dict[str, str], idp_port: int) -> dict[str, Any]:
    """The floor's figures, in the configuration whose environment and portal are given."""
    print("  -- plancher : une requête sans travail de l'application", flush=True)
    floor: dict[str, Any] = {}
    for name, app in (("wsgi", "bench.floor_apps:bare"), ("flask", "bench.floor_apps:flask_app")):
        with served(app, environ) as (port, cpu):
            floor[name] = {mode: per_request_ms(port, "/", cpu, new_connections=mode == "new")
                           for mode in ("kept", "new")}

    def portal() -> float:
        return sum(stack_cpu()[group] for group in OP_GROUPS)
    floor["sante"] = {mode: per_request_ms(idp_port, "/sante", portal, new_connections=mode == "new")
                      for mode in ("kept", "new")}
    floor["captcha_ms"] = captcha_ms()
    print(f"    {floor}", flush=True)
    return floor


def budgets(config: dict[str, Any], floor: dict[str, Any], verify_cpu_ms: float) -> list[dict[str, Any]]:
    """For each target, the CPU its limit allows per operation and the part of it the floor takes.

    Both in verifications. The floor: requests × ``/sante`` kept alive + CAPTCHA drawings +
    Argon2id verifications. The allowance: the limit itself for a CPU target; for a throughput
    target, the CPU per operation at which the whole machine reaches the limit's share of the
    hashing ceiling (verifications ÷ share), the load generator's own CPU not even counted."""
    phases = [*config.get("phases", []), *config.get("op", {}).get("phases", [])]
    rows = []
    for scenario, limit in LIMITS.items():
        counted = [p for p in phases if p["scenario"] == scenario and p.get("requests_per_op")]
        if not counted:
            continue
        requests = max(p["requests_per_op"] for p in counted)
        captchas = max(p.get("captchas_per_op") or 0.0 for p in counted)
        verifications = VERIFICATIONS[scenario]
        at_floor = _floor_ms(scenario, requests, captchas, floor, verify_cpu_ms) / verify_cpu_ms
        allowed = verifications / limit if scenario in THROUGHPUT else limit
        rows.append({"scenario": scenario, "requests_per_op": requests, "captchas_per_op": captchas,
                     "verifications": verifications, "allowed": round(allowed, 3),
                     "floor": round(at_floor, 3), "taken": round(at_floor / allowed, 3),
                     "left_ms_per_request": round(max(0.0, allowed - at_floor) * verify_cpu_ms / requests, 2),
                     "application_ms_per_request": _application_ms(
                         min(counted, key=lambda p: p["concurrency"]), floor, verify_cpu_ms)})
    return rows


def _floor_ms(scenario: str, requests: float, captchas: float, floor: dict[str, Any],
              verify_cpu_ms: float) -> float:
    """An operation's floor in CPU milliseconds: its requests at ``/sante`` kept alive, its CAPTCHA
    drawings and its Argon2id verifications."""
    return (requests * floor["sante"]["kept"] + captchas * floor["captcha_ms"]
            + VERIFICATIONS[scenario] * verify_cpu_ms)


def _application_ms(phase: dict[str, Any], floor: dict[str, Any], verify_cpu_ms: float) -> float | None:
    """The application's own CPU per request in ``phase`` (its least concurrent level): CPU per
    operation beyond its floor, over its requests."""
    measured = cpu_per_op(phase, OP_GROUPS if phase["scenario"].startswith("op_") else None)
    if measured is None:
        return None
    requests = phase["requests_per_op"]
    captchas = phase.get("captchas_per_op") or 0.0
    at_floor = _floor_ms(phase["scenario"], requests, captchas, floor, verify_cpu_ms)
    return round((measured - at_floor) / requests, 2)
