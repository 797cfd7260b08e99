"""The figures of the Statistics view, worked out from the local archive in a worker.

What a carrier's code means lives in ``gui.views.partials.code_explain`` (shared with every
table that shows a code); ``carrier_code_meaning`` is re-exported here for the callers of old."""

from __future__ import annotations

from dataclasses import dataclass

from gui.store import archive, backend
from gui.views.partials.code_explain import carrier_code_meaning

__all__ = ["UNREPORTED_LIMIT", "StatsResult", "carrier_code_meaning", "compute", "rate_text"]

UNREPORTED_LIMIT = 500  # rows listed; a re-check looks up at most this many


def rate_text(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f} %"


@dataclass
class StatsResult:
    days: list
    total: archive.DeliveryStats
    campaigns: list
    errors: list
    unreported: list
    campaign_names: dict


def compute(store, since: str, until: str, campaign_id: int | None, hours: int, now=None) -> StatsResult:
    """Runs in a worker: every figure of the view in one go (the local or the team archive's)."""
    stats = backend.stats_module(store)
    days = stats.daily_stats(store, since, until, campaign_id)
    return StatsResult(
        days=days,
        total=stats.total_stats(days),
        campaigns=stats.campaign_stats(store, since, until),
        errors=stats.top_errors(store, since, until, campaign_id, limit=15),
        unreported=stats.without_report(store, hours, since, until, campaign_id, limit=UNREPORTED_LIMIT, now=now),
        campaign_names=dict(stats.campaigns(store)),
    )
