"""The local journal's tables and chunks: claiming rows, recording answers, rows in doubt (SQLite).

``LOCAL_SCHEMA`` is the local journal's tables; ``JournalChunks`` is a base of
``gui.campaign.journal.Journal`` (the two transactions of a chunk are described there), on
``gui.campaign.journal_base.JournalBase`` (what both journals do alike). ``claim_next`` reads
the first pending rows and claims them in one write transaction, so two engines on one file can
never claim the same row; the team journal does the same on PostgreSQL with row locks
(``gui.campaign.team_journal_chunks``).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from abc import abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from gui.campaign.journal_base import CHUNK_COLUMNS, JournalBase
from gui.campaign.journal_model import (
    CHUNK_ANSWERED,
    CHUNK_SENDING,
    DRAFT,
    ArchivedRow,
    Chunk,
    ChunksElsewhere,
    JournalError,
    PendingRow,
    RowResult,
)

# The local journal's tables (``Journal`` creates them on opening; its version is in campaign_meta).
LOCAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS campaign_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS campaign_campaigns (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    template     TEXT NOT NULL,
    source       TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,
    created_at   REAL NOT NULL,
    started_at   REAL,
    finished_at  REAL,
    parent_id    INTEGER,
    settings     TEXT NOT NULL DEFAULT '{}',
    last_error   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS campaign_chunks (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL,
    endpoint      TEXT NOT NULL,
    state         TEXT NOT NULL,
    uid           TEXT,
    row_count     INTEGER NOT NULL,
    requested_at  REAL NOT NULL,
    answered_at   REAL,
    error         TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 1  -- 0: results recorded, sent rows not yet copied to the store
);
CREATE INDEX IF NOT EXISTS campaign_chunks_state ON campaign_chunks(campaign_id, state);
CREATE TABLE IF NOT EXISTS campaign_rows (
    campaign_id  INTEGER NOT NULL,
    row_no       INTEGER NOT NULL,
    line         INTEGER NOT NULL,
    mobile       TEXT NOT NULL,
    text         TEXT NOT NULL DEFAULT '',
    international INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL,
    chunk_id     INTEGER,
    code         INTEGER,
    reason       TEXT NOT NULL DEFAULT '',
    sid          INTEGER,
    fee          TEXT NOT NULL DEFAULT '',
    parts        INTEGER NOT NULL DEFAULT 0,
    attempts     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, row_no)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS campaign_rows_state ON campaign_rows(campaign_id, state, row_no);
CREATE INDEX IF NOT EXISTS campaign_rows_chunk ON campaign_rows(chunk_id) WHERE chunk_id IS NOT NULL;
"""


