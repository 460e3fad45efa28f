"""Failures of the account journeys, each with the French message and HTTP status the voter gets."""

from __future__ import annotations


class AccountError(Exception):
    status = 400
    message = "La demande n'a pas pu être traitée."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message


class RateLimited(AccountError):
    status = 429


class WrongPassword(AccountError):
    status = 401
    message = ("Le mot de passe Élections saisi est incorrect. Merci de contrôler votre saisie "
               "(attention aux majuscules et minuscules).")


class InvalidLink(AccountError):
    status = 410
    message = ("Ce lien n'est pas ou plus valide : il a peut-être déjà été utilisé, remplacé par un "
               "lien plus récent ou il a expiré. Merci de recommencer votre démarche depuis la page "
               "d'accès au portail Élections.")


class OutOfOrder(AccountError):
    status = 409
    message = ("Cette étape n'est pas attendue : le formulaire a peut-être déjà été envoyé. Merci de "
               "reprendre depuis la page d'accès au portail Élections.")
