"""The personal channel: French mobile numbers and personal addresses, refused with the format."""

from __future__ import annotations

import pytest

from shared.channels import ChannelRefused, french_mobile, masked, personal_email

PRO = "angela.dubois@ac-paris.fr"


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "0712345678", "+33 6 12 34 56 78", "0033612345678",
                                   "06.12.34.56.78"])
def test_french_mobiles_are_normalised(typed):
    assert french_mobile(typed) in ("+33612345678", "+33712345678")


@pytest.mark.parametrize("typed", ["0112345678", "06123456", "+44 7700 900123", "06 12 34 56 78 9", "abc",
                                   ""])
def test_other_numbers_are_refused_with_the_expected_format(typed):
    with pytest.raises(ChannelRefused, match="06 12 34 56 78"):
        french_mobile(typed)


def test_the_professional_address_and_its_domain_are_refused():
    for typed in (PRO, "ANGELA.DUBOIS@AC-PARIS.FR", "autre@ac-paris.fr", "angela@ac-nice.fr",
                  "angela@etab.ac-creteil.fr", "angela@AC-LA-REUNION.FR"):  # no académie at all
        with pytest.raises(ChannelRefused, match="différente de votre adresse professionnelle"):
            personal_email(typed, PRO)
    assert personal_email("angela@exemple.fr", PRO) == "angela@exemple.fr"
    assert personal_email("angela@mac-ferme.fr", PRO) == "angela@mac-ferme.fr"  # not an académie


def test_malformed_address_is_refused():
    with pytest.raises(ChannelRefused, match="pas valide"):
        personal_email("angela@", PRO)


def test_masked_forms_reveal_little():
    assert masked("sms", "+33612345678") == "SMS (+33 6 •• •• •• 78)"
    assert masked("email", "angela@exemple.fr") == "E-MAIL (a•••@exemple.fr)"
