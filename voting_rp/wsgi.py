"""gunicorn entry point: the only module that builds the app at import (gunicorn needs it)."""

from voting_rp import create_app

app = create_app()
