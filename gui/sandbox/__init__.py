"""A local, faithful implementation of the provider's API on loopback (plain Python, no Qt)."""
