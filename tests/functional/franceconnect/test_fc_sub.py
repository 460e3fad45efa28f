"""The pairwise sub: the formula, per entityId, the same through any identity provider."""

from __future__ import annotations

import base64
import hashlib

from franceconnect_mock.context import FcMock
from tests.support.franceconnect import Journey, Register, verify


def sub_of(journey: Journey, login: str = "test", idp: str = "fip1-low") -> str:
    callback = journey.sign_in(login, idp)
    _, claims = verify(journey.token(callback["code"]).get_json()["id_token"], journey.jwks(), "ES256")
    journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")
    return str(claims["sub"])


def test_sub_follows_the_published_formula(journey: Journey, fc_ctx: FcMock) -> None:
    serial = "Angela Claire Louise" + "DUBOIS" + "1962-08-24" + "female" + "75107" + "99100"
    identity_hash = base64.b64encode(hashlib.sha256(serial.encode()).digest()).decode()
    material = "fs-test" + identity_hash + fc_ctx.config.sub_secret
    expected = hashlib.sha256(material.encode()).hexdigest() + "v1"
    assert sub_of(journey) == expected and len(expected) == 66


def test_same_entity_same_sub_other_entity_other_sub(journey: Journey, register: Register) -> None:
    sibling = register(client_id="fs-test-bis", entity_id="fs-test")
    stranger = register(client_id="fs-etranger")
    first = sub_of(journey)
    assert sub_of(sibling) == first
    assert sub_of(stranger) != first


def test_same_person_through_another_identity_provider_keeps_the_sub(journey: Journey) -> None:
    assert sub_of(journey, idp="fip2-low") == sub_of(journey)


def test_different_people_different_subs(journey: Journey) -> None:
    assert sub_of(journey, "avec_nom_dusage") != sub_of(journey)
