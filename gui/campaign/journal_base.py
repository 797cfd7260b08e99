"""What the local (SQLite) and team (PostgreSQL) journals do the same way (plain Python).

``JournalBase`` is the common base of ``gui.campaign.journal.Journal`` and
``gui.campaign.team_journal.TeamJournal``: campaigns, rows, chunks read back, and the frame of a
claim. Its SQL is written once with ``?`` placeholders; a journal on another database says
its own (``_MARK``) and how a column is compared with a list (``_in``).

What stays in each journal differs for a reason: creating a campaign (``executemany`` / COPY),
the claim's reading of pending rows (a write transaction on the file / row locks with
``SKIP LOCKED``), recording answers (one UPDATE a row / one ``unnest`` UPDATE), and everything
about in-doubt chunks, which the team journal decides by leases.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, ClassVar

from gui.api.texts import parts as text_parts
from gui.campaign.journal_model import (
    CANCELLED,
    CHUNK_RELEASED,
    EXCLUDED_STATES,
    FAILED,
    FINISHED,
    PENDING,
    RUNNING,
    SENDING,
    CampaignInfo,
    Chunk,
    ChunkChooser,
    ClaimedChunk,
    JournalError,
    JournalRow,
    PendingRow,
    PlannedRow,
    RowsSummary,
    campaign_info,
    fee_total,
)
from gui.campaign.reasons import reason_id

CAMPAIGN_COLUMNS = (
    "id, name, template, source, state, created_at, started_at, finished_at, parent_id, settings, last_error"
)
CHUNK_COLUMNS = "id, campaign_id, endpoint, state, uid, row_count, requested_at, answered_at, error"
ROW_COLUMNS = "row_no, line, mobile, text, international, state, chunk_id, code, reason, sid, fee, parts"


def journal_row(r: Sequence[Any]) -> JournalRow:
    """A ``JournalRow`` from a row of ``ROW_COLUMNS``."""
    return JournalRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11])


class JournalBase(ABC):
    """The journal's API that both backends implement alike (see the module's docstring)."""

    _MARK: ClassVar[str] = "?"  # the database's placeholder
    # The sent rows' fees of a campaign in one value (exact decimals as text, added up in Python).
    _FEES: ClassVar[str] = "group_concat(fee, ' ')"

    # --- what each journal supplies -------------------------------------------------
    @abstractmethod
    def _tx(self) -> AbstractContextManager[Any]:
        """A write transaction: its connection, committed on leaving."""

    @abstractmethod
    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read written with ``?`` placeholders."""

    @abstractmethod
    def create_campaign(
        self,
        name: str,
        template: str,
        rows: Iterable[PlannedRow],
        *,
        source: str = "",
        settings: dict[str, Any] | None = None,
        parent_id: int | None = None,
    ) -> int: ...

    @abstractmethod
    def _claimable(self, conn: Any, campaign_id: int, after_row: int, limit: int) -> list[PendingRow]:
        """Inside the claim's transaction: the first ``limit`` pending rows after ``after_row``
        that no one else can claim before this transaction ends."""

    @abstractmethod
    def _insert_claim(
        self, conn: Any, campaign_id: int, endpoint: str, row_nos: Sequence[int], uid_prefix: str | None, now: float
    ) -> tuple[int, str | None]:
        """Inside the claim's transaction: the chunk row, and its rows from pending to sending
        (JournalError, claiming nothing, when a row is no longer pending)."""

    def _chunk_state_set(self, chunk_id: int, state: str) -> None:  # noqa: B027 - a hook, empty here
        """After a chunk's state was written (the team journal stops renewing a finished chunk's lease)."""

    def _marked(self, sql: str) -> str:
        """``sql`` written with ``?`` in this database's placeholders."""
        return sql if self._MARK == "?" else sql.replace("?", self._MARK)

    def _in(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column`` is one of ``values``: the condition (``?`` placeholders) and its parameters."""
        return f"{column} IN ({','.join('?' * len(values))})", list(values)

    # --- campaigns ----------------------------------------------------------------
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
                    self._marked(
                        "UPDATE campaign_campaigns SET state = ?, started_at = COALESCE(started_at, ?),"
                        " finished_at = NULL, last_error = '' WHERE id = ?"
                    ),
                    (state, now, campaign_id),
                )
            elif state in (FINISHED, CANCELLED):
                conn.execute(
                    self._marked("UPDATE campaign_campaigns SET state = ?, finished_at = ? WHERE id = ?"),
                    (state, now, campaign_id),
                )
            else:
                conn.execute(self._marked("UPDATE campaign_campaigns SET state = ? WHERE id = ?"), (state, campaign_id))
            if error is not None:
                conn.execute(
                    self._marked("UPDATE campaign_campaigns SET last_error = ? WHERE id = ?"), (error, campaign_id)
                )

    def campaign(self, campaign_id: int) -> CampaignInfo:
        rows = self._read(f"SELECT {CAMPAIGN_COLUMNS} FROM campaign_campaigns WHERE id = ?", (campaign_id,))
        if not rows:
            raise JournalError(f"no campaign {campaign_id}")
        info = campaign_info(rows[0])
        self._fill_totals([info])
        return info

    def campaigns(self, limit: int = 200) -> list[CampaignInfo]:
        """Past and present campaigns (a team's: of every console), newest first, with their counts and totals."""
        rows = self._read(f"SELECT {CAMPAIGN_COLUMNS} FROM campaign_campaigns ORDER BY id DESC LIMIT ?", (limit,))
        infos = [campaign_info(r) for r in rows]
        self._fill_totals(infos)
        return infos

    def _fill_totals(self, infos: list[CampaignInfo]) -> None:
        if not infos:
            return
        by_id = {c.id: c for c in infos}
        ids, params = self._in("campaign_id", list(by_id))
        for cid, state, n in self._read(
            f"SELECT campaign_id, state, COUNT(*) FROM campaign_rows WHERE {ids} GROUP BY campaign_id, state", params
        ):
            by_id[cid].counts[state] = int(n)
        # Fees are exact decimals kept as text: add them up in Python, not as the database's floats.
        for cid, fees, parts in self._read(
            f"SELECT campaign_id, {self._FEES}, SUM(parts) FROM campaign_rows"
            f" WHERE {ids} AND state = 'sent' GROUP BY campaign_id",
            params,
        ):
            # group_concat's text (SQLite) or array_agg's list (PostgreSQL)
            by_id[cid].total_fee = fee_total((fees or "").split() if isinstance(fees, str | None) else fees)
            by_id[cid].total_parts = int(parts or 0)

    def counts(self, campaign_id: int) -> dict[str, int]:
        return {
            state: int(n)
            for state, n in self._read(
                "SELECT state, COUNT(*) FROM campaign_rows WHERE campaign_id = ? GROUP BY state", (campaign_id,)
            )
        }

    # --- rows ---------------------------------------------------------------------
    def rows(
        self, campaign_id: int, states: Sequence[str] | None = None, limit: int | None = None, offset: int = 0
    ) -> list[JournalRow]:
        sql = f"SELECT {ROW_COLUMNS} FROM campaign_rows WHERE campaign_id = ?"
        params: list[Any] = [campaign_id]
        if states:
            condition, more = self._in("state", states)
            sql += f" AND {condition}"
            params += more
        sql += " ORDER BY row_no"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        rows = [journal_row(r) for r in self._read(sql, params)]
        # A row left out at import keeps its reason as an id (gui.campaign.reasons); an older
        # console wrote English text there, read back as the id ("duplicate of line 12" ->
        # "duplicate:12"). Send results keep what they hold (a provider's message, or the
        # engine's and settling's own words).
        return [replace(r, reason=reason_id(r.reason)) if r.state in EXCLUDED_STATES else r for r in rows]

    def rows_summary(self, campaign_id: int, states: Sequence[str], samples: int = 3) -> RowsSummary:
        """The rows in ``states`` counted by the database: how many, their parts (a row whose parts
        were not recorded is counted from its text), how many international, per state, and the
        first ``samples`` in row order."""
        condition, params = self._in("state", states)
        where = f"campaign_id = ? AND {condition}"
        groups = self._read(
            f"SELECT state, international, COALESCE(parts, 0), COUNT(*) FROM campaign_rows WHERE {where}"
            " GROUP BY state, international, COALESCE(parts, 0)",
            [campaign_id, *params],
        )
        parts: Counter[int] = Counter()
        by_state: Counter[str] = Counter()
        international = 0
        for state, abroad, n_parts, n in groups:
            by_state[state] += n
            international += n if abroad else 0
            if n_parts:
                parts[int(n_parts)] += n
        if any(not n_parts for _, _, n_parts, _ in groups):
            unrecorded = self._read(
                f"SELECT text FROM campaign_rows WHERE {where} AND COALESCE(parts, 0) = 0", [campaign_id, *params]
            )
            parts.update(text_parts(text) for (text,) in unrecorded)
        first = self._read(
            f"SELECT mobile, text FROM campaign_rows WHERE {where} ORDER BY row_no LIMIT ?",
            [campaign_id, *params, samples],
        )
        return RowsSummary(
            sum(by_state.values()),
            tuple(sorted(parts.items())),
            international,
            tuple(sorted(by_state.items())),
            tuple((str(mobile), str(text)) for mobile, text in first),
        )

    def pending_rows_any(self, campaign_id: int, limit: int) -> list[JournalRow]:
        """The first ``limit`` pending rows in row order (domestic and international)."""
        return [
            journal_row(r)
            for r in self._read(
                f"SELECT {ROW_COLUMNS} FROM campaign_rows WHERE campaign_id = ? AND state = 'pending'"
                " ORDER BY row_no LIMIT ?",
                (campaign_id, limit),
            )
        ]

    # --- claims -------------------------------------------------------------------
    def claim_next(
        self,
        campaign_id: int,
        limit: int,
        choose: ChunkChooser,
        *,
        after_row: int = 0,
        uid_prefix: str | None = None,
        requested_at: float | None = None,
    ) -> ClaimedChunk | None:
        """Claim the next chunk at once: the first ``limit`` pending rows after ``after_row`` that
        no other engine can claim meanwhile (``_claimable``), ``choose`` picks the endpoint and the
        rows of one request among them, and those go from pending to sending under a new chunk —
        one transaction. None when no row is pending after ``after_row``."""
        now = time.time() if requested_at is None else requested_at
        with self._tx() as conn:
            found = self._claimable(conn, campaign_id, after_row, limit)
            if not found:
                return None
            endpoint, chosen = choose(found)
            chunk_id, uid = self._insert_claim(conn, campaign_id, endpoint, [r.row_no for r in chosen], uid_prefix, now)
        scanned_to = found[-1].row_no if len(chosen) == len(found) else None
        return ClaimedChunk(chunk_id, endpoint, list(chosen), uid, scanned_to)

    def claim_chunk(
        self,
        campaign_id: int,
        endpoint: str,
        row_nos: Sequence[int],
        uid_prefix: str | None = None,
        requested_at: float | None = None,
    ) -> tuple[int, str | None]:
        """Transaction 1 of a chunk: rows pending -> sending, with the chunk id and request time.

        Returns (chunk id, uid) — the uid is ``uid_prefix`` + chunk id when a prefix is
        given. Raises JournalError if a row is no longer pending (two engines on one
        campaign): nothing is claimed then.
        """
        now = time.time() if requested_at is None else requested_at
        with self._tx() as conn:
            return self._insert_claim(conn, campaign_id, endpoint, row_nos, uid_prefix, now)

    # --- chunks -------------------------------------------------------------------
    def mark_chunk(self, chunk_id: int, state: str, error: str = "") -> None:
        with self._tx() as conn:
            conn.execute(
                self._marked("UPDATE campaign_chunks SET state = ?, error = ? WHERE id = ?"), (state, error, chunk_id)
            )
        self._chunk_state_set(chunk_id, state)

    def release_chunk(self, chunk_id: int, error: str = "") -> None:
        """The whole request was refused before processing (-5, balance, apikey): rows back to pending."""
        now = time.time()
        with self._tx() as conn:
            conn.execute(
                self._marked(
                    "UPDATE campaign_rows SET state = 'pending', chunk_id = NULL"
                    " WHERE chunk_id = ? AND state = 'sending'"
                ),
                (chunk_id,),
            )
            conn.execute(
                self._marked("UPDATE campaign_chunks SET state = ?, answered_at = ?, error = ? WHERE id = ?"),
                (CHUNK_RELEASED, now, error, chunk_id),
            )
        self._chunk_state_set(chunk_id, CHUNK_RELEASED)

    def chunk(self, chunk_id: int) -> Chunk:
        rows = self._read(f"SELECT {CHUNK_COLUMNS} FROM campaign_chunks WHERE id = ?", (chunk_id,))
        if not rows:
            raise JournalError(f"no chunk {chunk_id}")
        return Chunk(*rows[0])

    def chunk_rows(self, chunk_id: int, state: str | None = SENDING) -> list[JournalRow]:
        sql = f"SELECT {ROW_COLUMNS} FROM campaign_rows WHERE chunk_id = ?"
        params: list[Any] = [chunk_id]
        if state is not None:
            sql += " AND state = ?"
            params.append(state)
        return [journal_row(r) for r in self._read(sql + " ORDER BY row_no", params)]
