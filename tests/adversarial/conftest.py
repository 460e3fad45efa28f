"""The adversarial suite: every attack class of docs/security.md that needs no other layer's
fixtures, in one place. The browsers and relying parties come from tests/support/oidc_fixtures.py."""

from tests.support.oidc_fixtures import angela, browser, jwks, rp  # noqa: F401 - fixtures
