"""What the Compose tab starts from: the templates, the price per part, the sends in doubt.

Plain Python; every method calls the provider or the store, so views call them from a worker
(``ctx.run``). These are the reads a quick send begins with, apart from the send itself
(``gui.services.send.SendService``, which uses this class for them): Compose's first load needs
only these, so the window's first data waits neither for the send plan's types nor for the spend
gate's (``send_plan``, ``spend_gate``: imported with the first plan, after the first data).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gui.api.models import Template
from gui.services.account import AccountService
from gui.services.profile_settings import Price, ProfileSettings
from gui.services.templates import TemplateCatalog


class QuickSendSetup:
    """The active profile's templates, price and sends in doubt. Dependencies are factories, as
    in SendService: each call asks for the current client and store."""

    def __init__(
        self,
        client_factory: Callable[[], Any],
        store_factory: Callable[[], Any],
        account: AccountService,
        templates: TemplateCatalog | None = None,
    ) -> None:
        self._store = store_factory
        self._account = account
        # the profile's shared template reads (the Templates tab reads the same), or our own
        self.templates = templates if templates is not None else TemplateCatalog(client_factory)

    def settings(self) -> ProfileSettings:
        return ProfileSettings(self._store())

    def load(
        self, profile_price: object = None, legacy_campaign_price: object = None, force: bool = False
    ) -> tuple[list[Template], list[Template], Price | None]:
        """What Compose starts from: own templates, default templates, the price per part.

        Settles the profile's one price once (``ProfileSettings.migrate_price``) and reads
        the templates and the account through their shared copies (one read at start-up for
        every tab that needs them); ``force`` (the operator's Refresh) reads both anew.
        """
        own, defaults = self.templates.load(force)
        if force:
            self._account.refresh()
        else:
            self._account.current()
        price = self.settings().migrate_price(profile_price, legacy_campaign_price)
        return own, defaults, price

    def set_price(self, per_part: Decimal | None, unit: str) -> Price | None:
        """The price the operator typed; None forgets it (unknown until the next send)."""
        settings = self.settings()
        if per_part is None:
            settings.clear_price()
            return None
        return settings.set_price(per_part, unit, "manual")

    def in_doubt_messages(self) -> list[Any]:
        """The store's sends in doubt (gui.store.InDoubtMessage), oldest first."""
        return list(self._store().in_doubt_messages())
