"""/userinfo: a signed JWT (application/jwt), scopes to claims, the test identities, refusals."""

from __future__ import annotations

from typing import Any

import pytest

from franceconnect_mock.context import FcMock
from tests.support.franceconnect import ISSUER, Journey, verify


def userinfo_claims(journey: Journey, login: str = "test", scope: str = "openid identite_pivot email",
                    **overrides: str) -> dict[str, Any]:
    tokens = journey.tokens(login, scope=scope, **overrides)
    response = journey.userinfo(tokens["access_token"])
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/jwt"
    header, claims = verify(response.get_data(as_text=True), journey.jwks(), "ES256")
    assert header["typ"] == "JWT"
    return claims


def test_userinfo_is_a_signed_jwt_with_iss_aud_exp_iat(journey: Journey) -> None:
    claims = userinfo_claims(journey)
    assert claims["iss"] == ISSUER and claims["aud"] == "fs-test"
    assert claims["exp"] > claims["iat"]
    assert claims["given_name"] == "Angela Claire Louise"
    assert claims["given_name_array"] == ["Angela", "Claire", "Louise"]
    assert claims["family_name"] == "DUBOIS" and claims["gender"] == "female"
    assert claims["birthdate"] == "1962-08-24" and claims["birthplace"] == "75107"
    assert claims["birthcountry"] == "99100" and claims["email"] == "angela.dubois@example.com"
    assert "preferred_username" not in claims  # identite_pivot has none since v2


@pytest.mark.parametrize(("scope", "expected"), [
    ("openid", {"sub"}),
    ("openid given_name", {"sub", "given_name", "given_name_array"}),
    ("openid profile", {"sub", "given_name", "given_name_array", "family_name", "birthdate", "gender"}),
    ("openid birth", {"sub", "birthplace", "birthcountry"}),
    ("openid identite_pivot", {"sub", "given_name", "given_name_array", "family_name", "birthdate", "gender",
                               "birthplace", "birthcountry"}),
    ("openid email idp_birthdate", {"sub", "email", "idp_birthdate"}),
    ("openid amr idp_id", {"sub", "amr", "idp_id"}),
])
def test_scopes_release_their_claims(journey: Journey, scope: str, expected: set[str]) -> None:
    claims = userinfo_claims(journey, scope=scope)
    assert set(claims) - {"iss", "aud", "exp", "iat"} == expected


def test_profile_releases_preferred_username_when_the_person_has_one(journey: Journey) -> None:
    claims = userinfo_claims(journey, "avec_nom_dusage", scope="openid profile")
    assert claims["preferred_username"] == "DUBOIS" and claims["family_name"] == "MERCIER"


def test_born_abroad_has_an_empty_birthplace(journey: Journey) -> None:
    claims = userinfo_claims(journey, "naissance_Algérie")
    assert claims["birthplace"] == "" and claims["birthcountry"] == "99352"


def test_unknown_birth_day_and_month_are_01_and_idp_birthdate_keeps_the_raw_value(journey: Journey) -> None:
    claims = userinfo_claims(journey, "étranger_présumé_né_jour_et_mois",
                             scope="openid birthdate idp_birthdate")
    assert claims["birthdate"] == "1992-01-01" and claims["idp_birthdate"] == "1992-00-00"


def test_gender_unspecified(journey: Journey) -> None:
    assert userinfo_claims(journey, "genre_indéfini")["gender"] == "unspecified"


def test_edge_case_identities(journey: Journey) -> None:
    assert userinfo_claims(journey, "sans_prenom")["given_name_array"] == []
    journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")
    assert "email" not in userinfo_claims(journey, "sans_email")
    journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")
    assert len(str(userinfo_claims(journey, "nom_long")["family_name"])) > 50


def test_idp_id_and_amr_say_which_provider(journey: Journey) -> None:
    claims = userinfo_claims(journey, scope="openid amr idp_id")
    assert claims["idp_id"] == "fip1-low" and claims["amr"] == ["fc", "pwd"]


def test_query_access_token_is_accepted(journey: Journey) -> None:
    tokens = journey.tokens()
    response = journey.userinfo(None, query_string={"access_token": tokens["access_token"]})
    assert response.status_code == 200 and response.mimetype == "application/jwt"


def test_no_token_is_401_invalid_token(journey: Journey) -> None:
    response = journey.userinfo(None)
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_token"
    assert response.get_json()["error_description"] == "no access token provided"
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_unknown_token_is_401_invalid_token(journey: Journey) -> None:
    response = journey.userinfo("inconnu")
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_token"


def test_expired_token_is_401_invalid_token(journey: Journey, fc_ctx: FcMock) -> None:
    tokens = journey.tokens()
    fc_ctx.clock.set_offset(61)
    response = journey.userinfo(tokens["access_token"])
    assert response.status_code == 401 and "expired" in response.get_json()["error_description"]


def test_token_in_header_and_query_is_refused(journey: Journey) -> None:
    tokens = journey.tokens()
    response = journey.userinfo(tokens["access_token"], query_string={"access_token": tokens["access_token"]})
    assert response.status_code == 401
