"""The portal's authentication levels (``acr``): what the provider offers and the voting space asks.

Both sides name them from here, so a level renamed on one side cannot silently stop matching.
"""

ACR_PASSWORD = "urn:elections:acr:mot-de-passe"  # noqa: S105 - an acr URN, not a secret
ACR_CHALLENGE = "urn:elections:acr:question-defi"  # the password, then the question défi (step-up)
ACR_LEVELS = (ACR_PASSWORD, ACR_CHALLENGE)  # lowest first
