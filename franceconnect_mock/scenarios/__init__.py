"""Misbehaviour on demand: failure logins at the demo identity provider, adversarial responses."""
