"""What every served profession de foi must look like, on the portal as in the voting space."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from werkzeug.test import TestResponse

from shared.db import Database


def assert_served_document(response: TestResponse, stored: bytes, filename: str) -> None:
    """The stored PDF itself, shown inline, cached privately and revalidated by its SHA-256, under
    a policy that lets the browser's viewer open it and loads nothing else."""
    body = response.get_data()
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert body == stored and body.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == f'inline; filename="{filename}"'
    assert response.headers["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "sandbox" not in csp


def stored_bytes(db: Database, lists: Any, scrutins: Any, code: str, position: int) -> bytes:
    """The document of list ``position`` of scrutin ``code`` as the service's database holds it."""
    with db.session() as s:
        content = s.scalar(select(lists.document).join(scrutins)
                           .where(scrutins.code == code, lists.position == position))
    assert content is not None
    return bytes(content)
