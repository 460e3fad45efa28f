"""The userinfo endpoint's checks: a Bearer token (header, or ``access_token`` in the query), live."""

from __future__ import annotations

from flask import Request

from franceconnect_mock.journal.trace import trace
from franceconnect_mock.protocol.errors import InvalidAccessToken, MissingAccessToken
from franceconnect_mock.protocol.grants import AccessToken, GrantStore


def check_token_present(request: Request) -> str:
    """RFC 6750 §2: one method only; the query parameter is accepted as the real service does."""
    header = request.headers.get("Authorization", "")
    from_header = header[7:].strip() if header[:7].lower() == "bearer " else None
    from_query = request.args.get("access_token")
    if from_header and from_query:
        raise InvalidAccessToken("access token provided more than once")
    token = from_header or from_query
    trace().observe(token_in="header" if from_header else "query" if from_query else None)
    if not token:
        raise MissingAccessToken()
    return token


def check_token_live(token: str, grants: GrantStore) -> AccessToken:
    record, why = grants.access_token(token)
    if record is None:
        raise InvalidAccessToken(f"invalid token provided ({why})")
    trace().client_id, trace().flow = record.client_id, record.flow
    return record
