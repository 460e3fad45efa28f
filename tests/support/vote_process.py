"""A vote cast in its own process, for tests that kill it midway (``VOTING_TEST_PAUSE_AT``).

Usage: ``python -m tests.support.vote_process DATA_DIR ELECTEUR_ID SCRUTIN_CODE BALLOT``, with the
test environment in ``os.environ``; prints ``RECU <fingerprint>`` when the vote completes.
"""

from __future__ import annotations

import sys

from shared.settings import load_settings
from voting_rp import create_app
from voting_rp.ballots import service
from voting_rp.election import service as election


def main(electeur_id: str, scrutin_code: str, ballot: str) -> None:
    app = create_app(load_settings("voting_rp"))
    ctx = app.extensions["voting"]
    with app.app_context():
        who = election.elector(ctx, electeur_id)
        assert who is not None
        receipt = service.cast(ctx, who, service.scrutin_for(ctx, who, scrutin_code), ballot)
    print(f"RECU {receipt.fingerprint}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
