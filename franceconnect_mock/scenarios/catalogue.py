"""The failure logins and adversarial responses of ``data/scenarios.json``, validated at start.

Every entry names a tamper function of :mod:`franceconnect_mock.scenarios.tampering` and its
parameters; a misspelt name, a missing label or a Y-code in the wrong shape stops the mock.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from franceconnect_mock.identities.records import LOGIN
from franceconnect_mock.scenarios.tampering import JWT_TAMPERS, RESPONSE_TAMPERS

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "scenarios.json"
Y_CODE = re.compile(r"^Y\d{2}[0-9A-F]{4}$")
MAX_DELAY = 120
STAGES = {"jwt": ("id_token", "userinfo"), "authorization_response": ("authorization_response",)}


class ScenarioFileError(ValueError):
    """The scenarios data file is not valid."""


@dataclass(frozen=True)
class FailureLogin:
    login: str
    label: str
    label_en: str
    delay_seconds: int
    outcome: str  # error | identity
    y_code: str | None = None
    why: str | None = None
    identity: str | None = None


@dataclass(frozen=True)
class Adversarial:
    id: str
    login: str
    identity: str
    label: str
    label_en: str
    stage: str  # jwt | authorization_response
    targets: tuple[str, ...]
    tamper: str
    check: str
    check_en: str
    params: dict[str, Any] = field(default_factory=dict)

    def applies_to(self, target: str) -> bool:
        return target in self.targets


@dataclass(frozen=True)
class Scenarios:
    failures: tuple[FailureLogin, ...]
    adversarial: tuple[Adversarial, ...]

    def failure(self, login: str) -> FailureLogin | None:
        return next((f for f in self.failures if f.login == login), None)

    def by_login(self, login: str) -> Adversarial | None:
        return next((a for a in self.adversarial if a.login == login), None)

    def get(self, scenario_id: str | None) -> Adversarial | None:
        return next((a for a in self.adversarial if a.id == scenario_id), None)

    @property
    def reserved_logins(self) -> frozenset[str]:
        return frozenset([f.login for f in self.failures] + [a.login for a in self.adversarial])


def _text(entry: dict[str, Any], name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ScenarioFileError(f"{where}.{name} : texte obligatoire")
    return value


def _login(entry: dict[str, Any], where: str) -> str:
    login = _text(entry, "login", where)
    if not LOGIN.match(login):
        raise ScenarioFileError(f"{where}.login : identifiant invalide")
    return login


def _failure(entry: dict[str, Any], where: str, identities: set[str]) -> FailureLogin:
    delay = entry.get("delay_seconds", 0)
    if not isinstance(delay, int) or not 0 <= delay <= MAX_DELAY:
        raise ScenarioFileError(f"{where}.delay_seconds : entier de 0 à {MAX_DELAY}")
    outcome = entry.get("outcome")
    login, label = _login(entry, where), _text(entry, "label", where)
    label_en = _text(entry, "label_en", where)
    if outcome == "error":
        code = _text(entry, "y_code", where)
        if not Y_CODE.match(code):
            raise ScenarioFileError(f"{where}.y_code : forme Y + 2 chiffres + 4 caractères hexadécimaux")
        why = _text(entry, "why", where)
        return FailureLogin(login, label, label_en, delay, "error", y_code=code, why=why)
    if outcome == "identity":
        identity = _text(entry, "identity", where)
        if identity not in identities:
            raise ScenarioFileError(f"{where}.identity : identité de test inconnue {identity!r}")
        return FailureLogin(login, label, label_en, delay, "identity", identity=identity)
    raise ScenarioFileError(f"{where}.outcome : error ou identity")


def _adversarial(entry: dict[str, Any], where: str, identities: set[str]) -> Adversarial:
    stage = entry.get("stage")
    if stage not in STAGES:
        raise ScenarioFileError(f"{where}.stage : {' ou '.join(STAGES)}")
    registry: dict[str, Any] = JWT_TAMPERS if stage == "jwt" else RESPONSE_TAMPERS
    tamper = _text(entry, "tamper", where)
    if tamper not in registry:
        raise ScenarioFileError(f"{where}.tamper : parmi {', '.join(sorted(registry))}")
    params = entry.get("params", {})
    problem = registry[tamper][1](params) if isinstance(params, dict) else "objet attendu"
    if problem:
        raise ScenarioFileError(f"{where}.params : {problem}")
    targets = entry.get("targets")
    if not isinstance(targets, list) or not targets or any(t not in STAGES[stage] for t in targets):
        raise ScenarioFileError(f"{where}.targets : parmi {', '.join(STAGES[stage])}")
    identity = _text(entry, "identity", where)
    if identity not in identities:
        raise ScenarioFileError(f"{where}.identity : identité de test inconnue {identity!r}")
    scenario_id = _text(entry, "id", where)
    return Adversarial(id=scenario_id, login=_login(entry, where), identity=identity,
                       label=_text(entry, "label", where), label_en=_text(entry, "label_en", where),
                       stage=stage, targets=tuple(targets), tamper=tamper, params=params,
                       check=_text(entry, "check", where), check_en=_text(entry, "check_en", where))


def parse_scenarios(raw: dict[str, Any], identities: set[str]) -> Scenarios:
    failures = tuple(_failure(e, f"failure_logins[{i}]", identities)
                     for i, e in enumerate(raw.get("failure_logins") or []))
    adversarial = tuple(_adversarial(e, f"adversarial[{i}]", identities)
                        for i, e in enumerate(raw.get("adversarial") or []))
    logins = [f.login for f in failures] + [a.login for a in adversarial]
    ids = [a.id for a in adversarial]
    for label, values in (("logins", logins), ("id", ids)):
        duplicates = {v for v in values if values.count(v) > 1}
        if duplicates:
            raise ScenarioFileError(f"{label} en double : {', '.join(sorted(duplicates))}")
    clash = set(logins) & identities
    if clash:
        raise ScenarioFileError(f"logins déjà pris par des identités : {', '.join(sorted(clash))}")
    return Scenarios(failures, adversarial)


def load_scenarios(identities: set[str], path: Path = DATA_FILE) -> Scenarios:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ScenarioFileError(f"{path} illisible : {exc}") from exc
    if not isinstance(raw, dict):
        raise ScenarioFileError(f"{path} : un objet JSON est attendu")
    return parse_scenarios(raw, identities)
