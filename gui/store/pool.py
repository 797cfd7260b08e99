"""The store's SQLite connections: one writer and a few readers, owned by the Store (plain Python, no Qt).

Why a pool and not one connection per thread: QThreadPool runs each task with a fresh
Python thread state, so a ``threading.local`` cache is empty every time — each task
opened a connection of its own that nobody closed (600 store tasks left 601 connections
and 1,210 open files). Here the connections are a fixed, bounded set:

- one writer: a thread holds it for a whole write (``Store.transaction()``), so writes
  are serialized here instead of racing for SQLite's lock;
- up to ``READERS`` readers, checked out for one call and returned. The file is in WAL
  mode, so a reader never waits for the writer.

A thread that holds the writer reads through it (it sees its own uncommitted rows, as it
did with one connection per thread); a thread that already holds a reader gets the same
one again (nested reads cannot exhaust the pool). ``close()`` closes what is idle at once
and every connection still in use when it comes back.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

READERS = 4


class ConnectionPool:
    """One writer and at most ``readers`` reader connections to one SQLite file."""

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        closed_error: Callable[[], Exception],
        readers: int = READERS,
        wait_s: float = 10.0,
    ) -> None:
        """``connect`` makes a configured connection; ``closed_error`` builds what is raised once closed;
        ``wait_s``: how long a caller waits for the writer or a free reader before giving up."""
        self._connect = connect
        self._closed_error = closed_error
        self._max_readers = max(1, int(readers))
        self._wait_s = wait_s
        self._cond = threading.Condition()
        self._idle: list[sqlite3.Connection] = []
        self._readers = 0  # reader connections open, idle or checked out
        self._held: dict[int, list[Any]] = {}  # thread ident -> [reader, depth] while checked out
        self._writer: sqlite3.Connection | None = None
        self._write_lock = threading.Lock()
        self._writer_thread: int | None = None
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def open_connections(self) -> int:
        """How many SQLite connections the pool holds open right now (readers and writer)."""
        with self._cond:
            return self._readers + (1 if self._writer is not None else 0)

    # --- readers ------------------------------------------------------------------------
    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A connection to read with, for the ``with`` block."""
        me = threading.get_ident()
        if self._writer_thread == me:  # only this thread sets it to its own ident
            yield self._writer  # type: ignore[misc]
            return
        held = self._take_reader(me)
        try:
            yield held[0]
        finally:
            with self._cond:
                held[1] -= 1
                if held[1] == 0:
                    del self._held[me]
                    self._give_back(held[0])

    def _take_reader(self, me: int) -> list[Any]:
        deadline = time.monotonic() + self._wait_s
        with self._cond:
            held = self._held.get(me)
            if held is not None:
                held[1] += 1
                return held
            while True:
                if self._closed:
                    raise self._closed_error()
                if self._idle:
                    held = self._held[me] = [self._idle.pop(), 1]
                    return held
                if self._readers < self._max_readers:
                    self._readers += 1  # a slot reserved; connect outside the lock
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise sqlite3.OperationalError(f"no free store connection within {self._wait_s:g} s")
                self._cond.wait(remaining)
        try:
            conn = self._connect()
        except BaseException:
            with self._cond:
                self._readers -= 1
                self._cond.notify()
            raise
        with self._cond:
            held = self._held[me] = [conn, 1]
        return held

    def _give_back(self, conn: sqlite3.Connection) -> None:
        """Under ``_cond``: back to the idle list, or closed when the pool was closed meanwhile."""
        if self._closed:
            self._readers -= 1
            conn.close()
        else:
            self._idle.append(conn)
            self._cond.notify()

    # --- the writer ---------------------------------------------------------------------
    def acquire_writer(self) -> sqlite3.Connection:
        """The writer, for this thread alone until ``release_writer()``."""
        if self.holds_writer():  # as SQLite says it: a second BEGIN on the same connection
            raise sqlite3.OperationalError("cannot start a transaction within a transaction")
        if not self._write_lock.acquire(timeout=self._wait_s):
            raise sqlite3.OperationalError("database is locked")
        try:
            with self._cond:
                if self._closed:
                    raise self._closed_error()
                conn = self._writer
            if conn is None:
                conn = self._connect()
                with self._cond:
                    self._writer = conn
        except BaseException:
            self._write_lock.release()
            raise
        self._writer_thread = threading.get_ident()
        return conn

    def release_writer(self) -> None:
        self._writer_thread = None
        with self._cond:
            if self._closed and self._writer is not None:
                self._writer.close()
                self._writer = None
            self._write_lock.release()

    def holds_writer(self) -> bool:
        """Whether this thread holds the writer (a transaction is open on it)."""
        return self._writer_thread == threading.get_ident()

    # --- life ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close every connection: the idle ones now, the ones in use when they come back."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._readers -= len(idle)
            writer = None
            if self._write_lock.acquire(blocking=False):
                writer, self._writer = self._writer, None
                self._write_lock.release()
            self._cond.notify_all()
        for conn in [*idle, *([writer] if writer is not None else [])]:
            conn.close()
