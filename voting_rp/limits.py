"""Attempt limits of the voting space (sliding windows; per voter and per address)."""

LIMITS = {
    "code": "5/15minutes",              # code de vote, per elector
    "code_address": "100/15minutes",    # code de vote, per address
    "reassort": "3/hour",               # réassort requests (links sent), per elector
    "reassort_address": "30/hour",      # the same, per address
    "regenerate": "10/hour",            # link openings, per address
}
