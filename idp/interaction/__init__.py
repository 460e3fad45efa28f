"""Interactions: the screens the protocol hands off to (sign-in, step-up) and gets back from."""
