"""The services' access log, as an operator reads it: one line per request, with the method, the
path, the status and the time taken, and never a query string (one-time links carry their token
there)."""

from __future__ import annotations

import re
import secrets
import time

import requests

from bench.stack import CA, Stack

LINE = re.compile(r'^127\.0\.0\.1 "(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}) (?P<size>\d+|-) '
                  r'(?P<seconds>\d+\.\d{6})s$')


def access_lines(stack: Stack, marker: str) -> list[re.Match[str]]:
    """The idp's access lines for ``marker``'s path (the log is written as requests end)."""
    for _ in range(50):
        lines = (stack.data_dir / "idp.log").read_text(errors="replace").splitlines()
        found = [m for line in lines if marker in line and (m := LINE.match(line))]
        if found:
            return found
        time.sleep(0.1)
    return []


def test_a_request_is_logged_with_method_path_status_and_duration_not_query(live_stack: Stack) -> None:
    secret = secrets.token_urlsafe(24)
    path = f"/oidc/authorize/reprise/{secrets.token_hex(8)}"
    answer = requests.get(f"{live_stack.idp_url}{path}", params={"token": secret, "state": secret},
                          verify=str(CA), timeout=10, allow_redirects=False)
    [line] = access_lines(live_stack, path)
    assert (line["method"], line["path"], int(line["status"])) == ("GET", path, answer.status_code)
    assert float(line["seconds"]) < 60
    assert secret not in (live_stack.data_dir / "idp.log").read_text(errors="replace")
