"""What the Campaigns tab's pages and presenter share: settings keys, state words, formatting.

Every text of the tab keeps the translation context ``CampaignsTab`` (it was one class):
the pages and the presenter translate through a module-level ``_tr`` wrapper with that
context, which scripts/i18n_sources.py shows to lupdate. The wrapper is defined in each
module that uses it because the script only sees a wrapper defined in the same module.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

GRACE_KEY = "campaign/grace_seconds"
UID_KEY = "campaign/use_uid"
CHUNK_KEY = "campaign/chunk_size"  # at most 1000 (the API's limit); smaller only for tests
OWN_NUMBER_KEY = "campaign/own_number"
DRY_RUN_TABLE_LIMIT = 1_000_000  # every row of a campaign (gui.campaign.importer.MAX_ROWS)

STATUS_WORDS = {
    "pending": QT_TRANSLATE_NOOP("CampaignsTab", "not sent"),
    "sending": QT_TRANSLATE_NOOP("CampaignsTab", "sending"),
    "in_doubt": QT_TRANSLATE_NOOP("CampaignsTab", "in doubt"),
    "sent": QT_TRANSLATE_NOOP("CampaignsTab", "sent"),
    "failed": QT_TRANSLATE_NOOP("CampaignsTab", "failed"),
    "suppressed": QT_TRANSLATE_NOOP("CampaignsTab", "suppressed"),
    "duplicate": QT_TRANSLATE_NOOP("CampaignsTab", "duplicate"),
    "rejected": QT_TRANSLATE_NOOP("CampaignsTab", "rejected"),
    "ready": QT_TRANSLATE_NOOP("CampaignsTab", "ready"),
    "blocked": QT_TRANSLATE_NOOP("CampaignsTab", "blocked words"),  # a dry run's row (gui.campaign.dryrun_lines)
}
CAMPAIGN_STATES = {
    "draft": QT_TRANSLATE_NOOP("CampaignsTab", "draft"),
    "running": QT_TRANSLATE_NOOP("CampaignsTab", "running"),
    "paused": QT_TRANSLATE_NOOP("CampaignsTab", "paused"),
    "settling": QT_TRANSLATE_NOOP("CampaignsTab", "settling rows in doubt"),
    "cancelled": QT_TRANSLATE_NOOP("CampaignsTab", "cancelled"),
    "finished": QT_TRANSLATE_NOOP("CampaignsTab", "finished"),
    "stopped": QT_TRANSLATE_NOOP("CampaignsTab", "stopped (resumable)"),
    "interrupted": QT_TRANSLATE_NOOP("CampaignsTab", "interrupted"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignsTab", text)


def status_word(status: str) -> str:
    """A row's status in the operator's language (the key itself if it has no word)."""
    return _tr(str(STATUS_WORDS.get(status, status)))


def state_word(state: str) -> str:
    """A campaign's state in the operator's language (the key itself if it has no word)."""
    return _tr(str(CAMPAIGN_STATES.get(state, state)))


def when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else ""


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    from gui.campaign.dryrun import format_duration

    return format_duration(seconds)
