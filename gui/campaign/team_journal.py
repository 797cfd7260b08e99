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
from typing import Any

from psycopg_pool import ConnectionPool

from gui.campaign.journal_model import DRAFT, PlannedRow
from gui.campaign.team_journal_chunks import LeaseSettings, TeamChunks
from gui.campaign.team_journal_schema import check_version
from gui.store import io_guard
from gui.store.team.connection import CONNECT_TIMEOUT_S

log = logging.getLogger(__name__)

POOL_SIZE = 4

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
        """A read written for the local journal (``?`` placeholders: ``JournalBase``, ``journal_pages``)."""
        return self._query(self._marked(sql), tuple(params))

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
