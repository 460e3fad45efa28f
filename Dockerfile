# One image for every service; the command chooses which (see docker-compose.yml).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN .venv/bin/python -m shared.captcha.voices /app/voices
ENV PATH="/app/.venv/bin:$PATH" CAPTCHA_VOICES_DIR=/app/voices PYTHONUNBUFFERED=1
USER nobody
