"""The inspector in the portal: reviewers only, a sequence per journey, export; off when disabled."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from werkzeug.test import TestResponse

from idp import create_app
from idp.cli import cli as idp_cli
from idp.inspector.service import ReviewerRefused, save_reviewer
from idp.oidc.checks import CHECKS, CLIENT_CHECKS
from idp.oidc.clients import register_client
from idp.oidc.logout_checks import LOGOUT_CHECKS
from idp.oidc.server import GRANT_CHECKS
from idp.oidc.userinfo import USERINFO_CHECKS
from shared.trace.events import TraceStore
from shared.trace.exchange import request_part, response_part
from shared.trace.jwt_view import CheckLog
from shared.trace.recorder import Recorder
from tests.functional.trace.conftest import Signer
from tests.support import settings as stack_settings
from tests.support.client import PageClient
from tests.support.databases import copy_database
from tests.support.journeys import PortalActions
from tests.support.mailbox import Mailbox
from tests.support.settings import service_settings

REVIEWER_PASSWORD = "Relecture-Secu-2022!"  # noqa: S105 - a test account


@pytest.fixture
def idp_app(tmp_path: Path, mailbox: Mailbox, idp_template: Path, store: TraceStore) -> Flask:
    settings = service_settings("idp", tmp_path, SMTP_URL=mailbox.smtp_url)
    copy_database(idp_template, settings.database_url)
    app = create_app(settings)
    save_reviewer(app.extensions["idp"], "relecteur", REVIEWER_PASSWORD)
    return app


@pytest.fixture
def journey(store: TraceStore, signer: Signer) -> int:
    """A portal → voting space journey: authorization request, token exchange, verification."""
    voting, idp = Recorder(store, "voting_rp", 72, 1000), Recorder(store, "idp", 72, 1000)
    id_token = signer.sign(sub="100001", nonce="n-1", sid="s-1", electeurId="100001",
                           family_name="MOREAU", birthdate="1962-08-24", email="lucie.moreau@ac-nice.fr")
    authorize = "https://idp/oidc/authorize"
    voting.record("out", authorize, label="Requête d'autorisation",
                  request=request_part("GET", authorize, {"state": ["e"], "nonce": ["n-1"]}))
    idp.record("in", "https://idp/oidc/token", label="Jeton : échange du code d'autorisation", status=200,
               request=request_part("POST", "https://idp/oidc/token", {"code": ["c" * 40]}, "Basic eDp5"),
               response=response_part(200, "application/json", None, json.dumps({"id_token": id_token})))
    checks = CheckLog()
    with checks.check("signature", kid=signer.kid, alg="ES256"):
        pass
    checks.steps.append({"check": "nonce", "ok": False, "detail": "nonce inattendu (rejeu ?)"})
    voting.verification("id_token", id_token, checks, peer="portail", endpoint="https://vote/cb")
    return int(store.journeys()[0][0]["id"])


def text(client: PageClient) -> str:
    return html.unescape(client.text())


def sign_in_as_reviewer(client: PageClient, password: str = REVIEWER_PASSWORD) -> TestResponse:
    client.get("/inspecteur/connexion")
    return client.submit("/inspecteur/connexion", {"identifiant": "relecteur", "mot_de_passe": password})


def test_anonymous_is_sent_to_the_reviewer_sign_in(idp_app: Flask) -> None:
    response = PageClient(idp_app).get("/inspecteur")
    assert response.status_code == 303 and response.headers["Location"].endswith("/inspecteur/connexion")


def test_a_voter_session_is_refused(idp_app: Flask, mailbox: Mailbox) -> None:
    client = PageClient(idp_app)
    PortalActions(client, mailbox).sign_in("lucie.moreau@ac-nice.fr", "Electeur-Demo-2022!")
    for path in ("/inspecteur", "/inspecteur/parcours/1", "/inspecteur/parcours/1.json"):
        assert client.get(path).status_code == 403
    assert "réservé aux relecteurs" in text(client)


def test_a_reviewer_session_that_signs_a_voter_in_is_refused(idp_app: Flask, mailbox: Mailbox) -> None:
    client = PageClient(idp_app)
    sign_in_as_reviewer(client)
    assert client.get("/inspecteur").status_code == 200
    PortalActions(client, mailbox).sign_in("lucie.moreau@ac-nice.fr", "Electeur-Demo-2022!")
    assert client.get("/inspecteur").status_code == 403


def test_reviewer_reads_the_journey_and_exports_it(idp_app: Flask, journey: int, signer: Signer) -> None:
    client = PageClient(idp_app)
    response = sign_in_as_reviewer(client)
    assert response.status_code == 303
    listing = client.follow()
    assert listing.status_code == 200
    page = text(client)
    assert f"Parcours n° {journey}" in page and "Espace de vote" in page and "100001" in page
    assert "1 contrôle en échec" in page
    client.get(f"/inspecteur/parcours/{journey}")
    page = text(client)
    order = [page.index(label) for label in ("Requête d'autorisation", "Jeton : échange", "Vérification du")]
    assert order == sorted(order)
    assert signer.kid in page and '"nonce": "n-1"' in page  # decoded header and claims
    assert '"family_name": "(masqué : donnée personnelle)"' in page and '"birthdate"' in page
    for personal in ("MOREAU", "1962-08-24", "lucie.moreau@ac-nice.fr"):
        assert personal not in page, personal
    assert re.search(r'<code class="empreinte">[0-9a-f]{64}</code>', client.text())  # its SHA-256
    assert "La trace ne garde pas le jeton lui-même" in page
    assert "✓" in page and "✗" in page and "nonce inattendu" in page
    assert "c" * 40 not in page and "Basic (masqué)" in page
    assert "<script" not in page and "style=" not in page  # CSP: no inline script or style
    export = client.get(f"/inspecteur/parcours/{journey}.json")
    assert export.status_code == 200 and "attachment" in export.headers["Content-Disposition"]
    assert len(export.get_json()["events"]) == 3
    huge = "/inspecteur/parcours/99999999999999999999"
    for path in (huge, huge + ".json"):
        assert client.get(path).status_code == 404, path  # beyond 64 bits: no OverflowError


def test_wrong_password_then_rate_limit(idp_app: Flask) -> None:
    client = PageClient(idp_app)
    statuses = [sign_in_as_reviewer(client, "Mauvais-Mot-2022!").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert sign_in_as_reviewer(client).status_code == 429  # even the right password, for a while


def test_sign_in_needs_its_csrf_token(idp_app: Flask) -> None:
    client = PageClient(idp_app)
    client.get("/inspecteur/connexion")
    response = client.submit("/inspecteur/connexion", {"identifiant": "relecteur",
                                                       "mot_de_passe": REVIEWER_PASSWORD}, csrf=False)
    assert response.status_code == 400


@pytest.mark.parametrize("environ", [{"INSPECTOR_ENABLED": "false"}, {"ELECTIONS_ENV": "production"}])
def test_disabled_inspector_does_not_exist(tmp_path: Path, idp_template: Path,
                                          environ: dict[str, str]) -> None:
    production = {"CAPTCHA_TEST_ANSWER": "", "SMTP_URL": "smtps://relais.example:465",
                  "SMS_API_URL": "https://sms.example/api"} if "ELECTIONS_ENV" in environ else {}
    settings = service_settings("idp", tmp_path, **environ, **production)
    copy_database(idp_template, settings.database_url)
    assert settings.inspector_enabled is False
    assert PageClient(create_app(settings)).get("/inspecteur").status_code == 404


def test_production_may_enable_it_explicitly(tmp_path: Path) -> None:
    settings = service_settings("idp", tmp_path, ELECTIONS_ENV="production", INSPECTOR_ENABLED="true",
                                CAPTCHA_TEST_ANSWER="", SMTP_URL="smtps://relais.example:465",
                                SMS_API_URL="https://sms.example/api")
    assert settings.inspector_enabled is True


def test_create_reviewer_command_reads_the_password_from_the_environment(idp_app: Flask,
                                                                         tmp_path: Path) -> None:
    environ = {**stack_settings.test_environ(tmp_path), "REVIEWER_PASSWORD": "Autre-Relecteur-2022!"}
    result = CliRunner().invoke(idp_cli, ["create-reviewer", "--login", "seconde.relectrice"], env=environ)
    assert result.exit_code == 0, result.output
    assert "créé" in result.output and "Autre-Relecteur-2022!" not in result.output
    weak = CliRunner().invoke(idp_cli, ["create-reviewer", "--login", "x.y"],
                              env={**environ, "REVIEWER_PASSWORD": "court"})
    assert weak.exit_code != 0 and "REVIEWER_PASSWORD doit contenir" in weak.output
    with pytest.raises(ReviewerRefused):
        save_reviewer(idp_app.extensions["idp"], "Majuscules Interdites", REVIEWER_PASSWORD)


def test_the_portal_records_each_authorization_check_by_name(idp_app: Flask, store: TraceStore) -> None:
    """A reviewer sees which of the provider's checks passed, and the one that refused."""
    register_client(idp_app.extensions["idp"].db, client_id="espace-relecture", name="Relecture",
                    secret="s" * 40, auth_method="client_secret_basic",
                    redirect_uris=["https://vote.example/cb"], post_logout_redirect_uris=[])
    browser = idp_app.test_client()
    params = {"client_id": "espace-relecture", "redirect_uri": "https://vote.example/cb",
              "response_type": "code", "scope": "openid", "state": "etat-relecture", "nonce": "n-relecture",
              "code_challenge": "E9Melhoofs2jE9Melhoofs2jE9Melhoofs2jE9Melho",
              "code_challenge_method": "S256"}
    browser.get("/oidc/authorize", query_string=params)  # valid: on to the sign-in
    refused = browser.get("/oidc/authorize", query_string={**params, "code_challenge_method": "plain"})
    assert refused.status_code in (302, 303) and "error=invalid_request" in refused.headers["Location"]
    events = [e for j in store.journeys() for e in store.journey(j[0]["id"])
              if e["label"].startswith("Requête")]
    passed, failed = sorted(events, key=lambda e: e["id"])
    assert [c["check"] for c in passed["checks"]] == [c.__name__ for c in CHECKS]
    assert all(c["ok"] for c in passed["checks"])
    *before, last = failed["checks"]
    assert last["check"] == "pkce_s256" and last["ok"] is False and "S256" in last["detail"]
    assert [c["check"] for c in before] == [c.__name__ for c in CHECKS][:len(before)]


