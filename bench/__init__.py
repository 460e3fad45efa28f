"""Load bench of the whole stack (``make bench``, ``python -m bench``): see docs/performance.md."""
