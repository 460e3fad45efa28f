"""Export of a journey (no token whole in it) and offline verification, against it, of the tokens a
reviewer holds (``python -m shared.trace verify --jeton``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from shared.trace.cli import cli
from shared.trace.events import TraceStore
from shared.trace.exchange import request_part, response_part
from shared.trace.journeys import export
from shared.trace.jwt_view import describe
from shared.trace.recorder import Recorder
from tests.functional.trace.conftest import Signer


@pytest.fixture
def id_token(signer: Signer, tmp_path: Path) -> Path:
    """The ID token of the journey below, as its client kept it (a file the reviewer holds)."""
    held = tmp_path / "jeton.txt"
    held.write_text(signer.sign(sub="100001", nonce="n-1", sid="s-1", email="a@exemple.fr") + "\n")
    return held


@pytest.fixture
def exported(store: TraceStore, signer: Signer, id_token: Path, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journey with an ID token, the JWKS that signed it recorded elsewhere, exported by the CLI."""
    voting, idp = Recorder(store, "voting_rp", 72, 1000), Recorder(store, "idp", 72, 1000)
    token = id_token.read_text().strip()
    idp.record("in", "https://idp/oidc/jwks", label="JWKS",
               response=response_part(200, "application/json", None, json.dumps(signer.jwks())))
    authorize = "https://idp/oidc/authorize"
    voting.record("out", authorize, label="Requête d'autorisation",
                  request=request_part("GET", authorize, {"state": ["e-1"], "nonce": ["n-1"]}))
    voting.record("out", "https://idp/oidc/token", label="Jeton",
                  response=response_part(200, "application/json", None,
                                         json.dumps({"id_token": token, "access_token": "a" * 30})))
    [journey] = store.journeys()
    out = tmp_path / "parcours.json"
    monkeypatch.setenv("TRACE_DATABASE_URL", store.url)
    result = CliRunner().invoke(cli, ["export", "--journey", str(journey[0]["id"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_export_holds_the_events_and_the_key_set_its_tokens_need(exported: Path, id_token: Path,
                                                                   signer: Signer) -> None:
    document = json.loads(exported.read_text())
    assert document["format"] == "portail-elections/parcours" and len(document["events"]) == 2
    assert document["jwks"][0]["jwks"] == signer.jwks()
    assert "a@exemple.fr" not in exported.read_text()  # decoded claims redacted…
    assert "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" not in exported.read_text()  # …access token shortened
    assert id_token.read_text().strip().split(".")[2] not in exported.read_text()  # …no token whole


def verify(exported: Path, *tokens: Path) -> Result:
    return CliRunner().invoke(cli, ["verify", str(exported), *(f"--jeton={t}" for t in tokens)])


def test_without_a_token_the_export_is_listed_as_recorded(exported: Path) -> None:
    result = verify(exported)
    assert result.exit_code == 0, result.output
    assert "id_token ES256" in result.output and "SHA-256" in result.output
    assert "donnez avec --jeton ceux que vous détenez" in result.output


def test_a_token_held_is_verified_against_the_export(exported: Path, id_token: Path) -> None:
    result = verify(exported, id_token)
    assert result.exit_code == 0, result.output
    assert "✓" in result.output and "jeton fourni : signature valide" in result.output
    assert "Bilan : 1 signature(s) vérifiée(s), 0 échec(s)." in result.output


def _tamper(path: Path, change: Callable[[dict[str, Any], dict[str, Any]], object]) -> Path:
    document = json.loads(path.read_text())
    [token] = [t for e in document["events"] for t in e["jwts"] if t["role"] == "id_token"]
    change(document, token)
    path.write_text(json.dumps(document))
    return path


def test_verify_fails_when_a_decoded_claim_was_edited(exported: Path, id_token: Path) -> None:
    _tamper(exported, lambda _doc, token: token["claims"].update(sub="100002"))
    result = verify(exported, id_token)
    assert result.exit_code == 1
    assert "export modifié" in result.output and "Vérification ÉCHOUÉE" in result.output


def test_verify_fails_when_the_token_held_was_altered(exported: Path, id_token: Path, signer: Signer,
                                                      tmp_path: Path) -> None:
    """Other claims under the old signature, and the export's view made to match: caught by the key."""
    header, payload, _ = signer.sign(sub="100002", nonce="n-1", sid="s-1").split(".")
    forged = ".".join([header, payload, id_token.read_text().strip().split(".")[2]])
    _tamper(exported, lambda _doc, token: token.update(describe("id_token", forged)))
    held = tmp_path / "falsifie.txt"
    held.write_text(forged)
    result = verify(exported, held)
    assert result.exit_code == 1 and "signature invalide" in result.output


def test_verify_fails_without_the_key(exported: Path, id_token: Path) -> None:
    _tamper(exported, lambda doc, _token: doc.update(jwks=[]) or [e.update(jwks=None) for e in doc["events"]])
    result = verify(exported, id_token)
    assert result.exit_code == 1 and "aucune clé enregistrée" in result.output


def test_verify_fails_for_a_token_the_journey_never_saw(exported: Path, signer: Signer,
                                                        tmp_path: Path) -> None:
    other = tmp_path / "autre.txt"
    other.write_text(signer.sign(sub="100003", nonce="n-9"))
    result = verify(exported, other)
    assert result.exit_code == 1 and "Jeton fourni absent du parcours" in result.output


def test_export_of_an_unknown_journey(store: TraceStore) -> None:
    assert export(store, 999_999) is None