def test_the_portal_records_each_client_authentication_check_by_name(idp_app: Flask,
                                                                     store: TraceStore) -> None:
    """At the token endpoint too, a reviewer sees the checks by name, and which one refused."""
    register_client(idp_app.extensions["idp"].db, client_id="espace-relecture", name="Relecture",
                    secret="s" * 40, auth_method="client_secret_basic",
                    redirect_uris=["https://vote.example/cb"], post_logout_redirect_uris=[])
    client = idp_app.test_client()
    form = {"grant_type": "authorization_code", "code": "code-inconnu", "code_verifier": "v" * 43,
            "redirect_uri": "https://vote.example/cb"}
    authenticated = client.post("/oidc/token", data=form, auth=("espace-relecture", "s" * 40))
    assert authenticated.status_code == 400 and authenticated.get_json()["error"] == "invalid_grant"
    refused = client.post("/oidc/token", data=form, auth=("espace-relecture", "t" * 40))
    assert refused.status_code == 401 and refused.get_json()["error"] == "invalid_client"
    events = [e for j in store.journeys() for e in store.journey(j[0]["id"])
              if e["label"].startswith("Jeton")]
    passed, failed = sorted(events, key=lambda e: e["id"])
    names = ["single_values", "one_method", *(c.__name__ for c in CLIENT_CHECKS["client_secret_basic"])]
    assert [c["check"] for c in passed["checks"]][:len(names)] == names
    assert all(c["ok"] for c in passed["checks"][:len(names)])
    assert [c["check"] for c in failed["checks"]] == names
    assert [c["ok"] for c in failed["checks"]] == [True] * (len(names) - 1) + [False]


