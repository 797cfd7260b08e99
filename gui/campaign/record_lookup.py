"""Finding sends in doubt in the provider's records, in as few get_record calls as it takes
(plain Python, no Qt).

Each send in doubt is looked for in its own window only: from its request's start minus a
clock-skew margin (the provider's clock and ours differ) to the latest moment the request
can have been processed plus the margin — never up to "now", which after a pause or a
restart would page through hours of the account's other sends. Sends of one moment (the
chunks in flight at a kill) share their window: the union of the windows is cut into
whole-second pieces, each inside one send's window, and each piece is paged once, newest
first, only until every send it is read for is found.

A piece is read page by page while that is the cheaper way. Once the pages left (estimated
from the density of the pages read) outnumber the numbers still missing, or when a single
number is missing, those numbers are looked up one by one instead (get_record's ``mobile``
filter takes one number), each over its own send's window.

get_record: Beijing times with whole seconds, ``start_time`` and ``end_time`` both included,
``page_size`` at most 100, pages from 1 (the sandbox serves the newest first).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from gui.api.models import Record
from gui.api.numbers import normalize_number
from gui.campaign.protocols import RecordSource

BEIJING = timezone(timedelta(hours=8))
PAGE_SIZE = 100
DEFAULT_WINDOW_MARGIN = 60.0  # seconds either side of a request: clock differences with the provider
DEFAULT_REQUEST_SECONDS = 45.0  # how long after its start a request can still be processed (timeouts 10+30 s)
MAX_PAGES = 100_000  # a guard against a server that never gives a short page


@dataclass(frozen=True)
class DoubtItem:
    """One message in doubt: what went to whom, and when its request started (epoch seconds)."""

    mobile: str
    text: str
    requested_at: float
    uid: str | None = None


def record_key(mobile: str, text: str) -> tuple[str, str]:
    """How a record and a row are compared: the normalised number and the exact text."""
    check = normalize_number(mobile)
    return (check.number if check.ok else str(mobile).strip(), text)


def request_window(
    requested_at: float,
    now: float,
    margin: float = DEFAULT_WINDOW_MARGIN,
    request_seconds: float = DEFAULT_REQUEST_SECONDS,
) -> tuple[float, float]:
    """The time window in which a request that started at ``requested_at`` can have been processed."""
    return (requested_at - margin, min(now, requested_at + request_seconds) + margin)


def _beijing(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, BEIJING)


def _seconds(window: tuple[float, float]) -> tuple[int, int]:
    """A window widened to whole seconds, as get_record reads it."""
    return (math.floor(window[0]), math.ceil(window[1]))


def lookup_pieces(windows: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of ``windows`` (whole seconds, both ends included) cut into pieces that
    each lie inside one of the windows. Consecutive pieces share their boundary second: a
    record in it is read twice rather than missed by a server that compares exact times."""
    pieces: list[tuple[int, int]] = []
    covered_to: int | None = None
    for start, end in sorted(set(windows)):
        if covered_to is None or start > covered_to:
            pieces.append((start, end))
            covered_to = end
        elif end > covered_to:
            pieces.append((covered_to, end))
            covered_to = end
    return pieces


def _send_time(record: Record, cache: dict[str, float | None]) -> float | None:
    text = record.send_time
    if text not in cache:
        try:
            cache[text] = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING).timestamp()
        except (ValueError, AttributeError):
            cache[text] = None  # unreadable: the server already filtered by the window
    return cache[text]


class _Matcher:
    """Gives each record read to the first item still without one that it fits: the same
    number and text, a send time inside the item's window, the uid when asked to."""

    def __init__(self, items: Sequence[DoubtItem], windows: Sequence[tuple[int, int]], use_uid: bool) -> None:
        self.items, self.windows, self.use_uid = items, windows, use_uid
        self.matches: list[Record | None] = [None] * len(items)
        self.open_by_key: dict[tuple[str, str], list[int]] = {}
        for index, item in enumerate(items):
            self.open_by_key.setdefault(record_key(item.mobile, item.text), []).append(index)
        self.seen: set[object] = set()  # a record settles one item only, even when read twice
        self.times: dict[str, float | None] = {}

    def consider(self, record: Record) -> tuple[float | None, bool]:
        """Match ``record`` if it settles an item; returns its send time (None when unreadable)
        and whether it settled one."""
        moment = _send_time(record, self.times)
        identity = record.sid or (record.mobile, record.send_time, record.text, record.uid)
        if identity in self.seen:
            return moment, False
        self.seen.add(identity)
        waiting = self.open_by_key.get(record_key(record.mobile, record.text))
        if not waiting:
            return moment, False
        for position, index in enumerate(waiting):
            start, end = self.windows[index]
            if moment is not None and not start - 1 <= moment <= end + 1:
                continue
            uid = self.items[index].uid
            if self.use_uid and uid and (record.uid or "") != uid:
                continue
            self.matches[index] = record
            del waiting[position]
            return moment, True
        return moment, False

    def missing(self, index: int) -> bool:
        return self.matches[index] is None


