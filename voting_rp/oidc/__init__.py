"""The voting space's OpenID Connect client of each provider (the portal, FranceConnect): discovery
and keys, the pooled HTTPS client, ID token, logout token and UserInfo checks. It knows no session
and no voter: the sign-in feature (``voting_rp.auth``) and the réassort drive it."""
