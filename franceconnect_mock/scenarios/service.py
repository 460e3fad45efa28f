"""Applies a scenario to what the mock sends: a JWT shape, or the authorization response.

Which scenario: the one chosen by the adversarial login the person used, else the one switched on
for the client in the console. The scenario file decides the shape; this module only looks it up.
"""

from __future__ import annotations

from typing import Any

from franceconnect_mock.journal.trace import trace
from franceconnect_mock.protocol.grants import AuthorizationResponse, GrantStore
from franceconnect_mock.protocol.jose import Signer
from franceconnect_mock.scenarios.catalogue import Scenarios
from franceconnect_mock.scenarios.tampering import JWT_TAMPERS, RESPONSE_TAMPERS


class ScenarioApplier:
    def __init__(self, scenarios: Scenarios, grants: GrantStore) -> None:
        self._scenarios = scenarios
        self._grants = grants

    def sign(self, role: str, claims: dict[str, Any], signer: Signer, scenario_id: str | None) -> str:
        """The JWT for ``role`` (id_token or userinfo), shaped by the scenario when it targets it."""
        scenario = self._scenarios.get(scenario_id)
        if scenario is None or scenario.stage != "jwt" or not scenario.applies_to(role):
            return signer.sign(claims)
        tamper, _ = JWT_TAMPERS[scenario.tamper]
        trace().scenario = scenario.id
        return tamper(claims, signer, scenario.params)

    def respond(self, client_id: str, genuine: AuthorizationResponse, scenario_id: str | None
                ) -> AuthorizationResponse:
        """The code and state sent back to the client; the genuine pair is remembered for replays."""
        previous = self._grants.previous_response(client_id)
        self._grants.remember_response(client_id, genuine)
        scenario = self._scenarios.get(scenario_id)
        if scenario is None or scenario.stage != "authorization_response":
            return genuine
        tamper, _ = RESPONSE_TAMPERS[scenario.tamper]
        sent = tamper(genuine, previous, scenario.params)
        if sent == genuine:  # nothing to replay yet: the journal says so, the report counts nothing
            trace().observe(scenario_skipped=scenario.id)
            return genuine
        trace().scenario = scenario.id
        if sent.code != genuine.code:
            self._grants.mark_replayed(sent.code, scenario.id)
        return sent
