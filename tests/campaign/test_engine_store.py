"""The engine's copy of its sends into the store, on its own thread (gui/campaign/engine_store.py)."""

from __future__ import annotations

import threading

from gui.campaign.engine_store import StoreWriter
from gui.campaign.journal import FAILED, SENT, PendingRow, RowResult


class SlowStore:
    """Holds the first write until released: the engine's later chunks queue up meanwhile."""

    def __init__(self) -> None:
        self.calls: list[list] = []
        self.release = threading.Event()
        self.fail_next = False

    def record_sent(self, messages) -> None:
        self.release.wait(5)
        if self.fail_next:
            self.fail_next = False
            raise OSError("disk full")
        self.calls.append(list(messages))


def chunk(first: int, n: int, failed=()):
    rows = [PendingRow(i, str(13800000000 + i), f"text {i}", 0) for i in range(first, first + n)]
    results = [
        RowResult(r.row_no, FAILED, 15, "no")
        if r.row_no in failed
        else RowResult(r.row_no, SENT, 0, "", r.row_no, "0.05", 1)
        for r in rows
    ]
    return rows, results


def test_every_sent_row_is_in_the_store_once_closed_in_answer_order_batched_when_behind():
    store = SlowStore()
    writer = StoreWriter(store, 7)
    for first in (1, 11, 21):
        writer.put(*chunk(first, 10, failed={first}), uid="c7-1")
    writer.put(*chunk(31, 3, failed={31, 32, 33}), uid=None)  # nothing sent: nothing to write
    store.release.set()
    writer.close()
    messages = [m for call in store.calls for m in call]
    assert [m.sid for m in messages] == [n for n in range(1, 31) if n not in (1, 11, 21)]
    assert all(m.campaign_id == 7 and m.uid == "c7-1" and m.fee == "0.05" for m in messages)
    assert messages[0].mobile == "13800000002" and messages[0].text == "text 2"
    assert len(store.calls) <= 2  # the first write, then what queued up behind it in one transaction


def test_a_failed_store_write_is_logged_and_the_next_chunks_still_go_in(caplog):
    store = SlowStore()
    store.fail_next = True
    store.release.set()
    writer = StoreWriter(store, 7)
    writer.put(*chunk(1, 5), uid=None)
    writer.close()  # the failure is logged, not raised: the journal holds the truth
    writer.put(*chunk(6, 5), uid=None)
    writer.close()
    assert [m.sid for call in store.calls for m in call] == [6, 7, 8, 9, 10]
    assert "recording sends in the store failed" in caplog.text


def test_close_without_a_send_starts_no_thread():
    writer = StoreWriter(SlowStore(), 1)
    writer.put(*chunk(1, 2, failed={1, 2}), uid=None)
    writer.close()
    assert writer._thread is None


def test_the_row_form_records_what_sent_messages_would(tmp_path):
    """StoreWriter hands a real store SentRow tuples (record_sent_rows), a fake SentMessages:
    the messages rows are the same either way."""
    from gui.store.db import Store, store_path
    from gui.store.io_guard import allow_gui_thread_io

    rows, results = chunk(1, 30, failed={3, 4})
    results[5] = RowResult(results[5].row_no, SENT, 0, "", None, "", 0)  # no sid, no fee: the defaults
    tables = []
    for form in ("rows", "messages"):
        with allow_gui_thread_io(), Store.open(store_path(tmp_path / form)) as store:
            writer = StoreWriter(store, 9)
            if form == "messages":
                writer._record_messages([(rows, results, "c9-1", "2026-03-01 10:00:00")])
            else:
                writer._record([(rows, results, "c9-1", "2026-03-01 10:00:00")])
            with store.reading() as conn:
                tables.append(
                    conn.execute(
                        "SELECT id, sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id,"
                        " source FROM messages ORDER BY id"
                    ).fetchall()
                )
    assert len(tables[0]) == 28
    assert tables[0] == tables[1]


def test_write_turns_are_taken_only_when_journal_and_store_share_a_file(tmp_path):
    from pathlib import Path

    from gui.campaign.engine_store import WriteTurn

    class AStore:
        path = tmp_path / "console.sqlite3"

    assert WriteTurn(Path(tmp_path / "console.sqlite3"), AStore()).shared  # type: ignore[arg-type]
    assert not WriteTurn(Path(tmp_path / "other.sqlite3"), AStore()).shared  # type: ignore[arg-type]
    assert not WriteTurn(Path(":memory:"), None).shared
    assert not WriteTurn(None, SlowStore()).shared
