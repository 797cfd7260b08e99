"""One settings object per profile, kept in the profile's store (plain Python).

Before this there were three prices per part: Compose's in the store, the Campaigns
tab's in QSettings (with a made-up 0.05 fallback) and an unused one on the profile.
Now there is one, per profile. ``migrate_price`` runs once per profile: the per-profile
price wins, else the old QSettings campaign price, else the price stays unknown and the
operator is asked — never an invented price.

Every method reads or writes the store: call them from a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Protocol

PRICE_KEY = "price_per_part"
PRICE_UNIT_KEY = "price_unit"
PRICE_SOURCE_KEY = "price_source"  # "learned" (from a send's fee/count) | "manual" (typed in)
PRICE_MIGRATED_KEY = "price_migrated"
# QSettings (not the store): the Campaigns tab's old price, read once by migrate_price's callers.
LEGACY_CAMPAIGN_PRICE_KEY = "campaign/price_per_part"

PriceSource = Literal["learned", "manual"]


class SettingsBackend(Protocol):
    """What the settings need of a store: a key-value table (``gui.store.db.Store`` has it)."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class Price:
    per_part: Decimal
    unit: str
    source: PriceSource


def parse_price(text: object) -> Decimal | None:
    """A price per part from stored or typed text; None if it is not a positive number."""
    if text is None or isinstance(text, bool):
        return None
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


class ProfileSettings:
    """The active profile's own settings."""

    def __init__(self, backend: SettingsBackend) -> None:
        self._backend = backend

    # --- price per part -----------------------------------------------------------
    def price(self) -> Price | None:
        per_part = parse_price(self._backend.get_setting(PRICE_KEY))
        if per_part is None:
            return None
        unit = str(self._backend.get_setting(PRICE_UNIT_KEY, "") or "")
        source: PriceSource = "learned" if self._backend.get_setting(PRICE_SOURCE_KEY) == "learned" else "manual"
        return Price(per_part, unit, source)

    def set_price(self, per_part: Decimal, unit: str, source: PriceSource) -> Price:
        if parse_price(per_part) is None:
            raise ValueError(f"a price per part must be a positive number, not {per_part!r}")
        self._backend.set_setting(PRICE_KEY, str(per_part))
        self._backend.set_setting(PRICE_UNIT_KEY, unit)
        self._backend.set_setting(PRICE_SOURCE_KEY, source)
        return Price(per_part, unit, source)

    def clear_price(self) -> None:
        """Forget the price (the operator emptied it): unknown until typed again or learned from a send."""
        self._backend.set_setting(PRICE_KEY, None)
        self._backend.set_setting(PRICE_SOURCE_KEY, "manual")

    def migrate_price(self, profile_price: object = None, legacy_campaign_price: object = None) -> Price | None:
        """Settle the one price once: the profile's own, else the old campaign one, else unknown."""
        if self._backend.get_setting(PRICE_MIGRATED_KEY):
            return self.price()
        current = self.price()
        if current is None:
            for candidate in (profile_price, legacy_campaign_price):
                value = parse_price(candidate)
                if value is not None:
                    current = self.set_price(value, "", "manual")
                    break
        self._backend.set_setting(PRICE_MIGRATED_KEY, True)
        return current
