"""Voter accounts: identifier, activation, Élections password, challenge question, one-time links."""
