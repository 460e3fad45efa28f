"""Jinja filters of the inbox: French dates and message bodies with clickable links."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup, escape

from devbox.store import LINK_PATTERN, TRAILING_PUNCTUATION

PARIS = ZoneInfo("Europe/Paris")


def french_datetime(moment: datetime) -> str:
    """Paris local time as French readers write it: « 24/11/2026 à 14h05 »."""
    local = moment.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local:%H}h{local:%M}"


def linkify(text: str) -> Markup:
    """Escape ``text`` and turn each http(s) URL into an anchor, so nothing else is markup."""
    pieces: list[Markup] = []
    position = 0
    for match in LINK_PATTERN.finditer(text):
        url = match.group(0).rstrip(TRAILING_PUNCTUATION)
        pieces.append(escape(text[position : match.start()]))
        # Markup.format escapes its arguments: the URL cannot close the attribute or the tag.
        pieces.append(Markup('<a href="{0}" rel="noreferrer">{0}</a>').format(url))
        position = match.start() + len(url)
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def register_filters(app: Flask) -> None:
    """Make the filters available to the templates."""
    app.add_template_filter(french_datetime, "french_datetime")
    app.add_template_filter(linkify, "linkify")