def find_records(
    client: RecordSource,
    items: Sequence[DoubtItem],
    *,
    now: float,
    use_uid: bool = False,
    margin: float = DEFAULT_WINDOW_MARGIN,
    request_seconds: float = DEFAULT_REQUEST_SECONDS,
    should_stop: Callable[[], None] | None = None,
    look_up: Sequence[bool] | None = None,
) -> tuple[list[Record | None], int]:
    """The provider's record of each item (None when there is none), and the get_record calls made.

    A record matches on the normalised number and the exact text, inside the item's request
    window (an older send of the same text does not count), and on the uid when ``use_uid``
    and the item has one. A record settles one item only. API errors propagate.

    ``look_up`` (one flag per item, all by default) says which items the calls are made
    for; the others are matched only if their record turns up in those calls' pages (rows
    still in their grace period: found is sent, not found proves nothing yet).
    """
    windows = [_seconds(request_window(item.requested_at, now, margin, request_seconds)) for item in items]
    matcher = _Matcher(items, windows, use_uid)
    wanted = [i for i in range(len(items)) if look_up is None or look_up[i]]
    if not wanted:
        return matcher.matches, 0
    calls = 0
    searched: set[int] = set()  # items looked up number by number over their whole window

    def call(start: int, end: int, page: int, mobile: str | None = None) -> list[Record]:
        nonlocal calls
        if should_stop is not None:
            should_stop()
        calls += 1
        return client.get_record(_beijing(start), _beijing(end), page, PAGE_SIZE, mobile=mobile)

    def by_number(indices: list[int]) -> None:
        lookups = sorted({(items[i].mobile, windows[i]) for i in indices})
        for mobile, (start, end) in lookups:
            for page in range(1, MAX_PAGES):
                batch = call(start, end, page, mobile)
                for record in batch:
                    matcher.consider(record)
                if len(batch) < PAGE_SIZE:
                    break
        searched.update(indices)

    for start, end in lookup_pieces([windows[i] for i in wanted]):
        needed = [
            i
            for i in wanted
            if i not in searched and matcher.missing(i) and windows[i][0] <= end and windows[i][1] >= start
        ]
        if len({items[i].mobile for i in needed}) == 1:
            by_number(needed)
            continue
        others = 0  # records read that settle nothing: the account's other traffic
        oldest = float(end + 1)
        for page in range(1, MAX_PAGES):
            if not needed:
                break  # every row this piece is read for is found
            batch = call(start, end, page)
            for record in batch:
                moment, settled = matcher.consider(record)
                others += not settled
                if moment is not None:
                    oldest = min(oldest, moment)
            if len(batch) < PAGE_SIZE:
                break
            needed = [i for i in needed if matcher.missing(i)]
            if not needed or oldest > end:
                continue  # nothing left to find, or no readable send time to estimate from
            # Newest first: the pages read cover [oldest, end]. Left to read: the other traffic of
            # the rest of the piece (as dense as so far) and at most the rows still missing.
            # (The rows found are a burst at their send time, not a density.)
            mobiles = len({items[i].mobile for i in needed})
            traffic = others / max(1.0, end + 1 - oldest) * max(0.0, oldest - start)
            if mobiles < math.ceil((traffic + len(needed)) / PAGE_SIZE):
                by_number(needed)
                break
    return matcher.matches, calls


__all__ = [
    "DEFAULT_REQUEST_SECONDS",
    "DEFAULT_WINDOW_MARGIN",
    "DoubtItem",
    "PAGE_SIZE",
    "find_records",
    "lookup_pieces",
    "record_key",
    "request_window",
]
