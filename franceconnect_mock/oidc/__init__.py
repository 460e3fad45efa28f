"""The FranceConnect v2 / FC+ provider: protocol checks (``checks/``), tokens, claims, views, and
the hand-over to the person's pages (``handoff``). The shared vocabulary is in ``protocol``."""
