"""Base form: every field refuses what is not valid UTF-8 text or is oversized."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, Length

REQUIRED = "Ce champ est obligatoire."


def required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def at_most(n: int) -> Length:
    return Length(max=n, message=f"Ce champ ne doit pas dépasser {n} caractères.")


class BaseForm(FlaskForm):
    """Werkzeug replaces undecodable bytes with U+FFFD: such input is refused, not stored."""

    class Meta:
        locales = ["fr_FR", "fr"]

        def get_translations(self, form: Any) -> Any:
            # WTForms' own French catalogue: Flask-WTF's would need Flask-Babel and falls back to
            # English ("Not a valid choice.") without it.
            return DefaultMeta.get_translations(self, form)

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and ("\ufffd" in field.data or "\x00" in field.data):
                field.errors = [*field.errors, "Les caractères saisis ne sont pas valides (UTF-8 attendu)."]
                ok = False
        return ok

    @property
    def first_error(self) -> str | None:
        for field in self:
            if field.errors:
                return str(field.errors[0])
        return None


def captcha_field() -> StringField:
    return StringField("CAPTCHA", validators=[required(), at_most(10)])
