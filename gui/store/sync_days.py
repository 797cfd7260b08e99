"""Delivery states for the statistics: get_record read day by day, each day once it is final (no Qt).

The statistics count the reports the archive holds; a console that never pulled
(pull_status deletes what it returns, so another PC may have taken them) holds none.
get_record deletes nothing and carries each message's ``report_status``: this module reads
it for the Beijing days the statistics show, into the archive (``gui.store.sync.store_records``:
an upsert by sid, whose triggers carry the status onto the message and keep the day
counters exact), and keeps one mark per day in ``record_sync_days`` (schema v4 of the local
store; in team mode the team database's, shared by every console of the account, so a day one
console read is not read again by another — ``DayMarkStorage``: ``SqliteDayMarks`` here,
``gui.store.team.day_marks.TeamDayMarks`` on PostgreSQL, chosen by ``gui.store.backend.day_marks``):

- ``next_page``: the first page of the current pass not stored yet — a pass stopped by
  the page budget, a cancel or an error resumes there (each page is stored in one
  transaction together with its mark);
- ``complete`` / ``synced_at``: the last pass read the day to its short last page, at that time;
- ``settled``: that pass started more than ``SETTLE`` after the day ended, so no report of
  the day can still change: the day is never read again.

A day not settled (today, or within ``SETTLE``: carriers report up to 72 h late, the
provider keeps reports that long) is read again in full, at most every ``RECENT_RESYNC``.
A run reads at most ``max_pages`` pages (the statistics' "Show" runs one); what is left
is the next run's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from gui.api.models import WIRE_TIME_FORMAT, Record
from gui.store.sync import MAX_PAGES_PER_DAY, PAGE_SIZE, GetRecord, store_records
from gui.store.task_control import Cancellable

if TYPE_CHECKING:
    from gui.store.db import Store

TABLE = "record_sync_days"
SETTLE = timedelta(hours=72)  # reports may arrive up to 72 h after the send
RECENT_RESYNC = timedelta(minutes=10)  # a day not settled is read again at most this often
MAX_PAGES_PER_RUN = 30  # get_record pages one run (one press of "Show") reads at most
DAY_FORMAT = "%Y-%m-%d"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    day           TEXT PRIMARY KEY,             -- Beijing 'yyyy-MM-dd'
    next_page     INTEGER NOT NULL DEFAULT 1,   -- first page of the current pass not stored yet
    complete      INTEGER NOT NULL DEFAULT 0,   -- the last pass read the day to its last page
    pass_started  TEXT NOT NULL,                -- when the current (or last) pass began, Beijing
    synced_at     TEXT,                         -- when the last complete pass ended
    settled       INTEGER NOT NULL DEFAULT 0    -- that pass began after the day + SETTLE: final
);
"""


def create_schema(conn: sqlite3.Connection) -> None:
    conn.execute(SCHEMA)


@dataclass
class DayMark:
    day: str
    next_page: int
    complete: bool
    pass_started: str
    synced_at: str | None
    settled: bool


@dataclass
class DaySyncProgress:
    day_index: int  # 0-based, among the days this run has to read
    days: int
    day: str
    page: int  # the page just stored


@dataclass
class DaySyncResult:
    days: int = 0  # days asked about
    pending: int = 0  # of those, days that needed reading when the run began
    finished: int = 0  # days this run read to their last page
    left: int = 0  # days still to read after this run (the next run's)
    pages: int = 0  # get_record calls
    fetched: int = 0
    new: int = 0
    cancelled: bool = False

    @property
    def complete(self) -> bool:
        return self.left == 0


def _wire(moment: datetime) -> str:
    return moment.strftime(WIRE_TIME_FORMAT)


def days_of(since: str, until: str, now: datetime) -> list[str]:
    """The Beijing days of [since, until] (wire times or days), oldest first, none after ``now``'s."""
    first = datetime.strptime(since[:10], DAY_FORMAT)
    last = min(datetime.strptime(until[:10], DAY_FORMAT), datetime.strptime(_wire(now)[:10], DAY_FORMAT))
    days = []
    while first <= last:
        days.append(first.strftime(DAY_FORMAT))
        first += timedelta(days=1)
    return days


def mark_upsert(placeholder: str) -> str:
    """The day's mark after a page, on either backend (``placeholder``: ``?`` or ``%s``). A settled
    day stays settled, and a pass that began before another console's complete pass ended
    (team mode: the marks are shared) does not undo that pass's mark."""
    values = ", ".join([placeholder] * 6)
    return (
        f"INSERT INTO {TABLE} AS m (day, next_page, complete, pass_started, synced_at, settled) VALUES ({values})"
        " ON CONFLICT (day) DO UPDATE SET next_page = excluded.next_page, complete = excluded.complete,"
        " pass_started = excluded.pass_started, synced_at = COALESCE(excluded.synced_at, m.synced_at),"
        " settled = excluded.settled"
        " WHERE NOT m.settled"
        "   AND (excluded.complete OR NOT m.complete OR m.synced_at IS NULL OR m.synced_at < excluded.pass_started)"
    )