def add_archive_column(conn: sqlite3.Connection) -> None:
    """``campaign_chunks.archived`` in a journal an older console made (inside its migration).

    Additive, no new schema version: an older console still opens the file, and its chunks
    count as copied (the default 1) — it copied its sends into the store itself."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(campaign_chunks)")}
    if "archived" not in columns:
        conn.execute("ALTER TABLE campaign_chunks ADD COLUMN archived INTEGER NOT NULL DEFAULT 1")
    conn.execute("CREATE INDEX IF NOT EXISTS campaign_chunks_to_archive ON campaign_chunks(id) WHERE archived = 0")


class JournalChunks(JournalBase):
    """The ``campaign_chunks`` table and the rows' chunk columns of one store file (what
    ``JournalBase`` does alike for both journals is there)."""

    _lock: threading.RLock
    _conn: sqlite3.Connection

    @abstractmethod
    def _tx(self, durable: bool = True) -> AbstractContextManager[sqlite3.Connection]: ...

    def _claimable(self, conn: Any, campaign_id: int, after_row: int, limit: int) -> list[PendingRow]:
        # the claim's transaction is BEGIN IMMEDIATE: it holds the file's write lock, so no other
        # engine on the file can claim these rows before it ends (no row locks in SQLite)
        return list(
            map(
                PendingRow._make,
                conn.execute(
                    "SELECT row_no, mobile, text, international FROM campaign_rows"
                    " WHERE campaign_id = ? AND row_no > ? AND state = 'pending' ORDER BY row_no LIMIT ?",
                    (campaign_id, after_row, limit),
                ),
            )
        )

    def chunks_elsewhere(self, campaign_id: int) -> ChunksElsewhere:
        """Other consoles' chunks of the campaign: none in a local journal (one console per file)."""
        return ChunksElsewhere()

    def _insert_claim(
        self,
        conn: sqlite3.Connection,
        campaign_id: int,
        endpoint: str,
        row_nos: Sequence[int],
        uid_prefix: str | None,
        now: float,
    ) -> tuple[int, str | None]:
        """Inside a write transaction: the chunk row, and its rows from pending to sending."""
        cur = conn.execute(
            "INSERT INTO campaign_chunks (campaign_id, endpoint, state, row_count, requested_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (campaign_id, endpoint, CHUNK_SENDING, len(row_nos), now),
        )
        chunk_id = cur.lastrowid
        assert chunk_id is not None  # set by every INSERT
        uid = None
        if uid_prefix is not None:
            uid = f"{uid_prefix}{chunk_id}"
            conn.execute("UPDATE campaign_chunks SET uid = ? WHERE id = ?", (uid, chunk_id))
        first, last = min(row_nos), max(row_nos)
        if last - first + 1 == len(row_nos):
            # The usual case, contiguous rows: one range update instead of one per row.
            cur = conn.execute(
                "UPDATE campaign_rows SET state = 'sending', chunk_id = ?, attempts = attempts + 1"
                " WHERE campaign_id = ? AND row_no BETWEEN ? AND ? AND state = 'pending'",
                (chunk_id, campaign_id, first, last),
            )
        else:
            cur = conn.executemany(
                "UPDATE campaign_rows SET state = 'sending', chunk_id = ?, attempts = attempts + 1"
                " WHERE campaign_id = ? AND row_no = ? AND state = 'pending'",
                ((chunk_id, campaign_id, n) for n in row_nos),
            )
        if cur.rowcount != len(row_nos):
            raise JournalError("some rows of the chunk are no longer pending; is another engine running?")
        return chunk_id, uid

    def record_chunk_results(
        self,
        chunk_id: int,
        results: Sequence[RowResult],
        chunk_state: str = CHUNK_ANSWERED,
        error: str = "",
        answered_at: float | None = None,
    ) -> None:
        """Transaction 2 of a chunk: every row's outcome and the chunk's state, at once.

        Only rows still ``sending`` in this chunk are touched, so a late or repeated
        answer cannot overwrite a result.
        """
        now = time.time() if answered_at is None else answered_at
        with self._tx(durable=False) as conn:
            row = conn.execute("SELECT campaign_id FROM campaign_chunks WHERE id = ?", (chunk_id,)).fetchone()
            if row is None:
                raise JournalError(f"no chunk {chunk_id}")
            campaign_id = row[0]
            conn.executemany(
                "UPDATE campaign_rows SET state = ?, code = ?, reason = ?, sid = ?, fee = ?,"
                " parts = CASE WHEN ? > 0 THEN ? ELSE parts END,"
                " chunk_id = CASE WHEN ? = 'pending' THEN NULL ELSE chunk_id END"
                " WHERE campaign_id = ? AND row_no = ? AND chunk_id = ? AND state = 'sending'",
                (
                    (
                        r.state,
                        r.code,
                        r.reason,
                        r.sid,
                        r.fee,
                        r.parts,
                        r.parts,
                        r.state,
                        campaign_id,
                        r.row_no,
                        chunk_id,
                    )
                    for r in results
                ),
            )
            # archived = 0: the chunk's sent rows are copied into the store's archive from here
            # (gui.campaign.archive_copy), also after a crash; settled rows flag it again.
            conn.execute(
                "UPDATE campaign_chunks SET state = ?, answered_at = ?, error = ?, archived = 0 WHERE id = ?",
                (chunk_state, now, error, chunk_id),
            )

    # --- the store's copy of the sent rows (gui.campaign.archive_copy) --------------------
    def archive_chunks(self, copy: Callable[[list[ArchivedRow]], None], max_rows: int = 5000) -> int:
        """Copy the sent rows of the oldest chunks whose results were recorded since their last
        copy (about ``max_rows`` rows) with ``copy``, then mark those chunks copied. Returns
        the number of chunks handled (0: nothing left to copy).

        The journal's lock is held throughout, so results recorded meanwhile (a settlement
        flags a chunk again) wait for the mark and are never marked unseen. ``copy`` must be
        idempotent (the store keeps a sid it has): a crash between it and the mark copies the
        chunks again at the next start."""
        with self._lock:
            chunks: list[tuple[int, int, str | None, float]] = []
            rows_seen = 0
            for chunk_id, campaign_id, uid, answered_at, row_count in self._read(
                "SELECT id, campaign_id, uid, COALESCE(answered_at, requested_at), row_count FROM campaign_chunks"
                " WHERE archived = 0 ORDER BY id LIMIT 1000"
            ):
                if chunks and rows_seen + row_count > max_rows:
                    break
                chunks.append((chunk_id, campaign_id, uid, answered_at))
                rows_seen += row_count
            if not chunks:
                return 0
            by_id = {c[0]: c for c in chunks}
            marks = ",".join("?" * len(chunks))
            rows = [
                ArchivedRow(by_id[r[0]][1], by_id[r[0]][2], by_id[r[0]][3], r[1], r[2], r[3], r[4], r[5])
                for r in self._read(
                    f"SELECT chunk_id, mobile, text, sid, fee, parts FROM campaign_rows WHERE chunk_id IN ({marks})"
                    " AND state = 'sent' ORDER BY chunk_id, row_no",
                    list(by_id),
                )
            ]
            if rows:
                copy(rows)
            with self._tx(durable=False) as conn:
                conn.execute(f"UPDATE campaign_chunks SET archived = 1 WHERE id IN ({marks})", list(by_id))
            return len(chunks)

    def doubtful_chunks(self, campaign_id: int) -> list[Chunk]:
        """Chunks with rows still ``sending``: in doubt when no engine is waiting for their answer."""
        return [
            Chunk(*r)
            for r in self._read(
                f"SELECT {CHUNK_COLUMNS} FROM campaign_chunks WHERE campaign_id = ? AND id IN"
                " (SELECT DISTINCT chunk_id FROM campaign_rows WHERE campaign_id = ? AND state = 'sending')"
                " ORDER BY id",
                (campaign_id, campaign_id),
            )
        ]

    def mark_in_doubt(self, campaign_id: int) -> int:
        """On (re)start: every chunk with rows still ``sending`` has lost its answer. Returns how many."""
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE campaign_chunks SET state = 'in_doubt' WHERE campaign_id = ? AND state = 'sending'",
                (campaign_id,),
            )
            return cur.rowcount

    def discard_draft(self, campaign_id: int) -> bool:
        """Delete a campaign saved from a dry run and never started (no chunk was ever claimed):
        a new dry run or file replaces it. Anything started stays. Whether it was deleted."""
        with self._tx() as conn:
            cur = conn.execute(
                "DELETE FROM campaign_campaigns WHERE id = ? AND state = ? AND NOT EXISTS"
                " (SELECT 1 FROM campaign_chunks WHERE campaign_id = ?)",
                (campaign_id, DRAFT, campaign_id),
            )
            if cur.rowcount:
                conn.execute("DELETE FROM campaign_rows WHERE campaign_id = ?", (campaign_id,))
            return bool(cur.rowcount)
