"""The "Saisie du code de vote" form."""

from __future__ import annotations

from wtforms import PasswordField

from shared.forms import BaseForm, at_most, captcha_field, required


class CodeForm(BaseForm):
    code = PasswordField("Code de vote", validators=[required(), at_most(64)])
    captcha = captcha_field()
