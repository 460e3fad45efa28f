"""The urne's narrow store on its own (a migrated SQLite urne, no vote database, no voter): a ballot
is deposited marked, then confirmed or discarded; once confirmed, its old marker reaches nothing."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from shared import db
from voting_rp.urne import crypto
from voting_rp.urne.store import DuplicateBallot, UrneStore, open_urne

ALLOWED = {"deposit", "confirm", "discard", "markers", "is_empty", "ciphertexts",
           "record_seal", "latest_seal"}


@pytest.fixture
def urne(tmp_path: Path) -> UrneStore:
    url = f"sqlite:///{tmp_path}/urne.db"
    db.upgrade("voting_rp", url, "urne_migrations")
    return open_urne(url)


def _text(n: int) -> str:
    return f"v1.bulletin-{n}"


def test_a_confirmed_ballot_forgets_its_marker_and_can_no_longer_be_discarded(urne: UrneStore) -> None:
    assert urne.is_empty()
    urne.deposit("CSA-MIN", _text(1), crypto.fingerprint(_text(1)), marker="jeton-1")
    urne.deposit("CSA-MIN", _text(2), crypto.fingerprint(_text(2)), marker="jeton-2")
    assert urne.markers() == {"jeton-1", "jeton-2"}
    urne.confirm("jeton-1")
    urne.discard("jeton-2")
    urne.discard("jeton-1")  # a late abort with the old marker: the confirmed ballot stays
    [kept] = urne.ciphertexts()
    assert (kept.content, kept.in_flight, urne.markers()) == (_text(1), False, set())


def test_the_same_ciphertext_twice_is_refused_and_not_written(urne: UrneStore) -> None:
    urne.deposit("CSA-MIN", _text(1), crypto.fingerprint(_text(1)), marker="jeton-1")
    with pytest.raises(DuplicateBallot):
        urne.deposit("CSA-MIN", _text(1), crypto.fingerprint(_text(1)), marker="jeton-2")
    assert urne.markers() == {"jeton-1"} and len(urne.ciphertexts()) == 1


def test_ciphertexts_come_sorted_by_fingerprint_not_in_deposit_order(urne: UrneStore) -> None:
    texts = [_text(n) for n in range(12)]
    for n, text in enumerate(texts):
        urne.deposit("CSA-MIN", text, crypto.fingerprint(text), marker=f"jeton-{n}")
    listed = [row.fingerprint for row in urne.ciphertexts()]
    assert listed == sorted(crypto.fingerprint(t) for t in texts)


def test_the_store_offers_only_the_narrow_interface_and_no_parameter_names_a_voter() -> None:
    public = {name for name, _member in inspect.getmembers(UrneStore, inspect.isfunction)
              if not name.startswith("_")}
    assert public == ALLOWED
    parameters = {p for name in public for p in inspect.signature(getattr(UrneStore, name)).parameters}
    assert not parameters & {"elector", "electeur", "electeur_id", "who", "voter", "emargement"}
