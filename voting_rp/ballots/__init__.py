"""Voting: the scrutins list, the four steps of a vote, the émargement, the two-phase cast into the
urne, receipts, the key ceremony and the operators' steps after closing. The urne itself is
``voting_rp/urne`` (it knows no voter); this package is the only one that holds both sides."""
