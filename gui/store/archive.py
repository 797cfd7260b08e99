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

Text search has two plans (``text_plan``). The full-text index (``gui.store.fts``)
knows how many texts hold each term: a rare term drives the query from the index
(a few hundred ids, then sorted); a common one (退订 in every marketing text) is
cheaper to test row by row while walking the date index, as a page fills after a few
hundred rows. Both confirm with ``text LIKE`` so the result is exactly "the text
contains this", whichever plan ran.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from gui.api.models import WIRE_TIME_FORMAT, beijing_now
from gui.store import fts
from gui.store.task_control import StopCheck

if TYPE_CHECKING:
    from gui.store.db import Store

DEFAULT_PAGE_SIZE = 200
# A term in fewer texts than this drives the query from the full-text index; a more common
# one is tested row by row along the sort index (see the module doc; measured by bench_archive).
FTS_DRIVE_MAX_MATCHES = 10_000

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
    plan: str = ""  # "index" | "fts" | "scan" (what ran, for the benchmark and logs)


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE … ESCAPE '\\'`` (the operator's % and _ match themselves)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_plan(conn: sqlite3.Connection, text: str, drive_max: int = FTS_DRIVE_MAX_MATCHES) -> tuple[str, str | None]:
    """("fts", MATCH expression) when the index narrows ``text`` to at most ``drive_max`` texts,
    else ("scan", None): test ``text LIKE`` row by row along the sort index.

    The vocabulary gives each term's count for free; when every term is common but their
    combination may not be (a long number, a URL), a capped count of the index's answer
    decides."""
    expression, rarest = fts.narrow_expression(conn, text)
    if expression is None:
        return "scan", None
    if rarest is not None and rarest <= drive_max:
        return "fts", expression
    if " AND " in expression and fts.count_matches(conn, expression, drive_max + 1) <= drive_max:
        return "fts", expression
    return "scan", None


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
    ) -> None:
        self.store = store
        self.filter = (flt or ArchiveFilter()).normalised()
        self.sort = sort
        self.descending = descending
        self.sort_columns = _sort_columns(sort)
        self.drive_max = drive_max
        self._plan: str | None = None
        self._expression: str | None = None

    def plan(self) -> str:
        """Which plan the text filter uses ("index" without a text filter)."""
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
                    self._plan, self._expression = text_plan(conn, self.filter.text, self.drive_max)
        return self._plan

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
        sql, args = self._sql(cursor, limit + 1)
        with self.store.reading() as conn:
            rows = [_row(r) for r in conn.execute(sql, args).fetchall()]
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = self.cursor_after(rows[-1]) if (more and rows) else None
        return Page(rows, next_cursor, self.plan())

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
        if self.plan() == "fts":
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


# --- campaigns --------------------------------------------------------------------------


def campaigns(store: Store) -> list[tuple[int, str]]:
    """(id, name) of the campaigns the journal knows (gui.campaign.journal shares the file),
    else the bare ids found on messages."""
    with store.reading() as conn:
        try:
            return [
                (int(r[0]), str(r[1])) for r in conn.execute("SELECT id, name FROM campaign_campaigns ORDER BY id DESC")
            ]
        except sqlite3.OperationalError:  # no journal in this store yet
            return [
                (int(r[0]), f"#{r[0]}")
                for r in conn.execute(
                    "SELECT DISTINCT campaign_id FROM messages WHERE campaign_id IS NOT NULL ORDER BY campaign_id DESC"
                )
            ]


def error_codes(store: Store, limit: int = 200) -> list[str]:
    """Error codes seen on failed reports, most frequent first (for a filter's choices)."""
    return [
        r[0]
        for r in store._query(
            "SELECT error_msg FROM messages WHERE report_status = 'FAIL' AND error_msg != ''"
            " GROUP BY error_msg ORDER BY COUNT(*) DESC LIMIT ?",
            (limit,),
        )
    ]


# --- statistics -------------------------------------------------------------------------


@dataclass
class DeliveryStats:
    """Counts of sent messages by their report (refused sends, code != 0, are not counted)."""

    key: Any  # the day ('yyyy-MM-dd') or the campaign id
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    no_report: int = 0

    @property
    def success_rate(self) -> float | None:
        """Delivered share of the sent messages (None when nothing was sent)."""
        return self.delivered / self.sent if self.sent else None

    @property
    def reported_success_rate(self) -> float | None:
        """Delivered share of the messages that have a final report."""
        done = self.delivered + self.failed
        return self.delivered / done if done else None

    def add(self, other: DeliveryStats) -> None:
        self.sent += other.sent
        self.delivered += other.delivered
        self.failed += other.failed
        self.no_report += other.no_report


_STATS_SUM = (
    "COUNT(*), SUM(m.report_status = 'SUCCESS'), SUM(m.report_status = 'FAIL'), SUM(m.report_status IN ('', 'UNKNOWN'))"
)


def _stats_where(since: str | None, until: str | None, campaign_id: int | None) -> tuple[str, list[Any]]:
    clauses, args = _where(ArchiveFilter(since=since, until=until, campaign_id=campaign_id))
    clauses.append("m.code = 0")
    return " WHERE " + " AND ".join(clauses), args


def daily_stats(
    store: Store, since: str | None, until: str | None, campaign_id: int | None = None
) -> list[DeliveryStats]:
    """Per Beijing day (oldest first): sent, delivered, failed, no report yet."""
    where, args = _stats_where(since, until, campaign_id)
    rows = store._query(
        f"SELECT substr(m.sent_at, 1, 10) AS day, {_STATS_SUM} FROM messages m{where} GROUP BY day ORDER BY day",
        args,
    ).fetchall()
    return [DeliveryStats(r[0], int(r[1]), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0)) for r in rows]


def campaign_stats(store: Store, since: str | None, until: str | None) -> list[DeliveryStats]:
    """Per campaign (newest campaign first) over the range; messages of no campaign are left out."""
    where, args = _stats_where(since, until, None)
    rows = store._query(
        f"SELECT m.campaign_id, {_STATS_SUM} FROM messages m{where} AND m.campaign_id IS NOT NULL"
        " GROUP BY m.campaign_id ORDER BY m.campaign_id DESC",
        args,
    ).fetchall()
    return [DeliveryStats(int(r[0]), int(r[1]), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0)) for r in rows]


def total_stats(days: Sequence[DeliveryStats]) -> DeliveryStats:
    total = DeliveryStats("total")
    for day in days:
        total.add(day)
    return total


def top_errors(
    store: Store, since: str | None, until: str | None, campaign_id: int | None = None, limit: int = 10
) -> list[tuple[str, int]]:
    """The most frequent error codes of failed reports: (code, count), most frequent first."""
    clauses, args = _where(ArchiveFilter(since=since, until=until, report_status=FAIL, campaign_id=campaign_id))
    rows = store._query(
        f"SELECT m.error_msg, COUNT(*) AS n FROM messages m WHERE {' AND '.join(clauses)}"
        " GROUP BY m.error_msg ORDER BY n DESC, m.error_msg LIMIT ?",
        (*args, limit),
    ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


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
