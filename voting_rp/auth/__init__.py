"""Sign-in to the voting space through the portal (SSO, step-up), its callback and logout; the
OpenID Connect client it drives is ``voting_rp.oidc``."""