def mark_values(mark: DayMark) -> tuple[object, ...]:
    """``mark`` in ``mark_upsert``'s order (booleans: SQLite keeps 1/0, PostgreSQL a boolean)."""
    return (mark.day, mark.next_page, mark.complete, mark.pass_started, mark.synced_at, mark.settled)


class DayMarkStorage(Protocol):
    """Where the day marks and the records read live: the local file or the team database."""

    def marks(self, days: Sequence[str]) -> dict[str, DayMark]:
        """The marks of ``days`` that exist."""
        ...

    def store_page(self, records: Sequence[Record], mark: DayMark, synced_at: str) -> int:
        """One get_record page and the day's mark after it, in one transaction; how many records were new."""
        ...


class SqliteDayMarks:
    """The day marks of the local store (schema v4)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def marks(self, days: Sequence[str]) -> dict[str, DayMark]:
        found: dict[str, DayMark] = {}
        with self.store.reading() as conn:
            for start in range(0, len(days), 500):
                chunk = list(days[start : start + 500])
                rows = conn.execute(
                    f"SELECT day, next_page, complete, pass_started, synced_at, settled FROM {TABLE}"
                    f" WHERE day IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                for row in rows:
                    found[row[0]] = mark_from_row(row)
        return found

    def store_page(self, records: Sequence[Record], mark: DayMark, synced_at: str) -> int:
        with self.store.transaction() as conn:
            new = store_records(conn, records, synced_at=synced_at)
            conn.execute(mark_upsert("?"), mark_values(mark))
        return new


def mark_from_row(row: Sequence[Any]) -> DayMark:
    day, page, complete, started, synced, settled = row
    return DayMark(str(day), int(page), bool(complete), str(started), synced, bool(settled))


def marks(store: Any, days: Sequence[str]) -> dict[str, DayMark]:
    """The marks of ``days`` in ``store`` (either backend)."""
    from gui.store.backend import day_marks

    storage: DayMarkStorage = day_marks(store)
    return storage.marks(days)


def needs_reading(mark: DayMark | None, now: datetime) -> bool:
    if mark is None or not mark.complete:
        return True
    if mark.settled:
        return False
    return mark.synced_at is None or mark.synced_at <= _wire(now - RECENT_RESYNC)


class DaySync:
    """``DaySync(day_marks(store), client.get_record).run(days, now)``: read what is not final yet, bounded."""

    def __init__(
        self,
        storage: DayMarkStorage,
        get_record: GetRecord,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES_PER_RUN,
    ) -> None:
        self.storage = storage
        self.get_record = get_record
        self.page_size = page_size
        self.max_pages = max_pages

    def run(
        self,
        days: Sequence[str],
        now: datetime,
        progress: Callable[[DaySyncProgress], None] | None = None,
        control: Cancellable | None = None,
    ) -> DaySyncResult:
        """Raises what get_record raises, after storing every page before it."""
        known = self.storage.marks(days)
        todo = [day for day in days if needs_reading(known.get(day), now)]
        result = DaySyncResult(days=len(days), pending=len(todo), left=len(todo))
        for index, day in enumerate(todo):
            if index:  # team mode: another console may have read it meanwhile (the marks are shared)
                known.update(self.storage.marks([day]))
                if not needs_reading(known.get(day), now):
                    result.left -= 1
                    continue
            mark = known.get(day)
            if mark is not None and not mark.complete:  # a pass stopped half-way: resume it
                page, started = mark.next_page, mark.pass_started
            else:
                page, started = 1, _wire(now)
            first = datetime.strptime(day, DAY_FORMAT)
            window = (_wire(first), _wire(first + timedelta(days=1) - timedelta(seconds=1)))
            settles_at = _wire(first + timedelta(days=1) + SETTLE)
            while True:
                if control is not None and getattr(control, "cancelled", False):
                    result.cancelled = True
                    return result
                if result.pages >= self.max_pages:
                    return result
                if page > MAX_PAGES_PER_DAY:
                    raise RuntimeError(f"get_record gave more than {MAX_PAGES_PER_DAY} pages for {day}")
                batch = self.get_record(window[0], window[1], page, self.page_size, None)
                last_page = len(batch) < self.page_size
                after = DayMark(
                    day,
                    1 if last_page else page + 1,
                    last_page,
                    started,
                    _wire(now) if last_page else None,
                    last_page and started >= settles_at,
                )
                result.new += self.storage.store_page(batch, after, _wire(now))
                result.pages += 1
                result.fetched += len(batch)
                if progress is not None:
                    progress(DaySyncProgress(index, len(todo), day, page))
                if last_page:
                    break
                page += 1
            result.finished += 1
            result.left -= 1
        return result
