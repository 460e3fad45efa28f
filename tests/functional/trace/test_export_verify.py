"""Export of a journey and offline verification of its JWT signatures (``python -m shared.trace``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from shared.trace.cli import cli
from shared.trace.events import TraceStore
from shared.trace.exchange import request_part, response_part
from shared.trace.journeys import export
from shared.trace.jwt_view import describe
from shared.trace.recorder import Recorder


@pytest.fixture
def exported(store: TraceStore, signer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    """A journey with an ID token, the JWKS that signed it recorded elsewhere, exported by the CLI."""
    voting, idp = Recorder(store, "voting_rp", 72, 1000), Recorder(store, "idp", 72, 1000)
    id_token = signer.sign(sub="100001", nonce="n-1", sid="s-1", email="a@exemple.fr")
    idp.record("in", "https://idp/oidc/jwks", label="JWKS",
               response=response_part(200, "application/json", None, json.dumps(signer.jwks())))
    authorize = "https://idp/oidc/authorize"
    voting.record("out", authorize, label="Requête d'autorisation",
                  request=request_part("GET", authorize, {"state": ["e-1"], "nonce": ["n-1"]}))
    voting.record("out", "https://idp/oidc/token", label="Jeton",
                  response=response_part(200, "application/json", None,
                                         json.dumps({"id_token": id_token, "access_token": "a" * 30})))
    [journey] = store.journeys()
    out = tmp_path / "parcours.json"
    monkeypatch.setenv("TRACE_DATABASE_URL", store.url)
    result = CliRunner().invoke(cli, ["export", "--journey", str(journey[0]["id"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_export_holds_the_events_and_the_key_set_its_tokens_need(exported: Path, signer) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(exported.read_text())
    assert document["format"] == "portail-elections/parcours" and len(document["events"]) == 2
    assert document["jwks"][0]["jwks"] == signer.jwks()
    assert "a@exemple.fr" not in exported.read_text()  # decoded claims redacted…
    assert "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" not in exported.read_text()  # …access token shortened


def test_verify_passes_on_an_untouched_export(exported: Path) -> None:
    result = CliRunner().invoke(cli, ["verify", str(exported)])
    assert result.exit_code == 0, result.output
    assert "✓" in result.output and "signature valide" in result.output
    assert "Bilan : 1 signature(s) vérifiée(s), 0 échec(s)." in result.output


def _tamper(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text())
    [token] = [t for e in document["events"] for t in e["jwts"] if t["role"] == "id_token"]
    change(document, token)
    path.write_text(json.dumps(document))
    return path


def test_verify_fails_when_a_decoded_claim_was_edited(exported: Path) -> None:
    _tamper(exported, lambda _doc, token: token["claims"].update(sub="100002"))
    result = CliRunner().invoke(cli, ["verify", str(exported)])
    assert result.exit_code == 1
    assert "export modifié" in result.output and "Vérification ÉCHOUÉE" in result.output


def test_verify_fails_when_the_token_itself_was_altered(exported: Path, signer) -> None:  # type: ignore[no-untyped-def]
    """Other claims under the old signature, and the decoded view made to match: caught by the key."""
    def swap(_doc, token) -> None:  # type: ignore[no-untyped-def]
        header, payload, _ = signer.sign(sub="100002", nonce="n-1", sid="s-1").split(".")
        forged = ".".join([header, payload, token["compact"].split(".")[2]])
        token.update(describe("id_token", forged, keep=True))

    _tamper(exported, swap)
    result = CliRunner().invoke(cli, ["verify", str(exported)])
    assert result.exit_code == 1 and "signature invalide" in result.output


def test_verify_fails_without_the_key(exported: Path) -> None:
    _tamper(exported, lambda doc, _token: doc.update(jwks=[]) or [e.update(jwks=None) for e in doc["events"]])
    result = CliRunner().invoke(cli, ["verify", str(exported)])
    assert result.exit_code == 1 and "aucune clé enregistrée" in result.output


def test_export_of_an_unknown_journey(store: TraceStore) -> None:
    assert export(store, 999_999) is None
