"""The per-client report: which checks the client performed, read from what it did next."""

from __future__ import annotations

import base64

from franceconnect_mock.console.service import report
from franceconnect_mock.context import FcMock
from tests.support.franceconnect import Journey


def status(ctx: FcMock, client_id: str, scenario: str) -> str:
    return next(c.status for c in report(ctx, client_id).checks if c.scenario == scenario)


def fresh(journey: Journey) -> None:
    journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")


def test_userinfo_after_a_bad_signature_means_no_signature_check(journey: Journey, fc_ctx: FcMock) -> None:
    assert status(fc_ctx, "fs-test", "bad_signature") == "non testé"
    tokens = journey.tokens("adv_signature_invalide")
    assert status(fc_ctx, "fs-test", "bad_signature") == "vérifié"  # so far it stopped there
    journey.userinfo(tokens["access_token"])  # ... but it goes on as if the ID token were fine
    check = next(c for c in report(fc_ctx, "fs-test").checks if c.scenario == "bad_signature")
    assert check.status == "non vérifié" and check.applied == 1 and check.revealed == 1
    entry = fc_ctx.journal.entry(check.evidence[0])
    assert entry is not None and entry["endpoint"] == "userinfo"


def test_a_client_that_stops_has_the_check(journey: Journey, fc_ctx: FcMock) -> None:
    journey.tokens("adv_mauvais_aud")
    fresh(journey)
    journey.userinfo(journey.tokens()["access_token"])  # a later, genuine sign-in is fine
    assert status(fc_ctx, "fs-test", "wrong_aud") == "vérifié"


def test_token_call_after_a_tampered_state_means_no_state_check(journey: Journey, fc_ctx: FcMock) -> None:
    callback = journey.sign_in("adv_state_modifie")
    assert status(fc_ctx, "fs-test", "tampered_state") == "vérifié"
    journey.token(callback["code"])
    assert status(fc_ctx, "fs-test", "tampered_state") == "non vérifié"


def test_replayed_response_redeemed_again_means_no_single_use_state(journey: Journey, fc_ctx: FcMock) -> None:
    journey.sign_in("adv_code_rejoue")  # no previous response yet: nothing replayed, nothing counted
    assert status(fc_ctx, "fs-test", "replayed_code") == "non testé"
    fresh(journey)  # the adversarial login's scenario lasts as long as its FranceConnect session
    first = journey.sign_in()
    journey.token(first["code"])
    fresh(journey)
    replayed = journey.sign_in("adv_code_rejoue")
    assert replayed == first
    journey.token(replayed["code"])
    assert status(fc_ctx, "fs-test", "replayed_code") == "non vérifié"


def test_passive_observations_and_y_codes(journey: Journey, fc_ctx: FcMock) -> None:
    callback = journey.sign_in(state="court")
    basic = base64.b64encode(f"fs-test:{journey.secret}".encode()).decode()
    journey.browser.client.post("/api/v2/token", headers={"Authorization": f"Basic {basic}"},
                                base_url="https://localhost",
                                data={"grant_type": "authorization_code", "code": callback["code"],
                                      "redirect_uri": journey.redirect_uri})
    built = report(fc_ctx, "fs-test")
    observed = {o.label: o for o in built.observations}
    assert observed["state d'au moins 22 caractères (documenté, non imposé)"].ok is False
    assert observed["nonce d'au moins 22 caractères"].ok is True
    assert observed["authentification au /token"].ok is False
    assert "client_secret_basic ×1" in observed["authentification au /token"].detail
    assert built.y_codes[0]["y_code"] == "Y04D3E2B" and "client_secret_basic" in built.y_codes[0]["last_why"]


def test_a_refused_short_nonce_shows_in_the_clients_report(journey: Journey, fc_ctx: FcMock) -> None:
    journey.sign_in()  # a well-formed sign-in first: its nonce alone would say "ok"
    refused = journey.authorize(nonce="court")
    assert refused.status_code == 400 and "Y030007" in refused.get_data(as_text=True)
    built = report(fc_ctx, "fs-test")
    nonce = next(o for o in built.observations if o.label == "nonce d'au moins 22 caractères")
    assert nonce.ok is False and nonce.detail == "le plus court : 5 caractères"
    assert "Y030007" in {y["y_code"] for y in built.y_codes}


def test_every_shape_refusal_is_filed_under_the_registered_client_it_names(journey: Journey,
                                                                         fc_ctx: FcMock) -> None:
    journey.authorize(state=None)
    journey.authorize(prompt="none")
    journey.authorize(claims="pas du JSON")
    journey.browser.get("/api/v2/authorize", query_string=[*journey.params().items(), ("state", "deux")])
    journey.authorize(client_id="inconnu", nonce="court")  # no such client: filed under none
    refused = fc_ctx.journal.entries(endpoint="authorize")
    assert [e["client_id"] for e in refused] == [None, "fs-test", "fs-test", "fs-test", "fs-test"]
    assert all(e["y_code"] == "Y030007" for e in refused)
    [y030007] = [y for y in report(fc_ctx, "fs-test").y_codes if y["y_code"] == "Y030007"]
    assert y030007["count"] == 4


def test_a_refused_token_request_is_filed_under_the_registered_client_it_names(journey: Journey,
                                                                              fc_ctx: FcMock) -> None:
    body = f"grant_type=authorization_code&code=a&code=b&client_id=fs-test&client_secret={journey.secret}"
    journey.browser.client.post("/api/v2/token", data=body, base_url="https://localhost",
                                content_type="application/x-www-form-urlencoded")
    [entry] = fc_ctx.journal.entries(endpoint="token")
    assert entry["client_id"] == "fs-test" and entry["status"] == 400
