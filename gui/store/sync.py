"""Sync send records from get_record into the archive: page by page, resumable, idempotent (no Qt).

The range is cut into Beijing days, oldest first (the provider drops the oldest records
first), and each day is read page by page (100 records, the API's maximum) until a short
page. Every page is stored in one transaction **together with the checkpoint** (the day
and the next page), kept in the store's settings under ``archive_sync``: after a crash,
a cancel or an error, running the same sync again continues at the first page not
stored. Storing is an upsert by sid, so pages read twice — a resumed page, or a page
that shifted because a late record arrived at the top of a day — change nothing.

What a record adds: a ``messages`` row (source ``record``) when the console has not seen
the sid, or the text and time of a placeholder that only a report had made; a
``records`` row (the provider's send status, report status and parts), whose trigger
carries the report status onto the message unless a final report is already there.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from gui.api.models import WIRE_TIME_FORMAT, Record, parse_wire_time
from gui.store.backend import is_team
from gui.store.db import beijing_timestamp, index_new_messages, placeholder_ids
from gui.store.task_control import Cancellable

if TYPE_CHECKING:
    from gui.store.archive import ArchiveRow
    from gui.store.db import Store

log = logging.getLogger(__name__)

CHECKPOINT_KEY = "archive_sync"
PAGE_SIZE = 100  # get_record's maximum
MAX_PAGES_PER_DAY = 10_000  # 1,000,000 records a day: a guard against a gateway that never ends
RECHECK_WINDOW = timedelta(minutes=10)

GetRecord = Callable[..., list[Record]]  # (start, end, page_num, page_size, mobile) -> list[Record]


@dataclass
class SyncProgress:
    day_index: int  # 0-based index of the day being read
    days: int
    day: str  # 'yyyy-MM-dd'
    page: int  # the page just stored
    fetched: int  # records read in this run
    new: int  # records the archive did not have


@dataclass
class SyncResult:
    fetched: int = 0
    new: int = 0
    pages: int = 0
    days: int = 0
    resumed: bool = False
    complete: bool = False  # every day read to its last page
    cancelled: bool = False


def store_records(conn: sqlite3.Connection, records: Iterable[Record], synced_at: str | None = None) -> int:
    """Upsert records inside the caller's transaction; returns how many sids were new to ``records``."""
    records = [r for r in records if r.sid]
    if not records:
        return 0
    synced_at = synced_at or beijing_timestamp()
    sids = [int(r.sid) for r in records]
    placeholders = placeholder_ids(conn, sids)
    known: set[int] = set()
    for start in range(0, len(sids), 500):
        chunk = sids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        known.update(int(r[0]) for r in conn.execute(f"SELECT sid FROM records WHERE sid IN ({marks})", chunk))
    conn.executemany(
        "INSERT INTO messages (sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, source)"
        " VALUES (?, ?, ?, ?, 0, '', ?, '', '', ?, 'record')"
        " ON CONFLICT(sid) WHERE sid IS NOT NULL DO UPDATE SET mobile = excluded.mobile, text = excluded.text,"
        " sent_at = excluded.sent_at, count = excluded.count, uid = COALESCE(excluded.uid, messages.uid),"
        " source = 'record' WHERE messages.source = 'report'",
        [(int(r.sid), r.mobile or "", r.text or "", r.send_time or synced_at, int(r.fee or 0), r.uid) for r in records],
    )
    conn.executemany(
        "INSERT INTO records (sid, send_status, report_status, parts, user_receive_time, error_msg, synced_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(sid) DO UPDATE SET send_status = excluded.send_status,"
        " report_status = CASE WHEN excluded.report_status IN ('SUCCESS', 'FAIL')"
        "   OR records.report_status NOT IN ('SUCCESS', 'FAIL') THEN excluded.report_status"
        "   ELSE records.report_status END,"
        " user_receive_time = COALESCE(excluded.user_receive_time, records.user_receive_time),"
        " error_msg = CASE WHEN excluded.report_status IN ('SUCCESS', 'FAIL')"
        "   OR records.report_status NOT IN ('SUCCESS', 'FAIL') THEN excluded.error_msg"
        "   ELSE records.error_msg END,"
        " parts = excluded.parts, synced_at = excluded.synced_at",
        [
            (
                int(r.sid),
                r.send_status or "",
                (r.report_status or "").upper(),
                int(r.fee or 0),
                r.user_receive_time,
                r.error_msg or "",
                synced_at,
            )
            for r in records
        ],
    )
    index_new_messages(conn, placeholders)
    return len(set(sids) - known)


def save_records(store: Store, records: Sequence[Record]) -> int:
    """Store records in one transaction (committed on return); returns how many were new.
    A team store (``gui.store.backend``) writes them itself, in PostgreSQL's SQL."""
    if is_team(store):
        team: Any = store  # a gui.store.team.TeamStore (not imported here: psycopg is team mode's)
        return int(team.save_records(records))
    with store.transaction() as conn:
        return store_records(conn, records)


