"""OpenID Connect pieces shared by the portal's provider and the FranceConnect mock."""
