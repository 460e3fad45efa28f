"""The voting space's own copy of the election: window, scrutins, lists and the electors' file."""
