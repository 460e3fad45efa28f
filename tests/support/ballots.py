"""The voting space for ballot tests: a migrated, seeded vote database and urne, an election key whose
shares are on disk, and a voter who has entered the code de vote.

Preparing once (migrations, Argon2id hashing of the demo codes, the key ceremony) and copying the
folder for each test keeps the functional tests fast and independent.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from shared import db
from shared.settings import Settings
from shared.timeutil import utcnow
from tests.support.settings import service_settings
from voting_rp import create_app
from voting_rp.ballots.ceremony import run_ceremony, write_share
from voting_rp.config import load_voting_config
from voting_rp.context import Voting
from voting_rp.demo import seed_demo
from voting_rp.election.models import Elector, VotingWindow

CLIENT_SECRET = "secret-de-test-de-l-espace-de-vote-0123456789"
HOLDERS = ["Alice Martin", "Bruno Petit", "Chloé Roux"]
THRESHOLD = 2
BASE = "https://localhost"
LUCIE = "100002"  # Mme MOREAU Lucie, 2d degré, Nice: CSA-MIN, CAPN-2D, CSA-PROX-nice, CAPA-2D-nice


def voting_settings(data_dir: Path, **overrides: str) -> Settings:
    return service_settings("voting_rp", data_dir, VOTING_OIDC_CLIENT_SECRET=CLIENT_SECRET, **overrides)


def prepare(folder: Path, *, ceremony: bool = True) -> Path:
    """Migrate both stores, seed the demo election and hold the key ceremony in ``folder``."""
    settings = voting_settings(folder)
    db.upgrade("voting_rp", settings.database_url)
    db.upgrade("voting_rp", load_voting_config(settings).urne_database_url, "urne_migrations")
    app = create_app(settings)
    ctx: Voting = app.extensions["voting"]
    with app.app_context():
        seed_demo(ctx)
    if ceremony:
        shares = run_ceremony(ctx, HOLDERS, THRESHOLD)
        for share in shares:
            write_share(share, THRESHOLD, len(shares), folder / "parts")
    _close(ctx)
    return folder


def _close(ctx: Voting) -> None:
    for engine in (ctx.db.engine, ctx.urne.database.engine):
        engine.dispose()


def copy_prepared(template: Path, target: Path) -> Path:
    """A copy of the prepared folder; databases through SQLite's backup API (WAL included)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("voting_rp.db", "urne.db"):
        with closing(sqlite3.connect(template / name)) as source, \
                closing(sqlite3.connect(target / name)) as copy:
            source.backup(copy)
    for folder in ("election", "parts"):
        if (template / folder).exists():
            shutil.copytree(template / folder, target / folder)
    return target


def share_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "parts").glob("part-*.json"))


def signed_in(app: Flask, electeur_id: str = LUCIE) -> FlaskClient:
    """A browser-like client whose session passed SSO and the code de vote (as the real journey does)."""
    ctx: Voting = app.extensions["voting"]
    with ctx.db.session() as s:
        elector = s.scalar(select(Elector).where(Elector.electeur_id == electeur_id))
        assert elector is not None
    client = app.test_client()
    with client.session_transaction(base_url=BASE) as session:
        session["voter"] = {"sub": electeur_id, "given_name": elector.given_names,
                            "family_name": elector.family_name, "email": elector.email_pro}
        session["code_ok"] = elector.code_version
    return client


def move_window(ctx: Voting, *, opens_in: timedelta, closes_in: timedelta) -> None:
    now = utcnow()
    with ctx.db.session() as s:
        s.execute(update(VotingWindow).values(opens_at=now + opens_in, closes_at=now + closes_in))


def close_voting(ctx: Voting) -> None:
    move_window(ctx, opens_in=timedelta(days=-8), closes_in=timedelta(seconds=-1))
