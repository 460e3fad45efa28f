"""The FranceConnect v2 / FC+ provider: protocol checks (``checks/``), grants, tokens, JOSE, views."""
