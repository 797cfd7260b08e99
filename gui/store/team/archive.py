"""Archive queries over the team store: ``gui.store.archive``'s API on PostgreSQL (no Qt).

``ArchiveQuery(store, ArchiveFilter(...), sort, descending).page(cursor)`` gives the same rows
in the same order, with the same keyset cursors, as the local archive: one row per message,
filters on its columns, pages continuing after the last row's sort key
(``(sent_at, id) < (%s, %s)``), so page 5,000 costs what page 1 costs. Every filter has an
index that ends in ``(sent_at, id)`` (``gui.store.team.schema``).

Text search: the archive's own bigram tokens (``gui.store.fts``) are in ``messages.tokens``
with a GIN index, together with each message's day, status, error code and campaign as tokens
of their own (``schema.V4``); a search asks for texts holding the query's bigrams (at most
``MAX_TERMS``, the rarest by the planner's statistics, ``gui.store.team.terms``) and the
filter's keys, and confirms with ``ILIKE`` (as SQLite's ``LIKE``, case-insensitive), so the
result is exactly "the text contains this". The plan is chosen here, from the term's share
(the statistics) and the filter's messages (the day counters), not left to the planner — its
guess for several bigrams together multiplies their shares as if independent, and a wrong
guess costs a walk through the whole archive:

- "tokens": at most ``RARE_MATCHES`` matches (the rarest bigram's share of the range's
  messages, or the filter's own messages): the GIN index's matches, sorted;
- "walk": a term in ``WALK_SHARE`` of the messages or more: the filter's time index, testing
  the text row by row, for at most ``WALK_BUDGET`` rows; the day walk takes over after them;
- "days": the others — the day walk (``gui.store.team.day_walk``);
- "number": a number's messages are a short walk of their own index (no GIN);
- "scan": no bigram in the query (single characters), or ``drive_max`` < 0.

Each subquery that must be read from the GIN index sits behind ``OFFSET 0`` or a
``MATERIALIZED`` CTE: the planner then chooses how to read that set, never an ordered walk
testing row after row because it hopes the LIMIT comes soon.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from gui.store.archive_base import (
    DEFAULT_PAGE_SIZE,
    PENDING,
    POSTGRES,
    ArchiveFilter,
    ArchiveQueryBase,
    ArchiveRow,
    Page,
    filter_where,
    like_pattern,
    where_sql,
)
from gui.store.archive_base import SELECT_COLUMNS as _SELECT
from gui.store.archive_base import without_report as _without_report
from gui.store.fts import FTS_DRIVE_MAX_MATCHES, query_terms
from gui.store.team.day_walk import DayWalk
from gui.store.team.schema import CAMPAIGN_TOKEN, DAILY_TABLE, DAY_TOKEN, ERROR_TOKEN, STATUS_TOKEN
from gui.store.team.store import TeamStore
from gui.store.team.terms import estimated_messages, estimated_share, keys_share, rarest_terms

MAX_TERMS = 4  # a few rare bigrams narrow as well as all of them (ILIKE confirms anyway)
RARE_MATCHES = 1_000  # at most this many matches: sort them all ("tokens")
WALK_SHARE = 0.15  # a term at least this common: walk the time index row by row ("walk") ...
WALK_BUDGET = 4_000  # ... for at most this many rows, then day by day
RANGE_DAY_TOKENS = 64  # a range of at most this many days: its day tokens narrow the "tokens" plan
TEXT_PLANS = ("tokens", "walk", "days")
_NO_REPORT = [STATUS_TOKEN, STATUS_TOKEN + "UNKNOWN"]


def key_tokens(flt: ArchiveFilter) -> tuple[list[str], list[str]]:
    """The filter's keys as tokens (``schema.V4``): all of the first list, one of the second."""
    all_of: list[str] = []
    any_of: list[str] = []
    if flt.report_status == PENDING:
        any_of = list(_NO_REPORT)
    elif flt.report_status:
        all_of.append(STATUS_TOKEN + flt.report_status)
    if flt.error_msg:
        all_of.append(ERROR_TOKEN + flt.error_msg)
    if flt.campaign_id is not None:
        all_of.append(f"{CAMPAIGN_TOKEN}{int(flt.campaign_id)}")
    return all_of, any_of


