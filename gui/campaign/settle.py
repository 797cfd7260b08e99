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
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Sequence

from gui.api.numbers import normalize_number
from gui.campaign.journal import (CHUNK_SETTLED, FAILED, PENDING, SENT, Chunk, Journal, JournalRow,
                                  RowResult)

log = logging.getLogger(__name__)

BEIJING = timezone(timedelta(hours=8))
PAGE_SIZE = 100
PER_NUMBER_LOOKUP_MAX = 30     # up to this many rows: one get_record call per number
DEFAULT_WINDOW_MARGIN = 60.0   # seconds either side of a request: clock differences with the provider
DEFAULT_REQUEST_SECONDS = 45.0  # how long after its start a request can still be processed (timeouts 10+30 s)


@dataclass
class SettleOutcome:
    sent: int = 0          # rows found in the records: sent
    unsent: int = 0        # rows without a record after the grace period: back to pending
    waiting: int = 0       # chunks not yet past their grace period
    calls: int = 0         # get_record calls made


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


def settle_chunks(journal: Journal, client, chunks: Sequence[Chunk], *, now: float, grace_seconds: float,
                  use_uid: bool = False, margin: float = DEFAULT_WINDOW_MARGIN,
                  request_seconds: float = DEFAULT_REQUEST_SECONDS,
                  should_stop: Callable[[], None] | None = None,
                  on_sent: Callable[[list[tuple[JournalRow, object]]], None] | None = None) -> SettleOutcome:
    """Settle every chunk of ``chunks`` whose grace period is over at ``now``.

    API errors propagate (the rows stay in doubt; the caller retries later). Each
    chunk's outcome is recorded in one transaction.
    """
    outcome = SettleOutcome()
    due = [c for c in chunks if c.requested_at + grace_seconds <= now]
    outcome.waiting = len(chunks) - len(due)
    if not due:
        return outcome
    rows_by_chunk = {c.id: journal.chunk_rows(c.id) for c in due}
    total_rows = sum(len(r) for r in rows_by_chunk.values())
    wanted: dict[tuple[str, str], list[tuple[Chunk, JournalRow]]] = {}
    for chunk in due:
        for row in rows_by_chunk[chunk.id]:
            wanted.setdefault(record_key(row.mobile, row.text), []).append((chunk, row))

    def window(chunk: Chunk) -> tuple[float, float]:
        return (chunk.requested_at - margin, min(now, chunk.requested_at + request_seconds) + margin)

    found: dict[tuple[str, str], list] = {}

    def consider(record) -> None:
        key = record_key(record.mobile, record.text)
        if key in wanted:
            found.setdefault(key, []).append(record)

    if total_rows <= PER_NUMBER_LOOKUP_MAX:
        for chunk in due:
            start, end = window(chunk)
            for row in rows_by_chunk[chunk.id]:
                if should_stop is not None:
                    should_stop()
                for page in range(1, 1000):
                    outcome.calls += 1
                    batch = client.get_record(_beijing(start), _beijing(end), page, PAGE_SIZE, mobile=row.mobile)
                    for record in batch:
                        consider(record)
                    if len(batch) < PAGE_SIZE:
                        break
    else:
        for start, end in _merge_windows(window(c) for c in due):
            for page in range(1, 100_000):
                if should_stop is not None:
                    should_stop()
                outcome.calls += 1
                batch = client.get_record(_beijing(start), _beijing(end), page, PAGE_SIZE)
                for record in batch:
                    consider(record)
                if len(batch) < PAGE_SIZE:
                    break

    for chunk in due:
        results: list[RowResult] = []
        sent_rows: list[tuple[JournalRow, object]] = []
        for row in rows_by_chunk[chunk.id]:
            candidates = found.get(record_key(row.mobile, row.text), [])
            if use_uid and chunk.uid:
                candidates = [r for r in candidates if (r.uid or "") == chunk.uid]
            # Only a record sent inside this request's window counts (not an older send of the same text).
            start, end = window(chunk)
            candidates = [r for r in candidates if _in_window(r.send_time, start, end)]
            if candidates:
                record = candidates[0]
                # get_record gives the parts billed, not the money: the fee stays unknown ("").
                results.append(RowResult(row.row_no, SENT, 0, "settled from the provider's records",
                                         record.sid or None, "", int(record.fee or 0)))
                sent_rows.append((row, record))
                outcome.sent += 1
            else:
                results.append(RowResult(row.row_no, PENDING, None, "not in the provider's records: sent again"))
                outcome.unsent += 1
        journal.record_chunk_results(chunk.id, results, CHUNK_SETTLED, answered_at=now)
        log.info("campaign %s chunk %s settled: %d sent, %d to send again", chunk.campaign_id, chunk.id,
                 sum(1 for r in results if r.state == SENT), sum(1 for r in results if r.state == PENDING))
        if on_sent is not None and sent_rows:
            on_sent(sent_rows)
    return outcome


def _in_window(send_time: str, start: float, end: float) -> bool:
    try:
        moment = datetime.strptime(send_time.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp()
    except (ValueError, AttributeError):
        return True   # an unreadable time: the server already filtered by the window
    return start - 1 <= moment <= end + 1


__all__ = ["SettleOutcome", "settle_chunks", "record_key", "FAILED"]
