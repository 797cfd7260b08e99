"""STUB (replaced by the foundation's profile work): choose the profile to open at start."""
from __future__ import annotations


def open_initial_profile(ctx) -> bool:
    return False
