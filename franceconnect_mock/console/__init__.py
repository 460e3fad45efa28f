"""The integrator console (French and English) and the JSON admin API behind the same operations."""
