"""Forms of the person's pages (labels as FranceConnect and its demo identity provider show them)."""

from __future__ import annotations

from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import InputRequired

from shared.forms import BaseForm, at_most, required


class ChooserForm(BaseForm):
    fournisseur = StringField("Fournisseur d'identité", validators=[required(), at_most(64)])
    souvenir = BooleanField("Se souvenir de mon choix")


class LoginForm(BaseForm):
    identifiant = StringField("Identifiant", filters=[lambda v: v.strip() if isinstance(v, str) else v],
                              validators=[required(), at_most(64)])
    mot_de_passe = PasswordField("Mot de passe", validators=[required(), at_most(64)])


class ConsentForm(BaseForm):
    accepte = BooleanField("J'accepte que FranceConnect transmette mes données au service pour me connecter",
                           validators=[InputRequired(message="Merci de cocher la case pour continuer.")])
