"""The provider keeps its relying parties in memory: what the operators change with the CLI must
still reach the running provider, at once for a new client and within seconds for a change."""

from __future__ import annotations

import subprocess
import sys
import time

from bench.stack import ROOT, Stack
from tests.support.oidc import Browser, RelyingParty

PROPAGATION_SECONDS = 5  # idp.oidc.registry.REFRESH_SECONDS


def _register(stack: Stack, client: RelyingParty, *redirect_uris: str) -> None:
    environ = {**stack.environ, "TEST_CLIENT_SECRET": str(client.secret)}
    uris = [arg for uri in redirect_uris for arg in ("--redirect-uri", uri)]
    done = subprocess.run([sys.executable, "-m", "idp", "register-client", "--client-id", client.client_id,
                           "--name", "RP du registre", "--secret-env", "TEST_CLIENT_SECRET", *uris],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_client_registered_while_the_provider_runs_works_at_once_and_a_removed_uri_stops(
        angela: Browser, live_stack: Stack) -> None:
    client = RelyingParty(live_stack, "rp-registre", "https://rp-registre.test/cb", secret="r" * 40)
    other_uri = "https://rp-registre.test/autre"
    _register(live_stack, client, client.redirect_uri, other_uri)

    assert angela.authorize(client).code  # never seen before: looked up at once
    assert angela.authorize(client, redirect_uri=other_uri).answer["code"]

    _register(live_stack, client, client.redirect_uri)  # the operator withdraws other_uri
    changed_at = time.monotonic()
    while True:
        refused = angela.authorize(client, redirect_uri=other_uri).response
        if refused.status_code == 400:
            break
        assert time.monotonic() - changed_at < PROPAGATION_SECONDS + 2, "adresse retirée encore acceptée"
        time.sleep(0.5)
    assert "Location" not in refused.headers  # never redirected to the withdrawn address
    assert angela.authorize(client).code
