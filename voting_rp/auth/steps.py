"""Sign-ins at the portal that another feature asks for (the réassort's step-up to the challenge
level), dispatched by their ``purpose`` through a table filled in ``create_app``: the portal's
callback finds the step there, so the sign-in feature imports no feature built above it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Flask, current_app
from flask.typing import ResponseReturnValue

from voting_rp.auth.service import Login

EXTENSION = "voting_portal_steps"


@dataclass(frozen=True)
class PortalStep:
    """What a feature does with the portal's answer to the sign-in it asked for."""

    # Called on every return from the portal, whatever the answer, so that what the step left in
    # the session (the réassort's sealed key) never outlives the request it was made for.
    take_pending: Callable[[], object]
    # The portal signed the voter in for this purpose: the step goes on with what it had left.
    finish: Callable[[Login, object], ResponseReturnValue]
    # The voter went back (RETOUR) from the portal's screen: the feature's page to return to.
    declined_endpoint: str


def register_portal_steps(app: Flask, steps: Mapping[str, PortalStep]) -> None:
    app.extensions[EXTENSION] = dict(steps)


def portal_steps() -> Mapping[str, PortalStep]:
    return current_app.extensions.get(EXTENSION, {})
