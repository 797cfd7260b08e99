"""The profile store: schema, migrations, dedup rules, suppression list, settings, threads."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.api.models import Reply, StatusReport
from gui.store import db as store_db
from gui.store.db import SCHEMA_VERSION, SentMessage, Store, StoreError, store_path
from gui.store.io_guard import allow_gui_thread_io
from gui.store.pool import READERS

BIG_SID = 2**63 - 1


def sent(sid, mobile="13800138000", text="【Shop】code 1234", sent_at="2024-05-01 10:00:00", code=0, campaign_id=None):
    return SentMessage(
        sid=sid,
        mobile=mobile,
        text=text,
        sent_at=sent_at,
        code=code,
        msg="OK" if code == 0 else "err",
        count=1,
        fee="0.0500",
        unit="RMB",
        uid=None,
        campaign_id=campaign_id,
    )


def report(sid, status="SUCCESS", mobile="13800138000", error_msg="DELIVRD", uid=None):
    return StatusReport(
        sid=sid,
        uid=uid,
        user_receive_time="2024-05-01 10:00:07",
        error_msg=error_msg,
        mobile=mobile,
        report_status=status,
    )


def reply(id_, mobile="13800138000", text="TD", reply_time="2024-05-01 11:00:00"):
    return Reply(id=id_, mobile=mobile, text=text, reply_time=reply_time, extend="01", base_extend="8888")


@pytest.fixture
def store(tmp_path):
    s = Store.open(store_path(tmp_path))
    yield s
    s.close()


def test_store_file_is_private_wal_and_versioned(tmp_path, store):
    path = store_path(tmp_path)
    assert path.name == "console.sqlite3"
    store.set_setting("touch", 1)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == store.schema_version
    conn.close()


def test_committed_rows_survive_without_close(tmp_path):
    """What save_* returned from is on disk: a crash (no close) loses nothing."""
    first = Store.open(store_path(tmp_path))
    assert first.save_reports([report(1)]) == 1
    assert first.save_replies([reply("r1")]) == 1
    # no close(): a second, independent connection sees the rows
    conn = sqlite3.connect(store_path(tmp_path))
    assert conn.execute("SELECT sid FROM reports").fetchall() == [(1,)]
    assert conn.execute("SELECT reply_id FROM replies").fetchall() == [("r1",)]
    conn.close()
    first.close()


def test_reports_stored_once_per_sid_and_updated(store):
    assert store.save_reports([report(10, "UNKNOWN"), report(11)]) == 2
    assert store.save_reports([report(10, "FAIL", error_msg="MK:0001"), report(12)]) == 1
    assert store.count_reports() == 3
    by_sid = {r.sid: r for r in store.reports_joined()}
    assert by_sid[10].report_status == "FAIL" and by_sid[10].error_msg == "MK:0001"
    assert store.save_reports([]) == 0


def test_reports_joined_to_messages_by_sid_newest_first(store, monkeypatch):
    store.record_sent([sent(BIG_SID, text="hello"), sent(None, code=3), sent(7, text="other")])
    stamps = iter(["2024-05-01 09:00:00", "2024-05-01 09:05:00"])
    monkeypatch.setattr(store_db, "beijing_timestamp", lambda: next(stamps))
    store.save_reports([report(BIG_SID), report(999)])  # 999 was not sent by the console
    store.save_reports([report(7, "FAIL")])
    rows = store.reports_joined()
    assert [r.sid for r in rows] == [7, 999, BIG_SID]
    assert rows[0].text == "other" and rows[0].sent_at == "2024-05-01 10:00:00"
    assert rows[1].text is None and rows[1].sent_at is None
    assert rows[2].sid == BIG_SID and rows[2].text == "hello"
    assert [r.sid for r in store.reports_joined(limit=1, offset=1)] == [999]
    assert [r.sid for r in store.reports_joined(mobile="13900000000")] == []


def test_record_sent_is_one_transaction_and_keeps_a_sid_once(store):
    store.record_sent([sent(1), sent(1), sent(None, code=3), sent(None, code=3)])
    assert len(store.sent_messages()) == 3  # sid 1 once, both failures kept
    bad = [
        sent(2),
        SentMessage(
            sid=3, mobile=None, text="x", sent_at="2024-05-01 10:00:00", code=0, msg="", count=1, fee="0", unit="RMB"
        ),
    ]  # mobile NOT NULL fails
    with pytest.raises(sqlite3.IntegrityError):
        store.record_sent(bad)
    assert {m.sid for m in store.sent_messages()} == {1, None}  # sid 2 rolled back with the batch


def test_count_recent_sends_counts_successful_sends_of_the_same_text_since(store):
    store.record_sent(
        [
            sent(1, sent_at="2024-05-01 10:00:00"),
            sent(2, sent_at="2024-05-01 10:03:00"),
            sent(None, sent_at="2024-05-01 10:04:00", code=8),  # refused: not a send
            sent(3, sent_at="2024-05-01 10:04:30", text="different"),
            sent(4, sent_at="2024-05-01 10:04:40", mobile="13900139000"),
        ]
    )
    text = "【Shop】code 1234"
    assert store.count_recent_sends("13800138000", text, "2024-05-01 09:59:59") == 2
    assert store.count_recent_sends("13800138000", text, "2024-05-01 10:00:01") == 1
    assert store.count_recent_sends("13800138000", "different", "2024-05-01 00:00:00") == 1
    assert store.count_recent_sends("13700000000", text, "2024-05-01 00:00:00") == 0


def test_replies_stored_once_by_id_else_number_time_text(store):
    assert store.save_replies([reply("a"), reply("a"), reply("b")]) == 2
    assert store.save_replies([reply(None), reply(None)]) == 1
    assert store.save_replies([reply(None, text="TD "), reply(None, reply_time="2024-05-01 11:00:01")]) == 2
    assert store.save_replies([reply("a", text="changed")]) == 0
    assert store.count_replies() == 5
    assert [r.id for r in store.stored_replies(limit=2)] == [None, None]  # newest reply_time first
    only = store.stored_replies(since="2024-05-01 11:00:01", until="2024-05-01 12:00:00")
    assert len(only) == 1 and only[0].reply_time == "2024-05-01 11:00:01"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.text(min_size=1, max_size=4)),
            st.sampled_from(["1380013800", "1390013900"]),
            st.text(max_size=5),
        ),
        max_size=12,
    )
)
def test_reply_dedup_property(tmp_path_factory, items):
    """Saving any list twice stores exactly its distinct keys, and the second save adds nothing."""
    s = Store.open(store_path(tmp_path_factory.mktemp("prop")))
    replies = [reply(i, mobile=m, text=t) for i, m, t in items]
    keys = {("id", i) if i else ("mt", m, t) for i, m, t in items}
    assert s.save_replies(replies) == len(keys)
    assert s.save_replies(replies) == 0
    assert s.count_replies() == len(keys)
    s.close()


def test_suppression_list(store):
    assert store.add_suppressed(["13800138000", " 13900139000 ", "", "13800138000"], "opt-out reply") == 2
    assert store.suppressed_numbers() == {"13800138000", "13900139000"}
    assert store.is_suppressed("13900139000") and not store.is_suppressed("13700137000")
    assert store.add_suppressed(["13800138000"], "again") == 0
    entries = {n: reason for n, reason, _ in store.suppression_entries()}
    assert entries["13800138000"] == "opt-out reply"
    assert store.remove_suppressed(["13800138000", "13600000000"]) == 1
    assert store.suppressed_numbers() == {"13900139000"}


def test_settings_round_trip(store):
    from decimal import Decimal

    assert store.get_setting("pull_consent") is None
    assert store.get_setting("pull_consent", "ask") == "ask"
    store.set_setting("pull_consent", True)
    store.set_setting("price_per_part", Decimal("0.0500"))
    store.set_setting("last", {"中文": [1, 2]})
    assert store.get_setting("pull_consent") is True
    assert store.get_setting("price_per_part") == "0.0500"
    assert store.get_setting("last") == {"中文": [1, 2]}
    store.set_setting("pull_consent", False)
    assert store.get_setting("pull_consent") is False


def test_pooled_connections_and_concurrent_writers(tmp_path, store):
    """Workers write from pool threads while the campaign engine writes its own table; the store
    keeps its own bounded set of connections whatever the number of threads."""
    errors = []

    def worker(offset):
        try:
            for i in range(50):
                store.save_reports([report(offset + i)])
                store.record_sent([sent(offset + i)])
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    def campaign_journal():
        conn = sqlite3.connect(store_path(tmp_path), timeout=10, isolation_level=None)
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS campaign_items (id INTEGER PRIMARY KEY, mobile TEXT)")
            for i in range(50):
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO campaign_items (mobile) VALUES (?)", (str(i),))
                conn.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(n * 1000,)) for n in range(3)]
    threads.append(threading.Thread(target=campaign_journal))
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert 1 <= store.open_connections() <= 1 + READERS
    assert store.count_reports() == 150
    assert len(store.sent_messages(limit=1000)) == 150
    # and the store still opens (no migration confusion from the campaign_ table)
    again = Store.open(store_path(tmp_path))
    assert again.schema_version == SCHEMA_VERSION
    again.close()


def test_closed_store_refuses(store):
    store.close()
    with pytest.raises(StoreError):
        store.count_reports()


def test_migration_keeps_rows_and_backs_up_first(tmp_path, monkeypatch):
    path = store_path(tmp_path)
    old = Store.open(path)
    old.save_reports([report(5)])
    old.add_suppressed(["13800138000"], "x")
    old.close()

    def add_note_column(conn):
        conn.execute("ALTER TABLE reports ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(store_db, "MIGRATIONS", [*store_db.MIGRATIONS, add_note_column])
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    new = Store.open(path)
    assert new.schema_version == SCHEMA_VERSION + 1
    assert [r.sid for r in new.reports_joined()] == [5]
    assert new.is_suppressed("13800138000")
    assert new._query("SELECT note FROM reports").fetchone()[0] == ""
    new.close()
    backup = path.with_name(f"{path.name}.bak-v{SCHEMA_VERSION}")
    assert backup.exists()
    if os.name == "posix":
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT sid FROM reports").fetchall() == [(5,)]
    conn.close()


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = store_path(tmp_path)
    Store.open(path).close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(store_db, "MIGRATIONS", [*store_db.MIGRATIONS, broken])
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    conn.close()


def test_newer_schema_is_refused(tmp_path):
    path = store_path(tmp_path)
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_app_context_store_follows_the_profile(qtbot, app_ctx):
    from gui.profiles import Profile

    with allow_gui_thread_io():
        first = app_ctx.store()
        assert first is app_ctx.store()
    assert first.path == store_path(app_ctx.paths.profile_dir(app_ctx.profile.name))
    first.add_suppressed(["13800138000"])
    app_ctx.set_profile(Profile("other", app_ctx.profile.base_url), "k" * 32)
    qtbot.waitUntil(lambda: first.closed)  # leaving the profile closes its store (in a worker): nothing ran
    with allow_gui_thread_io():
        second = app_ctx.store()
    assert second is not first and not second.is_suppressed("13800138000")
    app_ctx.release()
    assert second.closed
    again = Store.open(first.path)
    assert again.is_suppressed("13800138000")
    again.close()


class PullBlockedAfterTheServer:
    """The context's real client, except that pull_status, once the gateway has answered (and
    deleted what it handed out), holds the page until ``go`` is set."""

    def __init__(self, client) -> None:
        self.client = client
        self.pulled, self.go = threading.Event(), threading.Event()

    def pull_status(self, page_size=20):
        page = self.client.pull_status(page_size)
        self.pulled.set()
        assert self.go.wait(10)
        return page

    def pull_reply(self, page_size=20):
        return self.client.pull_reply(page_size)

    def close(self) -> None:
        self.client.close()


def test_leaving_a_profile_stores_its_pulled_batch_in_its_own_store_then_closes_it(qtbot, app_ctx, direct, sandbox):
    """A real pull (ctx.pull_service() in a tracked task) has a page in hand when the operator
    switches: the switch does not wait for it (a heartbeat keeps ticking), the page is stored once
    in the old profile's store, and only then is that store closed and its lock released."""
    from PySide6.QtCore import QLockFile, QTimer

    from gui.profiles import Profile
    from gui.services.pull import PullKind

    def lock_is_free(name):
        return QLockFile(str(app_ctx.paths.profile_dir(name) / "console.lock")).tryLock(0)

    assert app_ctx.lock_profile(app_ctx.profile.name)
    old_name = app_ctx.profile.name
    with allow_gui_thread_io():
        old_store = app_ctx.store()
    old_store.set_setting("pull_consent", True)
    direct.batch_send([f"1390013{i:04d}" for i in range(12)], "【豪霆云】您的验证码是1234")
    sandbox.advance(4000)
    queued = {int(entry[1]["sid"]) for entry in sandbox.state.status_queue}
    assert 12 <= len(queued) < 100  # one page (the sandbox's own traffic too)
    real_client = app_ctx.client()
    blocking = app_ctx._client = PullBlockedAfterTheServer(real_client)

    ticks: list[float] = []
    lock_freed_while_open: list[bool] = []

    def beat() -> None:
        ticks.append(time.monotonic())
        if not old_store.closed and lock_is_free(old_name):
            lock_freed_while_open.append(True)

    heartbeat = QTimer()
    heartbeat.timeout.connect(beat)
    heartbeat.start(10)
    try:
        service = app_ctx.pull_service()
        task = app_ctx.run(lambda control: service.pull(PullKind.REPORTS, control), with_control=True)
        app_ctx.track_pull(task)
        qtbot.waitUntil(blocking.pulled.is_set, timeout=5000)
        assert not sandbox.state.status_queue  # the gateway has handed the page out: only the worker has it

        assert app_ctx.lock_profile("other")
        before = time.monotonic()
        app_ctx.set_profile(Profile("other", sandbox.base_url), sandbox.apikey)
        assert time.monotonic() - before < 0.5  # the switch waits for nothing
        beats = len(ticks)
        qtbot.waitUntil(lambda: len(ticks) >= beats + 20, timeout=5000)  # the GUI thread runs on
        assert not task.worker_finished.is_set() and not old_store.closed and not lock_is_free(old_name)

        blocking.go.set()
        qtbot.waitUntil(lambda: old_store.closed, timeout=10_000)
        qtbot.waitUntil(lambda: not app_ctx.draining, timeout=5000)
        assert lock_is_free(old_name) and not lock_freed_while_open
        assert not lock_is_free("other")  # the new profile's lock is held
    finally:
        blocking.go.set()
        heartbeat.stop()
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 1.0, "the GUI thread was blocked"
    assert task.error is None and {r.sid for r in task.result.items} == queued
    assert task.result.new_count == len(queued) and task.result.spilled == 0 and real_client.open_sessions() == 0
    again = Store.open(old_store.path)
    try:
        sids = [r.sid for r in again.reports_joined(limit=1000)]
        assert sorted(sids) == sorted(queued)  # each stored once, in the old profile's store
    finally:
        again.close()
    with allow_gui_thread_io():
        assert app_ctx.store().count_reports() == 0  # nothing went to the new profile's


def test_coming_back_to_a_profile_still_draining_keeps_its_store_and_lock(qtbot, app_ctx):
    from PySide6.QtCore import QLockFile

    from gui.profiles import Profile

    home = app_ctx.profile
    assert app_ctx.lock_profile(home.name)
    with allow_gui_thread_io():
        store = app_ctx.store()
    go = threading.Event()
    task = app_ctx.run(lambda: go.wait(10), name="pull_status")
    app_ctx.track_pull(task)
    assert app_ctx.lock_profile("other")
    app_ctx.set_profile(Profile("other", home.base_url), "k" * 32)
    assert app_ctx.lock_profile(home.name)  # ours still: no "open in another console"
    app_ctx.set_profile(home, app_ctx.sandbox.apikey)
    go.set()
    qtbot.waitUntil(lambda: not app_ctx.draining, timeout=5000)
    assert not store.closed
    with allow_gui_thread_io():
        assert app_ctx.store() is store
    assert not QLockFile(str(app_ctx.paths.profile_dir(home.name) / "console.lock")).tryLock(0)
    assert QLockFile(str(app_ctx.paths.profile_dir("other") / "console.lock")).tryLock(0)
