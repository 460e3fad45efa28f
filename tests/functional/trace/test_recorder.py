"""Recording: the Flask hook sees protocol endpoints only, never fails a request, keeps a bound."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask, session
from sqlalchemy import func, select, update

from shared.timeutil import utcnow
from shared.trace.events import TraceEvent, TraceKey, TraceStore
from shared.trace.exchange import Part
from shared.trace.outbound import trace_response
from shared.trace.recorder import Recorder, end_journey
from tests.functional.trace.conftest import Signer

BASE = "https://localhost"


def test_token_endpoint_is_recorded_redacted_with_its_id_token_decoded(provider_app: Flask, store: TraceStore,
                                                                      signer: Signer) -> None:
    id_token = signer.sign(sub="100001", nonce="le-nonce", sid="la-session")
    response = provider_app.test_client().post(
        "/oidc/token", base_url=BASE, headers={"Authorization": "Basic ZXNwYWNlOmxlLXNlY3JldA=="},
        data={"grant_type": "authorization_code", "code": "code-" + "c" * 40, "code_verifier": "v" * 43,
              "fake_id_token": id_token})
    assert response.status_code == 200
    [journey] = store.journeys()
    [event] = store.journey(journey[0]["id"])
    assert event["service"] == "idp" and event["direction"] == "in" and event["status"] == 200
    assert event["request"]["authorization"] == "Basic (masqué)"
    assert event["request"]["params"]["code"] == "code-ccc…"
    assert event["request"]["params"]["code_verifier"] == "(masqué)"
    assert event["response"]["body"]["access_token"] == "acces-aa…"
    [decoded] = [t for t in event["jwts"] if t["role"] == "id_token"]
    assert decoded["claims"]["nonce"] == "le-nonce" and "compact" not in decoded
    assert id_token not in json.dumps(event)
    assert {k.split(":")[0] for k in event["keys"]} >= {"code", "at", "jwt", "nonce", "sid"}
    assert event["peer"] == "espace"  # the user part of HTTP Basic, never the secret


def test_authorization_response_and_pages(provider_app: Flask, store: TraceStore) -> None:
    client = provider_app.test_client()
    assert client.get("/page", base_url=BASE).status_code == 200
    client.get("/oidc/authorize?client_id=c&state=etat-1", base_url=BASE)
    [journey] = store.journeys()
    events = store.journey(journey[0]["id"])
    assert [e["label"] for e in events] == ["Requête d'autorisation"]
    assert "code=code-ccc…" in events[0]["response"]["location"]
    assert any(k.startswith("parcours:") for k in events[0]["keys"])  # a browser session: a journey key


def test_a_jwks_served_is_kept_for_export_but_in_no_journey(provider_app: Flask, store: TraceStore) -> None:
    provider_app.test_client().get("/oidc/jwks", base_url=BASE)
    assert store.count() == 1 and store.journeys() == []


def test_a_broken_store_never_breaks_the_request(provider_app: Flask, store: TraceStore,
                                                 caplog: pytest.LogCaptureFixture,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_values: dict[str, Any], keys: Iterable[str]) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr(store, "add", broken)
    response = provider_app.test_client().post("/oidc/token", base_url=BASE, data={"code": "x"})
    assert response.status_code == 200
    assert "événement non enregistré (RuntimeError)" in caplog.text
    assert "disque plein" not in caplog.text


def test_without_its_schema_the_trace_stays_quiet(tmp_path: Path) -> None:
    recorder = Recorder(TraceStore(f"sqlite:///{tmp_path}/vide.db"), "idp", 72, 1000)
    recorder.record("out", "https://x/token", label="Jeton")  # no table: nothing, no exception


def test_retention_by_age_and_by_count(store: TraceStore) -> None:
    recorder = Recorder(store, "idp", retention_hours=1, max_events=100)
    for n in range(130):
        recorder.record("out", f"https://x/{n}", label="Échange", request=Part(keys={f"state:{n}"}))
    assert store.count() == 130  # purged every few hundred events, or on demand:
    assert store.purge(recorder.retention, recorder.max_events) == 30
    assert store.count() == 100
    with store._db.session() as s:  # the oldest ten are two hours old
        oldest = sorted(s.scalars(select(TraceEvent.id)))[:10]
        two_hours_ago = utcnow() - timedelta(hours=2)
        s.execute(update(TraceEvent).where(TraceEvent.id.in_(oldest)).values(at=two_hours_ago))
        assert s.scalar(select(func.count(TraceKey.key))) == 100
    assert store.purge(timedelta(hours=1), 100) == 10
    assert store.count() == 90
    with store._db.session() as s:  # their correlation keys went with them
        assert s.scalar(select(func.count(TraceKey.key))) == 90


def test_a_logout_ends_the_browser_journey(provider_app: Flask, store: TraceStore) -> None:
    @provider_app.post("/deconnexion")
    def logout() -> str:
        session.clear()
        session["deconnecte"] = True  # the session goes on (a logout state, a flash…), the journey not
        end_journey()
        return "déconnecté"

    browser = provider_app.test_client()
    browser.get("/oidc/authorize?client_id=espace&state=avant-1")
    browser.get("/oidc/authorize?client_id=espace&state=avant-2")  # same browser: same journey
    browser.post("/deconnexion")
    browser.get("/oidc/authorize?client_id=espace&state=apres")
    journeys = store.journeys()
    assert sorted(len(j) for j in journeys) == [1, 2], journeys


def test_a_body_over_the_limit_stays_a_413_recorded_without_its_parameters(provider_app: Flask,
                                                                           store: TraceStore) -> None:
    provider_app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # what shared.web gives every service
    response = provider_app.test_client().post("/oidc/token", base_url=BASE, data={"code": "c" * 1_000_000})
    assert response.status_code == 413  # the view's refusal, not a 500 from the trace reading it again
    store.flush()
    with store._db.session() as s:  # noqa: SLF001 - a refused call carries no key: it is in no journey
        [event] = s.scalars(select(TraceEvent)).all()
        assert event.status == 413 and "params" not in event.request


def test_a_failing_hook_never_changes_the_answer(provider_app: Flask, store: TraceStore,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("valeur inattendue")

    monkeypatch.setattr("shared.trace.inbound.request_part", broken)
    response = provider_app.test_client().post("/oidc/token", base_url=BASE, data={"code": "x"})
    assert response.status_code == 200 and response.get_json()["token_type"] == "Bearer"
    assert "échange non enregistré (ValueError)" in caplog.text and "valeur inattendue" not in caplog.text


def test_the_portal_token_endpoint_answers_an_oversized_body_with_a_french_413(idp_app: Flask) -> None:
    response = idp_app.test_client().post("/oidc/token", base_url=BASE, data={"code": "c" * 1_000_000})
    assert response.status_code == 413
    assert "Les données envoyées dépassent la taille autorisée." in response.get_data(as_text=True)


def test_a_failing_outbound_hook_never_breaks_the_call(provider_app: Flask, store: TraceStore,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("valeur inattendue")

    monkeypatch.setattr("shared.trace.outbound.request_part", broken)
    answer = requests.Response()
    answer.status_code, answer._content = 200, b'{"access_token": "x"}'  # noqa: SLF001
    answer.request = requests.Request("POST", "https://idp.example/oidc/token", data={"code": "c"}).prepare()
    with provider_app.app_context():
        assert trace_response(answer) is answer
    assert "appel sortant non enregistré (ValueError)" in caplog.text
    assert "valeur inattendue" not in caplog.text


def test_an_event_missing_a_column_is_refused_alone_and_spoils_no_batch(provider_app: Flask,
                                                                         store: TraceStore) -> None:
    """Events wait to be written together: one malformed event must not take the others with it."""
    provider_app.test_client().get("/oidc/jwks", base_url=BASE)
    with pytest.raises(ValueError, match="status"):
        store.add({"at": utcnow(), "service": "idp", "direction": "in", "label": "incomplet",
                   "method": "GET", "endpoint": "https://x/oidc/jwks", "peer": None, "request": {},
                   "response": {}, "jwts": [], "checks": [], "jwks": None, "kids": None}, keys=[])
    provider_app.test_client().get("/oidc/jwks", base_url=BASE)
    assert store.count() == 2
