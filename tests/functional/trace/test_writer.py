"""The trace is written off the request path: a background writer per process, flushed on exit."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing

from bench.stack import ROOT
from shared.settings import Settings
from shared.trace.events import FLUSH_SECONDS, TraceStore
from shared.trace.recorder import Recorder


def _rows(settings: Settings) -> list[str]:
    """What another process reads in the store (its own connection, as the inspector's)."""
    path = settings.trace_database_url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT endpoint FROM trace_events ORDER BY id")]


def test_an_event_reaches_the_store_within_the_writers_delay(settings: Settings, store: TraceStore) -> None:
    Recorder(store, "idp", 72, 1000).record("out", "https://rp.test/token", label="Jeton")
    deadline = time.monotonic() + 20 * FLUSH_SECONDS
    while not _rows(settings) and time.monotonic() < deadline:
        time.sleep(FLUSH_SECONDS / 4)
    assert _rows(settings) == ["https://rp.test/token"]


def test_a_process_that_stops_writes_every_event_it_held(settings: Settings, store: TraceStore) -> None:
    script = (
        "import sys\n"
        "from shared.trace.events import TraceStore\n"
        "from shared.trace.recorder import Recorder\n"
        "recorder = Recorder(TraceStore(sys.argv[1]), 'voting_rp', 72, 1000)\n"
        "for n in range(50):\n"
        "    recorder.record('out', f'https://idp.test/{n}', label='Échange')\n"
    )  # ends at once: the writer thread has had no time to run
    subprocess.run([sys.executable, "-c", script, settings.trace_database_url], cwd=ROOT, check=True,
                   timeout=60)
    assert _rows(settings) == [f"https://idp.test/{n}" for n in range(50)]
