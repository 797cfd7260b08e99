"""The engine's copy of its sends into the console's store, on a thread of its own (plain Python).

The journal holds the truth of a campaign; the store's sent messages (the Records tab, the
status reports' matching) are a copy. Recording 1,000 messages there (their full-text index
included) takes about as long as the journal's two transactions of the chunk together, so
it is not done in the engine's own loop: the loop hands the chunk over and goes on claiming
and sending, and ``StoreWriter`` records the chunks in the order they were answered —
several at once in one transaction when it fell behind. ``close()`` waits for the last one:
a run returns only once its sends are in the store, as before.

The journal and the store are one SQLite file in the console, and it has one write lock: a
writer that finds it taken waits in SQLite's busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25…
ms between tries — a journal claim behind a 30 ms store transaction waited ~50 ms, more than the
work itself. ``WriteTurn`` is a Python lock the engine's journal writes and this thread take
around their transactions on a shared file: the waiter wakes the moment the other one commits.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from gui.campaign.journal import SENT, PendingRow, RowResult
from gui.campaign.protocols import SentStore

log = logging.getLogger("gui.campaign.engine")  # one logger for the whole engine

# (rows, results, uid, the time the answer was recorded as the store writes it)
_Batch = tuple[Sequence[PendingRow], Sequence[RowResult], "str | None", str]


class WriteTurn:
    """Turns at the SQLite file's write lock between the engine's journal and its store copy
    (a no-op when they are different files: then nothing waits)."""

    def __init__(self, journal_path: Path | None, store: SentStore | None) -> None:
        store_path = getattr(store, "path", None)
        self.shared = journal_path is not None and store_path is not None and Path(store_path) == Path(journal_path)
        self._lock = threading.Lock()

    @contextmanager
    def held(self) -> Iterator[None]:
        if not self.shared:
            yield
            return
        with self._lock:
            yield


class StoreWriter:
    """Records answered chunks' sent rows in ``store`` from one background thread."""

    def __init__(self, store: SentStore, campaign_id: int, turn: WriteTurn | None = None) -> None:
        self.store = store
        self.campaign_id = campaign_id
        self.turn = turn or WriteTurn(None, None)
        self._queue: queue.SimpleQueue[_Batch | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def put(self, rows: Sequence[PendingRow], results: Sequence[RowResult], uid: str | None) -> None:
        """One answered chunk (its rows and results); nothing to do when none was sent."""
        if not any(r.state == SENT for r in results):
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=f"campaign-{self.campaign_id}-store", daemon=True)
            self._thread.start()
        from gui.store.db import beijing_timestamp

        self._queue.put((rows, results, uid, beijing_timestamp()))

    def close(self) -> None:
        """Wait until every chunk handed over is recorded (or its failure logged)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _work(self) -> None:
        done = False
        while not done:
            batches: list[_Batch] = []
            item = self._queue.get()
            while item is not None:
                batches.append(item)
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            done = item is None
            if batches:
                self._record(batches)

    def _record(self, batches: list[_Batch]) -> None:
        try:
            record_rows = getattr(self.store, "record_sent_rows", None)
            # The team store (a local run's sends are copied by gui.campaign.archive_copy) takes
            # SentMessages; a store with the row form takes rows without a SentMessage built per row.
            if record_rows is None:
                self._record_messages(batches)
                return
            from gui.store.rows import campaign_sent_row

            cid = self.campaign_id
            sent_rows = []
            for rows, results, uid, stamp in batches:
                by_no = {r.row_no: r for r in rows}
                for res in results:
                    if res.state == SENT:
                        row = by_no[res.row_no]
                        # what record_sent makes of the SentMessage below
                        sent_rows.append(
                            campaign_sent_row(res.sid, row.mobile, row.text, stamp, res.parts, res.fee, uid, cid)
                        )
            with self.turn.held():
                record_rows(sent_rows)
        except Exception:
            log.exception("campaign %s: recording sends in the store failed", self.campaign_id)

    def _record_messages(self, batches: list[_Batch]) -> None:
        from gui.store.db import SentMessage

        messages = []
        for rows, results, uid, stamp in batches:
            by_no = {r.row_no: r for r in rows}
            messages += [
                SentMessage(
                    res.sid,
                    by_no[res.row_no].mobile,
                    by_no[res.row_no].text,
                    stamp,
                    0,
                    "",
                    res.parts,
                    res.fee or "0",
                    "",
                    uid,
                    self.campaign_id,
                )
                for res in results
                if res.state == SENT
            ]
        with self.turn.held():
            self.store.record_sent(messages)
