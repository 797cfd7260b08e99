"""The team journal's chunks: claims with row locks, leases and their heartbeat, take-overs (plain Python).

A mixin of ``gui.campaign.team_journal.TeamJournal``. Several consoles send one campaign:

- **Claim** (``claim_next``): one transaction reads the first pending rows with
  ``FOR UPDATE SKIP LOCKED`` (rows another console is claiming right now are skipped, never
  waited for), the engine's chooser picks the request's rows, and those go to ``sending``
  under a new chunk that names this console (``console_id``) and carries its lease.
- **Lease**: ``lease_until`` (server time) is pushed forward by this journal's heartbeat
  thread every ``heartbeat_seconds`` while the console lives, for every chunk it claimed
  and has not finished. It is far longer than a request can take plus the in-doubt grace
  period (requests time out after 10 + 30 s, grace 90 s; lease 5 min), so a slow but live
  console is never overtaken.
- **Take-over**: a chunk with rows still ``sending`` whose lease expired belongs to a dead
  console. ``doubtful_chunks`` / ``chunks_elsewhere`` take it over (the lease becomes this
  console's) in doubt, and the engine settles it through get_record before anything is
  resent — the same in-doubt rules as in local mode. A console restarted under the same
  ``console_id`` takes its own previous life's chunks over at once (one live console per id).
"""

from __future__ import annotations

import threading
import time
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gui.campaign.journal_base import CHUNK_COLUMNS, ROW_COLUMNS, JournalBase, journal_row
from gui.campaign.journal_model import (
    CHUNK_ANSWERED,
    CHUNK_RELEASED,
    CHUNK_SENDING,
    CHUNK_SETTLED,
    Chunk,
    ChunksElsewhere,
    JournalError,
    PendingRow,
    RowResult,
)

# Chunk states after which no request of the chunk is awaited and no row is in doubt.
DONE_CHUNK_STATES = frozenset({CHUNK_ANSWERED, CHUNK_SETTLED, CHUNK_RELEASED})

# A lease this console may take: expired, already its own, or held by an earlier life of this console.
_TAKEABLE = "(c.lease_holder = %(holder)s OR c.lease_until < now() OR c.lease_console = %(console)s)"
_HAS_SENDING_ROWS = (
    "c.id IN (SELECT DISTINCT chunk_id FROM campaign_rows"
    " WHERE campaign_id = %(campaign)s AND state = 'sending' AND chunk_id IS NOT NULL)"
)


@dataclass(frozen=True)
class LeaseSettings:
    """How long a chunk's lease lasts and how often the living console renews it (seconds)."""

    lease_seconds: float = 300.0
    heartbeat_seconds: float = 30.0


