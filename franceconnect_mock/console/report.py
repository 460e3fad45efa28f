"""What a client checked and did not, read from its entries in the request log.

An adversarial answer the client should have refused, followed by the client going on as if it
were fine, shows the check it skipped: a tampered ID token followed by a call to /userinfo with
the access token of the same response means it does not verify that ID token; a tampered or
replayed authorization response followed by a call to /token with its code means it does not
check the state. Passive observations (nonce and state lengths, authentication method, expired
tokens presented, Y-codes received) complete the picture.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from franceconnect_mock.oidc.checks.authorize import MIN_NONCE
from franceconnect_mock.protocol.errors import CodeAlreadyUsed
from franceconnect_mock.scenarios.catalogue import Adversarial, Scenarios

VERIFIED, NOT_VERIFIED, NOT_TESTED = "vérifié", "non vérifié", "non testé"
Entry = dict[str, Any]


@dataclass(frozen=True)
class CheckResult:
    scenario: str
    check: str
    check_en: str
    status: str
    applied: int
    revealed: int
    evidence: list[int] = field(default_factory=list)  # journal entry ids that show it


@dataclass(frozen=True)
class Observation:
    label: str
    label_en: str
    ok: bool | None  # None: nothing to judge yet
    detail: str


@dataclass(frozen=True)
class Report:
    client_id: str
    checks: list[CheckResult]
    observations: list[Observation]
    y_codes: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _scenario_check(scenario: Adversarial, history: list[Entry]) -> CheckResult:
    if scenario.stage == "jwt":
        applied = [e for e in history if e["endpoint"] == "token" and e["scenario"] == scenario.id
                   and e["status"] == 200]
        flows = {e["flow"] for e in applied}
        revealed = [e for e in history if e["endpoint"] == "userinfo" and e["scenario"] == scenario.id
                    and e["flow"] in flows]
    else:
        applied = [e for e in history if e["endpoint"] == "authorize:response"
                   and e["scenario"] == scenario.id]
        flows = {e["flow"] for e in applied}
        revealed = [e for e in history if e["endpoint"] == "token" and e["scenario"] == scenario.id
                    and (e["flow"] in flows or e["flow"] is None)]
    status = NOT_TESTED if not applied else NOT_VERIFIED if revealed else VERIFIED
    return CheckResult(scenario.id, scenario.check, scenario.check_en, status, len(applied), len(revealed),
                       [e["id"] for e in revealed] or [e["id"] for e in applied][-1:])


def _lengths(history: list[Entry], name: str, minimum: int, label: str, label_en: str) -> Observation:
    lengths = [e["observations"].get(name) for e in history if e["endpoint"] == "authorize"]
    lengths = [n for n in lengths if isinstance(n, int)]
    if not lengths:
        return Observation(label, label_en, None, "aucune demande d'autorisation")
    shortest = min(lengths)
    return Observation(label, label_en, shortest >= minimum, f"le plus court : {shortest} caractères")


def _observations(history: list[Entry]) -> list[Observation]:
    methods = Counter(e["observations"].get("auth_method") for e in history
                      if e["endpoint"] in ("token", "revocation") and e["observations"].get("auth_method"))
    expired = [e for e in history if e["endpoint"] == "userinfo" and e["status"] == 401
               and "expired" in (e["why"] or "")]
    reused = [e for e in history if e["endpoint"] == "token" and e["y_code"] == CodeAlreadyUsed.y_code
              and not e["scenario"]]
    logouts = [e for e in history if e["endpoint"] == "session_end"]
    userinfo = [e for e in history if e["endpoint"] == "userinfo" and e["status"] == 200]
    return [
        _lengths(history, "nonce_length", MIN_NONCE, "nonce d'au moins 22 caractères",
                 "nonce of 22+ characters"),
        _lengths(history, "state_length", MIN_NONCE, "state d'au moins 22 caractères (documenté, non imposé)",
                 "state of 22+ characters (documented, not enforced)"),
        Observation("authentification au /token", "authentication at /token",
                    None if not methods else "client_secret_basic" not in methods,
                    ", ".join(f"{m} ×{n}" for m, n in methods.items()) or "aucun appel"),
        Observation("n'utilise pas de jeton d'accès expiré", "does not use expired access tokens",
                    None if not userinfo and not expired else not expired,
                    f"{len(expired)} appel(s) refusé(s)"),
        Observation("n'échange pas deux fois un code", "does not redeem a code twice",
                    None if not methods else not reused, f"{len(reused)} réutilisation(s)"),
        Observation("se déconnecte de FranceConnect", "logs out of FranceConnect",
                    None if not logouts else any(e["status"] == 303 for e in logouts),
                    f"{len(logouts)} demande(s) de déconnexion"),
    ]


def _y_codes(history: list[Entry]) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for entry in history:
        if entry["y_code"]:
            item = grouped.setdefault(entry["y_code"], {"y_code": entry["y_code"], "count": 0})
            item.update(count=item["count"] + 1, endpoint=entry["endpoint"], last_why=entry["why"],
                        last_entry=entry["id"])
    return sorted(grouped.values(), key=lambda i: -i["count"])


def build_report(client_id: str, history: list[Entry], scenarios: Scenarios) -> Report:
    """The report of one client from its log entries, oldest first."""
    return Report(client_id=client_id, checks=[_scenario_check(s, history) for s in scenarios.adversarial],
                  observations=_observations(history), y_codes=_y_codes(history))
