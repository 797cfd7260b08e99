"""Opening the store and the campaign journal at once never fails with "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from gui.store.wal import enable_wal


def _holder(path, held: threading.Event, release_after: float) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")  # e.g. the store creating its tables on first open
    conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    held.set()
    time.sleep(release_after)
    conn.execute("COMMIT")
    conn.close()


def test_the_wal_switch_waits_for_another_connection(tmp_path):
    path = tmp_path / "console.sqlite3"
    held = threading.Event()
    thread = threading.Thread(target=_holder, args=(path, held, 0.3))
    thread.start()
    assert held.wait(5)
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)  # no busy handler of its own
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        conn.execute("PRAGMA journal_mode = WAL")  # what a plain switch does meanwhile
    enable_wal(conn, 5000)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    thread.join(5)
    conn.close()


def test_the_wal_switch_gives_up_after_its_timeout(tmp_path):
    path = tmp_path / "console.sqlite3"
    held = threading.Event()
    thread = threading.Thread(target=_holder, args=(path, held, 1.0))
    thread.start()
    assert held.wait(5)
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        enable_wal(conn, 200)
    assert 0.15 < time.monotonic() - started < 0.9
    thread.join(5)
    conn.close()
