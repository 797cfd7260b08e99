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

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from gui.store import fts, fts_walk
from gui.store.archive_base import (  # re-exported: every name stays importable from here
    COLUMNS,
    DEFAULT_PAGE_SIZE,
    FAIL,
    NO_REPORT_STATUSES,
    PENDING,
    SORT_KEYS,
    SQLITE,
    SUCCESS,
    UNKNOWN,
    ArchiveFilter,
    ArchiveQueryBase,
    ArchiveRow,
    Page,
    hours_ago,
    like_pattern,
    where_sql,
)
from gui.store.archive_base import SELECT_COLUMNS as _SELECT
from gui.store.archive_base import without_report as _without_report
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

if TYPE_CHECKING:
    from gui.store.db import Store

# The FTS5 table's matches, joined to their messages (the "fts" plan and the text's count).
_FTS_SOURCE = (
    f"(SELECT rowid AS fid FROM {fts.FTS_TABLE} WHERE {fts.FTS_TABLE} MATCH ?) f CROSS JOIN messages m ON m.id = f.fid"
)


def _row(values: Sequence[Any]) -> ArchiveRow:
    return ArchiveRow(*values)


class ArchiveQuery(ArchiveQueryBase):
    """One filter and sort over the archive; ``page(cursor)`` returns the rows after ``cursor``."""

    dialect = SQLITE

    def __init__(
        self,
        store: Store,
        flt: ArchiveFilter | None = None,
        sort: str = "sent_at",
        descending: bool = True,
        drive_max: int = FTS_DRIVE_MAX_MATCHES,
        walk_budget: int = fts_walk.WALK_BUDGET,
    ) -> None:
        super().__init__(flt, sort, descending, drive_max, walk_budget)
        self.store = store
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

    def _source(self, fts_plans: tuple[str, ...], args: list[Any]) -> tuple[str, list[Any]]:
        """The rows to read from: the FTS table's matches under ``fts_plans``, else every message."""
        if self.plan() in fts_plans:
            return _FTS_SOURCE, [self._expression, *args]
        return "messages m", args

    def _sql(self, cursor: tuple[Any, ...] | None, limit: int | None) -> tuple[str, list[Any]]:
        clauses, args = self._conditions(cursor)
        source, args = self._source(("fts",), args)
        sql = f"SELECT {_SELECT} FROM {source}{where_sql(clauses)} ORDER BY {self._order()}"
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
        return self._page_of(rows, limit, plan)

    def _walk(self, cursor: tuple[Any, ...] | None, limit: int) -> tuple[list[ArchiveRow] | None, str]:
        """The "walk" plan's rows (gui.store.fts_walk), and the plan that found them; (None, "scan")
        when neither the probe nor the walk settled the page within its budget."""
        flt = self.filter
        clauses, args = self._conditions(cursor, text=False)  # sorted by (sent_at, id): see _walks
        low, high = flt.since, flt.until
        if cursor is not None:
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

    def explain(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> list[str]:
        """EXPLAIN QUERY PLAN lines (for the benchmark and tests)."""
        sql, args = self._sql(cursor, limit)
        with self.store.reading() as conn:
            return [str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args)]

    def count(self) -> int:
        """How many rows match (walks every match: run it in a worker)."""
        clauses, args = self._conditions(None)
        source, args = self._source(("fts", "walk"), args)
        with self.store.reading() as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {source}{where_sql(clauses)}", args).fetchone()[0])


# Messages sent (with a sid) more than ``older_than_hours`` ago that still have no final report,
# newest first: ``without_report(store, older_than_hours, since, until, campaign_id, limit, now)``.
without_report = partial(_without_report, ArchiveQuery)

__all__ = [
    "COLUMNS",
    "FAIL",
    "NO_REPORT_STATUSES",
    "SUCCESS",
    "UNKNOWN",
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
    "hours_ago",
    "top_errors",
    "total_stats",
    "without_report",
    "text_plan",
    "like_pattern",
]
