"""Why a sign-in through a provider was refused (each shown to the voter in French)."""


class LoginError(Exception):
    """A callback or token that the voting space refuses; nothing is opened."""

    def __init__(self, reason: str, *, declined_purpose: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        # set when the provider answered access_denied to one of our requests (the voter went back)
        self.declined_purpose = declined_purpose
