"""The campaign service: import, dry run, create, send exactly once, settle, retry, test send.

Plain Python, no Qt. It alone owns the campaign journal of a profile: opened on first use
(from a worker: every method here reads or writes it, call them through ``ctx.run``) and
closed by ``release()``. The engine's settings are built in one place
(``CampaignRuns.engine_settings``, runs and settling alike) from a ``CampaignConfig``; the price per part is the
profile's one price (``ProfileSettings``), never an invented one: without it a dry run is
refused (``PriceUnknown``) and a plan shows the cost as unknown.

The sending paths (plans, the spend gate, the engine) are in ``campaign_runs``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from gui.campaign.archive_copy import ArchiveCopier, can_archive
from gui.campaign.dryrun import DryRunOptions, DryRunReport, dry_run
from gui.campaign.engine import CampaignSettlement, SystemClock, settle_campaign
from gui.campaign.importer import RawTable, prepare_rows, read_table
from gui.campaign.journal import CampaignInfo, Journal, JournalRow
from gui.services.account import AccountService
from gui.services.audit import AuditLog
from gui.services.campaign_runs import (
    CampaignBusy,
    CampaignConfig,
    CampaignRuns,
    InvalidTestNumber,
    NothingToSend,
)
from gui.services.profile_settings import Price, ProfileSettings, parse_price
from gui.services.spend_gate import SpendGate
from gui.store.db import store_path

# A dry run waits at most this long for the last runs' sends to reach the store (its "recently sent"
# check reads them there); about 1.5 s per 100,000 rows waiting.
ARCHIVE_FLUSH_BEFORE_DRY_RUN_S = 30.0

__all__ = [
    "CampaignBusy",
    "CampaignConfig",
    "CampaignService",
    "DryRunRequest",
    "InvalidTestNumber",
    "NothingToSend",
    "PriceUnknown",
    "profile_journal",
]


def profile_journal(profile_dir: Callable[[str], Path], profile_name: str) -> Callable[[], Journal]:
    """The factory of a profile's journal: nothing is touched until the first worker calls it
    (``profile_dir`` creates the profile's folder)."""

    def open_journal() -> Journal:
        return Journal(store_path(profile_dir(profile_name)))

    return open_journal


class PriceUnknown(Exception):
    """No price per part is set for the profile: the operator must enter it."""


@dataclass(frozen=True)
class DryRunRequest:
    """What the operator chose for a dry run."""

    template: str
    number_column: int
    variable_columns: Mapping[str, int]
    marketing: bool = False
    balance_in_messages: bool = False  # some accounts count the balance in messages, not money


class CampaignService(CampaignRuns):
    """Every campaign use case of one profile."""

    def __init__(
        self,
        journal: Path | str | Callable[[], Journal],
        client: Callable[[], Any],
        gate: SpendGate,
        profile_settings: Callable[[], ProfileSettings],
        *,
        store: Callable[[], Any] | None = None,
        config: CampaignConfig | None = None,
        clock: Any = None,
        account_service: AccountService | None = None,
        audit: AuditLog | None = None,
    ) -> None:
        super().__init__(gate, clock or SystemClock(), account_service, audit)
        if callable(journal):
            self._open_journal: Callable[[], Journal] = journal
        else:
            path = journal
            self._open_journal = lambda: Journal(path)
        self._journal: Journal | None = None
        self._journal_lock = threading.Lock()
        self._client = client
        self._profile_settings = profile_settings
        self._store = store
        self._config = config or CampaignConfig()
        self._archive: ArchiveCopier | None = None

    # --- owned resources ----------------------------------------------------------
    def journal(self) -> Journal:
        """The journal, opened on first use (call from a worker)."""
        with self._journal_lock:
            if self._journal is None:
                self._journal = self._open_journal()
            return self._journal

    def release(self) -> None:
        """Close the journal (from a worker). Refused while a campaign runs or settles."""
        with self._lock:
            if self._engines or self._settling:
                raise CampaignBusy("a campaign is being sent or settled")
            archive, self._archive = self._archive, None
        if archive is not None:
            archive.close()  # the last run's sends into the store first; a crash: complete_archive()
        with self._journal_lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None

    def archive(self) -> ArchiveCopier | None:
        """The copier of the runs' sends from the journal into the store (gui.campaign.archive_copy);
        None when this journal or store does not copy that way, or the sends stay out of the store."""
        if self._archive is not None or not self.config().record_in_store:
            return self._archive
        # opened outside the lock: the first open may connect (a team database, up to its timeout),
        # and pause/cancel take this lock on the GUI thread
        journal, store = self.journal(), self.store()
        with self._lock:
            if self._archive is None and can_archive(journal, store):
                self._archive = ArchiveCopier(journal, store)
            return self._archive

    def complete_archive(self) -> None:
        """At start-up: sends a crash or a quit left out of the store are copied (in the background)."""
        archive = self.archive()
        if archive is not None:
            archive.catch_up()

    def client(self) -> Any:
        return self._client()

    def store(self) -> Any:
        return self._store() if self._store is not None else None

    def config(self) -> CampaignConfig:
        return self._config

    def set_config(self, config: CampaignConfig) -> None:
        """New sending settings for the next run or settling (a running engine keeps its own)."""
        self._config = config

    # --- the one price per part ---------------------------------------------------
    def price(self) -> Price | None:
        return self._profile_settings().price()

    def migrate_price(self, profile_price: object = None, legacy_campaign_price: object = None) -> Price | None:
        """Settle the profile's one price once (see ``ProfileSettings.migrate_price``)."""
        return self._profile_settings().migrate_price(
            profile_price=profile_price, legacy_campaign_price=legacy_campaign_price
        )

    def set_price(self, per_part: Decimal | str) -> Price:
        """The operator typed the price per part: it becomes the profile's one price."""
        value = parse_price(per_part)
        if value is None:
            raise ValueError(f"a price per part must be a positive number, not {per_part!r}")
        settings = self._profile_settings()
        current = settings.price()
        if current is not None and current.per_part == value:
            return current
        return settings.set_price(value, current.unit if current is not None else "", "manual")

    # --- import, dry run, create --------------------------------------------------
    def read_file(self, path: Path | str) -> RawTable:
        """The recipients' file as a table (CSV or XLSX; ``ImportRefused`` says why not)."""
        return read_table(path)

    def dry_run(
        self, table: RawTable, request: DryRunRequest, should_stop: Callable[[], None] | None = None
    ) -> DryRunReport:
        """Every row with its text, parts and cost at the profile's price; nothing is sent."""
        price = self.price()
        if price is None:
            raise PriceUnknown("no price per part is set")
        store = self.store()
        # number -> the list's note (an opt-out reply, a complaint…): the row's reason shows it
        suppressed = {row[0]: row[1] for row in store.suppression_entries()} if store is not None else {}
        imported = prepare_rows(table, request.number_column, request.variable_columns, suppressed)
        client = self.client()
        options = DryRunOptions(
            request.template,
            price_per_part=price.per_part,
            marketing=request.marketing,
            balance_in_messages=request.balance_in_messages,
            concurrency=self.engine_settings().max_in_flight,
        )
        try:
            options.balance = client.user_get().balance
        except Exception:  # noqa: BLE001 - the report says the balance is unknown
            options.balance = None
        archive = self.archive()
        if archive is not None:  # the last runs' sends in the store first: "recently sent" must see them
            archive.flush(ARCHIVE_FLUSH_BEFORE_DRY_RUN_S)
        return dry_run(
            imported,
            options,
            black_word=client.get_black_word,
            recent_sends=store.count_recent_sends if store is not None else None,
            should_stop=should_stop,
        )

    def create(self, report: DryRunReport, name: str, source: str = "") -> int:
        """Store the dry run's rows as a new (draft) campaign; nothing is sent."""
        if report.ready_count == 0:
            raise NothingToSend("the dry run has no row ready to send")
        settings: dict[str, object] = {
            "marketing": report.options.marketing,
            "balance_in_messages": report.options.balance_in_messages,
        }
        if report.options.price_per_part is not None:
            settings["price_per_part"] = str(report.options.price_per_part)
        return self.journal().create_campaign(
            name, report.options.template, report.planned_rows(), source=source, settings=settings
        )

    def discard_draft(self, campaign_id: int) -> bool:
        """The draft saved for a start the operator did not confirm, replaced by a new dry run or
        file: deleted unless it was started meanwhile (then it stays, with its rows)."""
        return self.journal().discard_draft(campaign_id)

    # --- reading ------------------------------------------------------------------
    def campaigns(self) -> list[CampaignInfo]:
        return self.journal().campaigns()

    def counts(self, campaign_id: int) -> dict[str, int]:
        return self.journal().counts(campaign_id)

    def rows(self, campaign_id: int) -> list[JournalRow]:
        return self.journal().rows(campaign_id)

    # --- settling -----------------------------------------------------------------
    def settle(self, campaign_id: int, should_stop: Callable[[], None] | None = None) -> CampaignSettlement:
        """Settle the rows in doubt of a campaign nobody runs, from the provider's records; never sends."""
        journal, client, store = self.journal(), self.client(), self.store()
        with self._lock:
            if campaign_id in self._engines or campaign_id in self._settling:
                raise CampaignBusy(f"campaign {campaign_id} is being sent or settled already")
            self._settling.add(campaign_id)
        try:
            return settle_campaign(
                journal,
                client,
                campaign_id,
                self.engine_settings(),
                now=self._clock.time(),
                store=store,
                should_stop=should_stop,
            )
        finally:
            with self._lock:
                self._settling.discard(campaign_id)
