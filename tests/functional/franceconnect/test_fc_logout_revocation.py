"""/session/end (exact URI, hint audience, live session) and /token/revocation."""

from __future__ import annotations

from flask import Flask
from werkzeug.test import TestResponse

from franceconnect_mock.context import FcMock
from tests.support.franceconnect import LOGOUT_URI, Journey, Register, assert_page, query_of


def logout(journey: Journey, **params: str | None) -> TestResponse:
    query = {k: v for k, v in params.items() if v is not None}
    return journey.browser.get("/api/v2/session/end", query_string=query)


def signed_in(journey: Journey) -> str:
    return str(journey.tokens()["id_token"])


def test_logout_goes_back_with_state_and_ends_the_session(journey: Journey) -> None:
    hint = signed_in(journey)
    response = logout(journey, id_token_hint=hint, state="etat-de-deconnexion",
                      post_logout_redirect_uri=LOGOUT_URI)
    assert response.status_code == 303
    assert response.headers["Location"].startswith(LOGOUT_URI + "?")
    assert query_of(response.headers["Location"]) == {"state": "etat-de-deconnexion"}
    again = logout(journey, id_token_hint=hint, state="x", post_logout_redirect_uri=LOGOUT_URI)
    assert_page(again, "Y150001", "no live FranceConnect session")
    assert journey.authorize().status_code == 303
    assert journey.browser.follow().status_code == 200  # the chooser again: no single sign-on left


def test_each_parameter_is_required(journey: Journey) -> None:
    hint = signed_in(journey)
    full = {"id_token_hint": hint, "state": "s", "post_logout_redirect_uri": LOGOUT_URI}
    for missing in full:
        response = logout(journey, **{**full, missing: None})
        assert_page(response, "Y030008", f"missing required parameters: {missing}")


def test_repeated_parameter_is_refused(journey: Journey) -> None:
    hint = signed_in(journey)
    response = journey.browser.get(f"/api/v2/session/end?id_token_hint={hint}&state=a&state=b"
                                   f"&post_logout_redirect_uri={LOGOUT_URI}")
    assert_page(response, "Y030008", "parameters must not be provided twice: state")


def test_unregistered_post_logout_uri_is_refused(journey: Journey) -> None:
    response = logout(journey, id_token_hint=signed_in(journey), state="s",
                      post_logout_redirect_uri=LOGOUT_URI + "/")
    assert_page(response, "Y04E3F02", "post_logout_redirect_uri not registered")


def test_tampered_hint_is_refused(journey: Journey) -> None:
    head, payload, signature = signed_in(journey).split(".")
    tampered = f"{head}.{payload[:-2]}AA.{signature}"
    response = logout(journey, id_token_hint=tampered, state="s", post_logout_redirect_uri=LOGOUT_URI)
    assert_page(response, "Y04E3F01", "could not validate id_token_hint")


def test_hint_for_another_client_is_refused(journey: Journey, register: Register) -> None:
    other = register(client_id="fs-autre", post_logout_redirect_uris=["https://autre.example/fin"])
    hint = signed_in(journey)
    response = logout(other, id_token_hint=hint, state="s", post_logout_redirect_uri="https://autre.example/fin")
    assert_page(response, "Y04E3F02", "post_logout_redirect_uri not registered")


def test_hint_from_another_browser_session_is_refused(journey: Journey, fc_app: Flask) -> None:
    hint = signed_in(journey)
    stranger = Journey(fc_app, secret=journey.secret)
    response = logout(stranger, id_token_hint=hint, state="s", post_logout_redirect_uri=LOGOUT_URI)
    assert_page(response, "Y150001", "session")


def test_expired_session_is_refused(journey: Journey, fc_ctx: FcMock) -> None:
    hint = signed_in(journey)
    fc_ctx.clock.set_offset(31 * 60)
    response = logout(journey, id_token_hint=hint, state="s", post_logout_redirect_uri=LOGOUT_URI)
    assert_page(response, "Y150001", "no live FranceConnect session")


def test_expired_hint_is_still_accepted(journey: Journey, fc_ctx: FcMock) -> None:
    hint = signed_in(journey)
    fc_ctx.clock.set_offset(5 * 60)  # the ID token is long expired, the 30-minute session is not
    response = logout(journey, id_token_hint=hint, state="s", post_logout_redirect_uri=LOGOUT_URI)
    assert response.status_code == 303


def test_revocation_stops_the_access_token(journey: Journey) -> None:
    tokens = journey.tokens()
    response = journey.browser.client.post("/api/v2/token/revocation", base_url="https://localhost", data={
        "token": tokens["access_token"], "client_id": "fs-test", "client_secret": journey.secret})
    assert response.status_code == 200
    assert journey.userinfo(tokens["access_token"]).status_code == 401


def test_revocation_of_an_unknown_token_is_200(journey: Journey) -> None:
    response = journey.browser.client.post("/api/v2/token/revocation", base_url="https://localhost", data={
        "token": "inconnu", "client_id": "fs-test", "client_secret": journey.secret})
    assert response.status_code == 200


def test_revocation_needs_client_authentication(journey: Journey) -> None:
    tokens = journey.tokens()
    response = journey.browser.client.post("/api/v2/token/revocation", base_url="https://localhost",
                                           data={"token": tokens["access_token"], "client_id": "fs-test"})
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"
    assert journey.userinfo(tokens["access_token"]).status_code == 200


def test_another_client_cannot_revoke(journey: Journey, register: Register) -> None:
    other = register(client_id="fs-autre")
    tokens = journey.tokens()
    other.browser.client.post("/api/v2/token/revocation", base_url="https://localhost", data={
        "token": tokens["access_token"], "client_id": "fs-autre", "client_secret": other.secret})
    assert journey.userinfo(tokens["access_token"]).status_code == 200
