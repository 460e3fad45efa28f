"""Create (or complete) the ignored ``.env`` of a development machine with fresh random secrets.

Secrets carry the ``dev-`` prefix, which production refuses. ``ELECTIONS_ENV`` and
``CAPTCHA_TEST_ANSWER`` are never written here: they come from the caller's environment, so
``ELECTIONS_ENV=test CAPTCHA_TEST_ANSWER=… make run`` passes them through.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wanted(root: Path) -> dict[str, str]:
    tls = root / "var" / "tls"
    return {
        "IDP_SECRET_KEY": "dev-" + secrets.token_urlsafe(32),
        "VOTING_SECRET_KEY": "dev-" + secrets.token_urlsafe(32),
        "FC_SECRET_KEY": "dev-" + secrets.token_urlsafe(32),
        "DEVBOX_SECRET_KEY": "dev-" + secrets.token_urlsafe(32),
        "SMS_API_TOKEN": "dev-" + secrets.token_urlsafe(24),
        "VOTING_OIDC_CLIENT_SECRET": "dev-" + secrets.token_urlsafe(32),
        "VOTING_FC_CLIENT_SECRET": "dev-" + secrets.token_urlsafe(32),
        "DATA_DIR": str(root / "var"),
        "TLS_CERT_FILE": str(tls / "localhost.pem"),
        "TLS_KEY_FILE": str(tls / "localhost-key.pem"),
        "CA_BUNDLE": str(tls / "ca" / "rootCA.pem"),
        "SMTP_URL": "smtp+starttls://localhost:2525",
    }


def complete_env_file(path: Path, values: dict[str, str]) -> list[str]:
    """Append the missing keys to ``path``; existing values (and data) are kept."""
    present = set()
    if path.exists():
        for line in path.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                present.add(line.split("=", 1)[0].strip())
    missing = [k for k in values if k not in present]
    if missing:
        with path.open("a") as out:
            if not present:
                out.write("# Configuration de développement, créée par `make run` (ignorée par git).\n")
            for key in missing:
                out.write(f"{key}={values[key]}\n")
    path.chmod(0o600)
    return missing


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".env"
    added = complete_env_file(target, wanted(ROOT))
    print(f".env : {len(added)} valeur(s) ajoutée(s)" if added else ".env : inchangé")
