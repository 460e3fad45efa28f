"""The voting space shows its session's time limit too, and extends it on request (WCAG 2.2.1)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.support.ballots import BASE


def test_the_scrutins_page_carries_the_time_limit_and_it_can_be_extended(lucie: FlaskClient) -> None:
    page = lucie.get("/scrutins", base_url=BASE).get_data(as_text=True)
    match = re.search(r'id="expiration-session".*?data-inactivite="(\d+)"', page, re.S)
    assert match and 15 * 60 - 5 <= int(match.group(1)) <= 15 * 60
    token = re.search(r'data-csrf="([^"]+)"', page)
    assert token, "le jeton de la demande de prolongation manque"
    response = lucie.post("/session/prolonger", base_url=BASE,
                          headers={"X-CSRFToken": token.group(1), "Referer": f"{BASE}/scrutins"})
    assert response.status_code == 200 and response.get_json()["active"] is True


def test_without_a_voting_session_there_is_nothing_to_extend(voting_app: Flask) -> None:
    browser = voting_app.test_client()
    assert browser.get("/session/etat", base_url=BASE).get_json() == {"active": False}
