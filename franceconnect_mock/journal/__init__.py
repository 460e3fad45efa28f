"""The per-request log of protocol exchanges, and the per-client report drawn from it."""
