"""Delivery statistics over the archive, from the day counters kept on write (no Qt).

``gui.store.counters`` keeps how many messages each Beijing day holds (by campaign, sent or
not, report status, error code). A range's whole days are summed from those counters; a
day the range cuts (``since`` after its first message, ``until`` before its last) is
counted from its messages, one day's walk down ``messages_sent`` at most at each end. The
answers are those of grouping the messages themselves (``sent_at`` between ``since`` and
``until``, as text): the tests compare both after mixed writes.

Public names are re-exported by ``gui.store.archive``, where callers import them from.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


def _rows_between(conn: sqlite3.Connection, low: str, high: str) -> bool:
    """Whether any message has low <= sent_at < high."""
    return (
        conn.execute("SELECT 1 FROM messages WHERE sent_at >= ? AND sent_at < ? LIMIT 1", (low, high)).fetchone()
        is not None
    )


# The columns of a counter row, from a message (``m``); campaign_id stays NULL for "no campaign".
_ROW_COLUMNS = (
    "substr(m.sent_at, 1, 10) AS day, m.campaign_id AS campaign_id, m.code = 0 AS sent,"
    " m.report_status AS report_status,"
    " CASE WHEN m.report_status = 'FAIL' THEN m.error_msg ELSE '' END AS error_msg, 1 AS messages"
)
_ROWS = f"SELECT {_ROW_COLUMNS} FROM messages m WHERE m.sent_at >= ? AND m.sent_at <= ?"
_COUNTERS = (
    "SELECT day, NULLIF(campaign_id, 0) AS campaign_id, sent, report_status, error_msg, messages"
    f" FROM {counters.DAILY_TABLE}"
)


def _source(conn: sqlite3.Connection, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """SQL for counter rows over [since, until] (columns of ``messages_daily``, campaign_id NULL
    for none): whole days from the counters, the days the range cuts from their messages."""
    low, high = since or "", until or _AFTER_EVERY_TIME
    shapely = all(edge is None or _DAY.match(edge) for edge in (since, until))
    campaign_zero = conn.execute("SELECT 1 FROM messages WHERE campaign_id = 0 LIMIT 1").fetchone()
    if not shapely or campaign_zero is not None or low > high:
        # not a time the counters' days can split, or a campaign 0 the counters cannot tell from none
        return _ROWS, [low, high]
    first = since[:10] if since else None
    last = until[:10] if until else None
    cut: list[str] = []  # days the range leaves some messages of
    if since and first and _rows_between(conn, first, since):
        cut.append(first)
    if until and last and last not in cut and _rows_between(conn, until + "\x00", last + _AFTER_EVERY_TIME):
        cut.append(last)
    clauses: list[str] = []
    args: list[Any] = []
    if first is not None:
        clauses.append("day > ?" if first in cut else "day >= ?")
        args.append(first)
    if last is not None:
        clauses.append("day < ?" if last in cut else "day <= ?")
        args.append(last)
    parts = [_COUNTERS + ((" WHERE " + " AND ".join(clauses)) if clauses else "")]
    for day in cut:
        parts.append(_ROWS)
        args += [max(low, day), min(high, day + _AFTER_EVERY_TIME)]
    return " UNION ALL ".join(parts), args


def _sums(
    store: Store, since: str | None, until: str | None, group: str, condition: str, condition_args: Sequence[Any]
) -> list[Any]:
    """(group columns..., report_status, messages) over [since, until] where ``condition`` holds
    (over the columns of ``messages_daily``)."""
    with store.reading() as conn:
        source, args = _source(conn, since, until)
        return conn.execute(
            f"SELECT {group}, report_status, SUM(messages) FROM ({source})"
            f" WHERE {condition} GROUP BY {group}, report_status HAVING SUM(messages) != 0",
            [*args, *condition_args],
        ).fetchall()


def _campaign_condition(campaign_id: int | None) -> tuple[str, list[Any]]:
    return ("1", []) if campaign_id is None else ("campaign_id = ?", [int(campaign_id)])


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


def daily_stats(
    store: Store, since: str | None, until: str | None, campaign_id: int | None = None
) -> list[DeliveryStats]:
    """Per Beijing day (oldest first): sent, delivered, failed, no report yet."""
    condition, args = _campaign_condition(campaign_id)
    return per_day(_sums(store, since, until, "day", f"sent = 1 AND {condition}", args))


def campaign_stats(store: Store, since: str | None, until: str | None) -> list[DeliveryStats]:
    """Per campaign (newest campaign first) over the range; messages of no campaign are left out."""
    return per_campaign(_sums(store, since, until, "campaign_id", "sent = 1 AND campaign_id IS NOT NULL", ()))


def total_stats(days: Sequence[DeliveryStats]) -> DeliveryStats:
    total = DeliveryStats("total")
    for day in days:
        total.add(day)
    return total


def top_errors(
    store: Store, since: str | None, until: str | None, campaign_id: int | None = None, limit: int = 10
) -> list[tuple[str, int]]:
    """The most frequent error codes of failed reports: (code, count), most frequent first."""
    condition, args = _campaign_condition(campaign_id)
    rows = _sums(store, since, until, "error_msg", f"report_status = 'FAIL' AND {condition}", args)
    ranked = sorted(((str(code), int(n)) for code, _status, n in rows), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


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
