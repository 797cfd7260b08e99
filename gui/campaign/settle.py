"""Settle rows in doubt with get_record (plain Python, no Qt).

A row is in doubt when its request went out and no answer was recorded (a timeout, a
reset, a crash, a kill). It may have been delivered and billed, so it is never simply
sent again. After a grace period (records can lag behind the send), the provider's
records over the request's own time window are read and matched on the number and the
text (and the uid when the account has uid enabled — it is off by default). A row with a
record is **sent** (sid and fee from the record); a row with no record once the grace
period is over goes back to **pending**, and only then is it sent again.

What it costs is what is in doubt: each request's window is narrow (its start, the time
it can take, a clock-skew margin — never up to "now"), paged only until its rows are
found, and numbers are looked up one by one where that takes fewer calls
(``gui.campaign.record_lookup``). Rows still in their grace period are matched in the
pages read for the others: found, they are sent; not found, they stay in doubt — so the
chunks in flight at a kill are read once, not once each as their grace periods end.

``find_records`` is the matching itself; ``settle_chunks`` applies it to a campaign's
journal, ``settle_messages`` to the Compose tab's in-doubt rows in the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from gui.api.models import Record
from gui.campaign.journal import (
    CHUNK_IN_DOUBT,
    CHUNK_SETTLED,
    FAILED,
    PENDING,
    SENT,
    Chunk,
    Journal,
    JournalRow,
    RowResult,
)
from gui.campaign.protocols import InDoubtStore, RecordSource
from gui.campaign.record_lookup import (
    BEIJING,
    DEFAULT_REQUEST_SECONDS,
    DEFAULT_WINDOW_MARGIN,
    PAGE_SIZE,
    DoubtItem,
    find_records,
    record_key,
    request_window,
)

if TYPE_CHECKING:
    from gui.store.db import InDoubtMessage

log = logging.getLogger(__name__)

SETTLED_REASON = "settled from the provider's records"


@dataclass
class SettleOutcome:
    sent: int = 0  # rows found in the records: sent (rows still in their grace period included)
    unsent: int = 0  # rows without a record after the grace period: back to pending
    waiting: int = 0  # chunks not yet past their grace period
    calls: int = 0  # get_record calls made


def _settled_sent(row: JournalRow, record: Record) -> RowResult:
    # get_record gives the parts billed, not the money: the fee stays unknown ("").
    return RowResult(row.row_no, SENT, 0, SETTLED_REASON, record.sid or None, "", int(record.fee or 0))


def settle_chunks(
    journal: Journal,
    client: RecordSource,
    chunks: Sequence[Chunk],
    *,
    now: float,
    grace_seconds: float,
    use_uid: bool = False,
    margin: float = DEFAULT_WINDOW_MARGIN,
    request_seconds: float = DEFAULT_REQUEST_SECONDS,
    should_stop: Callable[[], None] | None = None,
    on_sent: Callable[[list[tuple[JournalRow, Record]]], None] | None = None,
    unsent_reason: str = "not in the provider's records: sent again",
) -> SettleOutcome:
    """Settle every chunk of ``chunks`` whose grace period is over at ``now``.

    The rows of the chunks still in their grace period are matched in the same pages: a
    row found is sent (recorded now), a row not found stays in doubt, its chunk waiting.
    ``unsent_reason`` is the reason written on rows without a record (back to pending).

    API errors propagate (the rows stay in doubt; the caller retries later). Each
    chunk's outcome is recorded in one transaction.
    """
    outcome = SettleOutcome()
    due = [c for c in chunks if c.requested_at + grace_seconds <= now]
    waiting = [c for c in chunks if c.requested_at + grace_seconds > now]
    outcome.waiting = len(waiting)
    if not due:
        return outcome
    rows_by_chunk = {c.id: journal.chunk_rows(c.id) for c in [*due, *waiting]}
    items = [
        DoubtItem(row.mobile, row.text, chunk.requested_at, chunk.uid)
        for chunk in [*due, *waiting]
        for row in rows_by_chunk[chunk.id]
    ]
    due_rows = sum(len(rows_by_chunk[c.id]) for c in due)
    records, outcome.calls = find_records(
        client,
        items,
        now=now,
        use_uid=use_uid,
        margin=margin,
        request_seconds=request_seconds,
        should_stop=should_stop,
        look_up=[index < due_rows for index in range(len(items))],
    )
    found = iter(records)  # in the order of ``items``: chunk by chunk, row by row

    for chunk in due:
        results: list[RowResult] = []
        sent_rows: list[tuple[JournalRow, Record]] = []
        for row in rows_by_chunk[chunk.id]:
            record = next(found)
            if record is not None:
                results.append(_settled_sent(row, record))
                sent_rows.append((row, record))
                outcome.sent += 1
            else:
                results.append(RowResult(row.row_no, PENDING, None, unsent_reason))
                outcome.unsent += 1
        journal.record_chunk_results(chunk.id, results, CHUNK_SETTLED, answered_at=now)
        log.info(
            "campaign %s chunk %s settled: %d sent, %d to send again",
            chunk.campaign_id,
            chunk.id,
            len(sent_rows),
            len(results) - len(sent_rows),
        )
        if on_sent is not None and sent_rows:
            on_sent(sent_rows)

    for chunk in waiting:
        rows = rows_by_chunk[chunk.id]
        sent_rows = [(row, record) for row in rows if (record := next(found)) is not None]
        if not sent_rows:
            continue
        # Found early: sent. The rest of the chunk stays in doubt until its grace period ends.
        state = CHUNK_SETTLED if len(sent_rows) == len(rows) else CHUNK_IN_DOUBT
        answered_at = now if chunk.answered_at is None or state == CHUNK_SETTLED else chunk.answered_at
        journal.record_chunk_results(
            chunk.id, [_settled_sent(row, record) for row, record in sent_rows], state, chunk.error, answered_at
        )
        outcome.sent += len(sent_rows)
        log.info(
            "campaign %s chunk %s (in its grace period): %d of %d rows found sent",
            chunk.campaign_id,
            chunk.id,
            len(sent_rows),
            len(rows),
        )
        if on_sent is not None:
            on_sent(sent_rows)
    return outcome


@dataclass
class MessageSettlement:
    """What settling the store's in-doubt console sends found."""

    # now sent with the record's sid
    sent: list[tuple[InDoubtMessage, Record]] = field(default_factory=list)
    not_sent: list[InDoubtMessage] = field(default_factory=list)  # no record after the grace period
    waiting: list[InDoubtMessage] = field(default_factory=list)  # no record yet, grace period not over
    calls: int = 0


