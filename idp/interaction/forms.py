"""The step-up form: answer to the question défi and NUMEN or the first 10 digits of the NIR."""

from __future__ import annotations

import re
from typing import Any

from wtforms import PasswordField, StringField, SubmitField

from shared.forms import BaseForm, at_most, required

NUMEN = re.compile(r"\d{2}[A-Z]\d{7}[A-Z]{3}")
NIR10 = re.compile(r"\d{10}")
NUMEN_OR_NIR_FORMAT = ("Format attendu : NUMEN = 2 chiffres, 1 lettre majuscule, 7 chiffres, 3 lettres "
                       "majuscules (ex. 12A3456789BCD) ; ou les 10 premiers chiffres de votre numéro "
                       "de sécurité sociale.")


class StepUpForm(BaseForm):
    reponse = PasswordField("Saisissez votre réponse secrète", validators=[required(), at_most(100)])
    identifiant_agent = StringField("Saisissez votre NUMEN ou n°SS (10 premiers chiffres)",
                                    validators=[required(), at_most(20)])
    valider = SubmitField("VALIDER")
    annuler = SubmitField("ANNULER")

    def validate(self, extra_validators: Any = None) -> bool:
        if self.annuler.data:
            return True
        ok = super().validate(extra_validators)
        value = (self.identifiant_agent.data or "").replace(" ", "")
        if ok and not (NUMEN.fullmatch(value) or NIR10.fullmatch(value)):
            self.identifiant_agent.errors = [NUMEN_OR_NIR_FORMAT]
            ok = False
        self.identifiant_agent.data = value
        return ok
