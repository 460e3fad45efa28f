"""Where the tally publishes: the voting space writes these files, the portal serves them.

Both services find them beside each other (``RESULTS_FILE``, then ``FINGERPRINTS_FILE`` in the same
folder), by default in DATA_DIR; ``IDP_RESULTS_FILE`` / ``VOTING_RESULTS_FILE`` move them.
"""

from __future__ import annotations

from pathlib import Path

RESULTS_FILE = "results.json"
FINGERPRINTS_FILE = "empreintes-comptees.txt"  # the sorted fingerprints of the ballots counted


def fingerprints_beside(results: Path) -> Path:
    return results.with_name(FINGERPRINTS_FILE)
