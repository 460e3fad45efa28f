"""Forms of the portal home: complaint and assistance request."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from shared.forms import BaseForm, at_most, required

TOPICS = {
    "connexion": "Difficulté de connexion au portail",
    "code": "Code de vote (notice non reçue, réassort)",
    "scrutins": "Mes scrutins, listes électorales",
    "autre": "Autre demande",
}


class ComplaintForm(BaseForm):
    objet = StringField("Objet de la réclamation", validators=[required(), at_most(200)])
    message = TextAreaField("Votre réclamation", validators=[required(), at_most(4000)])


class AssistanceForm(BaseForm):
    sujet = SelectField("Sujet de votre demande",
                        choices=[SelectChoice(k, v) for k, v in TOPICS.items()],
                        validators=[required()])
    message = TextAreaField("Votre demande", validators=[required(), at_most(4000)])
