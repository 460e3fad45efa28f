"""Key rotation by overlap with the operators' command ``python -m idp rotate-keys``.

Mirrors the OpenID Foundation Basic OP module ``oidcc-server-rotate-keys``: after a rotation, new
ID tokens name a new ``kid`` that relying parties already had (it was published as the next key
before it signed), and the old key stays published so that tokens it signed still verify. The
running provider is not restarted: it re-reads its keys within 30 seconds.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from typing import Any

from bench.stack import ROOT, Stack
from tests.support.oidc import Browser, RegisteredClients, decode_jwt, http_session

RELOAD_SECONDS = 30  # shared/keys.py REFRESH_SECONDS


def published(stack: Stack) -> dict[str, Any]:
    return dict(http_session().get(f"{stack.idp_url}/oidc/jwks", timeout=10).json())


def kids(jwks: dict[str, Any], alg: str | None = None) -> set[str]:
    return {key["kid"] for key in jwks["keys"] if alg is None or key["alg"] == alg}


def rotate(stack: Stack) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "idp", "rotate-keys", "--retire-after", "600"], cwd=ROOT,
                          env=stack.environ, capture_output=True, text=True, timeout=60, check=True)
    match = re.search(r"Clés désormais actives : (.+)\.", done.stdout)
    assert match, done.stdout
    return match.group(1).split(", ")


def wait_for_reload(stack: Stack, before: dict[str, Any]) -> dict[str, Any]:
    """The provider has re-read its keys once its JWKS shows the new next keys."""
    deadline = time.monotonic() + RELOAD_SECONDS + 10
    while time.monotonic() < deadline:
        current = published(stack)
        if kids(current) - kids(before):
            return current
        time.sleep(0.5)
    raise AssertionError("le fournisseur n'a pas relu ses clés après la rotation")


def test_rotation_signs_with_the_already_published_key_and_keeps_the_old_one(
        live_stack: Stack, angela: Browser, clients: RegisteredClients) -> None:
    rp, rs256 = clients.basic, clients.post
    before = published(live_stack)
    old_es256 = rp.tokens(angela.authorize(rp))["id_token"]
    old_rs256 = rs256.tokens(angela.authorize(rs256))["id_token"]
    old_kids = {decode_jwt(old_es256, before).header["kid"], decode_jwt(old_rs256, before).header["kid"]}

    promoted = set(rotate(live_stack))
    assert len(promoted) == 2
    assert promoted <= kids(before) - old_kids  # each new signing key was published before it signs

    after = wait_for_reload(live_stack, before)
    new_es256 = decode_jwt(rp.tokens(angela.authorize(rp))["id_token"], after)
    new_rs256 = decode_jwt(rs256.tokens(angela.authorize(rs256))["id_token"], after)
    assert new_es256.header["kid"] in promoted & kids(before, "ES256")
    assert new_rs256.header["kid"] in promoted & kids(before, "RS256")

    assert old_kids <= kids(after)  # retired, still published until its tokens have expired
    decode_jwt(old_es256, after)
    decode_jwt(old_rs256, after)
    for alg in ("ES256", "RS256"):  # and a new next key already waits in the JWKS
        assert kids(after, alg) - kids(before, alg)


def test_old_keys_cannot_be_retired_before_their_last_tokens_expire(live_stack: Stack) -> None:
    """Tokens live 300 s and a running instance may sign with the old key for 30 s more."""
    refused = subprocess.run([sys.executable, "-m", "idp", "rotate-keys", "--retire-after", "300"], cwd=ROOT,
                             env=live_stack.environ, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--retire-after" in refused.stderr


def test_the_voting_space_accepts_tokens_of_the_new_key(angela: Browser) -> None:
    angela.enter_voting_space()
    assert angela.has_voting_session()
