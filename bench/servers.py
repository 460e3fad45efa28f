"""PostgreSQL and Redis from Debian's packages, started on loopback for one test session (or a bench).

``make test`` and ``make bench`` install the packages ``postgresql`` and ``redis-server``; nothing
here touches the system clusters: PostgreSQL gets ``initdb`` in a temporary folder, a free port on
127.0.0.1 and its unix socket in that folder, run as the ``postgres`` system user when we are
root (PostgreSQL refuses to run as root); Redis gets a free port and no persistence. Both stop
at the end. Each service database has its own role; the urne has its own database and role, with
no right to connect to the vote database (CONNECT revoked from PUBLIC on every database).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
from psycopg import sql

# Service → (database, role); every service database and the shared trace store.
DATABASES = {
    "IDP_DATABASE_URL": ("idp", "idp"),
    "VOTING_DATABASE_URL": ("vote", "vote"),
    "VOTING_URNE_DATABASE_URL": ("urne", "urne"),
    "FC_DATABASE_URL": ("franceconnect", "franceconnect"),
    "TRACE_DATABASE_URL": ("trace", "trace"),
}


def free_port() -> int:
    """A port free on loopback now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# What a child process keeps of the caller's environment: the basics and the time zone (the
# services must show Paris time whatever the machine's zone: scripts/clock-audit.sh checks it).
INHERITED = ("PATH", "HOME", "LANG", "SYSTEMROOT", "TZ")


def inherited_environ() -> dict[str, str]:
    """The part of this process's environment a test or bench child process inherits."""
    return {k: v for k, v in os.environ.items() if k in INHERITED}


class ServerMissing(RuntimeError):
    """A Debian package the test set-up needs is not installed."""


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                   key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise ServerMissing("PostgreSQL absent : installez le paquet Debian postgresql (make test le fait).")
    return Path(found[-1]).parent


def _as_postgres(args: list[str]) -> list[str]:
    """Run ``args`` as the ``postgres`` system user when we are root (initdb and postgres refuse root)."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _wait_port(port: int, process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} s'est arrêté au démarrage :\n{log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} ne répond pas sur le port {port} après 30 s")


@dataclass
class Postgres:
    """A PostgreSQL cluster of our own: data, socket and log in ``folder``."""

    folder: Path
    port: int
    passwords: dict[str, str] = field(default_factory=dict)
    running: bool = False

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "postgres.log"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(_postgres_bin() / "pg_ctl"), "-D", str(self.data), *args]),
                       check=True, capture_output=True, timeout=90)

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                   "-c max_connections=400 -c shared_buffers=128MB")
        self._pg_ctl("start", "-w", "-t", "60", "-l", str(self.log), "-o", options)
        self.running = True

    def stop(self) -> None:
        """A fast shutdown: sessions are cut, committed data stays (what a restart does to clients)."""
        if self.running:
            self._pg_ctl("stop", "-w", "-m", "fast")
            self.running = False

    def restart(self, down_seconds: float = 0.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    @contextmanager
    def admin(self, dbname: str = "postgres") -> Iterator[psycopg.Connection]:
        """The superuser over the unix socket in our folder (local connections are trusted)."""
        with psycopg.connect(host=str(self.folder), port=self.port, user="postgres", dbname=dbname,
                             autocommit=True, connect_timeout=5) as connection:
            yield connection

    def create(self, database: str, role: str) -> str:
        """A database owned by its own role (password login over TCP); its SQLAlchemy URL."""
        password = self.passwords.setdefault(role, secrets.token_hex(16))
        with self.admin() as c:
            exists = c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if not exists:
                c.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)))
            c.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(database), sql.Identifier(role)))
            c.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(
                sql.Identifier(database)))
        with self.admin(database) as c:  # PostgreSQL 15 already keeps PUBLIC out of schema public
            c.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        return self.url(database, role)

    def url(self, database: str, role: str) -> str:
        return (f"postgresql+psycopg://{role}:{self.passwords[role]}@127.0.0.1:{self.port}/{database}"
                "?connect_timeout=5")

    def service_urls(self, prefix: str = "") -> dict[str, str]:
        """Every service database (and the trace store), each with its own role: the environment."""
        return {name: self.create(prefix + database, prefix + role)
                for name, (database, role) in DATABASES.items()}

    def rows(self, database: str, query: str,
             params: tuple[object, ...] | None = None) -> list[tuple[object, ...]]:
        """What a check reads straight from a service database, as the superuser."""
        with self.admin(database) as c:
            return list(c.execute(query, params).fetchall())

    def count(self, database: str, query: str) -> int:
        found = self.rows(database, query)
        return int(found[0][0]) if found else 0  # type: ignore[call-overload]


def start_postgres() -> Postgres:
    """initdb in a fresh temporary folder (owned by ``postgres`` when root), then start."""
    bindir = _postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="elections-pg-"))
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ServerMissing("Utilisateur système postgres absent : paquet Debian postgresql.") from exc
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
                                 "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                                 "--locale=C.UTF-8", "--no-sync"]),
                   check=True, capture_output=True, timeout=120)
    server = Postgres(folder, free_port())
    server.start()
    return server


@dataclass
class Redis:
    """A Redis server of our own, without persistence (what it holds is short-lived by design)."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise ServerMissing("Redis absent : installez le paquet Debian redis-server (make test le fait).")
        log = self.folder / "redis.log"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(self.folder), "--protected-mode", "yes"], stdout=out, stderr=subprocess.STDOUT)
        _wait_port(self.port, self.process, log, "Redis")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, down_seconds: float = 0.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)


def start_redis() -> Redis:
    server = Redis(Path(tempfile.mkdtemp(prefix="elections-redis-")), free_port())
    server.start()
    return server


@dataclass
class Servers:
    postgres: Postgres
    redis: Redis

    def stop(self) -> None:
        try:
            self.redis.stop()
            self.postgres.stop()
        finally:
            shutil.rmtree(self.redis.folder, ignore_errors=True)
            shutil.rmtree(self.postgres.folder, ignore_errors=True)


@contextmanager
def running_servers() -> Iterator[Servers]:
    """One PostgreSQL and one Redis on loopback for the duration of the block."""
    postgres = start_postgres()
    try:
        redis_server = start_redis()
    except BaseException:
        postgres.stop()
        shutil.rmtree(postgres.folder, ignore_errors=True)
        raise
    servers = Servers(postgres, redis_server)
    try:
        yield servers
    finally:
        servers.stop()
