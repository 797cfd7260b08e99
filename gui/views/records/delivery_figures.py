"""The figures of the Statistics view, worked out from the local archive in a worker, and
what carriers' error codes mean."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from gui.i18n import QT_TRANSLATE_NOOP
from gui.store import archive

UNREPORTED_LIMIT = 500  # rows listed; a re-check looks up at most this many

# What carriers' report codes (error_msg) mean. Codes vary by carrier; these are the common
# ones of the three mainland carriers as SMS providers document them.
CARRIER_CODES = {
    "DELIVRD": QT_TRANSLATE_NOOP("CarrierCode", "Delivered"),
    "UNDELIV": QT_TRANSLATE_NOOP("CarrierCode", "Could not be delivered"),
    "EXPIRED": QT_TRANSLATE_NOOP("CarrierCode", "Expired: the phone stayed unreachable (off, no signal)"),
    "REJECTD": QT_TRANSLATE_NOOP("CarrierCode", "Rejected by the carrier"),
    "DELETED": QT_TRANSLATE_NOOP("CarrierCode", "Deleted by the carrier before delivery"),
    "UNKNOWN": QT_TRANSLATE_NOOP("CarrierCode", "The carrier gave no final state"),
    "BLACK": QT_TRANSLATE_NOOP("CarrierCode", "The number is on a blacklist"),
    "DB:0103": QT_TRANSLATE_NOOP("CarrierCode", "The number does not exist (空号)"),
    "DB:0141": QT_TRANSLATE_NOOP("CarrierCode", "The number is on the carrier's blacklist"),
    "DB:0107": QT_TRANSLATE_NOOP("CarrierCode", "The number is suspended"),
    "MK:0001": QT_TRANSLATE_NOOP("CarrierCode", "The phone is switched off or suspended"),
    "MK:0005": QT_TRANSLATE_NOOP("CarrierCode", "The phone's message storage is full"),
    "MK:0010": QT_TRANSLATE_NOOP("CarrierCode", "The phone is switched off"),
    "MN:0001": QT_TRANSLATE_NOOP("CarrierCode", "Suspended for unpaid bills"),
    "MI:0013": QT_TRANSLATE_NOOP("CarrierCode", "The number is suspended (carrier network)"),
    "ID:0076": QT_TRANSLATE_NOOP("CarrierCode", "The carrier's gateway refused the message (flow control)"),
}
CARRIER_PREFIXES = {
    "MK:": QT_TRANSLATE_NOOP("CarrierCode", "A problem on the phone's side (off, full, suspended)"),
    "MN:": QT_TRANSLATE_NOOP("CarrierCode", "The subscriber's account (suspended, unpaid)"),
    "DB:": QT_TRANSLATE_NOOP("CarrierCode", "Refused by the carrier's number database"),
    "MI:": QT_TRANSLATE_NOOP("CarrierCode", "A problem in the carrier's network"),
    "ID:": QT_TRANSLATE_NOOP("CarrierCode", "Refused by the carrier's gateway"),
}


def carrier_code_meaning(code: str) -> str:
    code = (code or "").strip().upper()
    if code in CARRIER_CODES:
        return QCoreApplication.translate("CarrierCode", CARRIER_CODES[code])
    for prefix, meaning in CARRIER_PREFIXES.items():
        if code.startswith(prefix):
            return QCoreApplication.translate("CarrierCode", meaning)
    return QCoreApplication.translate("CarrierCode", "A carrier code: ask the provider what it means")


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
    """Runs in a worker: every figure of the view in one go."""
    days = archive.daily_stats(store, since, until, campaign_id)
    return StatsResult(
        days=days,
        total=archive.total_stats(days),
        campaigns=archive.campaign_stats(store, since, until),
        errors=archive.top_errors(store, since, until, campaign_id, limit=15),
        unreported=archive.without_report(store, hours, since, until, campaign_id, limit=UNREPORTED_LIMIT, now=now),
        campaign_names=dict(archive.campaigns(store)),
    )
