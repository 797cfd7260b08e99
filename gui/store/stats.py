"""Delivery statistics over the archive, from the day counters kept on write (no Qt).

``gui.store.counters`` keeps how many messages each Beijing day holds (by campaign, sent or
not, report status, error code). A range's whole days are summed from those counters; a
day the range cuts (``since`` after its first message, ``until`` before its last) is
counted from its messages, one day's walk down ``messages_sent`` at most at each end. The
answers are those of grouping the messages themselves (``sent_at`` between ``since`` and
``until``, as text): the tests compare both after mixed writes.

``DayCounters`` holds the sums; the team archive (``gui.store.team.stats``) runs the same ones with
PostgreSQL's SQL. Public names are re-exported by ``gui.store.archive``, where callers import them from.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gui.store import counters

if TYPE_CHECKING:
    from gui.store.db import Store

NO_REPORT_STATUSES = ("", "UNKNOWN")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_AFTER_EVERY_TIME = "\U0010ffff"  # sorts after every time of a day: 'yyyy-MM-dd' + this


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
        """Delivered share of the messages with a final report: delivered / (delivered + failed)
        (None before any). Messages awaiting a report (``no_report``) are shown apart, never in
        the denominator: a console that holds few reports must not read as a poor delivery."""
        done = self.delivered + self.failed
        return self.delivered / done if done else None

    def add(self, other: DeliveryStats) -> None:
        self.sent += other.sent
        self.delivered += other.delivered
        self.failed += other.failed
        self.no_report += other.no_report

    def count(self, report_status: str, messages: int) -> None:
        self.sent += messages
        if report_status == "SUCCESS":
            self.delivered += messages
        elif report_status == "FAIL":
            self.failed += messages
        elif report_status in NO_REPORT_STATUSES:
            self.no_report += messages


class StatsStore(Protocol):
    """A store the statistics read (``Store``, ``TeamStore``): a connection for a block."""

    def reading(self) -> AbstractContextManager[Any]: ...


@dataclass(frozen=True)
class DayCounters:
    """The statistics over one database's day counters: the same sums on SQLite and PostgreSQL,
    from SQL in its dialect (``gui.store.team.stats`` makes the PostgreSQL one)."""

    mark: str  # the placeholder
    rows: str  # counter rows (``counters``' columns) counted from the messages with sent_at in [mark, mark]
    counters: str  # the day counters' rows, campaign_id NULL for none

    def _rows_between(self, conn: Any, low: str, high: str, low_included: bool = True) -> bool:
        """Whether any message has low <= sent_at < high (low < sent_at when not ``low_included``)."""
        mark = self.mark
        sql = (
            f"SELECT 1 FROM messages WHERE sent_at {'>=' if low_included else '>'} {mark} AND sent_at < {mark} LIMIT 1"
        )
        return conn.execute(sql, (low, high)).fetchone() is not None

    def source(self, conn: Any, since: str | None, until: str | None) -> tuple[str, list[Any]]:
        """SQL for counter rows over [since, until] (columns of ``messages_daily``, campaign_id NULL
        for none): whole days from the counters, the days the range cuts from their messages."""
        low, high = since or "", until or _AFTER_EVERY_TIME
        shapely = all(edge is None or _DAY.match(edge) for edge in (since, until))
        campaign_zero = conn.execute("SELECT 1 FROM messages WHERE campaign_id = 0 LIMIT 1").fetchone()
        if not shapely or campaign_zero is not None or low > high:
            # not a time the counters' days can split, or a campaign 0 the counters cannot tell from none
            return self.rows, [low, high]
        first = since[:10] if since else None
        last = until[:10] if until else None
        cut: list[str] = []  # days the range leaves some messages of
        if since and first and self._rows_between(conn, first, since):
            cut.append(first)
        # after ``until``: sent_at > until (PostgreSQL text holds no NUL to say "until + \0" with)
        if until and last and last not in cut and self._rows_between(conn, until, last + _AFTER_EVERY_TIME, False):
            cut.append(last)
        clauses: list[str] = []
        args: list[Any] = []
        if first is not None:
            clauses.append(f"day {'>' if first in cut else '>='} {self.mark}")
            args.append(first)
        if last is not None:
            clauses.append(f"day {'<' if last in cut else '<='} {self.mark}")
            args.append(last)
        parts = [self.counters + ((" WHERE " + " AND ".join(clauses)) if clauses else "")]
        for day in cut:
            parts.append(self.rows)
            args += [max(low, day), min(high, day + _AFTER_EVERY_TIME)]
        return " UNION ALL ".join(parts), args

    def sums(
        self,
        store: StatsStore,
        since: str | None,
        until: str | None,
        group: str,
        condition: str,
        condition_args: Sequence[Any],
    ) -> list[Any]:
        """(group columns..., report_status, messages) over [since, until] where ``condition`` holds
        (over the columns of ``messages_daily``)."""
        with store.reading() as conn:
            source, args = self.source(conn, since, until)
            return list(
                conn.execute(
                    f"SELECT {group}, report_status, SUM(messages) FROM ({source}) s"
                    f" WHERE {condition} GROUP BY {group}, report_status HAVING SUM(messages) != 0",
                    [*args, *condition_args],
                ).fetchall()
            )

    def _campaign_condition(self, campaign_id: int | None) -> tuple[str, list[Any]]:
        return ("1 = 1", []) if campaign_id is None else (f"campaign_id = {self.mark}", [int(campaign_id)])

    def daily_stats(
        self, store: StatsStore, since: str | None, until: str | None, campaign_id: int | None = None
    ) -> list[DeliveryStats]:
        """Per Beijing day (oldest first): sent, delivered, failed, no report yet."""
        condition, args = self._campaign_condition(campaign_id)
        return per_day(self.sums(store, since, until, "day", f"sent = 1 AND {condition}", args))

    def campaign_stats(self, store: StatsStore, since: str | None, until: str | None) -> list[DeliveryStats]:
        """Per campaign (newest campaign first) over the range; messages of no campaign are left out."""
        return per_campaign(self.sums(store, since, until, "campaign_id", "sent = 1 AND campaign_id IS NOT NULL", ()))

    def top_errors(
        self,
        store: StatsStore,
        since: str | None,
        until: str | None,
        campaign_id: int | None = None,
        limit: int = 10,
    ) -> list[tuple[str, int]]:
        """The most frequent error codes of failed reports: (code, count), most frequent first."""
        condition, args = self._campaign_condition(campaign_id)
        rows = self.sums(store, since, until, "error_msg", f"report_status = 'FAIL' AND {condition}", args)
        ranked = sorted(((str(code), int(n)) for code, _status, n in rows), key=lambda item: (-item[1], item[0]))
        return ranked[:limit]


def per_day(sums: Iterable[Sequence[Any]]) -> list[DeliveryStats]:
    """(day, report_status, messages) sums → one DeliveryStats a day, oldest first (both backends)."""
    days: dict[str, DeliveryStats] = {}
    for day, status, messages in sums:
        days.setdefault(day, DeliveryStats(day)).count(status, int(messages))
    return [days[day] for day in sorted(days)]


def per_campaign(sums: Iterable[Sequence[Any]]) -> list[DeliveryStats]:
    """(campaign, report_status, messages) sums → one DeliveryStats a campaign, newest first."""
    found: dict[int, DeliveryStats] = {}
    for campaign, status, messages in sums:
        found.setdefault(int(campaign), DeliveryStats(int(campaign))).count(status, int(messages))
    return [found[key] for key in sorted(found, reverse=True)]


# The columns of a counter row, from a message (``m``); campaign_id stays NULL for "no campaign".
_ROW_COLUMNS = (
    "substr(m.sent_at, 1, 10) AS day, m.campaign_id AS campaign_id, m.code = 0 AS sent,"
    " m.report_status AS report_status,"
    " CASE WHEN m.report_status = 'FAIL' THEN m.error_msg ELSE '' END AS error_msg, 1 AS messages"
)
LOCAL_COUNTERS = DayCounters(
    "?",
    f"SELECT {_ROW_COLUMNS} FROM messages m WHERE m.sent_at >= ? AND m.sent_at <= ?",
    "SELECT day, NULLIF(campaign_id, 0) AS campaign_id, sent, report_status, error_msg, messages"
    f" FROM {counters.DAILY_TABLE}",
)
daily_stats = LOCAL_COUNTERS.daily_stats
campaign_stats = LOCAL_COUNTERS.campaign_stats
top_errors = LOCAL_COUNTERS.top_errors


def total_stats(days: Sequence[DeliveryStats]) -> DeliveryStats:
    total = DeliveryStats("total")
    for day in days:
        total.add(day)
    return total


# --- the filters' choices --------------------------------------------------------------------


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
            f"SELECT error_msg FROM {counters.DAILY_TABLE} WHERE report_status = 'FAIL' AND error_msg != ''"
            " GROUP BY error_msg HAVING SUM(messages) > 0 ORDER BY SUM(messages) DESC LIMIT ?",
            (limit,),
        )
    ]
