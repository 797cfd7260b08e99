"""What the local (SQLite) and team (PostgreSQL) archives share (no Qt).

The rows, the filter and the page (``ArchiveRow``, ``ArchiveFilter``, ``Page``); the filter's
conditions over ``messages m`` and the keyset clauses, written once for both SQL dialects
(``SQLITE``, ``POSTGRES``: the placeholder and the text's LIKE); and ``ArchiveQueryBase``,
the paging both ``ArchiveQuery`` classes do the same way around their own plans. The plans
themselves stay apart: the local one drives SQLite's FTS5 table, the team one the GIN index
of ``messages.tokens`` (``gui.store.archive``, ``gui.store.team.archive``).

Names are re-exported by ``gui.store.archive``, where callers import them from.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from gui.api.models import WIRE_TIME_FORMAT, beijing_now
from gui.store.task_control import StopCheck

DEFAULT_PAGE_SIZE = 200

# report_status filter values: the API's words, plus PENDING for "no report yet".
SUCCESS, FAIL, UNKNOWN, PENDING = "SUCCESS", "FAIL", "UNKNOWN", "PENDING"
NO_REPORT_STATUSES = ("", UNKNOWN)

# Sort keys the archive offers: each is indexed together with sent_at.
SORT_KEYS = ("sent_at", "mobile", "report_status", "error_msg")

COLUMNS = (
    "id",
    "sid",
    "mobile",
    "text",
    "sent_at",
    "source",
    "code",
    "msg",
    "count",
    "fee",
    "unit",
    "uid",
    "campaign_id",
    "report_status",
    "error_msg",
    "user_receive_time",
)
SELECT_COLUMNS = ", ".join(f"m.{c}" for c in COLUMNS)


@dataclass(frozen=True)
class ArchiveRow:
    id: int
    sid: int | None
    mobile: str
    text: str
    sent_at: str
    source: str  # console | record | report
    code: int
    msg: str
    count: int  # parts
    fee: str  # money as the gateway gave it ('' when unknown: synced records)
    unit: str
    uid: str | None
    campaign_id: int | None
    report_status: str  # SUCCESS | FAIL | UNKNOWN | '' (no report yet)
    error_msg: str
    user_receive_time: str | None


@dataclass(frozen=True)
class ArchiveFilter:
    """What to show. Times are Beijing ``yyyy-MM-dd HH:mm:ss``, both ends included."""

    since: str | None = None
    until: str | None = None
    mobile: str | None = None
    text: str | None = None
    report_status: str | None = None  # SUCCESS | FAIL | UNKNOWN | PENDING (no final report)
    error_msg: str | None = None
    campaign_id: int | None = None

    def normalised(self) -> ArchiveFilter:
        def clean(value: str | None) -> str | None:
            return value.strip() or None if isinstance(value, str) else value

        status = clean(self.report_status)

        return ArchiveFilter(
            clean(self.since),
            clean(self.until),
            clean(self.mobile),
            clean(self.text),
            status.upper() if status else None,
            clean(self.error_msg),
            self.campaign_id,
        )


@dataclass(frozen=True)
class Page:
    rows: list[ArchiveRow]
    cursor: tuple[Any, ...] | None  # pass to the next page() call; None when this was the last page
    plan: str = ""  # "index" | "fts" | "walk" | "scan" (what ran, for the benchmark and logs)


@dataclass(frozen=True)
class Dialect:
    """What the archive's shared SQL needs to know of the database it runs on."""

    mark: str  # the placeholder
    like: str  # the text match: SQLite's LIKE is case-insensitive (ASCII), PostgreSQL's ILIKE is the same


