"""What the services share about the election (demo data, electorate rules)."""
