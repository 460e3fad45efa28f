"""The vote form: the CSRF token and the encrypted ballot only, never the choice in clear."""

from __future__ import annotations

from wtforms import HiddenField

from shared.forms import BaseForm


class VoteForm(BaseForm):
    # Filled by ballot.js; its form and size are checked by voting_rp.urne.crypto.parse.
    bulletin = HiddenField()
