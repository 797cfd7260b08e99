"""Factories bound to one profile: a client or store that refuses once the profile is left.

Services take these factories: a plan worked out for one account can never be sent from
another one the operator switched to meanwhile, and a batch pulled for one profile is never
stored in another's store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class ProfileChanged(RuntimeError):
    """A service built for one profile was used after the operator switched to another."""


class NamedProfile(Protocol):
    @property
    def name(self) -> str: ...


def bind_to_profile(active: Callable[[], Any], profile: NamedProfile, get: Callable[[], T]) -> Callable[[], T]:
    """``get`` while ``active()`` is still ``profile`` (the same object); ProfileChanged after."""

    def call() -> T:
        if active() is not profile:
            raise ProfileChanged(f"the profile {profile.name} is no longer active")
        return get()

    return call
