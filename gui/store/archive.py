"""Archive queries over the profile's store: filtered, sorted, paged in SQL (no Qt).

One row per message (``messages``, schema v2: sent from the console, synced from
get_record, or known from a report only) with its latest report status on the row
itself, so every filter is a walk down one index that ends in ``sent_at``:

============================  ===========================================
filter                        index
============================  ===========================================
none / date range             ``messages_sent(sent_at)``
number (+ dates)              ``messages_mobile_sent(mobile, sent_at)``
report status (+ dates)       ``messages_status_sent(report_status, sent_at)``
error code (+ dates)          ``messages_error_sent(error_msg, sent_at)``
campaign (+ dates)            ``messages_campaign_sent(campaign_id, sent_at)``
============================  ===========================================

Pages are **keyset** pages: the next page starts after the last row's sort key
(``(sent_at, id) < (?, ?)``), so page 5,000 costs what page 1 costs.

Text search has three plans (``fts.text_plan``, ``ArchiveQuery.plan``). The full-text
index (``gui.store.fts``) knows how many texts hold each term: a rare term drives the
query from the index (a few hundred ids, then sorted, "fts"). A common one "walks" the
index by id, newest first, until the page is sure (``gui.store.fts_walk``: ids grow with
time, and the id blocks' time spans kept on write say when no older id can still make the
page) — after a short probe down the filter's own index when it has a status, an error
code or a campaign. When the walk's budget runs out, or the archive is sorted by
something else, or a number is given, the row-by-row plan ("scan") tests the text while
walking the sort index. All confirm with ``text LIKE`` so the result is exactly "the text
contains this", whichever plan ran.

Statistics (``gui.store.stats``, re-exported here) sum the day counters kept on write.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from gui.api.models import WIRE_TIME_FORMAT, beijing_now
from gui.store import fts, fts_walk
from gui.store.fts import FTS_DRIVE_MAX_MATCHES, text_plan
from gui.store.stats import (
    DeliveryStats,
    campaign_stats,
    campaigns,
    daily_stats,
    error_codes,
    top_errors,
    total_stats,
)
from gui.store.task_control import StopCheck

if TYPE_CHECKING:
    from gui.store.db import Store

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
_SELECT = ", ".join(f"m.{c}" for c in COLUMNS)


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


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE … ESCAPE '\\'`` (the operator's % and _ match themselves)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(flt: ArchiveFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if flt.since:
        clauses.append("m.sent_at >= ?")
        args.append(flt.since)
    if flt.until:
        clauses.append("m.sent_at <= ?")
        args.append(flt.until)
    if flt.mobile:
        clauses.append("m.mobile = ?")
        args.append(flt.mobile)
    if flt.report_status == PENDING:
        clauses.append("m.report_status IN ('', 'UNKNOWN')")
    elif flt.report_status:
        clauses.append("m.report_status = ?")
        args.append(flt.report_status)
    if flt.error_msg:
        clauses.append("m.error_msg = ?")
        args.append(flt.error_msg)
    if flt.campaign_id is not None:
        clauses.append("m.campaign_id = ?")
        args.append(int(flt.campaign_id))
    if flt.text:
        clauses.append("m.text LIKE ? ESCAPE '\\'")
        args.append(like_pattern(flt.text))
    return clauses, args


def _sort_columns(sort: str) -> list[str]:
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort the archive by {sort!r}; sortable: {', '.join(SORT_KEYS)}")
    return ["sent_at", "id"] if sort == "sent_at" else [sort, "sent_at", "id"]


def _row(values: Sequence[Any]) -> ArchiveRow:
    return ArchiveRow(*values)


class ArchiveQuery:
    """One filter and sort over the archive; ``page(cursor)`` returns the rows after ``cursor``."""

    def __init__(
        self,
        store: Store,
        flt: ArchiveFilter | None = None,
        sort: str = "sent_at",
        descending: bool = True,
        drive_max: int = FTS_DRIVE_MAX_MATCHES,
        walk_budget: int = fts_walk.WALK_BUDGET,
    ) -> None:
        self.store = store
        self.filter = (flt or ArchiveFilter()).normalised()
        self.sort = sort
        self.descending = descending
        self.sort_columns = _sort_columns(sort)
        self.drive_max = drive_max
        self.walk_budget = walk_budget
        self._plan: str | None = None
        self._expression: str | None = None

    def plan(self) -> str:
        """Which plan the text filter uses ("index" without a text filter; "walk" may give way to
        "scan" on a page, see ``page``)."""
        if self._plan is None:
            if not self.filter.text:
                self._plan = "index"
            else:
                with self.store.reading() as conn:
                    pending = fts.pending(conn)
                if pending:
                    # rows written by something that did not index them (an older console)
                    with self.store.transaction() as wconn:
                        fts.catch_up(wconn)
                with self.store.reading() as conn:
                    self._plan, self._expression = fts.text_plan_with_expression(conn, self.filter.text, self.drive_max)
                if self._plan == "scan" and self._expression and self._walks():
                    self._plan = "walk"  # a common term: walk the index by id, newest first (gui.store.fts_walk)
        return self._plan

    def _walks(self) -> bool:
        """Whether a common term's page may walk the index: sorted by time (the walk's order), the
        index allowed (``drive_max`` >= 0) and no number (one number's rows are a short walk of their own)."""
        return self.sort == "sent_at" and self.drive_max >= 0 and not self.filter.mobile and self.walk_budget > 0

    def _sql(self, cursor: tuple[Any, ...] | None, limit: int | None) -> tuple[str, list[Any]]:
        clauses, args = _where(self.filter)
        direction = "DESC" if self.descending else "ASC"
        columns = self.sort_columns
        if cursor is not None:
            marks = ", ".join("?" * len(columns))
            keys = ", ".join(f"m.{c}" for c in columns)
            clauses.append(f"({keys}) {'<' if self.descending else '>'} ({marks})")
            args.extend(cursor)
        order = ", ".join(f"m.{c} {direction}" for c in columns)
        plan = self.plan()
        if plan == "fts":
            source = (
                f"(SELECT rowid AS fid FROM {fts.FTS_TABLE} WHERE {fts.FTS_TABLE} MATCH ?) f"
                " CROSS JOIN messages m ON m.id = f.fid"
            )
            args = [self._expression, *args]
        else:
            source = "messages m"
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT {_SELECT} FROM {source}{where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        return sql, args

    def page(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> Page:
        plan = self.plan()
        rows: list[ArchiveRow] | None = None
        if plan == "walk":
            rows, plan = self._walk(cursor, limit + 1)
        if rows is None:
            sql, args = self._sql(cursor, limit + 1)
            with self.store.reading() as conn:
                rows = [_row(r) for r in conn.execute(sql, args).fetchall()]
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = self.cursor_after(rows[-1]) if (more and rows) else None
        return Page(rows, next_cursor, plan)

    def _walk(self, cursor: tuple[Any, ...] | None, limit: int) -> tuple[list[ArchiveRow] | None, str]:
        """The "walk" plan's rows (gui.store.fts_walk), and the plan that found them; (None, "scan")
        when neither the probe nor the walk settled the page within its budget."""
        flt = self.filter
        clauses, args = _where(replace(flt, text=None))
        low, high = flt.since, flt.until
        if cursor is not None:
            clauses.append(f"(m.sent_at, m.id) {'<' if self.descending else '>'} (?, ?)")
            args.extend(cursor)
            if self.descending:
                high = min(high, cursor[0]) if high else cursor[0]
            else:
                low = max(low, cursor[0]) if low else cursor[0]
        assert self._expression is not None
        other_index = bool(flt.report_status or flt.error_msg or flt.campaign_id is not None)
        with self.store.reading() as conn:
            ids, plan = fts_walk.page_ids(
                conn,
                self._expression,
                clauses,
                args,
                like_pattern(flt.text or ""),
                limit,
                self.descending,
                (low, high),
                probe=other_index,
                budget=self.walk_budget,
            )
            if ids is None:
                return None, plan
            marks = ",".join("?" * len(ids))
            found = conn.execute(f"SELECT {_SELECT} FROM messages m WHERE m.id IN ({marks})", ids).fetchall()
        by_id = {int(r[0]): _row(r) for r in found}
        return [by_id[i] for i in ids if i in by_id], plan  # (a row deleted meanwhile is gone)

    def cursor_after(self, row: ArchiveRow) -> tuple[Any, ...]:
        return tuple(getattr(row, c) for c in self.sort_columns)

    def explain(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> list[str]:
        """EXPLAIN QUERY PLAN lines (for the benchmark and tests)."""
        sql, args = self._sql(cursor, limit)
        with self.store.reading() as conn:
            return [str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args)]

    def count(self) -> int:
        """How many rows match (walks every match: run it in a worker)."""
        clauses, args = _where(self.filter)
        if self.plan() in ("fts", "walk"):
            source = (
                f"(SELECT rowid AS fid FROM {fts.FTS_TABLE} WHERE {fts.FTS_TABLE} MATCH ?) f"
                " CROSS JOIN messages m ON m.id = f.fid"
            )
            args = [self._expression, *args]
        else:
            source = "messages m"
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self.store.reading() as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {source}{where}", args).fetchone()[0])

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


# --- statistics (the others: gui.store.stats, from the day counters) ----------------------


def hours_ago(hours: float, now: datetime | None = None) -> str:
    """The Beijing wire time ``hours`` before now."""
    moment = (now or beijing_now()) - timedelta(hours=hours)
    return moment.strftime(WIRE_TIME_FORMAT)


def without_report(
    store: Store,
    older_than_hours: float,
    since: str | None = None,
    until: str | None = None,
    campaign_id: int | None = None,
    limit: int = 1000,
    now: datetime | None = None,
) -> list[ArchiveRow]:
    """Messages sent (with a sid) more than ``older_than_hours`` ago that still have no final
    report, newest first — the candidates for a re-check with get_record."""
    cutoff = hours_ago(older_than_hours, now)
    until = min(until, cutoff) if until else cutoff
    query = ArchiveQuery(store, ArchiveFilter(since=since, until=until, report_status=PENDING, campaign_id=campaign_id))
    rows: list[ArchiveRow] = []
    for row in query.iter_rows(batch=min(limit, 1000)):
        if row.sid and row.code == 0:
            rows.append(row)
            if len(rows) >= limit:
                break
    return rows


__all__ = [
    "ArchiveFilter",
    "ArchiveQuery",
    "ArchiveRow",
    "DeliveryStats",
    "Page",
    "SORT_KEYS",
    "PENDING",
    "campaigns",
    "campaign_stats",
    "daily_stats",
    "error_codes",
    "top_errors",
    "total_stats",
    "without_report",
    "text_plan",
    "like_pattern",
]
