"""The two FranceConnect platforms a client can be served by (reference sheet, "Platforms")."""

from __future__ import annotations

from dataclasses import dataclass

# eIDAS levels in ascending order: "the lowest known" is the first of these that matches.
EIDAS_LEVELS = ("eidas1", "eidas2", "eidas3")
ENCRYPTION_ALGS = ("RSA-OAEP", "RSA-OAEP-256", "ECDH-ES")
ENCRYPTION_ENC = "A256GCM"


@dataclass(frozen=True)
class Platform:
    name: str
    label: str
    acr_values: tuple[str, ...]
    default_acr: str
    signing_algs: tuple[str, ...]
    encrypts: bool
    session_seconds: int
    sso: bool

    def lowest_offered(self, requested: list[str]) -> str | None:
        """The lowest requested level this platform offers (never the one merely asked for)."""
        for level in self.acr_values:
            if level in requested:
                return level
        return None


PLATFORMS = {
    # FranceConnect v2 ("fcp-low"): eidas1, ES256 or RS256, signed userinfo, 30-minute session.
    "fcp-low": Platform("fcp-low", "FranceConnect", ("eidas1",), "eidas1", ("ES256", "RS256"),
                        encrypts=False, session_seconds=30 * 60, sso=True),
    # FranceConnect+ ("fcp-high"): eidas2/eidas3, ES256 only, JWE everywhere, 10-minute session.
    "fcp-high": Platform("fcp-high", "FranceConnect+", ("eidas2", "eidas3"), "eidas3", ("ES256",),
                         encrypts=True, session_seconds=10 * 60, sso=False),
}
