"""What the move of a profile to a team keeps in the team database: its progress marks (no Qt).

A move (``gui.store.team.move``) copies the local SQLite file batch by batch, each batch in one
PostgreSQL transaction that also writes the batch's **mark** — how far that table (or that
campaign) is copied — into the team database's ``settings`` table. A batch and its mark commit
together or not at all, so a move stopped anywhere (cancel, kill, lost network) and run again
starts after the last committed batch: nothing is copied twice, even rows without a natural key
(an audit entry, a send still in doubt). No schema change is needed: ``settings`` is a key-value
table every operator role may write.

Every batch first takes a transaction-scoped advisory lock on the move's source: two moves of
the same local file (two windows, the CLI and the console) take turns batch by batch, and each
reads the mark again under the lock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MARK_PREFIX = "team_move:"
# pg_advisory_xact_lock(class, key): 'MOVE' in ASCII, then hashtext(the source)
MOVE_LOCK_CLASS = 0x4D4F5645
RETRIES = 3


class MoveCancelled(Exception):
    """The operator stopped the move between two batches: what was copied stays, a new run continues."""


class MoveRefused(Exception):
    """The move cannot start (or go on): a campaign of the profile is running, the database is not ready…"""


def mark_key(source: str, *parts: object) -> str:
    """The settings key of one mark of ``source`` (the moved profile's console id)."""
    return MARK_PREFIX + ":".join([source, *(str(p) for p in parts)])


def read_mark(conn: Any, key: str) -> dict[str, Any]:
    row = conn.execute("SELECT value FROM settings WHERE key = %s", (key,)).fetchone()
    return dict(json.loads(row[0])) if row and row[0] else {}


def write_mark(conn: Any, key: str, value: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def marks_under(conn: Any, prefix: str) -> dict[str, dict[str, Any]]:
    """Every mark whose key starts with ``prefix`` (``left()``, not LIKE: a profile name may hold ``%``)."""
    rows = conn.execute("SELECT key, value FROM settings WHERE left(key, %s) = %s", (len(prefix), prefix)).fetchall()
    return {str(k): dict(json.loads(v)) for k, v in rows if v}


def in_batch(store: Any, source: str, work: Callable[[Any], T]) -> T:
    """``work(conn)`` in one transaction of ``store`` holding the source's advisory lock; run
    again after a deadlock or a serialization failure (``work`` reads its mark itself)."""
    from psycopg import errors

    for attempt in range(RETRIES + 1):
        try:
            with store.transaction() as conn:
                conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (MOVE_LOCK_CLASS, source))
                return work(conn)
        except (errors.DeadlockDetected, errors.SerializationFailure):
            if attempt == RETRIES:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows as ``width`` column lists, for ``unnest(%s::type[], …)``."""
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


__all__ = [
    "MARK_PREFIX",
    "MoveCancelled",
    "MoveRefused",
    "columns",
    "in_batch",
    "mark_key",
    "marks_under",
    "read_mark",
    "write_mark",
]
