"""A test-client wrapper that behaves like a browser: CSRF token from the page, Referer, HTTPS."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
BASE = "https://localhost"


def text(response: TestResponse) -> str:
    """A page as the voter reads it: HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


class PageClient:
    """Drives a Flask app over "HTTPS" the way a browser fills its forms."""

    def __init__(self, app: Flask) -> None:
        self.client: FlaskClient = app.test_client()
        self.page: TestResponse | None = None
        self.url = BASE + "/"

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        self.page = self.client.get(path, base_url=BASE, **kwargs)
        self.url = BASE + path
        return self.page

    def follow(self, response: TestResponse | None = None) -> TestResponse:
        response = response or self.page
        assert response is not None and response.status_code in (301, 302, 303), response
        location = response.headers["Location"]
        parts = urlsplit(location)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.get(path)

    @property
    def csrf(self) -> str:
        assert self.page is not None
        match = CSRF.search(self.page.get_data(as_text=True))
        assert match, "pas de jeton CSRF dans la page"
        return match.group(1) or match.group(2)

    def submit(self, path: str, data: Mapping[str, str | Sequence[str]], *, csrf: bool = True,
               referer: bool = True) -> TestResponse:
        """POST a form from the current page (its CSRF token and its URL as Referer)."""
        fields = dict(data)
        if csrf:
            fields.setdefault("csrf_token", self.csrf)
        headers = {"Referer": self.url} if referer else {}
        self.page = self.client.post(path, data=fields, base_url=BASE, headers=headers)
        return self.page

    def text(self) -> str:
        assert self.page is not None
        return self.page.get_data(as_text=True)

    def session_cookie(self, name: str = "__Host-idp-session") -> str | None:
        cookie = self.client.get_cookie(name, domain="localhost")
        return cookie.value if cookie else None