def _parse(moment: str) -> datetime:
    parsed = parse_wire_time(moment)
    if parsed is None:
        raise ValueError(f"not a Beijing time 'yyyy-MM-dd HH:mm:ss': {moment!r}")
    return parsed


def day_windows(start: str, end: str) -> list[tuple[str, str]]:
    """[start, end] cut at Beijing midnights: (first, last) second of each piece, oldest first."""
    first, last = _parse(start), _parse(end)
    if last < first:
        first, last = last, first
    windows = []
    cursor = first
    while cursor <= last:
        midnight = (cursor + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        piece_end = min(midnight - timedelta(seconds=1), last)
        windows.append((cursor.strftime(WIRE_TIME_FORMAT), piece_end.strftime(WIRE_TIME_FORMAT)))
        cursor = midnight
    return windows


class RecordSync:
    """``RecordSync(store, client.get_record).run(start, end)``; run it again to resume."""

    def __init__(self, store: Store, get_record: GetRecord, page_size: int = PAGE_SIZE) -> None:
        self.store = store
        self.get_record = get_record
        self.page_size = page_size

    def checkpoint(self) -> dict[str, Any] | None:
        value = self.store.get_setting(CHECKPOINT_KEY)
        return value if isinstance(value, dict) else None

    def run(
        self,
        start: str,
        end: str,
        mobile: str | None = None,
        progress: Callable[[SyncProgress], None] | None = None,
        control: Cancellable | None = None,
    ) -> SyncResult:
        """Read every record of [start, end] (Beijing time) into the archive.

        Raises what get_record raises (after everything before it is stored); a later run
        with the same range resumes. ``control.cancelled`` stops between pages."""
        windows = day_windows(start, end)
        key = {"start": start, "end": end, "mobile": mobile or None}
        saved = self.checkpoint()
        day_index, page = 0, 1
        result = SyncResult(days=len(windows))
        if saved and all(saved.get(k) == v for k, v in key.items()) and not saved.get("done"):
            day_index, page = int(saved.get("day_index", 0)), int(saved.get("page", 1))
            result.resumed = True
            log.info("record sync: resuming %s..%s at day %d page %d", start, end, day_index, page)
        while day_index < len(windows):
            day_start, day_end = windows[day_index]
            while True:
                if control is not None and getattr(control, "cancelled", False):
                    result.cancelled = True
                    return result
                if page > MAX_PAGES_PER_DAY:
                    raise RuntimeError(f"get_record gave more than {MAX_PAGES_PER_DAY} pages for {day_start[:10]}")
                batch = self.get_record(day_start, day_end, page, self.page_size, mobile)
                last_page = len(batch) < self.page_size
                next_day, next_page = (day_index + 1, 1) if last_page else (day_index, page + 1)
                checkpoint = {
                    **key,
                    "day_index": next_day,
                    "page": next_page,
                    "done": next_day >= len(windows),
                    "updated_at": beijing_timestamp(),
                }
                new = self._store_page(batch, checkpoint)
                result.fetched += len(batch)
                result.new += new
                result.pages += 1
                if progress is not None:
                    progress(SyncProgress(day_index, len(windows), day_start[:10], page, result.fetched, result.new))
                if last_page:
                    break
                page += 1
            day_index, page = day_index + 1, 1
        result.complete = True
        return result

    def _store_page(self, batch: Sequence[Record], checkpoint: dict[str, Any]) -> int:
        """The page and the checkpoint after it in one transaction (a team store: its own)."""
        if is_team(self.store):
            team: Any = self.store  # a gui.store.team.TeamStore
            return int(team.save_records_page(batch, CHECKPOINT_KEY, checkpoint))
        with self.store.transaction() as conn:
            new = store_records(conn, batch)
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (CHECKPOINT_KEY, _json(checkpoint)),
            )
        return new


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def recheck(
    store: Store,
    get_record: GetRecord,
    messages: Sequence[ArchiveRow],
    control: Cancellable | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Look messages still without a final report up with get_record (their number, a few
    minutes around their send time) and store what comes back.

    ``messages``: archive rows (e.g. ``archive.without_report``); those without a sid are skipped.
    Returns (get_record calls made, messages that now have a final report)."""
    looked, final = 0, 0
    wanted = {int(m.sid): m for m in messages if m.sid}
    done: set[int] = set()
    for number, (sid, message) in enumerate(wanted.items(), start=1):
        if control is not None and getattr(control, "cancelled", False):
            break
        if sid in done:
            continue
        moment = _parse(message.sent_at)
        batch = get_record(
            (moment - RECHECK_WINDOW).strftime(WIRE_TIME_FORMAT),
            (moment + RECHECK_WINDOW).strftime(WIRE_TIME_FORMAT),
            1,
            PAGE_SIZE,
            message.mobile,
        )
        save_records(store, batch)
        looked += 1
        for record in batch:
            if int(record.sid or 0) in wanted and int(record.sid) not in done:
                done.add(int(record.sid))
                if (record.report_status or "").upper() in ("SUCCESS", "FAIL"):
                    final += 1
        if progress is not None:
            progress(number, len(wanted))
    return looked, final
