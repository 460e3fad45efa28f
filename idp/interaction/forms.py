"""The step-up forms: answer to the question défi and NUMEN or the first 10 digits of the NIR; for
the réassort (the seeds' single "Demande de réassort" screen), the channel for the link too."""

from __future__ import annotations

import re
from typing import Any

from wtforms import PasswordField, RadioField, SelectChoice, StringField, SubmitField

from shared.channels import ChannelRefused, french_mobile, personal_email
from shared.forms import REQUIRED, BaseForm, at_most, required

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


class ReassortForm(StepUpForm):
    """The seeds' screen: the two factors, then the channel; only the chosen channel's field counts."""

    canal = RadioField("Canal d'envoi du lien", choices=[
        SelectChoice("sms", "Envoi du lien d'activation par SMS sur votre smartphone personnel"),
        SelectChoice("email", "Envoi du lien d'activation par E-MAIL sur votre messagerie personnelle "
                              "(cette messagerie personnelle doit être impérativement différente de "
                              "celle qui est utilisée pour vous identifier au portail élections)")],
        validate_choice=False)
    telephone = StringField("Numéro de téléphone portable", validators=[at_most(30)])
    courriel = StringField("Adresse mail personnelle", validators=[at_most(254)])

    def __init__(self, *args: Any, professional: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.professional = professional
        self.address = ""

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if self.annuler.data:
            return True
        if self.canal.data not in ("sms", "email"):
            self.canal.errors = ["Choisissez le canal d'envoi du lien : SMS ou E-MAIL."]
            return False
        field = self.telephone if self.canal.data == "sms" else self.courriel
        if not (field.data or "").strip():
            field.errors = [REQUIRED]
            return False
        try:
            if self.canal.data == "sms":
                self.address = french_mobile(field.data or "")
            else:
                self.address = personal_email(field.data or "", self.professional)
        except ChannelRefused as refused:
            field.errors = [str(refused)]
            return False
        return ok
