"""The scopes FranceConnect v2 knows, and the claims each releases (reference sheet, "/userinfo")."""

from __future__ import annotations

# Each claim scope releases these claims; given_name also releases given_name_array.
SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "openid": ("sub",),
    "given_name": ("given_name", "given_name_array"),
    "family_name": ("family_name",),
    "birthdate": ("birthdate",),
    "gender": ("gender",),
    "birthplace": ("birthplace",),
    "birthcountry": ("birthcountry",),
    "email": ("email",),
    "preferred_username": ("preferred_username",),
    "idp_birthdate": ("idp_birthdate",),
    "amr": ("amr",),
    "idp_id": ("idp_id",),
}
# Aliases: no preferred_username in identite_pivot since v2; no address or phone scope in v2.
SCOPE_ALIASES: dict[str, tuple[str, ...]] = {
    "profile": ("given_name", "family_name", "birthdate", "gender", "preferred_username"),
    "birth": ("birthplace", "birthcountry"),
    "identite_pivot": ("given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry"),
}
KNOWN_SCOPES = frozenset(SCOPE_CLAIMS) | frozenset(SCOPE_ALIASES)
