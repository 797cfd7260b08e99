"""PullService: the one pull loop for status reports and replies, with the per-profile consent.

pull_status and pull_reply hand out each report or reply ONCE and delete it on the server,
so whatever the console pulls exists only in its hands. The rules, in one place:

- Nothing is pulled before the operator agreed in this profile (store setting
  ``pull_consent``; the dialog is the views' business, the answer is kept here).
- Each pulled page is stored before the next pull.
- A page the store refuses goes to the spill file in the profile's folder
  (``gui.services.pull_spill``), and no further pull happens until the spill is stored:
  every use of the service (a "Fetch new", a background poll) first stores the spill file
  and removes it. An item in the spill is never lost, and storing is idempotent (reports
  by sid, replies by id), so storing it twice duplicates nothing.
- Pushed items (``gui.store.receiver``) are stored through ``store_pushed``; the provider
  still holds them until it gets SUCCESS, so a failure there is raised, not spilled.
- One puller per account: a store shared by several consoles (team mode) offers
  ``pull_lock()`` (``gui.store.team.pull_lock``), held for a whole pull — spill, pages and
  their storing. A console that finds it taken pulls nothing (``outcome.elsewhere``): another
  console is pulling, and what it pulls reaches the shared store. A local store has no such
  lock (the profile's console.lock already keeps a second console out).

Plain Python, no Qt: views run these methods in workers (``ctx.run``). One instance per
active profile (``AppContext.pull_service()``); its methods may run on several worker
threads and the push receiver's thread at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from gui.api.models import Reply, StatusReport
from gui.services.pull_spill import SpilledItems, SpillFile
from gui.store import poller
from gui.store.db import beijing_timestamp

log = logging.getLogger(__name__)

CONSENT_KEY = "pull_consent"
PAGE_SIZE = 100  # the API's maximum
MAX_ROUNDS = 50  # per run and kind: at most 5,000 items, the rest next time
ELSEWHERE = "another console"  # PollResult.skipped_reason: another console of the account is pulling


class PullKind(Enum):
    REPORTS = "pull_status"
    REPLIES = "pull_reply"


class PullClient(Protocol):
    def pull_status(self, page_size: int = ...) -> list[StatusReport]: ...
    def pull_reply(self, page_size: int = ...) -> list[Reply]: ...


class PullStore(Protocol):
    def save_reports(self, reports: Sequence[StatusReport]) -> int: ...
    def save_replies(self, replies: Sequence[Reply]) -> int: ...
    def get_setting(self, key: str, default: Any = None) -> Any: ...
    def set_setting(self, key: str, value: Any) -> None: ...


class PullLock(Protocol):
    """The account's pull turn (``gui.store.team.pull_lock.TeamPullLock``)."""

    def acquire(self) -> bool: ...  # False: another console holds it
    def held(self) -> bool: ...  # still this console's (checked between pages)
    def release(self) -> None: ...


class PullControl(Protocol):
    """What the loop sees of its worker (gui.workers.TaskControl)."""

    @property
    def cancelled(self) -> bool: ...
    def progress(self, value: Any, force: bool = False) -> None: ...


@dataclass
class PullOutcome:
    """One run of the loop. ``items`` were pulled in this run: stored, unless counted in
    ``spilled`` (kept in the spill file) or ``unsaved`` (not even the spill file took them:
    in memory only, the view must show them). ``error`` stopped the run early."""

    kind: PullKind
    items: list[Any] = field(default_factory=list)  # StatusReport or Reply, as ``kind`` says
    new_count: int = 0
    error: BaseException | None = None
    spilled: int = 0
    unsaved: int = 0
    recovered: int = 0  # items of an earlier spill stored before this run pulled
    waiting: int = 0  # items in the spill file after this run (no pull until they are stored)
    consent_missing: bool = False  # nothing done: the operator has not agreed to pulling in this profile
    elsewhere: bool = False  # nothing done: another console of the account is pulling (team mode)
    extra: Any = None  # for the caller (what the view shows next)


