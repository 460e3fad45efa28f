"""A person's browser over real HTTPS, without a browser: follows redirects across the services,
fills the forms of the page it is on (CSRF token and Referer included), and notes every
redirect it followed (so a test knows the authorization codes that went through it).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import requests

from bench.stack import CA

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
# Per request: a session-level ``verify`` loses to REQUESTS_CA_BUNDLE in the environment.
VERIFY = str(CA)


class HttpAgent:
    def __init__(self) -> None:
        self.session = requests.Session()
        self.page: requests.Response | None = None
        self.url = ""
        self.redirects: list[str] = []

    def _settle(self, response: requests.Response) -> requests.Response:
        while response.status_code in (301, 302, 303, 307):
            target = urljoin(response.url, response.headers["Location"])
            self.redirects.append(target)
            response = self.session.get(target, allow_redirects=False, timeout=15, verify=VERIFY)
        self.page, self.url = response, response.url
        return response

    def get(self, url: str) -> requests.Response:
        return self._settle(self.session.get(url, allow_redirects=False, timeout=15, verify=VERIFY))

    def text(self) -> str:
        assert self.page is not None
        return html.unescape(self.page.text)

    def submit(self, fields: dict[str, str], action: str | None = None) -> requests.Response:
        """POST the form of the page whose action contains ``action`` (or, without it, the form
        holding the first of ``fields``), with its hidden fields, as the browser would."""
        assert self.page is not None
        holding = f'name="{next(iter(fields))}"' if fields and action is None else ""
        for attributes, body in FORM.findall(self.page.text):
            attrs = dict(ATTRIBUTE.findall(attributes))
            target = html.unescape(attrs.get("action", ""))
            if attrs.get("method", "get").lower() != "post" or (action and action not in target):
                continue
            if holding not in body:
                continue
            hidden = {}
            for tag in INPUT.findall(body):
                field = dict(ATTRIBUTE.findall(tag))
                if field.get("type") == "hidden" and "name" in field:
                    hidden[field["name"]] = html.unescape(field.get("value", ""))
            response = self.session.post(urljoin(self.url, target or self.url), data={**hidden, **fields},
                                         headers={"Referer": self.url}, allow_redirects=False, timeout=15,
                                         verify=VERIFY)
            return self._settle(response)
        raise AssertionError(f"aucun formulaire POST {action or ''} sur {self.url}")
