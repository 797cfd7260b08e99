"""The profile's local store: one SQLite file per profile (plain Python, no Qt).

What it keeps: messages sent from the console, pulled status reports, replies, the
suppression list and a few per-profile settings. pull_status / pull_reply delete on
the server what they return, so the rows here may be the only copy: callers commit
them (``save_reports`` / ``save_replies``) inside the worker that fetched them,
before anything is shown.

``Store`` is assembled from its parts, each a module of its own; this module opens and
migrates it and keeps every public name importable from here:
- ``gui.store.connections``: the pool of connections, reads, ``BEGIN IMMEDIATE`` writes;
- ``gui.store.schema``: the schema and ``MIGRATIONS``;
- ``gui.store.rows``: the row types and codes (shared with the team store);
- ``gui.store.sent``: sent messages and the settling of sends in doubt;
- ``gui.store.pulled``: status reports and replies;
- ``gui.store.lists``: the suppression list and settings;
- ``gui.store.audit_store``: the audit log.

Design notes
- WAL, ``busy_timeout`` and a bounded pool of connections the Store owns
  (``gui.store.pool``, ``gui.store.connections``): one writer, held by one thread per
  transaction, and a few readers lent for one call each.
- Writes run in ``BEGIN IMMEDIATE`` transactions (``gui.store.connections``).
- The schema version is ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a database
  from version n to n+1 (``gui.store.schema``). An existing file is copied (SQLite backup
  API) to ``<name>.bak-v<old>`` before it is migrated. ``user_version`` belongs to this module;
  other modules sharing the file must keep their own version elsewhere.
- The file is created 0600 before SQLite opens it; SQLite creates its -wal and -shm
  files with the database file's mode.
- Times written here are Beijing time ``yyyy-MM-dd HH:mm:ss`` like the wire's.
- sids are stored as INTEGER (SQLite's signed 64-bit); 0 / None mean "not sent".
- Schema v2..v5 (the archive, counters, record sync days, audit log): ``gui.store.schema``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from gui.paths import restrict_file
from gui.store import io_guard
from gui.store.audit_store import AuditStoreMixin
from gui.store.connections import StoreConnections
from gui.store.connections import StoreError as StoreError
from gui.store.lists import ListsStore
from gui.store.pulled import PulledStore
from gui.store.rows import IN_DOUBT_CODE as IN_DOUBT_CODE
from gui.store.rows import IN_DOUBT_MSG as IN_DOUBT_MSG
from gui.store.rows import SETTLED_NOT_SENT_CODE as SETTLED_NOT_SENT_CODE
from gui.store.rows import SETTLED_NOT_SENT_MSG as SETTLED_NOT_SENT_MSG
from gui.store.rows import TIME_FORMAT as TIME_FORMAT
from gui.store.rows import InDoubtMessage as InDoubtMessage
from gui.store.rows import SentMessage as SentMessage
from gui.store.rows import SentRow as SentRow
from gui.store.rows import beijing_timestamp as beijing_timestamp
from gui.store.schema import MIGRATIONS as MIGRATIONS
from gui.store.schema import SCHEMA_VERSION as SCHEMA_VERSION
from gui.store.schema import SOURCE_RECORD as SOURCE_RECORD
from gui.store.sent import SentStore
from gui.store.sent import index_new_messages as index_new_messages
from gui.store.sent import placeholder_ids as placeholder_ids

log = logging.getLogger(__name__)

STORE_FILE_NAME = "console.sqlite3"


def store_path(profile_dir: Path) -> Path:
    """Where a profile's store lives."""
    return Path(profile_dir) / STORE_FILE_NAME


class Store(SentStore, PulledStore, ListsStore, StoreConnections, AuditStoreMixin):
    """A profile's store. Thread-safe: its connections are a bounded pool (gui.store.pool)
    that it alone owns — one writer, a few readers, each lent for one call."""

    # --- life ---------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating it 0600 if needed) and migrate the store at ``path``."""
        io_guard.check("opening a store")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # Create it with owner-only mode before SQLite touches it; SQLite gives
            # its -wal and -shm files the same mode.
            fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(fd)
        restrict_file(path)
        store = cls(path)
        try:
            store._migrate()
        except BaseException:
            store.close()
            raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        with self.reading() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path.name} has schema version {version}, newer than this console's "
                f"{SCHEMA_VERSION}; use a newer console"
            )
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self._backup(version)
        with self._write() as conn:  # all steps in one transaction: a failed one leaves the old schema
            # Re-read under the write lock: another console may have migrated meanwhile.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            while version < SCHEMA_VERSION:
                log.info("store %s: migrating schema %d -> %d", self.path.name, version, version + 1)
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")

    def _backup(self, version: int) -> Path:
        target = self.path.with_name(f"{self.path.name}.bak-v{version}")
        fd = os.open(target, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        restrict_file(target)
        with sqlite3.connect(target) as dest, self.reading() as conn:
            conn.backup(dest)
        dest.close()
        log.info("store %s backed up to %s before migrating", self.path.name, target.name)
        return target
