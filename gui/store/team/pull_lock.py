"""One puller per account: a PostgreSQL session advisory lock around each pull (issue 15, item 3; no Qt).

pull_status and pull_reply delete what they hand out, so when several consoles share one account
only one of them may pull at a time, and what it pulled must be in the shared archive before
anyone pulls again. ``TeamPullLock`` is that turn: ``gui.services.pull.PullService`` takes it
before a pull and gives it back after the last page is stored; a console that finds it taken
does not pull at all (another console is pulling, and its results reach the shared archive).

The key. ``pg_try_advisory_lock(int4, int4)``: a constant namespace (``PULL_LOCK_NAMESPACE``,
'SMSP' in ASCII) and a 32-bit hash of the account's identity. A team database serves one account
(docs/team.md), and advisory locks are scoped to their database anyway, so the identity is the
database's name (``current_database()``): every console of the account, whatever its host name
for the server, computes the same key. The two-int form lives apart from the one-bigint keys of
the migration locks (``gui.store.team.migrations``, ``gui.campaign.team_journal_schema``).

The connection. A session lock, on a connection of its own (never a pooled one, which would go
back to the pool still holding it), opened for the pull and closed after it. When the pulling
console dies its connection drops and PostgreSQL ends the session, which releases the lock: at
once for a killed process (its socket is closed by the system), within about a minute for a
computer that vanished from the network (the session's server-side TCP keepalives, set below).
``held()`` checks the connection between pages: a pull whose lock connection broke stops after
the page in hand, as another console may already have taken the turn.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Any

from gui.store import io_guard

log = logging.getLogger(__name__)

PULL_LOCK_NAMESPACE = 0x534D5350  # 'SMSP': the first int4 of the two-int advisory lock key
CONNECT_TIMEOUT_S = 10
# The server drops a session whose console vanished (no FIN, no RST) after about 30 + 3 × 10 s,
# and with it the lock: these are the session's own settings, any role may set them.
SERVER_KEEPALIVES = (
    "SET tcp_keepalives_idle = 30",
    "SET tcp_keepalives_interval = 10",
    "SET tcp_keepalives_count = 3",
    "SET tcp_user_timeout = 30000",
)


def account_key(identity: str) -> int:
    """The second int4 of the lock key: a signed 32-bit hash of the account's identity."""
    digest = hashlib.blake2b(identity.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


class TeamPullLock:
    """``TeamPullLock(conninfo, identity)``: ``acquire()`` (False: another session holds it),
    ``held()``, ``release()``. Each ``TeamStore.pull_lock()`` is a new one with a session of its
    own, so two of them exclude each other like two consoles. One object is one turn: a second
    ``acquire`` of the same object (another thread) waits for its ``release`` — an advisory lock
    is re-entrant within its session and would be granted twice."""

    def __init__(self, conninfo: str, identity: str) -> None:
        self._conninfo = conninfo
        self.identity = identity
        self.key = (PULL_LOCK_NAMESPACE, account_key(identity))
        self._conn: Any = None
        self._turn = threading.Lock()

    @property
    def backend_pid(self) -> int | None:
        """The lock connection's server process while held (tests end it to see the lock go)."""
        conn = self._conn
        return None if conn is None else int(conn.info.backend_pid)

    def acquire(self) -> bool:
        """Connect and try the lock. True: this console pulls now; False: another console is
        pulling. Raises when the database cannot be reached (then nobody here pulls either)."""
        import psycopg

        io_guard.check("the pull lock")
        self._turn.acquire()
        try:
            conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except BaseException:
            self._turn.release()
            raise
        try:
            for statement in SERVER_KEEPALIVES:
                try:
                    conn.execute(statement)
                except psycopg.errors.UndefinedObject:  # tcp_user_timeout before PostgreSQL 12
                    log.debug("pull lock: %s not known to this server", statement)
            row = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", self.key).fetchone()
        except BaseException:
            conn.close()
            self._turn.release()
            raise
        if not row or not row[0]:
            conn.close()
            self._turn.release()
            log.info("pull lock of %s taken by another console: not pulling", self.identity)
            return False
        self._conn = conn
        return True

    def held(self) -> bool:
        """Whether the lock's connection still lives (so the lock is still this console's)."""
        conn = self._conn
        if conn is None or conn.closed:
            return False
        try:
            conn.execute("SELECT 1")
            return True
        except Exception as exc:  # noqa: BLE001 - a broken connection: the server has let the lock go
            log.warning("the pull lock's connection broke (%s): stopping after the page in hand", exc)
            return False

    def release(self) -> None:
        """Give the turn back (closing the connection ends the session: the lock goes with it)."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if not conn.closed:
                conn.execute("SELECT pg_advisory_unlock(%s, %s)", self.key)
        except Exception as exc:  # noqa: BLE001 - closing below releases it all the same
            log.debug("pull lock: unlock failed (%s); closing the session releases it", exc)
        finally:
            conn.close()
            self._turn.release()


__all__ = ["PULL_LOCK_NAMESPACE", "TeamPullLock", "account_key"]
