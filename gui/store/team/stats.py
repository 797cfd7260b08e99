"""Delivery statistics over the team archive, from the day counters kept on write (no Qt).

The same answers as ``gui.store.stats`` (equal to grouping the messages themselves): a range's
whole days are summed from ``messages_daily`` (kept by the triggers of
``gui.store.team.schema``), a day the range cuts is counted from its messages. The sums are
``gui.store.stats.DayCounters``' own, given PostgreSQL's SQL; the signatures are those of
``gui.store.archive``'s statistics.
"""

from __future__ import annotations

from typing import Any

from gui.store.stats import DayCounters, DeliveryStats, total_stats
from gui.store.team.schema import DAILY_TABLE
from gui.store.team.store import TeamStore

TEAM_COUNTERS = DayCounters(
    "%s",
    # ``m.code = 0`` is a boolean here, the counters' ``sent`` an integer (SQLite has no such difference)
    "SELECT substr(m.sent_at, 1, 10) AS day, m.campaign_id AS campaign_id,"
    " CASE WHEN m.code = 0 THEN 1 ELSE 0 END AS sent, m.report_status AS report_status,"
    " CASE WHEN m.report_status = 'FAIL' THEN m.error_msg ELSE '' END AS error_msg, 1 AS messages"
    " FROM messages m WHERE m.sent_at >= %s AND m.sent_at <= %s",
    "SELECT day, NULLIF(campaign_id, 0) AS campaign_id, sent, report_status, error_msg, messages FROM " + DAILY_TABLE,
)
daily_stats = TEAM_COUNTERS.daily_stats
campaign_stats = TEAM_COUNTERS.campaign_stats
top_errors = TEAM_COUNTERS.top_errors


# The filters' choices differ from the local ones for a reason: the team journal may not exist in the
# database yet (to_regclass, not an error), and messages have no campaign index there (the counters do).
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
