"""The per-request log of protocol exchanges (the per-client report drawn from it is the console's)."""
