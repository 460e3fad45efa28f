"""The voting space as a relying party: of the portal (SSO, step-up) and, later, of FranceConnect."""
