"""A text search's page, day by day through the team archive's GIN index (no Qt).

The hard case of a text search is a term of middling share whose matches lie far back (a campaign's
word, 5 % of the archive, all older than 60 days), or a term with a filter that keeps few of its
texts (failed messages holding it): walking the time index tests every newer message first, and
sorting every match of the GIN index reads all of them. Every message's tokens also hold its day
(``'@yyyy-MM-dd'``) and its status, error code and campaign (``gui.store.team.schema.V4``), so one
GIN scan finds exactly "this filter's texts of this day". The walk goes through the filter's days
in sort order:

- **fetch** one day: its matches (the GIN scan's, in an ``OFFSET 0`` subquery, so the planner can
  only choose how to read that set, never an ordered index walk testing rows one by one), sorted,
  the page's missing rows taken;
- after a day without rows, **probe** windows of days growing twice as long each time (one GIN
  scan with the window's day tokens ORed: "does any match lie in these days?"; the scan is in a
  ``MATERIALIZED`` CTE, planned for all its rows — the GIN index — and read for one row only),
  then halve the window that has one down to its first day, and fetch from there.

A probe asks the index only (superset of the page: the text's bigrams, not the text itself; whole
days, not the page's bounds), so a day it names may give no row; the walk just goes on. The page is
exactly the row-by-row plan's (tests compare them). Cost: a GIN scan per probe (under 1 ms, empty or
not) and the heap rows of the days fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gui.store.archive import COLUMNS
from gui.store.team.schema import DAY_TOKEN

MAX_WINDOW = 8  # days in one probe, at most
_SELECT = ", ".join(f"m.{c}" for c in COLUMNS)


class DayWalk:
    """The rows of one page: ``rows(need)`` over ``days`` (in sort order), with ``all_of`` tokens
    (the text's bigrams and the filter's keys) and ``any_of`` (one of which, e.g. "no report yet"
    is two statuses), and ``conditions`` over ``m`` (the filter's own, the cursor, the text)."""

    def __init__(
        self,
        conn: Any,
        days: Sequence[str],
        all_of: Sequence[str],
        any_of: Sequence[str],
        conditions: Sequence[str],
        args: Sequence[Any],
        descending: bool,
    ) -> None:
        self.conn = conn
        self.days = list(days)
        self.all_of = list(all_of)
        self.any_of = list(any_of)
        self.conditions = list(conditions)
        self.args = list(args)
        self.direction = "DESC" if descending else "ASC"
        self.probe_tokens = self.all_of  # a probe may ask for fewer (the rarest bigram)
        self.probes = self.fetches = 0  # for tests and the benchmark's detail

    def _tokens_sql(self, all_of: Sequence[str]) -> tuple[str, list[Any]]:
        sql, args = "m.tokens @> %s::text[]", [list(all_of)]
        if self.any_of:
            sql += " AND m.tokens && %s::text[]"
            args.append(self.any_of)
        return sql, args

    def fetch(self, day: str, need: int) -> list[tuple[Any, ...]]:
        """The first ``need`` rows of ``day`` in sort order."""
        self.fetches += 1
        tokens, args = self._tokens_sql([*self.all_of, DAY_TOKEN + day])
        where = " AND ".join(self.conditions) or "TRUE"
        sql = (
            f"SELECT {_SELECT} FROM (SELECT {_SELECT} FROM messages m WHERE {tokens} OFFSET 0) m"
            f" WHERE {where} ORDER BY m.sent_at {self.direction}, m.id {self.direction} LIMIT %s"
        )
        return list(self.conn.execute(sql, [*args, *self.args, int(need)]).fetchall())

    def probe(self, days: Sequence[str]) -> bool:
        """Whether the index holds a possible match on any of ``days``."""
        self.probes += 1
        tokens, args = self._tokens_sql(self.probe_tokens)
        sql = (
            f"WITH h AS MATERIALIZED (SELECT 1 FROM messages m WHERE {tokens} AND m.tokens && %s::text[])"
            " SELECT 1 FROM h LIMIT 1"
        )
        return self.conn.execute(sql, [*args, [DAY_TOKEN + d for d in days]]).fetchone() is not None

    def rows(self, need: int) -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = []
        days, at, width = self.days, 0, 1
        while at < len(days) and len(found) < need:
            if width == 1:
                got = self.fetch(days[at], need - len(found))
                found += got
                at += 1
                width = 1 if got else 2  # a day with rows: the next one likely has some too
                continue
            window = days[at : at + width]
            if not self.probe(window):
                at += len(window)
                width = min(width * 2, MAX_WINDOW)
                continue
            while len(window) > 1:  # the window has a match: its first day with one
                half = window[: len(window) // 2]
                if self.probe(half):
                    window = half
                else:
                    at += len(half)
                    window = window[len(half) :]
            width = 1  # days[at] is window[0]: fetched next
        return found[:need]


__all__ = ["MAX_WINDOW", "DayWalk"]
