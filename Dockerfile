# One image for every service; the command chooses which (see docker-compose.yml). The last stage,
# `app`, is the production image: the [project] dependencies only (--no-default-groups leaves out
# the dev and devbox groups that `make` installs), no tests/ nor bench/ (.dockerignore).
FROM python:3.11-slim-bookworm AS base
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-default-groups --no-install-project
COPY . .
RUN .venv/bin/python -m shared.captcha.voices /app/voices
ENV PATH="/app/.venv/bin:$PATH" CAPTCHA_VOICES_DIR=/app/voices PYTHONUNBUFFERED=1
USER nobody

# The mail and SMS catcher of docker-compose's devbox profile (development and test only): the
# production image plus its SMTP server.
FROM base AS devbox
USER root
RUN uv sync --frozen --no-default-groups --group devbox --no-install-project
USER nobody

FROM base AS app
