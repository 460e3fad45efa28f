"""The person's side: chooser, remembered choice, demo identity provider, consent, cancel, SSO."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from franceconnect_mock.context import FcMock
from tests.support.franceconnect import REDIRECT_URI, Journey, Register, assert_page, query_of


def test_chooser_names_the_client(journey: Journey) -> None:
    journey.browser.follow(journey.authorize())
    text = journey.browser.text()
    assert "Je choisis un compte pour me connecter sur :" in text
    assert "Service de test" in text
    assert "Se souvenir de mon choix" in text and "Qu'est-ce que FranceConnect ?" in text
    assert "Démonstration" in text and "Démonstration FranceConnect+" not in text  # eidas1 providers only


def test_voting_space_chooser_shows_its_registered_name(fc_app: Flask, fc_ctx: FcMock) -> None:
    from franceconnect_mock.seeding import VOTING_CLIENT_NAME, seed

    seed(fc_ctx, "espace-de-vote-elections", "v" * 40)
    voting = Journey(fc_app, client_id="espace-de-vote-elections",
                     redirect_uri="https://localhost:5003/reassort/franceconnect/callback")
    voting.browser.follow(voting.authorize())
    assert VOTING_CLIENT_NAME in voting.browser.text()


def test_remembered_choice_is_kept_by_cookie(journey: Journey) -> None:
    journey.to_login(journey.authorize(), "fip2-low", remember=True)
    cookie = journey.browser.client.get_cookie("__Host-fc-idp-choice", domain="localhost")
    assert cookie is not None and cookie.value == "fip2-low" and cookie.secure and cookie.http_only
    journey.browser.follow(journey.authorize())
    assert "Mon choix mémorisé" in journey.browser.text()


def test_unchecking_forgets_the_choice(journey: Journey) -> None:
    journey.to_login(journey.authorize(), "fip2-low", remember=True)
    journey.to_login(journey.authorize(), "fip1-low", remember=False)
    assert journey.browser.client.get_cookie("__Host-fc-idp-choice", domain="localhost") is None


def test_identity_provider_page_asks_identifiant_and_mot_de_passe(journey: Journey) -> None:
    page = journey.to_login(journey.authorize())
    text = page.get_data(as_text=True)
    assert 'for="identifiant">Identifiant<' in text and 'for="mot_de_passe">Mot de passe<' in text
    assert "naissance_Algérie" in text  # the test identities are listed


def test_wrong_password_or_unknown_login_is_refused(journey: Journey) -> None:
    journey.to_login(journey.authorize())
    for login, password in (("test", "1234"), ("personne", "123")):
        response = journey.login(login, password)
        assert response.status_code == 400
        assert "Identifiant ou mot de passe incorrect." in response.get_data(as_text=True)


def test_private_client_asks_consent_listing_the_data(journey: Journey) -> None:
    journey.to_login(journey.authorize())
    response = journey.login()
    assert response.headers["Location"].endswith("/consentement")
    page = journey.browser.follow(response).get_data(as_text=True)
    for label in ("Prénom(s)", "Nom de naissance", "Date de naissance", "Sexe", "Lieu de naissance",
                  "Pays de naissance", "Adresse électronique"):
        assert label in page
    unchecked = journey.browser.submit(urlsplit(journey.browser.url).path, {})
    assert unchecked.status_code == 400 and "Merci de cocher la case" in unchecked.get_data(as_text=True)
    done = journey.browser.submit(urlsplit(journey.browser.url).path, {"accepte": "y"})
    assert done.status_code == 303 and "code" in query_of(done.headers["Location"])


def test_public_client_has_no_consent_step(register: Register) -> None:
    public = register(client_id="fs-public", kind="public")
    public.to_login(public.authorize())
    response = public.login()
    assert response.headers["Location"].startswith(REDIRECT_URI + "?code=")


def test_prompt_consent_asks_even_a_public_client(register: Register) -> None:
    public = register(client_id="fs-public", kind="public")
    public.to_login(public.authorize(prompt="consent"))
    assert public.login().headers["Location"].endswith("/consentement")


def test_cancel_at_each_step_is_access_denied_with_state(journey: Journey) -> None:
    for stop in ("chooser", "login", "consent"):
        journey.browser.client.delete_cookie("__Host-fc-session", domain="localhost")
        params = journey.params()
        journey.browser.follow(journey.browser.get("/api/v2/authorize", query_string=params))
        if stop != "chooser":
            journey.choose()
        if stop == "consent":
            journey.browser.follow(journey.login())
        uid = urlsplit(journey.browser.url).path.split("/")[2]
        response = journey.browser.get(f"/interaction/{uid}/annuler")
        assert response.status_code == 303
        query = query_of(response.headers["Location"])
        assert query["error"] == "access_denied" and query["state"] == params["state"]


def test_single_sign_on_then_prompt_login_forces_the_provider(journey: Journey) -> None:
    journey.tokens()
    again = journey.browser.follow(journey.authorize())
    assert again.status_code == 303  # straight on: consent (private client), no chooser
    forced = journey.browser.follow(journey.authorize(prompt="login"))
    assert forced.status_code == 200 and "Je choisis un compte" in forced.get_data(as_text=True)


def test_idp_hint_skips_the_chooser(journey: Journey) -> None:
    response = journey.browser.follow(journey.authorize(idp_hint="fip2-low"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/fi/fip2-low")


def test_unknown_idp_hint_is_an_error_page(journey: Journey) -> None:
    assert_page(journey.authorize(idp_hint="fip1-high"), "Y030118", "idp_hint")


def test_identity_provider_outside_the_client_filter_is_refused(register: Register) -> None:
    filtered = register(client_id="fs-filtre", identity_providers=["fip2-low"])
    filtered.browser.follow(filtered.authorize())
    assert "Démonstration 2" in filtered.browser.text()
    response = filtered.browser.submit(urlsplit(filtered.browser.url).path, {"fournisseur": "fip1-low"})
    assert_page(response, "Y020023", "identity provider not available")


def test_unknown_or_expired_interaction_is_the_session_page(journey: Journey, fc_ctx: FcMock) -> None:
    assert_page(journey.browser.get("/interaction/inexistante"), "Y150001", "no pending interaction")
    journey.browser.follow(journey.authorize())
    fc_ctx.clock.set_offset(31 * 60)
    assert_page(journey.browser.get(urlsplit(journey.browser.url).path), "Y150001", "interaction expired")


def test_consent_before_authentication_is_refused(journey: Journey) -> None:
    journey.browser.follow(journey.authorize())
    uid = urlsplit(journey.browser.url).path.split("/")[2]
    assert_page(journey.browser.get(f"/interaction/{uid}/consentement"), "Y150001", "consent asked before")


def test_session_id_changes_at_authentication(journey: Journey) -> None:
    journey.to_login(journey.authorize())
    before = journey.browser.session_cookie("__Host-fc-session")
    journey.login()
    assert journey.browser.session_cookie("__Host-fc-session") not in (None, before)


def test_pages_look_like_franceconnect_and_keep_the_csp(journey: Journey) -> None:
    page = journey.to_login(journey.authorize())
    assert "FranceConnect" in page.get_data(as_text=True) or "Démonstration" in page.get_data(as_text=True)
    csp = page.headers["Content-Security-Policy"]
    assert "form-action 'self' https://fs.example" in csp and "frame-ancestors 'none'" in csp
