"""The urne (ballot box): encrypted ballots and their fingerprints, and nothing else.

Ballot secrecy by construction (DESIGN.md): this package is handed an :class:`~voting_rp.urne.store.
UrneStore` and plain values (scrutin codes and lists, the election key, the turnout) and imports
nothing that knows a voter: not the electors' file, not the émargement, not the voting context
holding both databases. An import-linter contract (``pyproject.toml``) keeps it so.

``store`` the narrow store (deposit, confirm, discard, list ciphertexts, seal data); ``models`` its
tables; ``crypto`` the encrypted ballot's construction; ``seal`` sealing and its check; ``tally``
the count from the ciphertexts and a turnout given by the émargement side.
"""
