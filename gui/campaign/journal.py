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
from dataclasses import replace
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
    campaign_info,
    fee_total,
)
from gui.campaign.reasons import reason_id
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

    def create_retry_campaign(self, campaign_id: int, name: str | None = None) -> int | None:
        """A new campaign of the failed rows of ``campaign_id`` (None when none failed)."""
        info = self.campaign(campaign_id)
        failed = self.rows(campaign_id, [FAILED])
        if not failed:
            return None
        rows = [PlannedRow(r.line, r.mobile, r.text, r.international, PENDING, "", r.parts) for r in failed]
        return self.create_campaign(
            name or f"{info.name} (retry)",
            info.template,
            rows,
            source=info.source,
            settings=info.settings,
            parent_id=campaign_id,
        )

    def set_state(self, campaign_id: int, state: str, error: str | None = None) -> None:
        now = time.time()
        with self._tx() as conn:
            if state == RUNNING:
                conn.execute(
                    "UPDATE campaign_campaigns SET state = ?, started_at = COALESCE(started_at, ?),"
                    " finished_at = NULL, last_error = '' WHERE id = ?",
                    (state, now, campaign_id),
                )
            elif state in (FINISHED, CANCELLED):
                conn.execute(
                    "UPDATE campaign_campaigns SET state = ?, finished_at = ? WHERE id = ?", (state, now, campaign_id)
                )
            else:
                conn.execute("UPDATE campaign_campaigns SET state = ? WHERE id = ?", (state, campaign_id))
            if error is not None:
                conn.execute("UPDATE campaign_campaigns SET last_error = ? WHERE id = ?", (error, campaign_id))

    def campaign(self, campaign_id: int) -> CampaignInfo:
        rows = self._read(
            "SELECT id, name, template, source, state, created_at, started_at, finished_at,"
            " parent_id, settings, last_error FROM campaign_campaigns WHERE id = ?",
            (campaign_id,),
        )
        if not rows:
            raise JournalError(f"no campaign {campaign_id}")
        info = campaign_info(rows[0])
        self._fill_totals([info])
        return info

    def campaigns(self, limit: int = 200) -> list[CampaignInfo]:
        """Past and present campaigns, newest first, with their counts and totals."""
        rows = self._read(
            "SELECT id, name, template, source, state, created_at, started_at, finished_at,"
            " parent_id, settings, last_error FROM campaign_campaigns ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        infos = [campaign_info(r) for r in rows]
        self._fill_totals(infos)
        return infos

    def unfinished_campaigns(self) -> list[CampaignInfo]:
        return [c for c in self.campaigns() if c.unfinished]

    def _fill_totals(self, infos: list[CampaignInfo]) -> None:
        if not infos:
            return
        by_id = {c.id: c for c in infos}
        marks = ",".join("?" * len(by_id))
        for cid, state, n in self._read(
            f"SELECT campaign_id, state, COUNT(*) FROM campaign_rows WHERE campaign_id IN ({marks})"
            " GROUP BY campaign_id, state",
            list(by_id),
        ):
            by_id[cid].counts[state] = n
        # Fees are exact decimals kept as text: add them up in Python, not as SQLite floats.
        for cid, fee_text, parts in self._read(
            f"SELECT campaign_id, group_concat(fee, ' '), SUM(parts) FROM campaign_rows"
            f" WHERE campaign_id IN ({marks}) AND state = 'sent' GROUP BY campaign_id",
            list(by_id),
        ):
            by_id[cid].total_fee = fee_total((fee_text or "").split())
            by_id[cid].total_parts = int(parts or 0)

    def counts(self, campaign_id: int) -> dict[str, int]:
        return dict(
            self._read("SELECT state, COUNT(*) FROM campaign_rows WHERE campaign_id = ? GROUP BY state", (campaign_id,))
        )

    # --- rows ---------------------------------------------------------------------
    def rows(
        self, campaign_id: int, states: Sequence[str] | None = None, limit: int | None = None, offset: int = 0
    ) -> list[JournalRow]:
        sql = (
            "SELECT row_no, line, mobile, text, international, state, chunk_id, code, reason, sid, fee, parts"
            " FROM campaign_rows WHERE campaign_id = ?"
        )
        params: list[Any] = [campaign_id]
        if states:
            sql += f" AND state IN ({','.join('?' * len(states))})"
            params += list(states)
        sql += " ORDER BY row_no"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        rows = [
            JournalRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11])
            for r in self._read(sql, params)
        ]
        # A row left out at import keeps its reason as an id (gui.campaign.reasons); an older
        # console wrote English text there, read back as the id ("duplicate of line 12" ->
        # "duplicate:12"). Send results keep what they hold (a provider's message, or the
        # engine's and settling's own words).
        return [replace(r, reason=reason_id(r.reason)) if r.state in EXCLUDED_STATES else r for r in rows]

    def pending_rows_any(self, campaign_id: int, limit: int) -> list[JournalRow]:
        """The first ``limit`` pending rows in row order (domestic and international)."""
        return [
            JournalRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11])
            for r in self._read(
                "SELECT row_no, line, mobile, text, international, state, chunk_id, code, reason, sid, fee,"
                " parts FROM campaign_rows WHERE campaign_id = ? AND state = 'pending' ORDER BY row_no LIMIT ?",
                (campaign_id, limit),
            )
        ]

    def next_pending(self, campaign_id: int, limit: int, after_row: int = 0) -> list[PendingRow]:
        """The first ``limit`` pending rows after row ``after_row``, in row order.

        The engine passes the last row it claimed: the primary key then starts the scan
        there instead of stepping over every row already sent (late in a 100,000-row
        campaign that was most of the work of each chunk).
        """
        with self._lock:
            return list(
                map(
                    PendingRow._make,
                    self._conn.execute(
                        "SELECT row_no, mobile, text, international FROM campaign_rows"
                        " WHERE campaign_id = ? AND row_no > ? AND state = 'pending' ORDER BY row_no LIMIT ?",
                        (campaign_id, after_row, limit),
                    ),
                )
            )


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
