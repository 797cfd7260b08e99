"""The local store's connections: the pool it owns, its reads and its write transactions
(plain Python, no Qt).

- WAL, ``busy_timeout`` and a bounded pool of connections the Store owns
  (``gui.store.pool``): one writer, held by one thread per transaction, and a few
  readers lent for one call each. Workers call the store from QThreadPool threads, where
  a ``threading.local`` cache is empty on every task; the campaign engine writes its own
  ``campaign_*`` tables in the same file with its own connection.
- Writes run in ``BEGIN IMMEDIATE`` transactions: a writer takes the lock up front, so
  two writers (this store's and the engine's) never deadlock upgrading read locks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from gui.store import io_guard
from gui.store.pool import READERS, ConnectionPool
from gui.store.wal import enable_wal

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The store cannot be used (e.g. written by a newer console)."""


class StoreConnections:
    """A store's pooled SQLite connections (gui.store.pool), which it alone owns — one writer,
    a few readers, each lent for one call. Thread-safe. The base of ``gui.store.db.Store``."""

    def __init__(self, path: Path, readers: int = READERS) -> None:
        self.path = Path(path)
        self._pool = ConnectionPool(
            self._connect, lambda: StoreError("the store is closed"), readers, BUSY_TIMEOUT_MS / 1000
        )

    def close(self) -> None:
        """Close every pooled connection (one still in use closes when its call returns).
        The store cannot be used afterwards."""
        self._pool.close()

    @property
    def closed(self) -> bool:
        return self._pool.closed

    def open_connections(self) -> int:
        """SQLite connections open in this store's pool (at most one writer and READERS readers)."""
        return self._pool.open_connections()

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False: a pooled connection serves one thread at a time, but
        # not always the same one, and close() may come from yet another.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        enable_wal(conn, BUSY_TIMEOUT_MS)  # another connection may be opening the file too
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """``with store.reading() as conn:`` — a pooled reader for the block (the writer when this
        thread is inside a transaction, so it reads its own writes)."""
        io_guard.check("store access")
        with self._pool.reader() as conn:  # raises StoreError once the store is closed
            yield conn

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> _Rows:
        """One read statement on a pooled reader; its rows, fetched before the reader goes back."""
        with self.reading() as conn:
            return _Rows(conn.execute(sql, parameters).fetchall())

    def _write(self) -> _Transaction:
        io_guard.check("store access")
        if self._pool.closed:  # at once: the pool would only say so once the writer is free
            raise StoreError("the store is closed")
        return _Transaction(self._pool)

    def transaction(self) -> _Transaction:
        """``with store.transaction() as conn:`` — one BEGIN IMMEDIATE … COMMIT on the
        store's writer, held by this thread for the block (for gui.store.sync / receiver, which write
        several tables at once)."""
        return self._write()


class _Transaction:
    """``with`` block around BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on the pool's writer,
    held by this thread from BEGIN to COMMIT: writes are serialized by the pool."""

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        conn = self._pool.acquire_writer()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._pool.release_writer()
            raise
        self.conn = conn
        return conn

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        conn, self.conn = self.conn, None
        assert conn is not None
        try:
            if exc_type is None:
                try:
                    conn.execute("COMMIT")
                except BaseException:
                    # the writer is shared: never hand it on with a transaction left open
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            elif conn.in_transaction:  # SQLite may have rolled back already (e.g. disk full)
                conn.execute("ROLLBACK")
        finally:
            self._pool.release_writer()


class _Rows(list[Any]):
    """Fetched rows with the cursor methods callers use (``fetchone``, ``fetchall``, iteration)."""

    def fetchone(self) -> Any:
        return self.pop(0) if self else None

    def fetchall(self) -> list[Any]:
        rows = list(self)
        self.clear()
        return rows
