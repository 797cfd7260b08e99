"""The store's connection pool (gui.store.pool): few connections whatever the threads, safe close."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from gui.api.models import StatusReport
from gui.store.db import Store, StoreError, store_path
from gui.store.pool import READERS


def report(sid):
    return StatusReport(
        sid=sid,
        uid=None,
        user_receive_time="2024-05-01 10:00:07",
        error_msg="DELIVRD",
        mobile="13800138000",
        report_status="SUCCESS",
    )


@pytest.fixture
def store(tmp_path):
    s = Store.open(store_path(tmp_path))
    yield s
    s.close()


def test_threads_come_and_go_but_the_connections_stay_few(store):
    """Fresh threads every time (as QThreadPool's tasks look to Python): no connection per thread."""
    store.add_suppressed(["13800138000"])

    def task(i):
        store.is_suppressed("13800138000")
        store.save_reports([report(10_000 + i)])

    for round_ in range(5):
        threads = [threading.Thread(target=task, args=(round_ * 20 + n,)) for n in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert store.count_reports() == 100
    assert store.open_connections() <= 1 + READERS


def test_a_transaction_reads_its_own_writes_and_cannot_nest(store):
    with store.transaction() as conn:
        conn.execute("INSERT INTO suppression (number) VALUES ('13800138000')")
        assert store.is_suppressed("13800138000")  # read through the writer this thread holds
        with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
            store.add_suppressed(["13900139000"])
    assert store.suppressed_numbers() == {"13800138000"}


def test_nested_reads_on_one_thread_share_one_reader(tmp_path):
    store = Store.open(store_path(tmp_path))
    try:
        with store.reading() as outer, store.reading() as inner:
            assert inner is outer
            assert store.count_reports() == 0
        assert store.open_connections() <= 2
    finally:
        store.close()


def test_close_while_a_reader_is_out_closes_it_when_it_returns(tmp_path):
    store = Store.open(store_path(tmp_path))
    with store.reading() as conn:
        store.close()
        assert conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 0  # the call in flight finishes
        assert store.open_connections() == 1
    assert store.open_connections() == 0
    with pytest.raises(StoreError, match="closed"):
        store.count_reports()
    with pytest.raises(StoreError, match="closed"):
        store.add_suppressed(["13800138000"])


def test_close_while_a_write_runs_lets_it_commit_then_closes_the_writer(tmp_path):
    path = store_path(tmp_path)
    store = Store.open(path)
    began, closed = threading.Event(), threading.Event()
    errors = []

    def write():
        try:
            with store.transaction() as conn:
                began.set()
                closed.wait(10)
                conn.execute("INSERT INTO suppression (number) VALUES ('13800138000')")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    assert began.wait(10)
    store.close()
    closed.set()
    thread.join(10)
    assert errors == []
    assert store.open_connections() == 0
    again = Store.open(path)
    assert again.is_suppressed("13800138000")
    again.close()
