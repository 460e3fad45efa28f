"""Ballots: the scrutins list, the four steps of a vote, émargement, urne and receipts."""
