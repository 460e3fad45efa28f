"""The demo identity providers and their fictitious people: data file, custom identities, directory."""
