"""The bench's verdict on the targets of issue 13, and its relying party's ID token checks (no stack)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from bench.driver import Failed
from bench.op import verify_id_token
from bench.targets import goals_of, verdict

VERIFY_CPU_MS = 20.0
CEILING = 100.0  # verifications/s: 50 journeys/s


def phase(scenario: str, level: int, *, per_second: float = 10.0, portal_ms: float = 1.0,
          others_ms: float = 0.0, errors: int = 0, done: int = 100) -> dict[str, Any]:
    return {"scenario": scenario, "concurrency": level, "per_second": per_second, "done": done,
            "errors": errors, "p95_ms": 50.0,
            "stack_cpu_s": {"portail (idp)": portal_ms * done / 1000,
                            "espace de vote": others_ms * done / 1000}}


def configuration(name: str) -> dict[str, Any]:
    levels = (4, 16, 64)
    return {"name": name, "levels": levels, "phases": [
        *(phase("journey", n, per_second=30.0) for n in levels),   # 60 % of 50 journeys/s
        *(phase("reassort", n, per_second=35.0) for n in levels),  # 70 %
        *(phase("sso", n, portal_ms=2.0, others_ms=4.0) for n in levels)],  # 0.3 verification
        "op": {"phases": [*(phase("op_sso", n, portal_ms=2.0) for n in levels),  # 0.1 verification
                          *(phase("op_login", n, portal_ms=25.0) for n in levels)],  # 1.25
               "codes": {"before": {"codes": 1000}, "after": {"codes": 1_001_000}, "ratio": 1.1}}}


def report() -> dict[str, Any]:
    return {"argon2": {"verify_cpu_ms": VERIFY_CPU_MS, "ceiling_per_second": CEILING},
            "configurations": [configuration("embarqué (SQLite, 1 worker)"),
                               configuration("PostgreSQL + Redis, 2 workers")]}


def failed(goals: list[Any]) -> list[str]:
    return [g.name for g in goals if not g.passed]


def test_every_target_met_passes() -> None:
    goals = goals_of(report())
    assert failed(goals) == []
    assert verdict(goals)


@pytest.mark.parametrize(("change", "words"), [
    (lambda c: c["op"]["phases"][2].update(stack_cpu_s={"portail (idp)": 0.4}), "portail seul, flux SSO"),
    (lambda c: c["phases"][7].update(stack_cpu_s={"espace de vote": 1.1}), "SSO vers l'espace de vote"),
    (lambda c: [p.update(per_second=20.0) for p in c["phases"] if p["scenario"] == "journey"],
     "parcours complet"),
    (lambda c: [p.update(per_second=25.0) for p in c["phases"] if p["scenario"] == "reassort"], "réassort"),
    (lambda c: c["op"]["phases"][3].update(stack_cpu_s={"PostgreSQL": 3.5}), "connexion par mot de passe"),
    (lambda c: c["phases"][0].update(errors=1), "erreurs"),
    (lambda c: c["op"]["phases"].pop(), "sans p95"),
    (lambda c: c["op"]["codes"].update(ratio=1.5), "codes émis"),
    (lambda c: c["op"]["codes"].update(ratio=None), "codes émis"),
])
def test_a_missed_target_fails_the_verdict(change: Any, words: str) -> None:
    changed = report()
    change(changed["configurations"][1])
    goals = goals_of(changed)
    assert failed(goals) == [g.name for g in goals if words in g.name and g.name.startswith("[PostgreSQL")]
    assert len(failed(goals)) == 1
    assert not verdict(goals)


def test_a_figure_not_measured_fails() -> None:
    changed = report()
    del changed["configurations"][0]["op"]
    goals = goals_of(changed)
    assert any("portail seul" in name for name in failed(goals))
    assert not verdict(goals)


def test_both_configurations_must_be_reported() -> None:
    changed = report()
    changed["configurations"].pop()
    assert failed(goals_of(changed)) == ["configurations rapportées : embarquée et PostgreSQL + Redis"]


# -- the relying party's checks of the ID token --------------------------------------------------
ISSUER, CLIENT, NONCE = "https://localhost:5001", "banc-de-charge", "n-0S6_WzA2Mj"


def id_token(key: ECKey, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": CLIENT, "sub": "x", "nonce": NONCE, "iat": now, "exp": now + 300, **claims}
    return jwt.encode({"alg": "ES256", "kid": "k"}, body, key, algorithms=["ES256"])


def test_the_driver_accepts_a_good_id_token_and_refuses_a_wrong_one() -> None:
    key = ECKey.generate_key("P-256", parameters={"kid": "k"})
    keys = KeySet([key])
    verify_id_token(id_token(key), keys, ISSUER, CLIENT, NONCE)
    stranger = ECKey.generate_key("P-256", parameters={"kid": "k"})
    for token in (id_token(key, nonce="autre"), id_token(key, aud="autre-client"),
                  id_token(key, iss="https://ailleurs.example"), id_token(key, exp=int(time.time()) - 60),
                  id_token(stranger)):
        with pytest.raises(Failed):
            verify_id_token(token, keys, ISSUER, CLIENT, NONCE)
