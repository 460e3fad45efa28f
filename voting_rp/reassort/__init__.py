"""Réassort of the code de vote: by question défi (step-up at the portal) or by FranceConnect."""
