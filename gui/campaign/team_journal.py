"""The campaign journal of a team, on PostgreSQL: several consoles send one campaign (plain Python).

``TeamJournal(dsn, console_id)`` offers what ``gui.campaign.journal.Journal`` offers the engine,
settling and the campaign service — the same rows, chunks, campaigns and the same two
transactions per chunk — in the team database, with its tables made by an owner's migration
(``gui.campaign.team_journal_schema``). The console connects with the operator's role: data
rights only. Every campaign is visible to every console of the team.

What differs is that several consoles may run the same campaign at once: rows are claimed in
chunks with row locks, each chunk leased to the console that claimed it and renewed by this
journal's heartbeat thread while the console lives; a dead console's chunks are taken over
once their lease expired and settled through get_record before anything is resent
(``gui.campaign.team_journal_chunks``). ``console_id`` names the console (its machine and
profile, say): at most one living console per id.

Connections come from a small pool (the engine's thread writes, workers read, the heartbeat
renews). Every call does network I/O: never on the GUI thread (``io_guard``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from psycopg_pool import ConnectionPool

from gui.campaign.journal_model import (
    CANCELLED,
    DRAFT,
    EXCLUDED_STATES,
    FAILED,
    FINISHED,
    PENDING,
    RUNNING,
    CampaignInfo,
    JournalError,
    JournalRow,
    PendingRow,
    PlannedRow,
    campaign_info,
    fee_total,
)
from gui.campaign.reasons import reason_id
from gui.campaign.team_journal_chunks import ROW_COLUMNS, LeaseSettings, TeamChunks, journal_row
from gui.campaign.team_journal_schema import check_version
from gui.store import io_guard
from gui.store.team.connection import CONNECT_TIMEOUT_S

log = logging.getLogger(__name__)

POOL_SIZE = 4
CAMPAIGN_COLUMNS = (
    "id, name, template, source, state, created_at, started_at, finished_at, parent_id, settings, last_error"
)

__all__ = ["LeaseSettings", "TeamJournal"]


class TeamJournal(TeamChunks):
    """The ``campaign_*`` tables of a team database, seen by one console."""

    def __init__(self, dsn: str, console_id: str, *, lease: LeaseSettings | None = None) -> None:
        io_guard.check("opening the team journal")
        if not console_id:
            raise ValueError("a team console needs a console id")
        self.console_id = console_id
        self.lease = lease or LeaseSettings()
        self._holder = f"{console_id}:{uuid.uuid4().hex}"
        self._held: set[int] = set()
        self._held_lock = threading.Lock()
        # the same bounds as the team store's pool (gui/store/team/connection.py): a server that
        # does not answer fails the open within seconds instead of the system's TCP timeout
        self._pool: ConnectionPool = ConnectionPool(
            dsn,
            min_size=1,
            max_size=POOL_SIZE,
            open=True,
            name=f"team-journal-{console_id}",
            timeout=CONNECT_TIMEOUT_S,
            kwargs={"connect_timeout": int(CONNECT_TIMEOUT_S)},
        )
        try:
            self._pool.wait(timeout=CONNECT_TIMEOUT_S)
            with self._pool.connection() as conn:
                self._version = check_version(conn)
        except BaseException:
            self._pool.close()
            raise
        self._stop = threading.Event()
        self._heartbeat = threading.Thread(target=self._beat, name=f"lease-heartbeat-{console_id}", daemon=True)
        self._heartbeat.start()

    # --- life ---------------------------------------------------------------------
    def close(self) -> None:
        """Stop the heartbeat, hand back the leases still held (no answer is awaited any more:
        other consoles may settle those chunks at once), close the connections."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._heartbeat.join(timeout=10)
        try:
            self._expire_held()
        except Exception:
            log.warning("team journal: could not hand back the leases on closing", exc_info=True)
        self._pool.close()

    def __enter__(self) -> TeamJournal:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _beat(self) -> None:
        while not self._stop.wait(self.lease.heartbeat_seconds):
            try:
                self.renew_leases()
            except Exception:
                log.warning("team journal: renewing the leases failed", exc_info=True)

    @property
    def schema_version(self) -> int:
        return self._version

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        """A transaction on a pooled connection: committed on leaving, rolled back on an error."""
        io_guard.check("journal write")
        with self._pool.connection() as conn:
            yield conn

    def _query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        io_guard.check("journal read")
        with self._pool.connection() as conn:
            return list(conn.execute(sql, params).fetchall())

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """A read written for the local journal (``?`` placeholders), as ``journal_pages`` does."""
        return self._query(sql.replace("?", "%s"), tuple(params))

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
        """Store a new campaign and all its rows in one transaction (the rows by COPY)."""
        with self._tx() as conn:
            row = conn.execute(
                "INSERT INTO campaign_campaigns (name, template, source, state, created_at, parent_id, settings,"
                " created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    name,
                    template,
                    source,
                    DRAFT,
                    time.time(),
                    parent_id,
                    json.dumps(settings or {}, ensure_ascii=False),
                    self.console_id,
                ),
            ).fetchone()
            campaign_id = int(row[0])
            with (
                conn.cursor() as cur,
                cur.copy(
                    "COPY campaign_rows (campaign_id, row_no, line, mobile, text, international, state, reason, parts)"
                    " FROM STDIN"
                ) as copy,
            ):
                for n, r in enumerate(rows, start=1):
                    copy.write_row(
                        (campaign_id, n, r.line, r.mobile, r.text, int(r.international), r.state, r.reason, r.parts)
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
                    "UPDATE campaign_campaigns SET state = %s, started_at = COALESCE(started_at, %s),"
                    " finished_at = NULL, last_error = '' WHERE id = %s",
                    (state, now, campaign_id),
                )
            elif state in (FINISHED, CANCELLED):
                conn.execute(
                    "UPDATE campaign_campaigns SET state = %s, finished_at = %s WHERE id = %s",
                    (state, now, campaign_id),
                )
            else:
                conn.execute("UPDATE campaign_campaigns SET state = %s WHERE id = %s", (state, campaign_id))
            if error is not None:
                conn.execute("UPDATE campaign_campaigns SET last_error = %s WHERE id = %s", (error, campaign_id))

    def campaign(self, campaign_id: int) -> CampaignInfo:
        rows = self._query(f"SELECT {CAMPAIGN_COLUMNS} FROM campaign_campaigns WHERE id = %s", (campaign_id,))
        if not rows:
            raise JournalError(f"no campaign {campaign_id}")
        info = campaign_info(rows[0])
        self._fill_totals([info])
        return info

    def campaigns(self, limit: int = 200) -> list[CampaignInfo]:
        """Past and present campaigns of the whole team, newest first, with their counts and totals."""
        rows = self._query(f"SELECT {CAMPAIGN_COLUMNS} FROM campaign_campaigns ORDER BY id DESC LIMIT %s", (limit,))
        infos = [campaign_info(r) for r in rows]
        self._fill_totals(infos)
        return infos

    def unfinished_campaigns(self) -> list[CampaignInfo]:
        return [c for c in self.campaigns() if c.unfinished]

    def _fill_totals(self, infos: list[CampaignInfo]) -> None:
        if not infos:
            return
        by_id = {c.id: c for c in infos}
        ids = list(by_id)
        for cid, state, n in self._query(
            "SELECT campaign_id, state, COUNT(*) FROM campaign_rows WHERE campaign_id = ANY(%s)"
            " GROUP BY campaign_id, state",
            (ids,),
        ):
            by_id[cid].counts[state] = int(n)
        # Fees are exact decimals kept as text: added up in Python, as in the local journal.
        for cid, fees, parts in self._query(
            "SELECT campaign_id, array_agg(fee), SUM(parts) FROM campaign_rows"
            " WHERE campaign_id = ANY(%s) AND state = 'sent' GROUP BY campaign_id",
            (ids,),
        ):
            by_id[cid].total_fee = fee_total(fees or [])
            by_id[cid].total_parts = int(parts or 0)

    def counts(self, campaign_id: int) -> dict[str, int]:
        return {
            state: int(n)
            for state, n in self._query(
                "SELECT state, COUNT(*) FROM campaign_rows WHERE campaign_id = %s GROUP BY state", (campaign_id,)
            )
        }

    # --- rows ---------------------------------------------------------------------
    def rows(
        self, campaign_id: int, states: Sequence[str] | None = None, limit: int | None = None, offset: int = 0
    ) -> list[JournalRow]:
        sql = f"SELECT {ROW_COLUMNS} FROM campaign_rows WHERE campaign_id = %s"
        params: list[Any] = [campaign_id]
        if states:
            sql += " AND state = ANY(%s)"
            params.append(list(states))
        sql += " ORDER BY row_no"
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        rows = [journal_row(r) for r in self._query(sql, params)]
        # Rows left out at import keep their reason as an id (gui.campaign.reasons), as locally.
        return [replace(r, reason=reason_id(r.reason)) if r.state in EXCLUDED_STATES else r for r in rows]

    def pending_rows_any(self, campaign_id: int, limit: int) -> list[JournalRow]:
        """The first ``limit`` pending rows in row order (domestic and international)."""
        return [
            journal_row(r)
            for r in self._query(
                f"SELECT {ROW_COLUMNS} FROM campaign_rows WHERE campaign_id = %s AND state = 'pending'"
                " ORDER BY row_no LIMIT %s",
                (campaign_id, limit),
            )
        ]

    def next_pending(self, campaign_id: int, limit: int, after_row: int = 0) -> list[PendingRow]:
        """The first ``limit`` pending rows after row ``after_row`` (a read: ``claim_next`` claims)."""
        return [
            PendingRow._make(r)
            for r in self._query(
                "SELECT row_no, mobile, text, international FROM campaign_rows"
                " WHERE campaign_id = %s AND row_no > %s AND state = 'pending' ORDER BY row_no LIMIT %s",
                (campaign_id, after_row, limit),
            )
        ]
