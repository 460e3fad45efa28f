"""The inspector: security reviewers read the protocol trace, journey by journey (issue 7)."""
