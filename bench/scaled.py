"""The services scaled out: several gunicorn instances of each over one PostgreSQL and one Redis.

Each service has one public URL (identical for all its instances, as behind a load balancer):
a small round-robin TCP front on loopback (:class:`RoundRobinFront`) that hands each new
connection to the next instance. TLS passes through untouched, so the instances serve the
project's certificate themselves. Two details make the front honest for the tests:

- it alternates per client address, so a client that sends each request on a new connection
  (``Connection: close``) has each of its requests served by another instance, whatever the
  services' own server-to-server connections do meanwhile;
- it connects to the instance *from the client's own loopback address* (127.x.y.z), so the
  services see each client's address as they would behind a real front, and the per-address
  rate limits count per client, not for the front.

An instance that does not answer (killed) is skipped, as a load balancer's health check would.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from bench.servers import Servers, free_port
from bench.stack import CA, ROOT, TLS, Stack, _run, _wait_until_up, stack_environ

SERVICES = {  # name → (WSGI app, environment variable of its public URL)
    "idp": ("idp.wsgi:app", "IDP_URL"),
    "voting": ("voting_rp.wsgi:app", "VOTING_URL"),
    "franceconnect": ("franceconnect_mock.wsgi:app", "FC_URL"),
}


class RoundRobinFront:
    """One public port, several instances; a new instance per connection and per client address."""

    def __init__(self, name: str, backends: list[int]) -> None:
        self.name = name
        self.backends = backends
        self.port = free_port()
        self.served: list[tuple[str, int]] = []  # (client address, instance index) per connection
        self._next: dict[str, int] = defaultdict(int)
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        address = client_writer.get_extra_info("peername")[0]
        first = self._next[address]
        self._next[address] += 1
        for attempt in range(len(self.backends)):
            index = (first + attempt) % len(self.backends)
            try:
                backend_reader, backend_writer = await asyncio.open_connection(
                    "127.0.0.1", self.backends[index], local_addr=(address, 0))
                break
            except OSError:
                continue  # that instance is down: the next one takes the connection
        else:
            client_writer.close()
            return
        self.served.append((address, index))
        await asyncio.gather(_pipe(client_reader, backend_writer), _pipe(backend_reader, client_writer))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


class Fronts:
    """The fronts' event loop, in a thread of the test process."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="fronts", daemon=True)
        self._thread.start()
        self.fronts: dict[str, RoundRobinFront] = {}

    def add(self, name: str, backends: list[int]) -> RoundRobinFront:
        front = RoundRobinFront(name, backends)
        asyncio.run_coroutine_threadsafe(front.start(), self.loop).result(timeout=10)
        self.fronts[name] = front
        return front

    def stop(self) -> None:
        for front in self.fronts.values():
            asyncio.run_coroutine_threadsafe(front.stop(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


@dataclass
class Instance:
    """One gunicorn process of a service, on its own port."""

    service: str
    index: int
    port: int
    environ: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        app, _ = SERVICES[self.service]
        with self.log.open("ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "shared/gunicorn_conf.py", "--bind",
                 f"127.0.0.1:{self.port}", app], cwd=ROOT, env=self.environ, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)  # its own group: kill() takes all
        _wait_until_up(f"https://localhost:{self.port}/sante", self.process, self.log)

    def kill(self) -> None:
        """SIGKILL to the master and its workers, as a crashed machine: nothing ends gracefully."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self._wait_until_port_closed()

    def _wait_until_port_closed(self) -> None:
        """The master is reaped before its workers are gone: until the last of them dies, the kernel
        still accepts connections on the shared socket and then drops them mid-handshake. A load
        balancer's health check would have taken the instance out by then; wait for the same."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                return  # refused: no process holds the socket any more
            time.sleep(0.05)
        raise RuntimeError(f"{self.service}-{self.index} accepte encore des connexions après SIGKILL")


@dataclass
class ScaledStack(Stack):
    servers: Servers | None = None
    instances: dict[str, list[Instance]] = field(default_factory=dict)
    fronts: Fronts | None = None

    def stop(self) -> None:
        for instances in self.instances.values():
            for instance in instances:
                if instance.process is not None and instance.process.poll() is None:
                    instance.process.terminate()
        for instances in self.instances.values():
            for instance in instances:
                if instance.process is not None:
                    try:
                        instance.process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        instance.process.kill()
        super().stop()  # devbox
        if self.fronts is not None:
            self.fronts.stop()


def scaled_environ(data_dir: Path, servers: Servers, public: dict[str, int], **extra: str) -> dict[str, str]:
    """Every instance's environment: PostgreSQL for every database (own role each), Redis for the rest."""
    devbox, smtp = free_port(), free_port()
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
        **stack_environ(data_dir),
        **servers.postgres.service_urls(),
        "KV_URL": servers.redis.url, "RATELIMIT_STORAGE_URL": servers.redis.url,
        "IDP_URL": f"https://localhost:{public['idp']}",
        "VOTING_URL": f"https://localhost:{public['voting']}",
        "FC_URL": f"https://localhost:{public['franceconnect']}",
        "DEVBOX_URL": f"https://localhost:{devbox}",
        "VOTING_OIDC_CLIENT_SECRET": secrets.token_urlsafe(32),
        "VOTING_FC_CLIENT_SECRET": secrets.token_urlsafe(32),
        "SMTP_URL": f"smtp+starttls://localhost:{smtp}", "DEVBOX_SMTP_PORT": str(smtp),
        "CA_BUNDLE": str(CA), "CAPTCHA_VOICES_DIR": str(ROOT / "var" / "captcha-voices"),
        "TLS_CERT_FILE": str(TLS / "localhost.pem"), "TLS_KEY_FILE": str(TLS / "localhost-key.pem"),
        "PYTHONPATH": str(ROOT), "DB_POOL_SIZE": "3",
        **extra,
    }


