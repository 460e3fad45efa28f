"""One voter's journey across three services, put together from the artefacts they share."""

from __future__ import annotations

from datetime import datetime, timedelta

from shared.timeutil import utcnow
from shared.trace import correlation
from shared.trace.events import TraceStore
from shared.trace.exchange import request_part, response_part
from shared.trace.recorder import Recorder


def test_union_of_events_sharing_keys_is_transitive() -> None:
    groups = correlation.group({1: ["a"], 2: ["a", "b"], 3: ["b"], 4: ["c"], 5: []})
    assert sorted(sorted(g) for g in groups) == [[1, 2, 3], [4], [5]]


def test_keys_are_hashes_never_the_artefacts() -> None:
    keys = correlation.keys_from_params({"state": "etat-secret-1", "code": ["le-code-complet"],
                                         "access_token": "jeton-acces", "client_id": "espace"})
    assert {k.split(":")[0] for k in keys} == {"state", "code", "at"}
    assert not any("etat-secret-1" in k or "le-code-complet" in k for k in keys)
    assert correlation.keys_from_authorization("Bearer jeton-acces") == {correlation.key("at", "jeton-acces")}
    assert correlation.keys_from_authorization("Basic abc") == set()


def _journey(store: TraceStore, suffix: str, start_minutes: int) -> None:
    voting, fc = Recorder(store, "voting_rp", 72, 1000), Recorder(store, "franceconnect_mock", 72, 1000)
    state, nonce, code, token = (f"{name}-{suffix}" for name in ("state", "nonce", "code", "at"))
    t0 = utcnow() - timedelta(minutes=start_minutes)

    def at(seconds: int) -> datetime:
        return t0 + timedelta(seconds=seconds)

    voting.record("out", "https://fc/authorize", label="Requête d'autorisation", at=at(1),
                  request=request_part("GET", "https://fc/authorize", {"state": [state], "nonce": [nonce]}))
    fc.record("in", "https://fc/authorize", label="Requête d'autorisation", at=at(2),
              request=request_part("GET", "https://fc/authorize", {"state": [state], "nonce": [nonce]}))
    fc.record("out", "https://vote/cb", label="Réponse d'autorisation", at=at(3),
              response=response_part(303, None, f"https://vote/cb?code={code}&state={state}", None))
    voting.record("in", "https://vote/cb", label="Callback", at=at(4),
                  request=request_part("GET", "https://vote/cb", {"code": [code], "state": [state]}))
    voting.record("out", "https://fc/token", label="Jeton", at=at(5),
                  request=request_part("POST", "https://fc/token", {"code": [code]}),
                  response=response_part(200, "application/json", None, f'{{"access_token": "{token}"}}'))
    fc.record("in", "https://fc/token", label="Jeton", at=at(6),
              request=request_part("POST", "https://fc/token", {"code": [code]}))
    fc.record("in", "https://fc/userinfo", label="UserInfo", at=at(7),
              request=request_part("GET", "https://fc/userinfo", {}, f"Bearer {token}"))


def test_journeys_follow_artefacts_from_service_to_service(store: TraceStore) -> None:
    _journey(store, "ancien", start_minutes=10)
    _journey(store, "recent", start_minutes=1)
    newest, older = store.journeys()
    assert len(newest) == len(older) == 7
    assert newest[0]["at"] > older[-1]["at"]  # newest first
    assert [e["label"] for e in newest] == [
        "Requête d'autorisation", "Requête d'autorisation", "Réponse d'autorisation", "Callback", "Jeton",
        "Jeton", "UserInfo"]
    assert [e["service"] for e in newest][:3] == ["voting_rp", "franceconnect_mock", "franceconnect_mock"]
    full = store.journey(newest[0]["id"])  # the closure from its first event: the same, in full
    assert [e["id"] for e in full] == [e["id"] for e in newest] and full[-1]["request"]["authorization"]
    assert not {e["id"] for e in newest} & {e["id"] for e in older}
