""""Saisie du code de vote": code + CAPTCHA, attempts limited per voter, scrutins only after."""

from __future__ import annotations

import json

from flask import Flask
from werkzeug.test import TestResponse

from tests.support.client import PageClient
from voting_rp.voting_codes.alphabet import ALPHABET, grouped, new_code

LUCIE = {"sub": "100002", "given_name": "Lucie", "family_name": "MOREAU", "email": "lucie.moreau@ac-nice.fr",
         "electeurId": "100002", "academie": "Nice"}


def _signed_in(app: Flask) -> PageClient:
    browser = PageClient(app)
    with browser.client.session_transaction(base_url="https://localhost") as session:
        session["voter"] = LUCIE
    return browser


def _enter(browser: PageClient, code: str, captcha: str = "424242") -> TestResponse:
    browser.get("/code-de-vote")
    return browser.submit("/code-de-vote", {"code": code, "captcha": captcha})


def test_alphabet_has_no_look_alikes_and_codes_are_16_characters():
    assert not set("0O1lI5S2Z8Buvéèàç") & set(ALPHABET)
    assert len(new_code()) == 16 and len(grouped(new_code()).split()) == 4


def test_scrutins_need_the_code(voting_app):
    browser = _signed_in(voting_app)
    assert browser.get("/scrutins").status_code == 303


def test_right_code_typed_with_spaces_opens_the_scrutins(voting_app, tmp_path):
    code = json.loads((tmp_path / "codes.json").read_text())["100002"]
    browser = _signed_in(voting_app)
    assert _enter(browser, grouped(code)).status_code == 303
    assert browser.get("/scrutins").status_code == 200
    assert "CSA de proximité de Nice" in browser.text() and "de Dijon" not in browser.text()


def test_wrong_captcha_and_wrong_code_are_refused_in_french(voting_app, tmp_path):
    code = json.loads((tmp_path / "codes.json").read_text())["100002"]
    browser = _signed_in(voting_app)
    assert _enter(browser, code, captcha="000000").status_code == 400
    assert "La saisie du CAPTCHA est incorrecte" in browser.text()
    assert _enter(browser, "AAAABBBBCCCCDDDD").status_code == 401
    assert "Le code de vote saisi est incorrect" in browser.text()


def test_attempts_are_limited_per_voter_even_with_the_right_code(voting_app, tmp_path):
    code = json.loads((tmp_path / "codes.json").read_text())["100002"]
    browser = _signed_in(voting_app)
    statuses = [_enter(browser, "AAAABBBBCCCCDDDD").status_code for _ in range(6)]
    assert statuses[-1] == 429 and "Trop de tentatives" in browser.text()
    assert _enter(browser, code).status_code == 429
