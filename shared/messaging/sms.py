"""HTTP SMS gateway client: ``POST {SMS_API_URL}`` with JSON ``{"to", "text", "sender"}``."""

from __future__ import annotations

import logging

import requests

from shared.messaging.errors import DeliveryError

log = logging.getLogger(__name__)


class SmsClient:
    """Hands one SMS to the gateway; the gateway's contract is documented in docs/operations.md."""

    def __init__(self, url: str, token: str, verify: str | bool, sender: str = "ELECTIONS",
                 timeout: float = 10) -> None:
        self._url = url
        self._verify = verify
        self._sender = sender
        self._timeout = timeout
        self._http = requests.Session()
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"

    def send(self, to: str, text: str) -> str:
        """Send the SMS; return the gateway's id; raise DeliveryError on any refusal."""
        try:
            response = self._http.post(self._url, json={"to": to, "text": text, "sender": self._sender},
                                       timeout=self._timeout, verify=self._verify)
        except requests.RequestException as exc:
            log.error("Passerelle SMS injoignable (%s)", type(exc).__name__)
            raise DeliveryError(type(exc).__name__) from exc
        if response.status_code not in (200, 201, 202):
            log.error("Passerelle SMS : refus HTTP %s", response.status_code)
            raise DeliveryError(f"HTTP {response.status_code}")
        message_id = str(response.json().get("id", ""))
        log.info("SMS remis à la passerelle, id %s", message_id)
        return message_id
