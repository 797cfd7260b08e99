"""The statistics' per-day sync marks in the team database (schema version 3; no Qt).

The same marks as the local store's ``record_sync_days`` (``gui.store.sync_days``), in one table
every console of the account shares: a day one console read to its end is not read again by
another until it may have changed (``RECENT_RESYNC``), and a settled day never. ``DaySync`` runs
unchanged on either backend through ``DayMarkStorage``; this is its PostgreSQL side. Each page of
records and the day's mark after it are one transaction (run again after a deadlock, as every
team write), so a pass stopped anywhere resumes at the first page not stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gui.api.models import Record
from gui.store.sync_days import TABLE, DayMark, mark_from_row, mark_upsert, mark_values
from gui.store.team.pulled import store_records

if TYPE_CHECKING:
    from gui.store.team.store import TeamStore

# Idempotent statements, as every step of gui.store.team.migrations.
V3: list[str] = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        day           text COLLATE "C" PRIMARY KEY,     -- Beijing 'yyyy-MM-dd'
        next_page     integer NOT NULL DEFAULT 1,       -- first page of the current pass not stored yet
        complete      boolean NOT NULL DEFAULT false,   -- the last pass read the day to its last page
        pass_started  text NOT NULL,                    -- when the current (or last) pass began, Beijing
        synced_at     text,                             -- when the last complete pass ended
        settled       boolean NOT NULL DEFAULT false    -- that pass began after the day + SETTLE: final
    )""",
]


class TeamDayMarks:
    """``DayMarkStorage`` on a ``TeamStore``."""

    def __init__(self, store: TeamStore) -> None:
        self.store = store

    def marks(self, days: Sequence[str]) -> dict[str, DayMark]:
        with self.store.reading() as conn:
            rows = conn.execute(
                f"SELECT day, next_page, complete, pass_started, synced_at, settled FROM {TABLE} WHERE day = ANY(%s)",
                (list(days),),
            ).fetchall()
        return {str(row[0]): mark_from_row(row) for row in rows}

    def store_page(self, records: Sequence[Record], mark: DayMark, synced_at: str) -> int:
        def work(conn: Any) -> int:
            new = store_records(conn, records, synced_at=synced_at)
            conn.execute(mark_upsert("%s"), mark_values(mark))
            return new

        return self.store.write(work)
