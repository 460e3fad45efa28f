"""Why a sign-in through a provider was refused (each shown to the voter in French)."""


class LoginError(Exception):
    """A callback or token that the voting space refuses; nothing is opened."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
