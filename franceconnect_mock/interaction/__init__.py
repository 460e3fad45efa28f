"""The pages a person sees: identity provider chooser, demo identity provider, consent."""
