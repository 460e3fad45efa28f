"""The voting space's own settings (``VOTING_*``), read and checked once, when the service starts.

A wrong value stops the service with a French message naming the variable, instead of failing at
the first vote or réassort (issue 12). Everything else reads the typed :class:`VotingConfig`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from shared.settings import (
    ConfigError,
    Settings,
    check_database_url,
    check_secret,
    read_file_path,
    read_https_url,
    read_int,
)

DEFAULT_GRACE_SECONDS = 120  # longer than gunicorn's 60 s timeout: an older intent has no live request
DEFAULT_LINK_MINUTES = 30
PAUSE_SWITCH = "VOTING_TEST_PAUSE_AT"
PAUSE_POINTS = ("apres-emargement", "apres-urne", "apres-validation", "apres-marqueur")


@dataclass(frozen=True)
class VotingConfig:
    """What only the voting space reads, already parsed and checked."""

    portal_client_id: str
    portal_client_secret: str
    fc_client_id: str
    fc_client_secret: str | None  # None: no FranceConnect path for the réassort
    fc_issuer: str
    urne_database_url: str  # the urne's own database, never the vote database
    seal_key_file: Path
    pending_grace: timedelta  # a vote left unfinished longer than this is undone
    reassort_link_minutes: int
    test_pause_at: str | None = None  # tests only: where a vote stops for the test to kill it


def load_voting_config(settings: Settings) -> VotingConfig:
    """Read the ``VOTING_*`` variables of ``settings``; raise :class:`ConfigError` on a wrong one."""
    environ = settings.extra
    portal_secret = environ.get("VOTING_OIDC_CLIENT_SECRET", "")
    check_secret("VOTING_OIDC_CLIENT_SECRET", portal_secret, settings.is_production)
    fc_secret = environ.get("VOTING_FC_CLIENT_SECRET") or None
    if fc_secret is not None:
        check_secret("VOTING_FC_CLIENT_SECRET", fc_secret, settings.is_production)
    urne_url = environ.get("VOTING_URNE_DATABASE_URL") or f"sqlite:///{settings.data_dir}/urne.db"
    check_database_url("VOTING_URNE_DATABASE_URL", urne_url)
    return VotingConfig(
        portal_client_id=_identifier(environ, "VOTING_OIDC_CLIENT_ID", "espace-de-vote"),
        portal_client_secret=portal_secret,
        fc_client_id=_identifier(environ, "VOTING_FC_CLIENT_ID", "espace-de-vote-elections"),
        fc_client_secret=fc_secret,
        fc_issuer=read_https_url(environ, "VOTING_FC_ISSUER", f"{settings.fc_url}/api/v2"),
        urne_database_url=urne_url,
        seal_key_file=read_file_path(environ, "VOTING_SEAL_KEY_FILE",
                                     settings.data_dir / "election" / "cle-scellement.pem"),
        pending_grace=timedelta(seconds=read_int(environ, "VOTING_PENDING_GRACE_SECONDS",
                                                 DEFAULT_GRACE_SECONDS, 1)),
        reassort_link_minutes=read_int(environ, "VOTING_REASSORT_LINK_MINUTES", DEFAULT_LINK_MINUTES, 1),
        test_pause_at=_pause_point(environ, settings.env))


def _identifier(environ: Mapping[str, str], name: str, default: str) -> str:
    value = environ.get(name) or default
    if not value.isprintable() or " " in value:
        raise ConfigError(f"{name} ne doit contenir ni espace ni caractère de contrôle (reçu {value!r}).")
    return value


def _pause_point(environ: Mapping[str, str], env: str) -> str | None:
    """The test switch is refused outside tests (ANSSI: no test switch in production)."""
    point = environ.get(PAUSE_SWITCH) or None
    if point is None:
        return None
    if env != "test":
        raise ConfigError(f"{PAUSE_SWITCH} est un réglage de test : refusé hors ELECTIONS_ENV=test.")
    if point not in PAUSE_POINTS:
        raise ConfigError(f"{PAUSE_SWITCH} doit valoir {', '.join(PAUSE_POINTS)} (reçu {point!r}).")
    return point