def sent_at_epoch(sent_at: str) -> float:
    """A store time (Beijing 'yyyy-MM-dd HH:mm:ss') as epoch seconds."""
    return datetime.strptime(sent_at.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp()


def settle_messages(
    store: InDoubtStore,
    client: RecordSource,
    *,
    now: float,
    grace_seconds: float,
    messages: Sequence[InDoubtMessage] | None = None,
    use_uid: bool = False,
    margin: float = DEFAULT_WINDOW_MARGIN,
    request_seconds: float = DEFAULT_REQUEST_SECONDS,
    should_stop: Callable[[], None] | None = None,
) -> MessageSettlement:
    """Settle console sends in doubt (``store.in_doubt_messages()`` unless ``messages`` is given)
    against get_record, the way campaign chunks are settled, and update their store rows.

    A message with a record is sent (the record's sid, its parts as the count; the money
    fee stays unknown). A message without one is not sent once ``grace_seconds`` have passed
    since its request (records can lag); before that it stays in doubt (``waiting``).
    API errors propagate: nothing is changed and the messages stay in doubt.
    """
    from gui.store.db import SETTLED_NOT_SENT_CODE, SETTLED_NOT_SENT_MSG

    outcome = MessageSettlement()
    in_doubt = list(store.in_doubt_messages() if messages is None else messages)
    if not in_doubt:
        return outcome
    items = [DoubtItem(m.mobile, m.text, sent_at_epoch(m.sent_at), m.uid) for m in in_doubt]
    records, outcome.calls = find_records(
        client, items, now=now, use_uid=use_uid, margin=margin, request_seconds=request_seconds, should_stop=should_stop
    )
    for message, item, record in zip(in_doubt, items, records, strict=False):
        if record is not None:
            if store.settle_message(
                message.id, record.sid or None, 0, "settled from the provider's records", int(record.fee or 0), ""
            ):
                outcome.sent.append((message, record))
        elif item.requested_at + grace_seconds <= now:
            if store.settle_message(message.id, None, SETTLED_NOT_SENT_CODE, SETTLED_NOT_SENT_MSG):
                outcome.not_sent.append(message)
        else:
            outcome.waiting.append(message)
    log.info(
        "in-doubt sends settled: %d sent, %d not sent, %d still waiting (%d get_record calls)",
        len(outcome.sent),
        len(outcome.not_sent),
        len(outcome.waiting),
        outcome.calls,
    )
    return outcome


__all__ = [
    "BEIJING",
    "DEFAULT_REQUEST_SECONDS",
    "DEFAULT_WINDOW_MARGIN",
    "PAGE_SIZE",
    "SETTLED_REASON",
    "DoubtItem",
    "MessageSettlement",
    "SettleOutcome",
    "find_records",
    "record_key",
    "request_window",
    "sent_at_epoch",
    "settle_chunks",
    "settle_messages",
    "FAILED",
]
