"""Protocol conformance tests: the browsers and relying parties of tests/support/oidc_fixtures.py."""

from tests.support.oidc_fixtures import angela, browser, jwks, rp  # noqa: F401 - fixtures
