"""gunicorn entry point: the only module that builds the app at import (gunicorn needs it)."""

from franceconnect_mock import create_app

app = create_app()
app.extensions["franceconnect_mock"].keyring.preload()  # at the worker's start, not at its first token
