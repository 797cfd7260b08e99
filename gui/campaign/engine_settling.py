"""Settling a campaign nobody is running, and copying settled sends into the store (plain Python).

``settle_campaign`` reads the provider's records for a cancelled, paused, finished or
killed campaign's rows in doubt; the running engine settles its own (``engine.py``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from gui.api.models import Record
from gui.campaign import settle as settle_mod
from gui.campaign.engine_core import EngineSettings
from gui.campaign.journal import Journal, JournalRow
from gui.campaign.protocols import CampaignClient, SentStore

log = logging.getLogger("gui.campaign.engine")


def record_settled_in_store(store: SentStore | None, campaign_id: int, pairs: list[tuple[JournalRow, Record]]) -> None:
    """Copy rows settled as sent into the store's sent messages (the journal holds the truth)."""
    if store is None or not pairs:
        return
    try:
        from gui.store.db import SentMessage

        store.record_sent(
            [
                SentMessage(
                    rec.sid or None,
                    row.mobile,
                    row.text,
                    rec.send_time,
                    0,
                    "",
                    int(rec.fee or 0),
                    "",
                    "",
                    rec.uid,
                    campaign_id,
                )
                for row, rec in pairs
            ]
        )
    except Exception:
        log.exception("campaign %s: recording settled sends in the store failed", campaign_id)


NOT_SENT_AFTER_SETTLING = "not in the provider's records: not sent"


@dataclass(frozen=True)
class CampaignSettlement:
    """What settling a campaign's rows in doubt outside a run found."""

    campaign_id: int
    sent: int  # rows found in the provider's records: now sent, with the record's sid
    not_sent: int  # rows without a record after the grace period: back to pending (not sent)
    waiting: int  # rows whose request is younger than the grace period: still in doubt
    retry_at: float | None  # when the youngest waiting rows can be settled (epoch seconds), None if none wait
    calls: int  # get_record calls made


def settle_campaign(
    journal: Journal,
    client: CampaignClient,
    campaign_id: int,
    settings: EngineSettings | None = None,
    now: float | None = None,
    *,
    store: SentStore | None = None,
    should_stop: Callable[[], None] | None = None,
) -> CampaignSettlement:
    """Settle the rows in doubt of a campaign nobody is running (cancelled, paused, finished, killed).

    Nothing is sent: the provider's records are read with get_record (``settle.settle_chunks``),
    and only chunks whose request is at least ``settings.grace_seconds`` old are settled.
    A row with a record becomes sent (sid from the record); a row without one goes back to
    pending — "not sent" — which resuming the campaign sends. The campaign's state is kept.
    Rows still in the grace period stay in doubt; ``retry_at`` says when to try again.
    API and transport errors propagate; the rows then stay in doubt.

    Never call it for a campaign an engine is running: its requests in flight are not in doubt.
    """
    settings = settings or EngineSettings()
    now = time.time() if now is None else now
    chunks = journal.doubtful_chunks(campaign_id)
    due = [c for c in chunks if c.requested_at + settings.grace_seconds <= now]
    waiting_chunks = [c for c in chunks if c.requested_at + settings.grace_seconds > now]
    waiting_rows = sum(len(journal.chunk_rows(c.id)) for c in waiting_chunks)
    retry_at = max((c.requested_at + settings.grace_seconds for c in waiting_chunks), default=None)
    if not due:
        return CampaignSettlement(campaign_id, 0, 0, waiting_rows, retry_at, 0)
    on_sent = (lambda pairs: record_settled_in_store(store, campaign_id, pairs)) if settings.record_in_store else None
    outcome = settle_mod.settle_chunks(
        journal,
        client,
        due,
        now=now,
        grace_seconds=settings.grace_seconds,
        use_uid=settings.use_uid,
        margin=settings.settle_margin,
        request_seconds=settings.settle_request_seconds,
        should_stop=should_stop,
        on_sent=on_sent,
        unsent_reason=NOT_SENT_AFTER_SETTLING,
    )
    log.info(
        "campaign %s: settled outside a run: %d sent, %d not sent, %d still in doubt (%d get_record calls)",
        campaign_id,
        outcome.sent,
        outcome.unsent,
        waiting_rows,
        outcome.calls,
    )
    return CampaignSettlement(campaign_id, outcome.sent, outcome.unsent, waiting_rows, retry_at, outcome.calls)