def test_the_portal_records_each_code_check_by_name(idp_app: Flask, store: TraceStore) -> None:
    """After the client's, the code's checks are named too (RFC 6749 §4.1.3), up to the one that refused."""
    register_client(idp_app.extensions["idp"].db, client_id="espace-relecture", name="Relecture",
                    secret="s" * 40, auth_method="client_secret_basic",
                    redirect_uris=["https://vote.example/cb"], post_logout_redirect_uris=[])
    client = idp_app.test_client()
    form = {"grant_type": "authorization_code", "code_verifier": "v" * 43, "redirect_uri": "https://vote.example/cb"}
    basic = ("espace-relecture", "s" * 40)
    missing = client.post("/oidc/token", data=form, auth=basic)  # no code: in no journey, answered
    assert missing.status_code == 400 and missing.get_json()["error"] == "invalid_request"
    assert missing.get_json()["error_description"] == "Le parametre 'code' est obligatoire."
    unknown = client.post("/oidc/token", data={**form, "code": "code-inconnu"}, auth=basic)
    assert unknown.status_code == 400 and unknown.get_json()["error"] == "invalid_grant"
    (event,) = _recorded(store, "Jeton : échange du code d'autorisation")
    code_checks = event["checks"][len(CLIENT_CHECKS["client_secret_basic"]) + 2:]
    assert [(c["check"], c["ok"]) for c in code_checks] == [("granted_type", True), ("code_present", True),
                                                       ("code_redeemable", False)]
    assert "invalid_grant" in code_checks[-1]["detail"]
    assert [c.__name__ for c in GRANT_CHECKS] == ["granted_type", "code_present", "code_redeemable",
                                                  "same_redirect_uri", "pkce_verifier"]


