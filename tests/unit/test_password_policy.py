"""The Élections password rules (12–256 characters, lower, upper, digit, special)."""

from __future__ import annotations

import pytest

from idp.accounts.policy import MAX_LENGTH, MIN_LENGTH, unmet_rules

LENGTH = "entre 12 caractères et 256 caractères"
LOWER = "au moins une lettre en minuscule non-accentuée"
UPPER = "au moins une lettre en majuscule non-accentuée"
DIGIT = "au moins un chiffre"
SPECIAL = "au moins un caractère spécial"


def of_length(n: int) -> str:
    """A password meeting every rule but the length one, ``n`` characters long."""
    head = "Aa1!"
    return head + "x" * (n - len(head))


def test_a_password_meeting_every_rule_is_accepted():
    assert unmet_rules("Nouveau-Mot2passe!") == []


@pytest.mark.parametrize(("length", "unmet"), [(MIN_LENGTH - 1, [LENGTH]), (MIN_LENGTH, []),
                                                (MAX_LENGTH, []), (MAX_LENGTH + 1, [LENGTH])])
def test_length_boundaries(length, unmet):
    assert (MIN_LENGTH, MAX_LENGTH) == (12, 256)
    assert unmet_rules(of_length(length)) == unmet


@pytest.mark.parametrize(("password", "rule"), [
    ("NOUVEAU-MOT2PASSE!", LOWER),
    ("nouveau-mot2passe!", UPPER),
    ("Nouveau-Mot-passe!", DIGIT),
    ("NouveauMot2passeX", SPECIAL),
])
def test_each_rule_is_reported_alone(password, rule):
    assert unmet_rules(password) == [rule]


def test_accented_lower_case_letters_do_not_count_as_lower_case():
    assert unmet_rules("ÉTÉ-HIVER-2022-àéèçù") == [LOWER]


def test_accented_capital_letters_do_not_count_as_upper_case():
    assert unmet_rules("été-hiver-2022-ÀÉÈÇÙ") == [UPPER]


def test_accented_letters_are_not_special_characters():
    assert unmet_rules("Ete2022hiverééé") == [SPECIAL]


def test_a_space_counts_as_a_special_character():
    assert unmet_rules("Mon mot de passe 2022") == []


def test_every_broken_rule_is_listed_in_the_order_shown_on_the_page():
    assert unmet_rules("é") == [LENGTH, LOWER, UPPER, DIGIT, SPECIAL]
