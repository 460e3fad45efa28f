"""What every served profession de foi must look like, on the portal as in the voting space."""

from __future__ import annotations

import hashlib

from werkzeug.test import TestResponse


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
