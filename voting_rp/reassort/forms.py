"""Forms of the réassort: the regeneration button (the channel is typed at the portal)."""

from __future__ import annotations

from wtforms import HiddenField

from shared.forms import BaseForm, at_most, required


class RegenerateForm(BaseForm):
    token = HiddenField(validators=[required(), at_most(100)])
    electeurId = HiddenField(validators=[required(), at_most(20)])  # noqa: N815 - the link's name
