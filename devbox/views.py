"""The web inbox, in French: recipients, their messages, and one message with clickable links."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, current_app, render_template

from devbox.store import STORE_KEY, MessageStore

bp = Blueprint("inbox", __name__)

LATEST_COUNT = 50


def _store() -> MessageStore:
    return cast(MessageStore, current_app.extensions[STORE_KEY])


@bp.get("/")
def index() -> str:
    """Who received something, and the latest messages of all recipients."""
    store = _store()
    return render_template(
        "index.html", recipients=store.recipients(), messages=store.list_all(limit=LATEST_COUNT)
    )


@bp.get("/destinataire/<address>")
def recipient(address: str) -> str:
    """Everything one address or phone number received, newest first."""
    return render_template("recipient.html", address=address, messages=_store().list_for(address))


@bp.get("/message/<int:message_id>")
def message(message_id: int) -> tuple[str, int] | str:
    """One message in full, its links made clickable for the developer or the browser tests."""
    found = _store().get(message_id)
    if found is None:
        return render_template(
            "error.html",
            title="Message introuvable",
            detail="Ce message n'existe pas ou a été supprimé de la boîte de réception.",
        ), 404
    return render_template("message.html", message=found)
