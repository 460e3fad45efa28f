"""What every feature of the mock shares of the FranceConnect v2 protocol: platforms and algorithms,
scopes, error codes, JOSE helpers, and the store of codes and access tokens. Imports no feature."""