SQLITE = Dialect("?", "LIKE")
POSTGRES = Dialect("%s", "ILIKE")


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE … ESCAPE '\\'`` (the operator's % and _ match themselves)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_where(flt: ArchiveFilter, dialect: Dialect, text: bool = True) -> tuple[list[str], list[Any]]:
    """The filter as conditions over ``m`` (``text``: with the text's LIKE), and their arguments."""
    mark = dialect.mark
    clauses: list[str] = []
    args: list[Any] = []
    for column, op, value in (("sent_at", ">=", flt.since), ("sent_at", "<=", flt.until), ("mobile", "=", flt.mobile)):
        if value:
            clauses.append(f"m.{column} {op} {mark}")
            args.append(value)
    if flt.report_status == PENDING:
        clauses.append("m.report_status IN ('', 'UNKNOWN')")  # the predicate of messages_pending_sent (team)
    elif flt.report_status:
        clauses.append(f"m.report_status = {mark}")
        args.append(flt.report_status)
    if flt.error_msg:
        clauses.append(f"m.error_msg = {mark}")
        args.append(flt.error_msg)
    if flt.campaign_id is not None:
        clauses.append(f"m.campaign_id = {mark}")
        args.append(int(flt.campaign_id))
    if text and flt.text:
        clauses.append(f"m.text {dialect.like} {mark} ESCAPE '\\'")
        args.append(like_pattern(flt.text))
    return clauses, args


def where_sql(clauses: Sequence[str]) -> str:
    """`` WHERE a AND b`` ('' for no condition)."""
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def sort_columns(sort: str) -> list[str]:
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort the archive by {sort!r}; sortable: {', '.join(SORT_KEYS)}")
    return ["sent_at", "id"] if sort == "sent_at" else [sort, "sent_at", "id"]


def hours_ago(hours: float, now: datetime | None = None) -> str:
    """The Beijing wire time ``hours`` before now."""
    moment = (now or beijing_now()) - timedelta(hours=hours)
    return moment.strftime(WIRE_TIME_FORMAT)


class ArchiveQueryBase(ABC):
    """Keyset paging over one filter and sort: ``page(cursor)`` returns the rows after ``cursor``
    (the subclass's plans find them); the cursor is the last row's sort key."""

    dialect: Dialect

    def __init__(
        self, flt: ArchiveFilter | None, sort: str, descending: bool, drive_max: int, walk_budget: int
    ) -> None:
        self.filter = (flt or ArchiveFilter()).normalised()
        self.sort = sort
        self.descending = descending
        self.sort_columns = sort_columns(sort)
        self.drive_max = drive_max  # < 0: no text index (every text plan's knob, for tests and benchmarks)
        self.walk_budget = walk_budget

    @abstractmethod
    def page(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> Page: ...

    def _conditions(self, cursor: tuple[Any, ...] | None, text: bool = True) -> tuple[list[str], list[Any]]:
        """The filter's conditions (``text``: with its LIKE) and, after ``cursor``, the keyset's."""
        clauses, args = filter_where(self.filter, self.dialect, text)
        if cursor is not None:
            marks = ", ".join([self.dialect.mark] * len(self.sort_columns))
            keys = ", ".join(f"m.{c}" for c in self.sort_columns)
            clauses.append(f"({keys}) {'<' if self.descending else '>'} ({marks})")
            args.extend(cursor)
        return clauses, args

    def _order(self) -> str:
        direction = "DESC" if self.descending else "ASC"
        return ", ".join(f"m.{c} {direction}" for c in self.sort_columns)

    def _page_of(self, rows: list[ArchiveRow], limit: int, plan: str) -> Page:
        """The page of ``rows`` read with ``limit + 1``: the extra row says whether more follow."""
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = self.cursor_after(rows[-1]) if (more and rows) else None
        return Page(rows, next_cursor, plan)

    def cursor_after(self, row: ArchiveRow) -> tuple[Any, ...]:
        return tuple(getattr(row, c) for c in self.sort_columns)

    def iter_rows(self, batch: int = 2000, control: StopCheck | None = None) -> Iterator[ArchiveRow]:
        """Every matching row in order, page by page (for export)."""
        cursor = None
        while True:
            if control is not None:
                control.check()
            page = self.page(cursor, batch)
            yield from page.rows
            if page.cursor is None:
                return
            cursor = page.cursor


StoreT = TypeVar("StoreT")


def without_report(
    query_type: Callable[[StoreT, ArchiveFilter], ArchiveQueryBase],
    store: StoreT,
    older_than_hours: float,
    since: str | None = None,
    until: str | None = None,
    campaign_id: int | None = None,
    limit: int = 1000,
    now: datetime | None = None,
) -> list[ArchiveRow]:
    """Messages sent (with a sid) more than ``older_than_hours`` ago that still have no final
    report, newest first — the candidates for a re-check with get_record. Each archive module
    binds its own ``query_type`` (``without_report(store, older_than_hours, ...)`` there)."""
    cutoff = hours_ago(older_than_hours, now)
    until = min(until, cutoff) if until else cutoff
    query = query_type(store, ArchiveFilter(since=since, until=until, report_status=PENDING, campaign_id=campaign_id))
    rows: list[ArchiveRow] = []
    for row in query.iter_rows(batch=min(limit, 1000)):
        if row.sid and row.code == 0:
            rows.append(row)
            if len(rows) >= limit:
                break
    return rows