def prepare(environ: dict[str, str], data_dir: Path, electors: int = 0) -> None:
    """Migrations, keys, clients, demo election, key ceremony and the generated electorate."""
    for args in (["idp", "migrate"], ["idp", "init-keys"], ["idp", "register-voting-space"],
                 ["idp", "seed-demo"], ["voting_rp", "migrate"], ["voting_rp", "seed-demo"],
                 ["voting_rp", "ceremony", "--holders", "A,B,C", "--threshold", "2", "--out",
                  str(data_dir / "ceremonie")],
                 ["franceconnect_mock", "migrate"], ["franceconnect_mock", "seed"]):
        _run(["-m", *args], environ)
    if electors:
        _run(["-m", "idp", "generate-electorate", "--electors", str(electors)], environ)
        _run(["-m", "voting_rp", "generate-electorate", "--electors", str(electors)], environ)


def start_scaled_stack(data_dir: Path, servers: Servers, *, instances: int = 2, electors: int = 0,
                       **extra: str) -> ScaledStack:
    """``instances`` of idp, voting space and FranceConnect mock behind their fronts, plus devbox;
    ``extra`` adds to every process's environment (``WEB_WORKERS``, …)."""
    if not CA.is_file():
        raise RuntimeError("Certificats absents : lancez `make test` (qui exécute scripts/certs.sh).")
    data_dir.mkdir(parents=True, exist_ok=True)
    backends = {name: [free_port() for _ in range(instances)] for name in SERVICES}
    fronts = Fronts() if instances > 1 else None  # one instance: served directly, no front to measure
    public = {name: fronts.add(name, ports).port if fronts else ports[0] for name, ports in backends.items()}
    environ = scaled_environ(data_dir, servers, public, **extra)
    stack = ScaledStack(data_dir, environ, servers=servers, fronts=fronts)
    try:
        prepare(environ, data_dir, electors)
        for name in ("smtp", "web"):
            with (data_dir / f"devbox-{name}.log").open("wb") as log:
                stack.processes.append(subprocess.Popen([sys.executable, "-m", "devbox", name], cwd=ROOT,
                                                        env=environ, stdout=log, stderr=subprocess.STDOUT))
        _wait_until_up(f"{stack.devbox_url}/api/messages", stack.processes[1], data_dir / "devbox-web.log")
        for name, ports in backends.items():
            stack.instances[name] = [Instance(name, i, port, environ, data_dir / f"{name}-{i}.log")
                                     for i, port in enumerate(ports)]
            for instance in stack.instances[name]:
                instance.start()
    except BaseException:  # whatever stops the start, no server is left running
        stack.stop()
        raise
    return stack


class _FromAddress(HTTPAdapter):
    """Connections leave from one loopback address: the front and the services see this client."""

    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def client_session(address: str) -> requests.Session:
    """A browser's HTTP session from ``address`` (127.x.y.z), one connection per request."""
    session = requests.Session()
    session.trust_env = False
    session.headers["Connection"] = "close"
    session.mount("https://", _FromAddress(address))
    return session
