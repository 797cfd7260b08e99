"""Archive queries over the team store: ``gui.store.archive``'s API on PostgreSQL (no Qt).

``ArchiveQuery(store, ArchiveFilter(...), sort, descending).page(cursor)`` gives the same rows
in the same order, with the same keyset cursors, as the local archive: one row per message,
filters on its columns, pages continuing after the last row's sort key
(``(sent_at, id) < (%s, %s)``), so page 5,000 costs what page 1 costs. Every filter has an
index that ends in ``(sent_at, id)`` (``gui.store.team.schema``).

Text search: the archive's own bigram tokens (``gui.store.fts``) are in ``messages.tokens``
with a GIN index; a search asks for texts holding the query's bigrams (``tokens @> ARRAY[…]``,
at most ``MAX_TERMS`` of them, the rarest by the planner's statistics) and confirms with
``ILIKE`` (as SQLite's ``LIKE``, case-insensitive), so the result is exactly "the text contains
this". PostgreSQL's planner chooses between walking the filter's index in time order, testing
the condition row by row (a common term), and the GIN index's matches sorted (a rare one). A
query of single characters only has no bigram: its plan is "scan" (the condition alone).

The planner's hard case is a term of middling share whose matches all lie far back (a campaign's
word, 5 % of the archive, 80 days old): walking the time index reads every newer message first,
and sorting every match reads 50,000 rows. For a text alone (with dates), at a share between
``DAY_WALK_SHARE``'s bounds, the "days" plan asks the GIN index for one day's matches at a time
(each message's tokens hold its day, ``'@yyyy-MM-dd'``, kept by a trigger), newest day first,
in one statement whose Limit ends the walk as soon as the page is full.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from gui.store.archive import (
    COLUMNS,
    DEFAULT_PAGE_SIZE,
    PENDING,
    ArchiveFilter,
    ArchiveRow,
    Page,
    _sort_columns,
    hours_ago,
    like_pattern,
)
from gui.store.fts import FTS_DRIVE_MAX_MATCHES, query_terms
from gui.store.task_control import StopCheck
from gui.store.team.schema import DAILY_TABLE
from gui.store.team.store import TeamStore
from gui.store.team.terms import estimated_share, rarest_terms

MAX_TERMS = 4  # a few rare bigrams narrow as well as all of them (ILIKE confirms anyway)
# A term in this share of the messages (by the planner's statistics) is searched day by day: common
# enough that its matches are too many to sort, rare enough that walking the time index may read
# far before it finds a page (a campaign's word 80 days old). Rarer: the index's matches, sorted;
# commoner: the time index, row by row (both the planner's own choice).
DAY_WALK_SHARE = (0.002, 0.15)
_SELECT = ", ".join(f"m.{c}" for c in COLUMNS)


def _where(flt: ArchiveFilter, terms: Sequence[str]) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if flt.since:
        clauses.append("m.sent_at >= %s")
        args.append(flt.since)
    if flt.until:
        clauses.append("m.sent_at <= %s")
        args.append(flt.until)
    if flt.mobile:
        clauses.append("m.mobile = %s")
        args.append(flt.mobile)
    if flt.report_status == PENDING:
        clauses.append("m.report_status IN ('', 'UNKNOWN')")  # the predicate of messages_pending_sent
    elif flt.report_status:
        clauses.append("m.report_status = %s")
        args.append(flt.report_status)
    if flt.error_msg:
        clauses.append("m.error_msg = %s")
        args.append(flt.error_msg)
    if flt.campaign_id is not None:
        clauses.append("m.campaign_id = %s")
        args.append(int(flt.campaign_id))
    if terms:
        clauses.append("m.tokens @> %s::text[]")
        args.append(list(terms))
    if flt.text:
        clauses.append("m.text ILIKE %s ESCAPE '\\'")
        args.append(like_pattern(flt.text))
    return clauses, args


class ArchiveQuery:
    """One filter and sort over the team archive; ``page(cursor)`` returns the rows after ``cursor``.

    ``drive_max`` < 0 leaves the token index out ("scan": the text condition tested row by row),
    as the local archive's knob does; ``walk_budget`` is accepted for the same signature."""

    def __init__(
        self,
        store: TeamStore,
        flt: ArchiveFilter | None = None,
        sort: str = "sent_at",
        descending: bool = True,
        drive_max: int = FTS_DRIVE_MAX_MATCHES,
        walk_budget: int = 0,
    ) -> None:
        self.store = store
        self.filter = (flt or ArchiveFilter()).normalised()
        self.sort = sort
        self.descending = descending
        self.sort_columns = _sort_columns(sort)
        self.drive_max = drive_max
        self._plan: str | None = None
        self._terms: list[str] = []

    def plan(self) -> str:
        """ "index" (no text), "tokens" (the GIN index may serve the text) or "scan" (it cannot)."""
        if self._plan is None:
            if not self.filter.text:
                self._plan = "index"
            else:
                bigrams, _singles = query_terms(self.filter.text)
                if bigrams and self.drive_max >= 0:
                    self._terms = rarest_terms(self.store, bigrams, MAX_TERMS)
                    share = estimated_share(self.store, self._terms)
                    # a number, a status, an error code or a campaign: its own index narrows better
                    flt = self.filter
                    others = flt.mobile or flt.report_status or flt.error_msg or flt.campaign_id is not None
                    walk = self.sort == "sent_at" and not others
                    low, high = DAY_WALK_SHARE
                    self._plan = "days" if walk and low <= share < high else "tokens"
                else:
                    self._plan = "scan"
        return self._plan

    def _sql(self, cursor: tuple[Any, ...] | None, limit: int | None) -> tuple[str, list[Any]]:
        self.plan()
        clauses, args = _where(self.filter, self._terms)
        direction = "DESC" if self.descending else "ASC"
        columns = self.sort_columns
        if cursor is not None:
            marks = ", ".join(["%s"] * len(columns))
            keys = ", ".join(f"m.{c}" for c in columns)
            clauses.append(f"({keys}) {'<' if self.descending else '>'} ({marks})")
            args.extend(cursor)
        order = ", ".join(f"m.{c} {direction}" for c in columns)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT {_SELECT} FROM messages m{where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT %s"
            args.append(int(limit))
        return sql, args

    def _day_walk_sql(self, cursor: tuple[Any, ...] | None, limit: int) -> tuple[str, list[Any]]:
        """The "days" plan: day after day in sort order, each day's matches from one GIN scan
        (the terms and the day token), sorted, until the page is full (the Limit stops the loop)."""
        flt = self.filter
        low, high = flt.since, flt.until
        if cursor is not None:
            if self.descending:
                high = min(high, cursor[0]) if high else cursor[0]
            else:
                low = max(low, cursor[0]) if low else cursor[0]
        direction = "DESC" if self.descending else "ASC"
        days = [
            str(r[0])
            for r in self.store._query(
                f"SELECT day FROM {DAILY_TABLE} WHERE day >= %s AND day <= %s GROUP BY day"
                f" HAVING SUM(messages) > 0 ORDER BY day {direction}",
                ((low or "")[:10], (high or "\U0010ffff")[:10]),
            )
        ]
        clauses, args = _where(flt, [])
        if cursor is not None:
            clauses.append(f"(m.sent_at, m.id) {'<' if self.descending else '>'} (%s, %s)")
            args.extend(cursor)
        clauses.append("m.tokens @> array_append(%s::text[], '@' || d.day)")
        args.append(list(self._terms))
        columns = ", ".join(f"x.{c}" for c in COLUMNS)
        sql = (
            f"SELECT {columns} FROM unnest(%s::text[]) AS d(day) CROSS JOIN LATERAL"
            f" (SELECT {_SELECT} FROM messages m WHERE {' AND '.join(clauses)}"
            f" ORDER BY m.sent_at {direction}, m.id {direction} LIMIT %s) x LIMIT %s"
        )
        return sql, [days, *args, int(limit), int(limit)]

    def page(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> Page:
        if self.plan() == "days":
            sql, args = self._day_walk_sql(cursor, limit + 1)
        else:
            sql, args = self._sql(cursor, limit + 1)
        rows = [ArchiveRow(*r) for r in self.store._query(sql, args)]
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = self.cursor_after(rows[-1]) if (more and rows) else None
        return Page(rows, next_cursor, self.plan())

    def cursor_after(self, row: ArchiveRow) -> tuple[Any, ...]:
        return tuple(getattr(row, c) for c in self.sort_columns)

    def explain(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> list[str]:
        """EXPLAIN lines of the page's statement (for the benchmark and tests)."""
        sql, args = self._sql(cursor, limit)
        return [str(r[0]) for r in self.store._query("EXPLAIN " + sql, args)]

    def count(self) -> int:
        """How many rows match (reads every match: run it in a worker)."""
        self.plan()
        clauses, args = _where(self.filter, self._terms)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return int(self.store._query(f"SELECT COUNT(*) FROM messages m{where}", args)[0][0])

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


def without_report(
    store: TeamStore,
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
    flt = ArchiveFilter(since=since, until=until, report_status=PENDING, campaign_id=campaign_id)
    query = ArchiveQuery(store, flt)
    rows: list[ArchiveRow] = []
    for row in query.iter_rows(batch=min(limit, 1000)):
        if row.sid and row.code == 0:
            rows.append(row)
            if len(rows) >= limit:
                break
    return rows


__all__ = ["ArchiveFilter", "ArchiveQuery", "ArchiveRow", "Page", "without_report"]
