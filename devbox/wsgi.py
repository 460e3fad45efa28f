"""gunicorn entry point (``devbox.wsgi:app``): the one module that builds the app at import."""

from devbox import create_app

app = create_app()
