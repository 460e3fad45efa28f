"""Forms of the account journeys (fields named as the portal's screens label them)."""

from __future__ import annotations

from typing import Any

from wtforms import PasswordField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import Email, Optional

from idp.accounts.policy import MAX_LENGTH, unmet_rules
from idp.accounts.questions import QUESTIONS
from shared.forms import REQUIRED, BaseForm, at_most, captcha_field, required


class IdentifierForm(BaseForm):
    # Stripped before the Email check: an address pasted with a trailing space is still the voter's.
    identifiant = StringField(
        "Identifiant", filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[required(), at_most(254),
                    Email(message="L'identifiant est votre adresse électronique académique "
                                  "(prénom.nom@ac-….fr).")])
    captcha = captcha_field()


class PasswordForm(BaseForm):
    mot_de_passe = PasswordField("Mot de passe Élections", validators=[required(), at_most(MAX_LENGTH)])


class NewPasswordForm(BaseForm):
    mot_de_passe = PasswordField("Mot de passe Élections", validators=[required(), at_most(MAX_LENGTH)])
    confirmation = PasswordField("Confirmation du mot de passe Élections",
                                 validators=[required(), at_most(MAX_LENGTH)])
    captcha = captcha_field()

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and unmet_rules(self.mot_de_passe.data):
            self.mot_de_passe.errors = ["Le mot de passe ne respecte pas : "
                                        + " ; ".join(unmet_rules(self.mot_de_passe.data)) + "."]
            ok = False
        if ok and self.mot_de_passe.data != self.confirmation.data:
            self.confirmation.errors = ["La confirmation ne correspond pas au mot de passe saisi."]
            ok = False
        return ok


class ChallengeForm(BaseForm):
    question = SelectField("Choix de la Question défi",
                           choices=[SelectChoice("", "— Choisissez une question —"),
                                    *(SelectChoice(k, v) for k, v in QUESTIONS.items())],
                           validators=[Optional()])
    reponse = PasswordField("Répondre à la Question défi choisie", validators=[at_most(100)])
    confirmation = PasswordField("Ressaisir la réponse à la Question défi", validators=[at_most(100)])
    activer = SubmitField("ACTIVER SON COMPTE")
    sans_activation = SubmitField("ACCÈS SANS ACTIVATION")

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not ok or self.sans_activation.data:
            return ok
        if self.question.data not in QUESTIONS:
            self.question.errors = ["Merci de choisir une question défi dans la liste."]
            return False
        for field in (self.reponse, self.confirmation):
            if not (field.data or "").strip():
                field.errors = [REQUIRED]
                return False
        if len(self.reponse.data.strip()) < 2:
            self.reponse.errors = ["La réponse secrète doit compter au moins 2 caractères."]
            return False
        if self.reponse.data != self.confirmation.data:
            self.confirmation.errors = ["Les deux saisies de la réponse secrète ne correspondent pas."]
            return False
        return True
