"""The reviewer's sign-in form (CSRF by Flask-WTF, like every form of the portal)."""

from __future__ import annotations

from wtforms import PasswordField, StringField

from shared.forms import BaseForm, at_most, required


class ReviewerSignInForm(BaseForm):
    identifiant = StringField("Identifiant du relecteur", validators=[required(), at_most(100)])
    mot_de_passe = PasswordField("Mot de passe", validators=[required(), at_most(256)])