class ArchiveQuery(ArchiveQueryBase):
    """One filter and sort over the team archive; ``page(cursor)`` returns the rows after ``cursor``.

    ``drive_max`` < 0 leaves the token index out ("scan": the text condition tested row by row),
    as the local archive's knob does; ``walk_budget`` bounds the "walk" plan's rows (0: no walk);
    ``text_plan`` (one of ``TEXT_PLANS``) imposes a text plan (tests compare them)."""

    dialect = POSTGRES

    def __init__(
        self,
        store: TeamStore,
        flt: ArchiveFilter | None = None,
        sort: str = "sent_at",
        descending: bool = True,
        drive_max: int = FTS_DRIVE_MAX_MATCHES,
        walk_budget: int = WALK_BUDGET,
        text_plan: str | None = None,
    ) -> None:
        super().__init__(flt, sort, descending, drive_max, walk_budget)
        self.store = store
        self.text_plan = text_plan
        self._plan: str | None = None
        self._terms: list[str] = []
        self._days: dict[tuple[str, str], list[str]] = {}

    def plan(self) -> str:
        """ "index" (no text), "tokens", "walk", "days", "number" or "scan" (the module's docstring)."""
        if self._plan is None:
            flt = self.filter
            if not flt.text:
                self._plan = "index"
                return self._plan
            bigrams, _singles = query_terms(flt.text)
            if not bigrams or self.drive_max < 0:
                self._plan = "scan"
            elif flt.mobile:
                self._plan = "number"
            else:
                self._terms = rarest_terms(self.store, bigrams, MAX_TERMS)
                self._plan = self.text_plan or self._choose(estimated_share(self.store, self._terms))
        return self._plan

    def _choose(self, share: float) -> str:
        """The text plan by estimates alone (the statistics, the range's days): no count."""
        if self.sort != "sent_at":
            return "tokens"
        messages = estimated_messages(self.store)
        if share * messages <= RARE_MATCHES:
            return "tokens"  # the term's own matches are few (the filter's keys only narrow them)
        all_of, any_of = key_tokens(self.filter)
        messages *= keys_share(self.store, all_of, any_of) if (all_of or any_of) else 1.0
        days = self.range_days()
        if days is not None:
            messages *= len(days) / max(len(self.days(whole=True)), 1)
        if share * messages <= RARE_MATCHES:
            return "tokens"
        if share >= WALK_SHARE and self.walk_budget > 0:
            return "walk"
        return "days"

    def days(self, whole: bool = False) -> list[str]:
        """The days of the filter's range (``whole``: of the archive) that have messages, in sort
        order: one look-up of the day counters' index per day."""
        flt = self.filter
        low, high = ("", "\U0010ffff") if whole else ((flt.since or "")[:10], (flt.until or "\U0010ffff")[:10])
        key = (low, high)
        if key not in self._days:
            older = "<" if self.descending else ">"  # the next day in sort order
            direction = "DESC" if self.descending else "ASC"
            rows = self.store._query(
                f"WITH RECURSIVE d(day) AS ((SELECT day FROM {DAILY_TABLE} WHERE day >= %s AND day <= %s"
                f" ORDER BY day {direction} LIMIT 1) UNION ALL SELECT (SELECT x.day FROM {DAILY_TABLE} x"
                f" WHERE x.day {older} d.day AND x.day >= %s AND x.day <= %s ORDER BY x.day {direction} LIMIT 1)"
                " FROM d WHERE d.day IS NOT NULL) SELECT day FROM d WHERE day IS NOT NULL",
                (low, high, low, high),
            )
            self._days[key] = [str(r[0]) for r in rows]
        return self._days[key]

    def range_days(self) -> list[str] | None:
        """The range's days when it leaves some of the archive's out and they are at most
        ``RANGE_DAY_TOKENS`` (the "tokens" plan asks the index for them), else None."""
        if not (self.filter.since or self.filter.until):
            return None
        days = self.days()
        return days if len(days) <= RANGE_DAY_TOKENS and len(days) < len(self.days(whole=True)) else None

    def _sql(self, cursor: tuple[Any, ...] | None, limit: int | None) -> tuple[str, list[Any]]:
        """One statement: the filter's index ("index", "number", "scan"), or the GIN index's
        matches sorted ("tokens"; the others' plain form, for ``explain``)."""
        plan = self.plan()
        clauses, args = self._conditions(cursor)
        where = where_sql(clauses)
        if plan in TEXT_PLANS:
            all_of, any_of = key_tokens(self.filter)
            tokens, token_args = "m.tokens @> %s::text[]", [[*self._terms, *all_of]]
            if any_of:
                tokens += " AND m.tokens && %s::text[]"
                token_args.append(any_of)
            days = self.range_days() if plan == "tokens" else None
            if days is not None:
                tokens += " AND m.tokens && %s::text[]"
                token_args.append([DAY_TOKEN + d for d in days])
            source = f"(SELECT {_SELECT} FROM messages m WHERE {tokens} OFFSET 0) m"
            args = token_args + args
        else:
            source = "messages m"
        sql = f"SELECT {_SELECT} FROM {source}{where} ORDER BY {self._order()}"
        if limit is not None:
            sql += " LIMIT %s"
            args.append(int(limit))
        return sql, args

    def _walk(self, conn: Any, cursor: tuple[Any, ...] | None, limit: int) -> list[Any]:
        """The "walk" plan: the filter's first ``walk_budget`` rows down its time index, their text
        tested; when they hold fewer than ``limit`` matches and more rows follow, the day walk
        continues after the last row tested."""
        clauses, args = self._conditions(cursor, text=False)
        where = where_sql(clauses)
        order = self._order()
        outer = order.replace("m.", "w.")
        rows = list(
            conn.execute(
                f"SELECT w.* FROM (SELECT {_SELECT} FROM messages m{where} ORDER BY {order} LIMIT %s) w"
                f" WHERE w.text ILIKE %s ESCAPE '\\' ORDER BY {outer} LIMIT %s",
                [*args, int(self.walk_budget), like_pattern(self.filter.text or ""), int(limit)],
            ).fetchall()
        )
        if len(rows) >= limit:
            return rows
        last = conn.execute(
            f"SELECT m.sent_at, m.id FROM messages m{where} ORDER BY {order} OFFSET %s LIMIT 1",
            [*args, int(self.walk_budget) - 1],
        ).fetchone()
        if last is None:
            return rows  # the budget covered every row of the filter
        return rows + self._day_walk(conn, tuple(last), limit - len(rows))

    def _day_walk(self, conn: Any, cursor: tuple[Any, ...] | None, limit: int) -> list[Any]:
        flt = self.filter
        clauses, args = self._conditions(cursor)
        days = self.days()
        if cursor is not None:  # the days the cursor left
            edge = str(cursor[0])[:10]
            days = [d for d in days if (d <= edge if self.descending else d >= edge)]
        all_of, any_of = key_tokens(flt)
        walk = DayWalk(conn, days, [*self._terms, *all_of], any_of, clauses, args, self.descending)
        walk.probe_tokens = [*self._terms[:1], *all_of]  # the rarest bigram: a probe reads less
        return walk.rows(limit)

    def page(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> Page:
        plan = self.plan()
        with self.store.reading() as conn:
            if plan == "walk":
                found = self._walk(conn, cursor, limit + 1)
            elif plan == "days":
                found = self._day_walk(conn, cursor, limit + 1)
            else:
                sql, args = self._sql(cursor, limit + 1)
                found = list(conn.execute(sql, args).fetchall())
        return self._page_of([ArchiveRow(*r) for r in found], limit, plan)

    def explain(self, cursor: tuple[Any, ...] | None = None, limit: int = DEFAULT_PAGE_SIZE) -> list[str]:
        """EXPLAIN lines of the page's statement ("walk" and "days": of the GIN index's matches
        sorted, the statement they avoid; for the benchmark and tests)."""
        sql, args = self._sql(cursor, limit)
        return [str(r[0]) for r in self.store._query("EXPLAIN " + sql, args)]

    def count(self) -> int:
        """How many rows match (reads every match: run it in a worker)."""
        self.plan()
        clauses, args = filter_where(self.filter, POSTGRES)
        if self._terms:
            clauses.append("m.tokens @> %s::text[]")
            args.append(list(self._terms))
        return int(self.store._query(f"SELECT COUNT(*) FROM messages m{where_sql(clauses)}", args)[0][0])


# Messages sent (with a sid) more than ``older_than_hours`` ago that still have no final report,
# newest first: ``without_report(store, older_than_hours, since, until, campaign_id, limit, now)``.
without_report = partial(_without_report, ArchiveQuery)

__all__ = ["ArchiveFilter", "ArchiveQuery", "ArchiveRow", "Page", "without_report"]
