"""The campaign journal: what was planned, what went out, what came back (plain Python).

It lives in the profile's store file (``gui.store.db.store_path``) with its own
connection and its own tables, all named ``campaign_*``; its schema version is kept in
``campaign_meta`` (``PRAGMA user_version`` belongs to the store).

Exactly-once rests on two transactions per chunk:

1. ``claim_next`` (``claim_chunk``): before the request leaves, the chunk's rows go from ``pending`` to
   ``sending`` with the chunk's id, and the chunk row records the request time.
2. ``record_chunk_results``: when the answer is in, every row of the chunk gets its
   result (sent with sid and fee, or failed with code and reason) in one transaction.

A row still ``sending`` when nobody is running the campaign (a crash, a kill, a power
cut, or a request with no answer) is **in doubt**: it may have been delivered. It is
never sent again until ``gui.campaign.settle`` has looked it up with get_record; only
rows with no record after the grace period go back to ``pending``.

Row states:
- ``pending``   planned, not yet handed to a request
- ``sending``   handed to a request whose outcome is not recorded (in doubt when idle)
- ``sent``      accepted by the provider (sid, fee, parts)
- ``failed``    refused by the provider for this number (code, reason)
- ``suppressed`` / ``duplicate`` / ``rejected``   never planned for sending (import)
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from gui.campaign.journal_chunks import LOCAL_SCHEMA, JournalChunks, add_archive_column
from gui.campaign.journal_model import (  # re-exported: every name stays importable from here
    CANCELLED,
    CHUNK_ANSWERED,
    CHUNK_IN_DOUBT,
    CHUNK_RELEASED,
    CHUNK_SENDING,
    CHUNK_SETTLED,
    DRAFT,
    DUPLICATE,
    EXCLUDED_STATES,
    FAILED,
    FINISHED,
    IN_DOUBT,
    PAUSED,
    PENDING,
    REJECTED,
    ROW_STATES,
    RUNNING,
    SENDING,
    SENT,
    SUPPRESSED,
    CampaignInfo,
    Chunk,
    JournalError,
    JournalRow,
    PendingRow,
    PlannedRow,
    RowResult,
)
from gui.paths import restrict_file
from gui.store import io_guard
from gui.store.wal import enable_wal

SCHEMA_VERSION = 1
MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 10_000


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    enable_wal(conn, BUSY_TIMEOUT_MS)  # another connection may be opening the file too
    # FULL, not NORMAL: a chunk's claim must survive a power cut before its request leaves.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class Journal(JournalChunks):
    """The ``campaign_*`` tables of one store file.

    One connection guarded by a lock: the engine writes from its own thread, the GUI
    reads from workers. Open another Journal on the same file for another process.
    """

    def __init__(self, path: Path | str) -> None:
        io_guard.check("opening a journal")
        self._lock = threading.RLock()
        self._synchronous = True
        if str(path) == MEMORY:
            # Not durable: for benchmarks measuring what the durable journal costs.
            self.path = Path(MEMORY)
            self._conn = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
        else:
            self.path = Path(path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
                os.close(fd)
            restrict_file(self.path)
            self._conn = _connect(self.path)
        self._migrate()

    # --- life ---------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _migrate(self) -> None:
        with self._tx() as conn:
            for statement in LOCAL_SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            add_archive_column(conn)
            row = conn.execute("SELECT value FROM campaign_meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise JournalError(
                    f"the campaign journal has schema version {version}, newer than this "
                    f"console's {SCHEMA_VERSION}; use a newer console"
                )
            if version < SCHEMA_VERSION:
                conn.execute(
                    "INSERT OR REPLACE INTO campaign_meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )

    @property
    def schema_version(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT value FROM campaign_meta WHERE key = 'schema_version'").fetchone()
        return int(row[0])

    class _Tx:
        def __init__(self, journal: Journal, durable: bool) -> None:
            self.journal = journal
            self.durable = durable

        def __enter__(self) -> sqlite3.Connection:
            io_guard.check("journal write")
            self.journal._lock.acquire()
            try:
                if self.journal._synchronous != self.durable:
                    self.journal._conn.execute(f"PRAGMA synchronous = {'FULL' if self.durable else 'NORMAL'}")
                    self.journal._synchronous = self.durable
                self.journal._conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                self.journal._lock.release()
                raise
            return self.journal._conn

        def __exit__(
            self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
        ) -> None:
            try:
                self.journal._conn.execute("ROLLBACK" if exc_type else "COMMIT")
            finally:
                self.journal._lock.release()

    def _tx(self, durable: bool = True) -> Journal._Tx:
        """A write transaction. ``durable``: synced to disk at commit (survives a power cut).

        Claims are durable: a request may leave only once its claim is on disk. Results
        need not be: a result lost in a power cut leaves its rows ``sending``, and they
        are settled from the provider's records — never resent blindly. In WAL mode the
        next durable commit syncs the earlier ones too.
        """
        return Journal._Tx(self, durable)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        io_guard.check("journal read")
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # --- campaigns ----------------------------------------------------------------
    def create_campaign(
        self,
        name: str,
        template: str,
        rows: Iterable[PlannedRow],
        *,
        source: str = "",
        settings: dict[str, Any] | None = None,
        parent_id: int | None = None,
    ) -> int:
        """Store a new campaign and all its rows (to send and excluded) in one transaction."""
        now = time.time()
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO campaign_campaigns (name, template, source, state, created_at, parent_id, settings)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, template, source, DRAFT, now, parent_id, json.dumps(settings or {}, ensure_ascii=False)),
            )
            campaign_id = cur.lastrowid
            assert campaign_id is not None  # set by every INSERT
            conn.executemany(
                "INSERT INTO campaign_rows (campaign_id, row_no, line, mobile, text, international, state,"
                " reason, parts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (campaign_id, n, r.line, r.mobile, r.text, int(r.international), r.state, r.reason, r.parts)
                    for n, r in enumerate(rows, start=1)
                ),
            )
        return campaign_id


__all__ = [
    "BUSY_TIMEOUT_MS",
    "CANCELLED",
    "CHUNK_ANSWERED",
    "CHUNK_IN_DOUBT",
    "CHUNK_RELEASED",
    "CHUNK_SENDING",
    "CHUNK_SETTLED",
    "CampaignInfo",
    "Chunk",
    "DRAFT",
    "DUPLICATE",
    "EXCLUDED_STATES",
    "FAILED",
    "FINISHED",
    "IN_DOUBT",
    "Journal",
    "JournalError",
    "JournalRow",
    "MEMORY",
    "PAUSED",
    "PENDING",
    "PendingRow",
    "PlannedRow",
    "REJECTED",
    "ROW_STATES",
    "RUNNING",
    "RowResult",
    "SCHEMA_VERSION",
    "SENDING",
    "SENT",
    "SUPPRESSED",
]
