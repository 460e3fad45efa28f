"""The FranceConnect mock as a real process over HTTPS (gunicorn), for browser and interop tests.

Like :mod:`bench.stack`: a free port, its own data folder, the project's mkcert CA. The
clients a test needs are registered in the database before the server starts.
"""

from __future__ import annotations

import html
import re
import secrets
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests

from bench.servers import free_port, inherited_environ
from bench.stack import CA, ROOT, TLS, _run, _wait_until_up
from franceconnect_mock import build_context
from shared.settings import load_settings
from tests.support.client import CSRF
from tests.support.settings import test_environ


@dataclass
class FcProcess:
    url: str
    environ: dict[str, str]
    process: subprocess.Popen[bytes]

    @property
    def issuer(self) -> str:
        return f"{self.url}/api/v2"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_franceconnect(data_dir: Path, registrations: Iterable[dict[str, Any]] = (),
                        **overrides: str) -> FcProcess:
    """Migrate, seed, register ``registrations`` and serve the mock on FC_URL's port; the caller stops it."""
    if not CA.is_file():
        raise RuntimeError("Certificats absents : lancez `make test` (qui exécute scripts/certs.sh).")
    port = free_port()
    environ = {
        **inherited_environ(),
        **test_environ(data_dir),
        "FC_URL": f"https://localhost:{port}",
        "CA_BUNDLE": str(CA),
        "TLS_CERT_FILE": str(TLS / "localhost.pem"),
        "TLS_KEY_FILE": str(TLS / "localhost-key.pem"),
        "VOTING_FC_CLIENT_SECRET": secrets.token_urlsafe(32),
        "PYTHONPATH": str(ROOT),
        **overrides,
    }
    _run(["-m", "franceconnect_mock", "migrate"], environ)
    _run(["-m", "franceconnect_mock", "seed"], environ)
    ctx = build_context(load_settings("franceconnect_mock", environ))
    for registration in registrations:
        ctx.clients.register(registration)
    ctx.db.engine.dispose()
    log_file = data_dir / "franceconnect.log"
    with log_file.open("wb") as log:  # the child keeps its own copy
        process = subprocess.Popen(
            [sys.executable, "-m", "franceconnect_mock", "serve"],  # the documented command
            cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
    running = FcProcess(environ["FC_URL"], environ, process)
    try:
        _wait_until_up(f"{running.url}/sante", process, log_file)
    except RuntimeError:
        running.stop()
        raise
    return running


class HttpBrowser:
    """A person at the keyboard, over real HTTPS: follows the mock's pages and fills their forms.

    Stops at the first redirect that leaves the mock (the service provider's callback) and gives
    that URL back, as a browser would deliver it.
    """

    def __init__(self, fc: FcProcess) -> None:
        self.fc = fc
        self.session = requests.Session()
        self.url = ""
        self.page: requests.Response | None = None

    def _go(self, response: requests.Response) -> str | None:
        while response.status_code in (302, 303):
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(self.fc.url + "/"):
                return target
            response = self.session.get(target, allow_redirects=False, timeout=10, verify=str(CA))
        assert response.status_code == 200, response.text[-2000:]
        self.url, self.page = response.url, response
        return None

    def open(self, url: str) -> str | None:
        return self._go(self.session.get(url, allow_redirects=False, timeout=10, verify=str(CA)))

    def submit(self, fields: dict[str, str]) -> str | None:
        assert self.page is not None
        token = CSRF.search(self.page.text)
        assert token, "pas de jeton CSRF dans la page"
        action = re.search(r'<form method="post" action="([^"]+)"', self.page.text)
        assert action, "pas de formulaire"
        response = self.session.post(urljoin(self.url, html.unescape(action.group(1))),
                                     data={"csrf_token": token.group(1) or token.group(2), **fields},
                                     headers={"Referer": self.url}, allow_redirects=False, timeout=10,
                                     verify=str(CA))
        return self._go(response)

    def sign_in(self, authorize_url: str, login: str = "test", idp: str = "fip1-low") -> str:
        """Chooser, demo identity provider, consent when asked; returns the callback URL."""
        done = self.open(authorize_url)
        steps = iter([{"fournisseur": idp}, {"identifiant": login, "mot_de_passe": "123"}, {"accepte": "y"}])
        while done is None:
            done = self.submit(next(steps))
        return done
