"""Reuse the voting space fixtures of the réassort tests."""

from tests.functional.reassort.conftest import sms_gateway, voting_app, voting_ctx  # noqa: F401
