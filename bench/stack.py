"""The services as real processes over HTTPS (gunicorn, devbox SMTP), for browser and protocol tests.

Each stack gets free ports and its own data folder, so it never meets a `make run` on the
default ports. TLS uses the project's mkcert CA (var/tls, made by `make test`); Python
clients trust it through CA_BUNDLE, never by turning verification off.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.servers import free_port, inherited_environ
from shared.timeutil import window_words
from voting_rp.election.demo import window_from_portal

ROOT = Path(__file__).resolve().parents[1]
TLS = ROOT / "var" / "tls"
CA = TLS / "ca" / "rootCA.pem"


def stack_environ(data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a test stack (secrets random, test mode, test CAPTCHA answer)."""
    environ = {
        "ELECTIONS_ENV": "test",
        "CAPTCHA_TEST_ANSWER": "424242",
        "DATA_DIR": str(data_dir),
        "IDP_SECRET_KEY": secrets.token_urlsafe(32),
        "VOTING_SECRET_KEY": secrets.token_urlsafe(32),
        "FC_SECRET_KEY": secrets.token_urlsafe(32),
        "DEVBOX_SECRET_KEY": secrets.token_urlsafe(32),
        "SMS_API_TOKEN": secrets.token_urlsafe(16),
    }
    environ.update(overrides)
    return environ


@dataclass
class Stack:
    data_dir: Path
    environ: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def idp_url(self) -> str:
        return self.environ["IDP_URL"]

    @property
    def voting_url(self) -> str:
        return self.environ["VOTING_URL"]

    @property
    def devbox_url(self) -> str:
        return self.environ["DEVBOX_URL"]

    @property
    def fc_url(self) -> str:
        return self.environ["FC_URL"]

    def window_words(self) -> str:
        """"Ouvert du … au … (Heure de Paris)" for the window this stack was seeded with, so that a
        test expects what the voter reads whatever the date (month names have accents)."""
        opens_at, closes_at = window_from_portal(self.data_dir)
        assert opens_at is not None and closes_at is not None, "seed-demo n'a pas écrit sa fenêtre"
        return window_words(opens_at, closes_at)

    def messages(self, to: str) -> list[dict[str, object]]:
        """What devbox received for ``to``, newest first (its JSON API)."""
        response = requests.get(f"{self.devbox_url}/api/messages", params={"to": to},
                                verify=str(CA), timeout=10)
        response.raise_for_status()
        return list(response.json()["messages"])

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _run(args: list[str], environ: dict[str, str]) -> None:
    """Run a set-up command; on failure, say which and show what it printed."""
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=environ, check=False,
                          capture_output=True, timeout=120)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")[-3000:]
        raise RuntimeError(f"« python {' '.join(args)} » a échoué ({done.returncode}) :\n{output}")


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} s'est arrêté au démarrage :\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, verify=str(CA), timeout=2).status_code < 500:
                return
        except (requests.ConnectionError, requests.Timeout):  # a loaded machine: handshakes time out
            time.sleep(0.2)
    raise RuntimeError(f"{url} ne répond pas après 30 s :\n{log.read_text()[-3000:]}")


def start_stack(data_dir: Path, **extra: str) -> Stack:
    """Migrate, seed and start idp, voting space, FranceConnect mock and devbox on free ports; the
    caller stops the stack. ``extra`` adds to every process's environment."""
    if not CA.is_file():
        raise RuntimeError("Certificats absents : lancez `make test` (qui exécute scripts/certs.sh).")
    ports = {name: free_port() for name in ("idp", "voting", "fc", "devbox", "smtp")}
    environ = {
        **inherited_environ(),
        **stack_environ(data_dir),
        "IDP_URL": f"https://localhost:{ports['idp']}",
        "VOTING_URL": f"https://localhost:{ports['voting']}",
        "FC_URL": f"https://localhost:{ports['fc']}",
        "DEVBOX_URL": f"https://localhost:{ports['devbox']}",
        "VOTING_OIDC_CLIENT_SECRET": secrets.token_urlsafe(32),
        "VOTING_FC_CLIENT_SECRET": secrets.token_urlsafe(32),
        "SMTP_URL": f"smtp+starttls://localhost:{ports['smtp']}",
        "DEVBOX_SMTP_PORT": str(ports["smtp"]),
        "CA_BUNDLE": str(CA),
        "CAPTCHA_VOICES_DIR": str(ROOT / "var" / "captcha-voices"),
        "TLS_CERT_FILE": str(TLS / "localhost.pem"),
        "TLS_KEY_FILE": str(TLS / "localhost-key.pem"),
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    _run(["-m", "idp", "migrate"], environ)
    _run(["-m", "idp", "init-keys"], environ)
    _run(["-m", "idp", "register-voting-space"], environ)
    _run(["-m", "idp", "seed-demo"], environ)
    _run(["-m", "voting_rp", "migrate"], environ)
    _run(["-m", "voting_rp", "seed-demo"], environ)
    _run(["-m", "voting_rp", "ceremony", "--holders", "A,B,C", "--threshold", "2", "--out",
          str(data_dir / "ceremonie")], environ)
    _run(["-m", "franceconnect_mock", "migrate"], environ)
    _run(["-m", "franceconnect_mock", "seed"], environ)  # registers the voting space as its client
    stack = Stack(data_dir, environ)
    commands = {
        "devbox-smtp": ["-m", "devbox", "smtp"],
        "devbox-web": ["-m", "devbox", "web"],
        "idp": ["-m", "gunicorn", "-c", "shared/gunicorn_conf.py", "--bind",
                f"127.0.0.1:{ports['idp']}", "idp.wsgi:app"],
        "voting": ["-m", "gunicorn", "-c", "shared/gunicorn_conf.py", "--bind",
                   f"127.0.0.1:{ports['voting']}", "voting_rp.wsgi:app"],
        "franceconnect": ["-m", "gunicorn", "-c", "shared/gunicorn_conf.py", "--bind",
                          f"127.0.0.1:{ports['fc']}", "franceconnect_mock.wsgi:app"],
    }
    for name, args in commands.items():
        with (data_dir / f"{name}.log").open("wb") as log:  # the child keeps its own copy
            stack.processes.append(subprocess.Popen([sys.executable, *args], cwd=ROOT, env=environ,
                                                    stdout=log, stderr=subprocess.STDOUT))
    try:
        _wait_until_up(f"{stack.devbox_url}/api/messages", stack.processes[1], data_dir / "devbox-web.log")
        _wait_until_up(f"{stack.idp_url}/sante", stack.processes[2], data_dir / "idp.log")
        _wait_until_up(f"{stack.voting_url}/sante", stack.processes[3], data_dir / "voting.log")
        _wait_until_up(f"{stack.fc_url}/sante", stack.processes[4], data_dir / "franceconnect.log")
    except BaseException:  # whatever stops the start (Ctrl-C too), no server is left running
        stack.stop()
        raise
    return stack
