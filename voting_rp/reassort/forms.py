"""Forms of the réassort: the channel for the link, and the regeneration button."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField, RadioField, SelectChoice, StringField

from shared.forms import BaseForm, at_most, required
from voting_rp.reassort.channels import ChannelRefused, french_mobile, personal_email


class ChannelForm(BaseForm):
    canal = RadioField("Canal d'envoi du lien", validators=[required()], choices=[
        SelectChoice("sms", "Envoi du lien d'activation par SMS sur votre smartphone personnel"),
        SelectChoice("email", "Envoi du lien d'activation par E-MAIL sur votre messagerie personnelle "
                              "(cette messagerie personnelle doit être impérativement différente de "
                              "celle qui est utilisée pour vous identifier au portail élections)")])
    telephone = StringField("Numéro de téléphone portable", validators=[at_most(30)])
    courriel = StringField("Adresse mail personnelle", validators=[at_most(254)])

    def __init__(self, *args: Any, professional: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.professional = professional
        self.address = ""

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        field = self.telephone if self.canal.data == "sms" else self.courriel
        try:
            if self.canal.data == "sms":
                self.address = french_mobile(self.telephone.data or "")
            else:
                self.address = personal_email(self.courriel.data or "", self.professional)
        except ChannelRefused as refused:
            field.errors = [str(refused)]
            return False
        return True


class RegenerateForm(BaseForm):
    token = HiddenField(validators=[required(), at_most(100)])
    electeurId = HiddenField(validators=[required(), at_most(20)])  # noqa: N815 - the link's name
