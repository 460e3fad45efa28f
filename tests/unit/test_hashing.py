"""Argon2id for secrets a person types, SHA-256 digests for random one-time tokens."""

from __future__ import annotations

import base64
import hashlib

import pytest

from shared.hashing import SecretHasher, new_token, normalise_answer, token_digest


@pytest.fixture(scope="module")
def hasher() -> SecretHasher:
    return SecretHasher(memory_kib=19 * 1024, time_cost=2, parallelism=1)


def test_a_hash_verifies_its_secret_only(hasher):
    stored = hasher.hash("Nouveau-Mot2passe!")
    assert stored.startswith("$argon2id$")
    assert "Nouveau-Mot2passe!" not in stored
    assert hasher.verify(stored, "Nouveau-Mot2passe!") is True
    assert hasher.verify(stored, "nouveau-Mot2passe!") is False


def test_the_same_secret_hashes_differently_each_time(hasher):
    assert hasher.hash("Peugeot") != hasher.hash("Peugeot")


@pytest.mark.parametrize("stored", ["", "pas-un-hash", "$argon2id$v=19$m=19456,t=2,p=1$abc$def",
                                    "$2b$12$abcdefghijklmnopqrstuv"])
def test_an_unknown_or_broken_hash_never_verifies(hasher, stored):
    assert hasher.verify(stored, "pas-un-hash") is False


def test_a_missing_hash_never_verifies(hasher):
    assert hasher.verify(None, "") is False
    assert hasher.verify(None, "x") is False


@pytest.mark.parametrize(("typed", "normalised"), [
    ("Peugeot", "peugeot"),
    ("PEUGEOT", "peugeot"),
    ("Citroën", "citroen"),
    ("ÉCOLE Jules-Ferry", "ecole jules-ferry"),
    ("  Renault   Clio  ", "renault clio"),
    ("OGC\tNice\n", "ogc nice"),
    ("Straße", "strasse"),
])
def test_answers_compare_without_case_accents_or_extra_spaces(typed, normalised):
    assert normalise_answer(typed) == normalised


def test_answers_that_differ_by_more_than_that_stay_different():
    assert normalise_answer("Peugeot 205") != normalise_answer("Peugeot 206")
    assert normalise_answer("renaultclio") != normalise_answer("renault clio")


def test_one_time_tokens_carry_at_least_128_random_bits():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
        assert token.replace("-", "").replace("_", "").isalnum()


def test_a_token_is_kept_as_its_sha256():
    token = new_token()
    assert token_digest(token) == hashlib.sha256(token.encode()).hexdigest()
