"""Delivery statistics over the team archive, from the day counters kept on write (no Qt).

The same answers as ``gui.store.stats`` (equal to grouping the messages themselves): a range's
whole days are summed from ``messages_daily`` (kept by the triggers of
``gui.store.team.schema``), a day the range cuts is counted from its messages. Signatures are
those of ``gui.store.archive``'s statistics, with a ``TeamStore``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from gui.store.stats import DeliveryStats, per_campaign, per_day, total_stats
from gui.store.team.schema import DAILY_TABLE
from gui.store.team.store import TeamStore

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_AFTER_EVERY_TIME = "\U0010ffff"  # sorts after every time of a day: 'yyyy-MM-dd' + this

_ROWS = (
    "SELECT substr(m.sent_at, 1, 10) AS day, m.campaign_id AS campaign_id,"
    " CASE WHEN m.code = 0 THEN 1 ELSE 0 END AS sent, m.report_status AS report_status,"
    " CASE WHEN m.report_status = 'FAIL' THEN m.error_msg ELSE '' END AS error_msg, 1 AS messages"
    " FROM messages m WHERE m.sent_at >= %s AND m.sent_at <= %s"
)
_COUNTERS = (
    "SELECT day, NULLIF(campaign_id, 0) AS campaign_id, sent, report_status, error_msg, messages FROM " + DAILY_TABLE
)


def _rows_between(conn: Any, low: str, high: str, low_included: bool = True) -> bool:
    """Whether any message has low <= sent_at < high (low < sent_at when not ``low_included``:
    PostgreSQL text holds no NUL to say "just after ``low``" with)."""
    sql = f"SELECT 1 FROM messages WHERE sent_at {'>=' if low_included else '>'} %s AND sent_at < %s LIMIT 1"
    return conn.execute(sql, (low, high)).fetchone() is not None


def _source(conn: Any, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """SQL for counter rows over [since, until]: whole days from the counters, cut days from messages."""
    low, high = since or "", until or _AFTER_EVERY_TIME
    shapely = all(edge is None or _DAY.match(edge) for edge in (since, until))
    campaign_zero = conn.execute("SELECT 1 FROM messages WHERE campaign_id = 0 LIMIT 1").fetchone()
    if not shapely or campaign_zero is not None or low > high:
        return _ROWS, [low, high]
    first = since[:10] if since else None
    last = until[:10] if until else None
    cut: list[str] = []
    if since and first and _rows_between(conn, first, since):
        cut.append(first)
    if until and last and last not in cut and _rows_between(conn, until, last + _AFTER_EVERY_TIME, False):
        cut.append(last)
    clauses: list[str] = []
    args: list[Any] = []
    if first is not None:
        clauses.append("day > %s" if first in cut else "day >= %s")
        args.append(first)
    if last is not None:
        clauses.append("day < %s" if last in cut else "day <= %s")
        args.append(last)
    parts = [_COUNTERS + ((" WHERE " + " AND ".join(clauses)) if clauses else "")]
    for day in cut:
        parts.append(_ROWS)
        args += [max(low, day), min(high, day + _AFTER_EVERY_TIME)]
    return " UNION ALL ".join(parts), args


def _sums(
    store: TeamStore, since: str | None, until: str | None, group: str, condition: str, condition_args: Sequence[Any]
) -> list[Any]:
    with store.reading() as conn:
        source, args = _source(conn, since, until)
        return list(
            conn.execute(
                f"SELECT {group}, report_status, SUM(messages) FROM ({source}) s"
                f" WHERE {condition} GROUP BY {group}, report_status HAVING SUM(messages) != 0",
                [*args, *condition_args],
            ).fetchall()
        )


def _campaign_condition(campaign_id: int | None) -> tuple[str, list[Any]]:
    return ("TRUE", []) if campaign_id is None else ("campaign_id = %s", [int(campaign_id)])


def daily_stats(
    store: TeamStore, since: str | None, until: str | None, campaign_id: int | None = None
) -> list[DeliveryStats]:
    """Per Beijing day (oldest first): sent, delivered, failed, no report yet."""
    condition, args = _campaign_condition(campaign_id)
    return per_day(_sums(store, since, until, "day", f"sent = 1 AND {condition}", args))


def campaign_stats(store: TeamStore, since: str | None, until: str | None) -> list[DeliveryStats]:
    """Per campaign (newest campaign first) over the range; messages of no campaign are left out."""
    return per_campaign(_sums(store, since, until, "campaign_id", "sent = 1 AND campaign_id IS NOT NULL", ()))


def top_errors(
    store: TeamStore, since: str | None, until: str | None, campaign_id: int | None = None, limit: int = 10
) -> list[tuple[str, int]]:
    """The most frequent error codes of failed reports: (code, count), most frequent first."""
    condition, args = _campaign_condition(campaign_id)
    rows = _sums(store, since, until, "error_msg", f"report_status = 'FAIL' AND {condition}", args)
    ranked = sorted(((str(code), int(n)) for code, _status, n in rows), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


def campaigns(store: TeamStore) -> list[tuple[int, str]]:
    """(id, name) of the campaigns the team journal knows, else the bare ids the counters hold."""
    journal = store._query("SELECT to_regclass('campaign_campaigns')")[0][0]
    if journal is not None:
        named = store._query("SELECT id, name FROM campaign_campaigns ORDER BY id DESC")
        return [(int(r[0]), str(r[1])) for r in named]
    return [
        (int(r[0]), f"#{r[0]}")
        for r in store._query(
            f"SELECT campaign_id FROM {DAILY_TABLE} WHERE campaign_id != 0 GROUP BY campaign_id"
            " HAVING SUM(messages) > 0 ORDER BY campaign_id DESC"
        )
    ]


def error_codes(store: TeamStore, limit: int = 200) -> list[str]:
    """Error codes seen on failed reports, most frequent first (for a filter's choices)."""
    return [
        str(r[0])
        for r in store._query(
            f"SELECT error_msg FROM {DAILY_TABLE} WHERE report_status = 'FAIL' AND error_msg != ''"
            " GROUP BY error_msg HAVING SUM(messages) > 0 ORDER BY SUM(messages) DESC, error_msg LIMIT %s",
            (limit,),
        )
    ]


def recount(store: TeamStore) -> list[tuple[Any, ...]]:
    """What ``messages_daily`` should hold, counted from the messages (for tests and checks)."""
    from gui.store.team.schema import key_sql

    return [
        tuple(r)
        for r in store._query(
            f"SELECT {key_sql('m')}, COUNT(*) FROM messages m GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
        )
    ]


def stored(store: TeamStore) -> list[tuple[Any, ...]]:
    """The rows of ``messages_daily`` that count something, in ``recount``'s order."""
    return [
        tuple(r)
        for r in store._query(
            f"SELECT day, campaign_id, sent, report_status, error_msg, messages FROM {DAILY_TABLE}"
            " WHERE messages != 0 ORDER BY 1, 2, 3, 4, 5"
        )
    ]


__all__ = [
    "DeliveryStats",
    "campaign_stats",
    "campaigns",
    "daily_stats",
    "error_codes",
    "recount",
    "stored",
    "top_errors",
    "total_stats",
]