class PullService:
    """``PullService(client_factory, store_factory, profile_dir)`` for one profile."""

    def __init__(
        self,
        client_factory: Callable[[], PullClient],
        store_factory: Callable[[], PullStore],
        profile_dir: Path,
        clock: Callable[[], str] = beijing_timestamp,
    ) -> None:
        self._client_factory = client_factory
        self._store_factory = store_factory
        self._store: PullStore | None = None
        self._clock = clock
        self.spill = SpillFile(profile_dir)
        self._lock = threading.RLock()  # one loop at a time: spill and pulls never interleave
        self._store_lock = threading.Lock()
        self._stopped = threading.Event()

    # --- the profile's store and consent (call from workers) -----------------------------
    def store(self) -> PullStore:
        """The profile's store, resolved once: a later profile switch never redirects a batch."""
        with self._store_lock:
            if self._store is None:
                self._store = self._store_factory()
            return self._store

    def consent(self) -> bool | None:
        """True / False once the operator answered in this profile, None before."""
        value = self.store().get_setting(CONSENT_KEY)
        return value if isinstance(value, bool) else None

    def set_consent(self, agreed: bool) -> None:
        self.store().set_setting(CONSENT_KEY, bool(agreed))

    def waiting_in_spill(self) -> int:
        """How many pulled items wait in the spill file (0 when they are all stored)."""
        try:
            return len(self.spill.read())
        except Exception:  # noqa: BLE001 - unreadable: something waits all the same
            return 1 if self.spill.exists() else 0

    # --- life ------------------------------------------------------------------------------
    def stop(self) -> None:
        """No new pull from now on (profile switch, quit); a batch on the wire is still stored."""
        self._stopped.set()

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until no loop runs (its last batch stored or spilled); False on timeout."""
        if not self._lock.acquire(timeout=max(timeout_s, 0.0)):
            return False
        self._lock.release()
        return True

    # --- pulling ---------------------------------------------------------------------------
    def store_spill(self) -> int:
        """Store what the spill file holds, then remove it; returns how many items. Raises
        (and keeps the file) when the store refuses them."""
        # The spill lock too: another instance of this profile (the one a switch left) may add
        # to the file meanwhile, and what it adds must not be removed unstored.
        with self._lock, self.spill.lock:
            items = self.spill.read()
            if not len(items):
                self.spill.remove()
                return 0
            store = self.store()
            if items.reports:
                store.save_reports(items.reports)
                self.spill.replace(SpilledItems(replies=items.replies))  # reports are in: keep the rest
            if items.replies:
                store.save_replies(items.replies)
            self.spill.remove()
            log.info("stored %d pulled items from the spill file", len(items))
            return len(items)

    def pull(self, kind: PullKind, control: PullControl | None = None) -> PullOutcome:
        """Store any spill, then pull ``kind`` page by page, each page stored before the next pull.

        Nothing at all happens before the operator agreed (``outcome.consent_missing``).
        Raises when the first pull fails with nothing else done (a plain failure); after
        that an error ends the run and is kept in ``outcome.error`` with what was done.
        """
        outcome = PullOutcome(kind)
        if self.consent() is not True:
            outcome.consent_missing = True
            return outcome
        with self._lock:
            turn = self._pull_lock()
            if turn is not None and not turn.acquire():
                outcome.elsewhere = True
                return outcome
            try:
                self._pull_locked(kind, control, outcome, turn)
            finally:
                if turn is not None:
                    turn.release()  # only now: every page pulled is stored (or spilled)
        return outcome

    def _pull_lock(self) -> PullLock | None:
        """The shared store's pull turn, or None (a local store, one console per profile)."""
        make = getattr(self.store(), "pull_lock", None)
        return make() if callable(make) else None

    def _pull_locked(
        self, kind: PullKind, control: PullControl | None, outcome: PullOutcome, turn: PullLock | None
    ) -> None:
        """``pull``'s work, with this console's turn held (``turn`` None: no turn needed)."""
        try:
            outcome.recovered = self.store_spill()
        except Exception as exc:  # noqa: BLE001 - the store still refuses: no pull at all
            log.error("the spill file is not stored yet, so nothing is pulled: %s", exc)
            outcome.error = exc
            outcome.waiting = self.waiting_in_spill()
            return
        client = self._client_factory()
        pull_page = client.pull_status if kind is PullKind.REPORTS else client.pull_reply
        for _round in range(MAX_ROUNDS):
            if self._stopped.is_set() or (control is not None and control.cancelled):
                break
            try:
                batch: list[Any] = list(pull_page(PAGE_SIZE))
            except Exception as exc:
                if not outcome.items and not outcome.recovered:
                    raise
                outcome.error = exc
                break
            outcome.items.extend(batch)
            if not self._store_batch(kind, batch, outcome):
                break
            if control is not None:
                control.progress(len(outcome.items))
            if len(batch) < PAGE_SIZE:
                break
            if turn is not None and not turn.held():
                break  # the turn may be another console's now: the rest next time
        outcome.waiting = self.waiting_in_spill() if outcome.spilled else 0

    def _store_batch(self, kind: PullKind, batch: list[Any], outcome: PullOutcome) -> bool:
        """Store one pulled page, else spill it; False when the loop must stop."""
        try:
            store = self.store()
            if kind is PullKind.REPORTS:
                outcome.new_count += store.save_reports(batch)
            else:
                outcome.new_count += store.save_replies(batch)
            return True
        except Exception as exc:  # noqa: BLE001 - the server has deleted the batch: keep it on disk
            outcome.error = exc
            log.error("%d pulled items not stored (%s): writing them to the spill file", len(batch), exc)
        try:
            if kind is PullKind.REPORTS:
                self.spill.add(batch, [])
            else:
                self.spill.add([], batch)
            outcome.spilled += len(batch)
        except Exception as spill_exc:  # noqa: BLE001 - not even the disk: only memory holds them now
            log.critical("%d pulled items kept in memory only: %s", len(batch), spill_exc)
            outcome.unsaved += len(batch)
        return False

    def store_pushed(self, reports: Sequence[StatusReport], replies: Sequence[Reply]) -> tuple[int, int]:
        """Store what the provider pushed: (new reports, new replies). Raises when the store
        fails: the push receiver then answers no SUCCESS and the provider pushes again."""
        store = self.store()
        new_reports = store.save_reports(reports) if reports else 0  # each commits before returning
        new_replies = store.save_replies(replies) if replies else 0
        return new_reports, new_replies

    # --- the background poll -------------------------------------------------------------
    def poll_enabled(self) -> tuple[bool, str]:
        store = self.store()
        if poller.interval_minutes(store) <= 0:
            return False, "off"
        if self.consent() is not True:
            return False, "no consent"
        return True, ""

    def poll_once(self, control: PullControl | None = None, force: bool = False) -> poller.PollResult:
        """One background poll: reports, then replies; the outcome is kept in the store
        (``poll_status``) so it shows after a restart too. ``force`` polls with the interval off."""
        store = self.store()
        ok, reason = self.poll_enabled()
        if not ok and not (force and reason == "off"):
            return poller.PollResult(False, skipped_reason=reason, status=poller.load_status(store))
        status = poller.load_status(store)
        status.last_poll_at = self._clock()
        result = poller.PollResult(True)
        try:
            reports = self.pull(PullKind.REPORTS, control)
            if reports.elsewhere:  # another console's turn: not a failure, and its poll keeps the status
                return poller.PollResult(
                    False, skipped_reason=ELSEWHERE, status=poller.load_status(store), waiting=self.waiting_in_spill()
                )
            result.reports, result.new_reports = len(reports.items), reports.new_count
            self._raise_stop(reports)
            replies = self.pull(PullKind.REPLIES, control)  # taken by another console meanwhile: its turn
            result.replies, result.new_replies = len(replies.items), replies.new_count
            self._raise_stop(replies)
        except Exception as exc:  # noqa: BLE001 - counted and shown; what was stored stays stored
            result.error = exc
            status.error_count += 1
            status.total_errors += 1
            status.last_error = poller.describe(exc)
            log.warning("background poll failed (%d in a row): %s", status.error_count, status.last_error)
        else:
            status.error_count = 0
            status.last_ok_at = status.last_poll_at
            status.last_reports, status.last_replies = result.new_reports, result.new_replies
        result.waiting = self.waiting_in_spill()
        store.set_setting(poller.STATUS_KEY, asdict(status))
        result.status = status
        return result

    @staticmethod
    def _raise_stop(outcome: PullOutcome) -> None:
        if outcome.error is not None:
            raise outcome.error
        if outcome.waiting:
            raise RuntimeError(f"{outcome.waiting} pulled items wait in the spill file")
