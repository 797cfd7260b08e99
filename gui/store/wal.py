"""Switching a SQLite connection to WAL, waiting out another connection's lock.

``PRAGMA journal_mode = WAL`` needs the database to itself for a moment. When the store and
the campaign journal open the same file at once (a tab shown while another opens or
migrates the store), SQLite can answer "database is locked" at once instead of calling its
busy handler. The switch is then retried until the busy timeout, as any other statement
would have waited.
"""

from __future__ import annotations

import sqlite3
import time


def enable_wal(conn: sqlite3.Connection, timeout_ms: int) -> None:
    """Put ``conn``'s database in WAL mode, retrying while another connection holds it."""
    deadline = time.monotonic() + timeout_ms / 1000
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
