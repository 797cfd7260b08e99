"""The team store's connections: a psycopg_pool.ConnectionPool and the transaction rules (no Qt).

Reads run on a pooled connection in autocommit (one statement, no BEGIN/COMMIT round trips);
writes run in one transaction each (``TeamConnections.write``). A thread inside a write reads
through that write's connection, so it sees its own uncommitted rows — what the local store's
pool does with its writer (``gui.store.pool``).

Several consoles write the same tables at once. The counters are updated in key order
(``gui.store.team.schema``), so writers rarely wait on each other in a cycle; when PostgreSQL
still detects a deadlock, or a serialization failure, the whole transaction is rolled back and
run again (``RETRIES`` times): every write here is a function of its arguments alone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from gui.store import io_guard

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRIES = 3
CONNECT_TIMEOUT_S = 10.0
MAX_CONNECTIONS = 5


class TeamStoreError(Exception):
    """The team store cannot be used (closed, not migrated, written by a newer console, unreachable)."""


class TeamConnections:
    """A bounded pool of connections to one team database."""

    def __init__(
        self, conninfo: str, max_connections: int = MAX_CONNECTIONS, timeout_s: float = CONNECT_TIMEOUT_S
    ) -> None:
        from psycopg_pool import ConnectionPool

        self._local = threading.local()
        self._closed = False
        self.pool: ConnectionPool[Any] = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max(1, int(max_connections)),
            kwargs={"autocommit": True, "connect_timeout": max(1, int(timeout_s))},
            timeout=timeout_s,
            open=False,
            name="team-store",
        )
        try:
            self.pool.open(wait=True, timeout=timeout_s)
        except Exception as exc:
            self.pool.close()
            raise TeamStoreError(f"cannot reach the team database: {exc}") from exc

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self._closed = True
        self.pool.close()

    def _check(self) -> None:
        io_guard.check("store access")
        if self._closed:
            raise TeamStoreError("the store is closed")

    def _current(self) -> Any | None:
        return getattr(self._local, "conn", None)

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """A connection to read with for the block (this thread's write connection inside a write)."""
        self._check()
        current = self._current()
        if current is not None:
            yield current
            return
        with self.pool.connection() as conn:
            yield conn

    def query(self, sql: Any, params: Any = ()) -> list[Any]:
        """One read statement's rows (tuples)."""
        with self.reading() as conn:
            return list(conn.execute(sql, params).fetchall())

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """``with connections.transaction() as conn:`` — one transaction (committed at the end,
        rolled back on an error); no retry (see ``write``)."""
        self._check()
        if self._current() is not None:
            raise TeamStoreError("cannot start a transaction within a transaction")
        with self.pool.connection() as conn:
            self._local.conn = conn
            try:
                with conn.transaction():
                    yield conn
            finally:
                self._local.conn = None

    def write(self, work: Callable[[Any], T]) -> T:
        """``work(conn)`` in one transaction, run again after a deadlock or a serialization failure."""
        from psycopg import errors

        for attempt in range(RETRIES + 1):
            try:
                with self.transaction() as conn:
                    return work(conn)
            except (errors.DeadlockDetected, errors.SerializationFailure) as exc:
                if attempt == RETRIES:
                    raise
                log.info("team store: %s, running the transaction again", type(exc).__name__)
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")
