"""gunicorn entry point: the only module that builds the app at import (gunicorn needs it)."""

from idp import create_app

app = create_app()
app.extensions["keyring"].preload()  # at the worker's start, not at its first token