def _recorded(store: TraceStore, label: str) -> list[dict[str, Any]]:
    events = [e for j in store.journeys() for e in store.journey(j[0]["id"]) if e["label"] == label]
    return sorted(events, key=lambda e: e["id"])


def test_the_portal_records_each_logout_check_by_name(idp_app: Flask, store: TraceStore) -> None:
    """RP-initiated logout's checks are named in the trace, in order, and the one that refused."""
    register_client(idp_app.extensions["idp"].db, client_id="espace-relecture", name="Relecture",
                    secret="s" * 40, auth_method="client_secret_basic",
                    redirect_uris=["https://vote.example/cb"],
                    post_logout_redirect_uris=["https://vote.example/au-revoir"])
    browser = idp_app.test_client()
    params = {"client_id": "espace-relecture", "post_logout_redirect_uri": "https://vote.example/au-revoir"}
    returned = browser.get("/oidc/logout", query_string={**params, "state": "etat-sortie"})
    assert returned.status_code == 303
    assert returned.headers["Location"] == "https://vote.example/au-revoir?state=etat-sortie"
    refused = browser.get("/oidc/logout", query_string={**params, "post_logout_redirect_uri":
                                                        "https://vote.example/ailleurs"})
    assert refused.status_code == 400 and "n&#39;est pas enregistrée pour ce client" in refused.text
    passed, failed = _recorded(store, "Déconnexion (fin de session)")
    names = [c.__name__ for c in LOGOUT_CHECKS]
    assert [c["check"] for c in passed["checks"]] == names and all(c["ok"] for c in passed["checks"])
    assert [c["check"] for c in failed["checks"]] == names
    assert [c["ok"] for c in failed["checks"]] == [True, True, True, False]
    assert "n'est pas enregistrée pour ce client" in failed["checks"][-1]["detail"]


def test_the_portal_records_each_userinfo_check_by_name(idp_app: Flask, store: TraceStore) -> None:
    """UserInfo's checks are named in the trace; a forged token stops at the signature."""
    client = idp_app.test_client()
    missing = client.get("/oidc/userinfo")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    forged = client.get("/oidc/userinfo", headers={"Authorization": "Bearer eyJhbGciOiJub25lIn0.e30."})
    assert forged.status_code == 401 and forged.get_json()["error"] == "invalid_token"
    assert forged.get_json()["error_description"] == "Signature du jeton d'acces invalide."
    (unsigned,) = _recorded(store, "UserInfo")  # (a request with no token is in no journey)
    assert [(c["check"], c["ok"]) for c in unsigned["checks"]] == [("bearer_token", True),
                                                                    ("signed_by_us", False)]
    assert unsigned["checks"][-1]["detail"] == "Signature du jeton d'accès invalide."
    assert [c.__name__ for c in USERINFO_CHECKS] == ["bearer_token", "signed_by_us", "access_token_for_us",
                                                      "not_expired", "issued_and_live", "same_subject"]
