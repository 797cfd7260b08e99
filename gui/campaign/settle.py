"""Settle rows in doubt with get_record (plain Python, no Qt).

A row is in doubt when its request went out and no answer was recorded (a timeout, a
reset, a crash, a kill). It may have been delivered and billed, so it is never simply
sent again. After a grace period (records can lag behind the send), the provider's
records over the request's time window are read, page after page, and matched on the
number and the text (and the uid when the account has uid enabled — it is off by
default). A row with a record is **sent** (sid and fee from the record); a row with no
record once the grace period is over goes back to **pending**, and only then is it sent
again.

Few rows in doubt are looked up number by number (``mobile`` filter); many rows are
settled by paging through the whole window once.

``find_records`` is the matching itself; ``settle_chunks`` applies it to a campaign's
journal, ``settle_messages`` to the Compose tab's in-doubt rows in the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from gui.api.models import Record
from gui.api.numbers import normalize_number
from gui.campaign.journal import CHUNK_SETTLED, FAILED, PENDING, SENT, Chunk, Journal, JournalRow, RowResult
from gui.campaign.protocols import InDoubtStore, RecordSource

if TYPE_CHECKING:
    from gui.store.db import InDoubtMessage

log = logging.getLogger(__name__)

BEIJING = timezone(timedelta(hours=8))
PAGE_SIZE = 100
PER_NUMBER_LOOKUP_MAX = 30  # up to this many rows: one get_record call per number
DEFAULT_WINDOW_MARGIN = 60.0  # seconds either side of a request: clock differences with the provider
DEFAULT_REQUEST_SECONDS = 45.0  # how long after its start a request can still be processed (timeouts 10+30 s)


@dataclass
class SettleOutcome:
    sent: int = 0  # rows found in the records: sent
    unsent: int = 0  # rows without a record after the grace period: back to pending
    waiting: int = 0  # chunks not yet past their grace period
    calls: int = 0  # get_record calls made


def record_key(mobile: str, text: str) -> tuple[str, str]:
    """How a record and a row are compared: the normalised number and the exact text."""
    check = normalize_number(mobile)
    return (check.number if check.ok else str(mobile).strip(), text)


def _beijing(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, BEIJING)


def _merge_windows(windows: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


@dataclass(frozen=True)
class DoubtItem:
    """One message in doubt: what went to whom, and when its request started (epoch seconds)."""

    mobile: str
    text: str
    requested_at: float
    uid: str | None = None


def request_window(
    requested_at: float,
    now: float,
    margin: float = DEFAULT_WINDOW_MARGIN,
    request_seconds: float = DEFAULT_REQUEST_SECONDS,
) -> tuple[float, float]:
    """The time window in which a request that started at ``requested_at`` can have been processed."""
    return (requested_at - margin, min(now, requested_at + request_seconds) + margin)


def find_records(
    client: RecordSource,
    items: Sequence[DoubtItem],
    *,
    now: float,
    use_uid: bool = False,
    margin: float = DEFAULT_WINDOW_MARGIN,
    request_seconds: float = DEFAULT_REQUEST_SECONDS,
    should_stop: Callable[[], None] | None = None,
) -> tuple[list[Record | None], int]:
    """The provider's record of each item (None when there is none), and the get_record calls made.

    A record matches on the normalised number and the exact text, inside the item's request
    window (an older send of the same text does not count), and on the uid when ``use_uid``
    and the item has one. A record settles one item only. API errors propagate.
    """
    if not items:
        return [], 0
    wanted = {record_key(item.mobile, item.text) for item in items}
    found: dict[tuple[str, str], list[Record]] = {}
    calls = 0

    def consider(record: Record) -> None:
        key = record_key(record.mobile, record.text)
        if key in wanted:
            found.setdefault(key, []).append(record)

    if len(items) <= PER_NUMBER_LOOKUP_MAX:
        looked_up: set[tuple[str, float, float]] = set()
        for item in items:
            start, end = request_window(item.requested_at, now, margin, request_seconds)
            if (item.mobile, start, end) in looked_up:
                continue
            looked_up.add((item.mobile, start, end))
            for page in range(1, 1000):
                if should_stop is not None:
                    should_stop()
                calls += 1
                batch = client.get_record(_beijing(start), _beijing(end), page, PAGE_SIZE, mobile=item.mobile)
                for record in batch:
                    consider(record)
                if len(batch) < PAGE_SIZE:
                    break
    else:
        windows = {request_window(item.requested_at, now, margin, request_seconds) for item in items}
        for start, end in _merge_windows(windows):
            for page in range(1, 100_000):
                if should_stop is not None:
                    should_stop()
                calls += 1
                batch = client.get_record(_beijing(start), _beijing(end), page, PAGE_SIZE)
                for record in batch:
                    consider(record)
                if len(batch) < PAGE_SIZE:
                    break

    used: set[int] = set()  # a record (by sid) settles one item only
    matches: list[Record | None] = []
    for item in items:
        start, end = request_window(item.requested_at, now, margin, request_seconds)
        candidates = [
            r
            for r in found.get(record_key(item.mobile, item.text), [])
            if _in_window(r.send_time, start, end) and (r.sid or id(r)) not in used
        ]
        if use_uid and item.uid:
            candidates = [r for r in candidates if (r.uid or "") == item.uid]
        match = candidates[0] if candidates else None
        if match is not None:
            used.add(match.sid or id(match))
        matches.append(match)
    return matches, calls


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

    ``unsent_reason`` is the reason written on rows without a record (back to pending).

    API errors propagate (the rows stay in doubt; the caller retries later). Each
    chunk's outcome is recorded in one transaction.
    """
    outcome = SettleOutcome()
    due = [c for c in chunks if c.requested_at + grace_seconds <= now]
    outcome.waiting = len(chunks) - len(due)
    if not due:
        return outcome
    rows_by_chunk = {c.id: journal.chunk_rows(c.id) for c in due}
    items = [
        DoubtItem(row.mobile, row.text, chunk.requested_at, chunk.uid)
        for chunk in due
        for row in rows_by_chunk[chunk.id]
    ]
    records, outcome.calls = find_records(
        client, items, now=now, use_uid=use_uid, margin=margin, request_seconds=request_seconds, should_stop=should_stop
    )
    found = iter(records)  # in the order of ``items``: chunk by chunk, row by row

    for chunk in due:
        results: list[RowResult] = []
        sent_rows: list[tuple[JournalRow, Record]] = []
        for row in rows_by_chunk[chunk.id]:
            record = next(found)
            if record is not None:
                # get_record gives the parts billed, not the money: the fee stays unknown ("").
                results.append(
                    RowResult(
                        row.row_no,
                        SENT,
                        0,
                        "settled from the provider's records",
                        record.sid or None,
                        "",
                        int(record.fee or 0),
                    )
                )
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
            sum(1 for r in results if r.state == SENT),
            sum(1 for r in results if r.state == PENDING),
        )
        if on_sent is not None and sent_rows:
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


def _in_window(send_time: str, start: float, end: float) -> bool:
    try:
        moment = datetime.strptime(send_time.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp()
    except (ValueError, AttributeError):
        return True  # an unreadable time: the server already filtered by the window
    return start - 1 <= moment <= end + 1


__all__ = [
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
