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

    @classmethod
    def with_attempts_left(cls, left: int, pause_minutes: int) -> WrongPassword:
        """The message says how many attempts remain before the pause (the limit is no secret)."""
        if left <= 0:
            return cls(f"{cls.message} Vous avez épuisé vos tentatives : par sécurité, la prochaine "
                       f"ne sera possible qu'après une pause de {pause_minutes} minutes au plus.")
        plural = "s" if left > 1 else ""
        return cls(f"{cls.message} Il vous reste {left} tentative{plural} avant une pause de "
                   f"{pause_minutes} minutes.")


class InvalidLink(AccountError):
    status = 410
    message = ("Ce lien n'est pas ou plus valide : il a peut-être déjà été utilisé, remplacé par un "
               "lien plus récent ou il a expiré. Merci de recommencer votre démarche depuis la page "
               "d'accès au portail Élections.")


class OutOfOrder(AccountError):
    status = 409
    message = ("Cette étape n'est pas attendue : le formulaire a peut-être déjà été envoyé. Merci de "
               "reprendre depuis la page d'accès au portail Élections.")
