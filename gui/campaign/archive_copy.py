"""The store's copy of a campaign's sends, made from the journal after the sending (plain Python).

The journal holds the truth of a campaign; the store's sent messages (the Records tab, the
archive's search and statistics, the status reports' matching) are a copy. Making it costs
about 15 µs of CPU a message — its full-text tokens, the row, the day counters — 1.5 s for
100,000 rows, as much again as the engine's own work: done while the engine sends, it took
the CPU (and the GIL) the engine needed and the run from the Campaigns tab took 1.5× as long
as the headless engine. So the sending comes first:

- Recording a chunk's results flags the chunk (``campaign_chunks.archived = 0``, in the
  results' own transaction: ``Journal.record_chunk_results``); a settlement's results flag
  it again.
- ``ArchiveCopier``, a thread of the campaign service, copies flagged chunks' sent rows into
  the store from the journal (``Journal.archive_chunks``: about 5,000 rows a transaction,
  then the flag is cleared) — while no run of the service is sending, i.e. once a run ended
  (finished, paused, cancelled, stopped), and during a run only when more than
  ``TRAIL_MAX_ROWS`` rows wait or the oldest has waited ``TRAIL_MAX_SECONDS`` (a long
  campaign's sends show in the Records tab within seconds, not when it ends).
- Nothing is lost: a crash, a kill or a quit before the copy leaves the flags in the journal,
  and ``catch_up`` (the campaign service at start-up) copies them. A copy repeated after a
  crash between the store's commit and the flag's is harmless: the store keeps a sid it has.

The run itself no longer waits for the copy: its sends reach the archive a moment (about
1.5 s per 100,000 rows) after it ended; ``flush`` waits for them (the command-line tool, the
service's ``release``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from gui.campaign.journal_model import ArchivedRow

log = logging.getLogger("gui.campaign.engine")  # one logger for the whole engine

# Rows copied in one store transaction: long enough to pay its commit, short enough that a
# run starting meanwhile waits little for the journal (held while a batch is copied).
COPY_BATCH_ROWS = 5000
# While a run sends, the copy waits unless more rows than this wait for it (~3 s of copying)...
TRAIL_MAX_ROWS = 200_000
# ... or the oldest of them has waited this long: a campaign that sends at an ordinary account's
# pace (not the sandbox's thousands a second) has its sends in the archive about this soon.
TRAIL_MAX_SECONDS = 10.0
# After a failed copy (disk full…), try again no sooner than this.
RETRY_SECONDS = 5.0


class ArchivingJournal(Protocol):
    def archive_chunks(self, copy: Callable[[list[ArchivedRow]], None], max_rows: int = ...) -> int: ...


class RowStore(Protocol):
    def record_sent_rows(self, rows: Any) -> None: ...


def can_archive(journal: object, store: object) -> bool:
    """Whether this journal and store copy through an ``ArchiveCopier`` (the local journal and
    store; the team journal's runs copy each chunk as it is answered: ``engine_store.StoreWriter``)."""
    return callable(getattr(journal, "archive_chunks", None)) and callable(getattr(store, "record_sent_rows", None))


def sent_rows(rows: list[ArchivedRow]) -> list[tuple[Any, ...]]:
    """The journal's sent rows as the store records them (``gui.store.db.SentRow``): the time is
    when the chunk's answer was recorded, in Beijing time as the wire writes it."""
    from gui.api.models import BEIJING
    from gui.store.rows import TIME_FORMAT, campaign_sent_row

    stamps: dict[float, str] = {}
    out = []
    for r in rows:
        stamp = stamps.get(r.answered_at)
        if stamp is None:
            stamp = stamps[r.answered_at] = datetime.fromtimestamp(r.answered_at, BEIJING).strftime(TIME_FORMAT)
        out.append(campaign_sent_row(r.sid, r.mobile, r.text, stamp, r.parts, r.fee, r.uid, r.campaign_id))
    return out


class ArchiveCopier:
    """Copies flagged chunks' sent rows from ``journal`` into ``store`` on a thread of its own."""

    def __init__(
        self,
        journal: ArchivingJournal,
        store: RowStore,
        *,
        batch_rows: int = COPY_BATCH_ROWS,
        trail_max_rows: int = TRAIL_MAX_ROWS,
        trail_max_seconds: float = TRAIL_MAX_SECONDS,
    ) -> None:
        self.journal = journal
        self.store = store
        self.batch_rows = batch_rows
        self.trail_max_rows = trail_max_rows
        self.trail_max_seconds = trail_max_seconds
        self._waiting_since: float | None = None  # when the oldest row not copied yet was answered
        self._cond = threading.Condition()
        self._sending = 0  # runs sending now
        self._waiting = 0  # rows answered and not copied yet (as the runs told; a hint)
        self._due = False  # flagged chunks may wait in the journal
        self._flushing = 0  # flush() callers: copy now, even while a run sends
        self._busy = False
        self._closing = False
        self._retry_at = 0.0
        self._failed_since_flush = False  # a copy failed since the last wake: flush() says so
        self._thread: threading.Thread | None = None
        self.copied_rows = 0  # rows copied by this copier (tests, the benchmark)

    # --- what the runs say (the engine's thread) ----------------------------------
    def run_started(self) -> None:
        with self._cond:
            self._sending += 1

    def answered(self, rows_sent: int) -> None:
        """A chunk's results are journaled, ``rows_sent`` of its rows sent: they wait for the copy."""
        if rows_sent <= 0:
            return
        with self._cond:
            if self._waiting_since is None:
                self._waiting_since = time.monotonic()
                self._wake()  # the thread times the wait for it
            self._waiting += rows_sent
            self._due = True
            if self._waiting > self.trail_max_rows:
                self._wake()

    def run_ended(self) -> None:
        with self._cond:
            self._sending = max(0, self._sending - 1)
            self._due = True
            self._wake()

    # --- the service --------------------------------------------------------------
    def catch_up(self) -> None:
        """Copy whatever the journal has flagged (a run cut short by a crash or a quit)."""
        with self._cond:
            self._due = True
            self._wake()

    def flush(self, timeout: float | None = None) -> bool:
        """Copy everything flagged now (even while a run sends) and wait for it; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            self._flushing += 1
            self._due = True
            self._retry_at = 0.0
            self._wake()
            try:
                while self._due or self._busy:
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        return False
                    self._cond.wait(left)
                    if self._failed_since_flush:
                        return False
                return True
            finally:
                self._flushing -= 1

    def close(self, timeout: float | None = None) -> bool:
        """Copy what is flagged (``flush``), then end the thread; what is left waits for ``catch_up``."""
        done = self.flush(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
        return done

    # --- the thread ---------------------------------------------------------------
    def _wake(self) -> None:
        """With the condition held: start the thread or wake it."""
        self._failed_since_flush = False
        if self._thread is None or not self._thread.is_alive():
            self._closing = False
            self._thread = threading.Thread(target=self._work, name="campaign-archive", daemon=True)
            self._thread.start()
        self._cond.notify_all()

    def _overdue_in(self) -> float | None:
        """Seconds until the oldest row waiting is due to be copied during a run (None: none waits)."""
        if self._waiting_since is None:
            return None
        return self._waiting_since + self.trail_max_seconds - time.monotonic()

    def _overdue(self) -> bool:
        left = self._overdue_in()
        return left is not None and left <= 0

    def _may_copy(self) -> bool:
        if not self._due or time.monotonic() < self._retry_at:
            return False
        return self._flushing > 0 or self._sending == 0 or self._waiting > self.trail_max_rows or self._overdue()

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._may_copy():
                    if self._closing:
                        return
                    wait = self._retry_at - time.monotonic() if self._due and self._retry_at else None
                    overdue_in = self._overdue_in() if self._due else None
                    if overdue_in is not None:
                        wait = overdue_in if wait is None else min(wait, overdue_in)
                    self._cond.wait(wait if wait is None or wait > 0 else 0.01)
                self._due = False
                self._busy = True
            try:
                self._copy_all()
            except Exception:
                if getattr(self.store, "closed", False):
                    # the profile was left or the console quit before the copy ended: the chunks stay
                    # flagged in the journal and the next start copies them (catch_up)
                    log.info("the store closed before the campaign's sends were copied; the next start copies them")
                    with self._cond:
                        self._due = False
                        self._failed_since_flush = True
                        self._closing = True
                    return
                log.exception("copying campaign sends into the store failed; tried again later")
                with self._cond:
                    self._due = True
                    self._retry_at = time.monotonic() + RETRY_SECONDS
                    self._failed_since_flush = True
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _copy_all(self) -> None:
        """Copy batches until nothing is flagged, or a run sends again and the backlog is short."""
        while self.journal.archive_chunks(self._copy, self.batch_rows):
            with self._cond:
                if (
                    self._flushing == 0
                    and self._sending > 0
                    and self._waiting <= self.trail_max_rows
                    and not self._overdue()
                ):
                    self._due = True  # the run comes first: the rest once it ended
                    return
        with self._cond:
            self._waiting = 0
            self._waiting_since = None

    def _copy(self, rows: list[ArchivedRow]) -> None:
        self.store.record_sent_rows(sent_rows(rows))
        with self._cond:
            self.copied_rows += len(rows)
            self._waiting = max(0, self._waiting - len(rows))