class TeamChunks(JournalBase):
    """Chunks, claims and leases of the team journal (see the module's docstring; what it does
    as the local journal does is ``JournalBase``'s)."""

    _MARK = "%s"
    _FEES = "array_agg(fee)"

    console_id: str
    lease: LeaseSettings
    _holder: str  # this journal instance: a console restarted under the same id is another holder
    _held: set[int]  # chunks claimed here whose lease the heartbeat renews
    _held_lock: threading.Lock

    @abstractmethod
    def _query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]: ...

    def _in(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(?)", [list(values)]  # one array parameter, whatever the list's length

    def _lease_params(self, **extra: Any) -> dict[str, Any]:
        return {"holder": self._holder, "console": self.console_id, "lease": self.lease.lease_seconds, **extra}

    # --- claiming -----------------------------------------------------------------
    def _claimable(self, conn: Any, campaign_id: int, after_row: int, limit: int) -> list[PendingRow]:
        # row locks: rows another console is claiming right now are skipped, never waited for
        return [
            PendingRow._make(r)
            for r in conn.execute(
                "SELECT row_no, mobile, text, international FROM campaign_rows"
                " WHERE campaign_id = %s AND row_no > %s AND state = 'pending'"
                " ORDER BY row_no LIMIT %s FOR UPDATE SKIP LOCKED",
                (campaign_id, after_row, limit),
            )
        ]

    def _insert_claim(
        self,
        conn: Any,
        campaign_id: int,
        endpoint: str,
        row_nos: Sequence[int],
        uid_prefix: str | None,
        now: float,
    ) -> tuple[int, str | None]:
        row = conn.execute(
            "INSERT INTO campaign_chunks (campaign_id, endpoint, state, row_count, requested_at,"
            " console_id, lease_console, lease_holder, lease_until)"
            " VALUES (%(campaign)s, %(endpoint)s, %(state)s, %(count)s, %(now)s,"
            " %(console)s, %(console)s, %(holder)s, now() + make_interval(secs => %(lease)s)) RETURNING id",
            self._lease_params(
                campaign=campaign_id, endpoint=endpoint, state=CHUNK_SENDING, count=len(row_nos), now=now
            ),
        ).fetchone()
        chunk_id = int(row[0])
        uid = None
        if uid_prefix is not None:
            uid = f"{uid_prefix}{chunk_id}"
            conn.execute("UPDATE campaign_chunks SET uid = %s WHERE id = %s", (uid, chunk_id))
        cur = conn.execute(
            "UPDATE campaign_rows SET state = 'sending', chunk_id = %s, attempts = attempts + 1"
            " WHERE campaign_id = %s AND row_no = ANY(%s) AND state = 'pending'",
            (chunk_id, campaign_id, list(row_nos)),
        )
        if cur.rowcount != len(row_nos):
            raise JournalError("some rows of the chunk are no longer pending; is another engine running?")
        with self._held_lock:
            self._held.add(chunk_id)
        return chunk_id, uid

    # --- answers ------------------------------------------------------------------
    def record_chunk_results(
        self,
        chunk_id: int,
        results: Sequence[RowResult],
        chunk_state: str = CHUNK_ANSWERED,
        error: str = "",
        answered_at: float | None = None,
    ) -> None:
        """Every row's outcome and the chunk's state in one transaction; only rows still
        ``sending`` in this chunk are touched (a late or repeated answer changes nothing)."""
        now = time.time() if answered_at is None else answered_at
        with self._tx() as conn:
            row = conn.execute("SELECT campaign_id FROM campaign_chunks WHERE id = %s", (chunk_id,)).fetchone()
            if row is None:
                raise JournalError(f"no chunk {chunk_id}")
            conn.execute(
                "UPDATE campaign_rows r SET state = v.state, code = v.code, reason = v.reason, sid = v.sid,"
                " fee = v.fee, parts = CASE WHEN v.parts > 0 THEN v.parts ELSE r.parts END,"
                " chunk_id = CASE WHEN v.state = 'pending' THEN NULL ELSE r.chunk_id END"
                " FROM unnest(%s::integer[], %s::text[], %s::integer[], %s::text[], %s::bigint[], %s::text[],"
                " %s::integer[]) AS v(row_no, state, code, reason, sid, fee, parts)"
                " WHERE r.campaign_id = %s AND r.row_no = v.row_no AND r.chunk_id = %s AND r.state = 'sending'",
                (
                    [r.row_no for r in results],
                    [r.state for r in results],
                    [r.code for r in results],
                    [r.reason for r in results],
                    [r.sid for r in results],
                    [r.fee for r in results],
                    [r.parts for r in results],
                    row[0],
                    chunk_id,
                ),
            )
            conn.execute(
                "UPDATE campaign_chunks SET state = %s, answered_at = %s, error = %s WHERE id = %s",
                (chunk_state, now, error, chunk_id),
            )
        self._chunk_state_set(chunk_id, chunk_state)

    def _chunk_state_set(self, chunk_id: int, state: str) -> None:
        if state in DONE_CHUNK_STATES:
            self._let_go(chunk_id)

    # --- reading ------------------------------------------------------------------
    def lease_of(self, chunk_id: int) -> tuple[str, str, float]:
        """(claiming console, console holding the lease, seconds the lease has left) — for tests and views."""
        rows = self._query(
            "SELECT console_id, lease_console, EXTRACT(EPOCH FROM lease_until - now())::float8"
            " FROM campaign_chunks WHERE id = %s",
            (chunk_id,),
        )
        if not rows:
            raise JournalError(f"no chunk {chunk_id}")
        return rows[0][0], rows[0][1], float(rows[0][2])

    # --- in doubt and take-overs --------------------------------------------------
    def mark_in_doubt(self, campaign_id: int) -> int:
        """On (re)start: chunks still ``sending`` whose answer nobody awaits any more (leases
        expired, or this console's own) are in doubt. Returns how many."""
        with self._tx() as conn:
            cur = conn.execute(
                f"UPDATE campaign_chunks c SET state = 'in_doubt'"
                f" WHERE c.campaign_id = %(campaign)s AND c.state = 'sending' AND {_TAKEABLE}",
                self._lease_params(campaign=campaign_id),
            )
            return int(cur.rowcount)

    def discard_draft(self, campaign_id: int) -> bool:
        """As the local journal's: a never-started draft replaced by a new dry run is deleted."""
        with self._tx() as conn:
            # the campaign row locked first: no console can start it between the check and the delete
            draft = conn.execute(
                "SELECT id FROM campaign_campaigns WHERE id = %s AND state = 'draft' AND NOT EXISTS"
                " (SELECT 1 FROM campaign_chunks WHERE campaign_id = %s) FOR UPDATE",
                (campaign_id, campaign_id),
            ).fetchone()
            if draft is None:
                return False
            conn.execute("DELETE FROM campaign_rows WHERE campaign_id = %s", (campaign_id,))  # rows refer to it
            conn.execute("DELETE FROM campaign_campaigns WHERE id = %s", (campaign_id,))
            return True

    def doubtful_chunks(self, campaign_id: int) -> list[Chunk]:
        """Chunks with rows ``sending`` that no living console awaits an answer for: taken over
        (their lease is this console's for one lease period, not renewed) and returned to settle."""
        return self._take_over(campaign_id, only_expired=False)

    def chunks_elsewhere(self, campaign_id: int) -> ChunksElsewhere:
        """Other consoles' chunks with rows ``sending``: those whose lease expired are taken over
        in doubt (to settle before anything is resent); the others are counted as live."""
        taken = self._take_over(campaign_id, only_expired=True)
        live = self._query(
            f"SELECT COUNT(*) FROM campaign_chunks c WHERE c.campaign_id = %(campaign)s"
            f" AND c.lease_holder <> %(holder)s AND {_HAS_SENDING_ROWS}",
            self._lease_params(campaign=campaign_id),
        )
        return ChunksElsewhere(taken, int(live[0][0]))

    def _take_over(self, campaign_id: int, only_expired: bool) -> list[Chunk]:
        who = "(c.lease_holder <> %(holder)s AND " + _TAKEABLE + ")" if only_expired else _TAKEABLE
        with self._tx() as conn:
            rows = conn.execute(
                f"UPDATE campaign_chunks c SET lease_console = %(console)s, lease_holder = %(holder)s,"
                f" lease_until = now() + make_interval(secs => %(lease)s),"
                f" state = CASE WHEN c.state = 'sending' THEN 'in_doubt' ELSE c.state END"
                f" WHERE c.campaign_id = %(campaign)s AND {who} AND {_HAS_SENDING_ROWS}"
                f" RETURNING {', '.join('c.' + n.strip() for n in CHUNK_COLUMNS.split(','))}",
                self._lease_params(campaign=campaign_id),
            ).fetchall()
        return sorted((Chunk(*r) for r in rows), key=lambda c: c.id)

    # --- the heartbeat ------------------------------------------------------------
    def _let_go(self, chunk_id: int) -> None:
        with self._held_lock:
            self._held.discard(chunk_id)

    def renew_leases(self) -> int:
        """Push the lease of every chunk this console claimed and has not finished forward
        (the heartbeat does it every ``heartbeat_seconds``). Returns how many were renewed."""
        with self._held_lock:
            held = sorted(self._held)
        if not held:
            return 0
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE campaign_chunks SET lease_until = now() + make_interval(secs => %s)"
                " WHERE id = ANY(%s) AND lease_holder = %s",
                (self.lease.lease_seconds, held, self._holder),
            )
            return int(cur.rowcount)

    def _expire_held(self) -> None:
        """On close: this console awaits no answer any more; others may settle its chunks at once."""
        with self._held_lock:
            held = sorted(self._held)
            self._held.clear()
        if held:
            with self._tx() as conn:
                conn.execute(
                    "UPDATE campaign_chunks SET lease_until = now() WHERE id = ANY(%s) AND lease_holder = %s",
                    (held, self._holder),
                )


__all__ = ["ROW_COLUMNS", "LeaseSettings", "TeamChunks", "journal_row"]
