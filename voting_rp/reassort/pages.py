"""What both réassort paths share once the voter is identified: sending the link (its outcome is
what the next page shows, never the address) and the refusal page."""

from __future__ import annotations

from flask import Response, render_template, request, session

from shared.messaging import DeliveryError
from voting_rp.context import voting
from voting_rp.home import current_elector
from voting_rp.reassort import service
from voting_rp.reassort.service import ReassortRefused


def send_and_remember(channel: str, address: str, path: str) -> dict[str, str | int]:
    """Send the link; the outcome (never the address) is what the next page shows."""
    elector = current_elector()
    if elector is None:
        return {"refused": "Vous ne figurez sur aucune liste électorale de cette élection.", "status": 403}
    try:
        service.send_link(voting(), elector, path=path, channel=channel, address=address,
                          requester_address=request.remote_addr or "")
    except ReassortRefused as refused:
        return {"refused": refused.message, "status": refused.status}
    except DeliveryError as error:
        return {"refused": f"{error.user_message} Aucun lien n'a été créé : vous pouvez refaire votre "
                           "demande.", "status": 503}
    session["reassort_sent"] = channel
    return {"sent": channel}


def refused_page(message: str, status: int) -> Response:
    return Response(render_template("reassort/refused.html", message=message), status=status)
