"""The profile's local store: one SQLite file per profile (plain Python, no Qt).

What it keeps: messages sent from the console, pulled status reports, replies, the
suppression list and a few per-profile settings. pull_status / pull_reply delete on
the server what they return, so the rows here may be the only copy: callers commit
them (``save_reports`` / ``save_replies``) inside the worker that fetched them,
before anything is shown.

Design notes
- WAL, ``busy_timeout`` and a bounded pool of connections the Store owns
  (``gui.store.pool``): one writer, held by one thread per transaction, and a few
  readers lent for one call each. Workers call the store from QThreadPool threads, where
  a ``threading.local`` cache is empty on every task; the campaign engine writes its own
  ``campaign_*`` tables in the same file with its own connection.
- Writes run in ``BEGIN IMMEDIATE`` transactions: a writer takes the lock up front, so
  two writers (this store's and the engine's) never deadlock upgrading read locks.
- The schema version is ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a database
  from version n to n+1. An existing file is copied (SQLite backup API) to
  ``<name>.bak-v<old>`` before it is migrated. ``user_version`` belongs to this module;
  other modules sharing the file must keep their own version elsewhere.
- The file is created 0600 before SQLite opens it; SQLite creates its -wal and -shm
  files with the database file's mode.
- Times written here are Beijing time ``yyyy-MM-dd HH:mm:ss`` like the wire's.
- sids are stored as INTEGER (SQLite's signed 64-bit); 0 / None mean "not sent".
- Schema v2 (the archive, issue 6): ``messages`` holds one row per message whatever its
  source (``source`` console / record / report) with its latest report status; triggers
  copy every stored report (and synced record) onto its message; ``records`` keeps what
  get_record said (``gui.store.sync``); ``messages_fts`` is the full-text index
  (``gui.store.fts``) and ``gui.store.archive`` the queries over it all.
- Schema v3 (issue 18): counters kept by triggers on ``messages`` (``gui.store.counters``):
  messages per day for the statistics, each id block's time span for the text search.
- Schema v4 (issue 14): ``record_sync_days``, per-day marks of the statistics' get_record
  sync (``gui.store.sync_days``).
- Schema v5 (issue 15, item 5): ``audit_log``, the append-only audit log of money and admin
  actions (``gui.store.audit_store``).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from gui.api.models import Reply, StatusReport, beijing_now
from gui.paths import restrict_file
from gui.store import io_guard
from gui.store.audit_store import AuditStoreMixin
from gui.store.pool import READERS, ConnectionPool
from gui.store.wal import enable_wal

log = logging.getLogger(__name__)

STORE_FILE_NAME = "console.sqlite3"
BUSY_TIMEOUT_MS = 10_000
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def store_path(profile_dir: Path) -> Path:
    """Where a profile's store lives."""
    return Path(profile_dir) / STORE_FILE_NAME


def beijing_timestamp() -> str:
    """Now in Beijing time, as the wire writes times."""
    return beijing_now().strftime(TIME_FORMAT)


# --- rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SentMessage:
    """One number's send, as the console recorded it."""

    sid: int | None
    mobile: str
    text: str
    sent_at: str  # Beijing time 'yyyy-MM-dd HH:mm:ss'
    code: int
    msg: str
    count: int
    fee: str  # Decimal as text, exactly as the gateway gave it
    unit: str
    uid: str | None = None
    campaign_id: int | None = None


# A sent message as ``messages`` stores it: (sid or None, mobile, text, sent_at, code, msg,
# count, fee as text, unit, uid, campaign_id) — what ``record_sent`` makes of a ``SentMessage``.
SentRow = tuple[int | None, str, str, str, int, str, int, str, str, "str | None", "int | None"]


# A send that went out without a readable answer is recorded with this code until it is
# settled against the provider's records (the provider's codes are small integers; these
# cannot collide). Settled, the row gets code 0 and the record's sid, or SETTLED_NOT_SENT_CODE.
IN_DOUBT_CODE = -9000
IN_DOUBT_MSG = "in doubt: no readable answer; check the records before resending"
SETTLED_NOT_SENT_CODE = -9001
SETTLED_NOT_SENT_MSG = "not in the provider's records: not sent"


@dataclass(frozen=True)
class InDoubtMessage:
    """A console send still in doubt (``messages`` row ``id``)."""

    id: int
    mobile: str
    text: str
    sent_at: str  # Beijing time 'yyyy-MM-dd HH:mm:ss', taken just before the request
    uid: str | None = None


# Status reports and replies come back as gui.api.models.StatusReport / Reply (the one
# row type of each, shared by the api, the store and the views), with the store's fields set.


# --- schema -------------------------------------------------------------------------


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one: ``executescript`` would COMMIT the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement!r}")


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE messages (
            id          INTEGER PRIMARY KEY,
            sid         INTEGER,
            mobile      TEXT NOT NULL,
            text        TEXT NOT NULL,
            sent_at     TEXT NOT NULL,
            code        INTEGER NOT NULL,
            msg         TEXT NOT NULL DEFAULT '',
            count       INTEGER NOT NULL DEFAULT 0,
            fee         TEXT NOT NULL DEFAULT '0',
            unit        TEXT NOT NULL DEFAULT '',
            uid         TEXT,
            campaign_id INTEGER
        );
        -- a sid names one message: recording it twice keeps the first row (ON CONFLICT DO NOTHING:
        -- unlike INSERT OR IGNORE it still fails on NOT NULL)
        CREATE UNIQUE INDEX messages_sid ON messages(sid) WHERE sid IS NOT NULL;
        CREATE INDEX messages_mobile_sent ON messages(mobile, sent_at);
        CREATE INDEX messages_campaign ON messages(campaign_id) WHERE campaign_id IS NOT NULL;

        CREATE TABLE reports (
            id                INTEGER PRIMARY KEY,
            sid               INTEGER NOT NULL UNIQUE,
            mobile            TEXT NOT NULL DEFAULT '',
            report_status     TEXT NOT NULL DEFAULT '',
            user_receive_time TEXT,
            error_msg         TEXT NOT NULL DEFAULT '',
            error_detail      TEXT NOT NULL DEFAULT '',
            uid               TEXT,
            received_at       TEXT NOT NULL
        );
        CREATE INDEX reports_received ON reports(received_at);

        CREATE TABLE replies (
            id          INTEGER PRIMARY KEY,
            dedup_key   TEXT NOT NULL UNIQUE,   -- 'id:<id>' or 'mt:<mobile>\x1f<time>\x1f<text>'
            reply_id    TEXT,
            mobile      TEXT NOT NULL,
            text        TEXT NOT NULL,
            reply_time  TEXT NOT NULL,
            extend      TEXT NOT NULL DEFAULT '',
            base_extend TEXT NOT NULL DEFAULT '',
            sign        TEXT,
            received_at TEXT NOT NULL
        );
        CREATE INDEX replies_time ON replies(reply_time);
        CREATE INDEX replies_mobile ON replies(mobile);

        CREATE TABLE suppression (
            number   TEXT PRIMARY KEY,
            reason   TEXT,
            added_at TEXT
        );

        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT             -- JSON
        );
        """,
    )


# A report status that is final: a later UNKNOWN (or a record synced before the report
# came) never overwrites it. Used by the triggers below and by gui.store.archive.
FINAL_STATUSES = ("SUCCESS", "FAIL")

# Where a messages row came from (messages.source, schema v2).
SOURCE_CONSOLE = "console"  # sent from this console (compose, campaigns)
SOURCE_RECORD = "record"  # synced from get_record (gui.store.sync)
SOURCE_REPORT = "report"  # only a status report is known: text '' until a send or record fills it


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """The archive: report fields on the message rows, records from get_record, the indexes the
    archive's filters need, and the full-text index (gui.store.fts).

    ``messages`` becomes one row per message whatever its source, carrying its latest
    report status, so every archive filter reads one table through one index. ``reports``
    stays the log of pulled / pushed reports (one per sid); triggers copy each report onto
    its message — creating a placeholder row (source 'report') when the console has not
    seen the message — so a pulled report is in the archive the moment it is committed,
    whichever connection wrote it.
    """
    _run_script(
        conn,
        """
        ALTER TABLE messages ADD COLUMN source TEXT NOT NULL DEFAULT 'console';
        ALTER TABLE messages ADD COLUMN report_status TEXT NOT NULL DEFAULT '';
        ALTER TABLE messages ADD COLUMN error_msg TEXT NOT NULL DEFAULT '';
        ALTER TABLE messages ADD COLUMN user_receive_time TEXT;

        UPDATE messages SET report_status = r.report_status, error_msg = r.error_msg,
                            user_receive_time = r.user_receive_time
          FROM reports r WHERE r.sid = messages.sid;
        INSERT INTO messages (sid, mobile, text, sent_at, code, source, report_status, error_msg, user_receive_time)
          SELECT r.sid, r.mobile, '', COALESCE(NULLIF(r.user_receive_time, ''), r.received_at), 0, 'report',
                 r.report_status, r.error_msg, r.user_receive_time
            FROM reports r WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.sid = r.sid)
           ORDER BY r.id;

        -- the provider's record of a message (get_record); its text and number live in messages
        CREATE TABLE records (
            sid               INTEGER PRIMARY KEY,
            send_status       TEXT NOT NULL DEFAULT '',
            report_status     TEXT NOT NULL DEFAULT '',
            parts             INTEGER NOT NULL DEFAULT 0,
            user_receive_time TEXT,
            error_msg         TEXT NOT NULL DEFAULT '',
            synced_at         TEXT NOT NULL
        );

        CREATE TABLE archive_meta (
            key   TEXT PRIMARY KEY,
            value
        );

        -- one index per archive filter, each ending in sent_at: the newest page of any filter
        -- is a short walk down one index (rowid breaks ties)
        CREATE INDEX messages_sent ON messages(sent_at);
        CREATE INDEX messages_status_sent ON messages(report_status, sent_at);
        CREATE INDEX messages_error_sent ON messages(error_msg, sent_at);
        DROP INDEX messages_campaign;
        CREATE INDEX messages_campaign_sent ON messages(campaign_id, sent_at) WHERE campaign_id IS NOT NULL;

        CREATE TRIGGER reports_into_archive AFTER INSERT ON reports BEGIN
            INSERT INTO messages (sid, mobile, text, sent_at, code, source)
              SELECT NEW.sid, NEW.mobile, '', COALESCE(NULLIF(NEW.user_receive_time, ''), NEW.received_at), 0, 'report'
               WHERE NOT EXISTS (SELECT 1 FROM messages WHERE sid = NEW.sid);
            UPDATE messages SET report_status = NEW.report_status, error_msg = NEW.error_msg,
                                user_receive_time = NEW.user_receive_time
             WHERE sid = NEW.sid
               AND (NEW.report_status IN ('SUCCESS', 'FAIL') OR report_status NOT IN ('SUCCESS', 'FAIL'));
        END;
        CREATE TRIGGER reports_update_archive AFTER UPDATE ON reports BEGIN
            UPDATE messages SET report_status = NEW.report_status, error_msg = NEW.error_msg,
                                user_receive_time = NEW.user_receive_time
             WHERE sid = NEW.sid
               AND (NEW.report_status IN ('SUCCESS', 'FAIL') OR report_status NOT IN ('SUCCESS', 'FAIL'));
        END;
        CREATE TRIGGER records_into_archive AFTER INSERT ON records BEGIN
            UPDATE messages SET report_status = NEW.report_status, error_msg = NEW.error_msg,
                                user_receive_time = NEW.user_receive_time
             WHERE sid = NEW.sid
               AND (NEW.report_status IN ('SUCCESS', 'FAIL') OR report_status NOT IN ('SUCCESS', 'FAIL'));
        END;
        CREATE TRIGGER records_update_archive AFTER UPDATE ON records BEGIN
            UPDATE messages SET report_status = NEW.report_status, error_msg = NEW.error_msg,
                                user_receive_time = NEW.user_receive_time
             WHERE sid = NEW.sid
               AND (NEW.report_status IN ('SUCCESS', 'FAIL') OR report_status NOT IN ('SUCCESS', 'FAIL'));
        END;
        """,
    )
    from gui.store import fts

    fts.create_schema(conn)


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Counters kept on write (issue 18, ``gui.store.counters``): messages per day for the
    statistics, and each id block's time span for the text search; filled from the rows there are."""
    from gui.store import counters

    counters.create_schema(conn)


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Per-day marks of the statistics' record sync (issue 14, ``gui.store.sync_days``): which
    Beijing days get_record has been read for, how far, and whether their reports are final."""
    from gui.store import sync_days

    sync_days.create_schema(conn)


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """The audit log (issue 15, item 5, ``gui.store.audit_store``): who did what, when, at what cost."""
    from gui.store import audit_store

    audit_store.create_schema(conn)


# MIGRATIONS[n] takes the schema from version n to n + 1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
    _migrate_4_to_5,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store cannot be used (e.g. written by a newer console)."""


def _reply_dedup_key(reply: Reply) -> str:
    if reply.id:
        return f"id:{reply.id}"
    return f"mt:{reply.mobile}\x1f{reply.reply_time}\x1f{reply.text}"


def placeholder_ids(conn: sqlite3.Connection, sids: Sequence[int]) -> list[int]:
    """Ids of the placeholder rows (a report came, the text is not known yet) among ``sids``."""
    found: list[int] = []
    sids = list(dict.fromkeys(int(s) for s in sids))
    for start in range(0, len(sids), 500):
        chunk = sids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found += [
            int(r[0])
            for r in conn.execute(f"SELECT id FROM messages WHERE sid IN ({marks}) AND source = 'report'", chunk)
        ]
    return found


def index_new_messages(
    conn: sqlite3.Connection, filled_placeholders: Sequence[int] = (), known: Mapping[str, str] | None = None
) -> None:
    """Keep the full-text index in step, inside the caller's transaction: new rows above the
    watermark, and placeholders below it whose text has just been filled in (``known``: the
    tokens of texts worked out before the transaction, ``fts.index_rows``)."""
    from gui.store import fts

    mark = fts.watermark(conn)
    fts.catch_up(conn, known=known)
    below = [i for i in filled_placeholders if i <= mark]
    for start in range(0, len(below), 500):
        chunk = below[start : start + 500]
        marks = ",".join("?" * len(chunk))
        fts.index_rows(
            conn,
            (
                (r[0], r[1])
                for r in conn.execute(
                    f"SELECT id, text FROM messages WHERE id IN ({marks}) AND source != 'report'", chunk
                )
            ),
            known,
        )


class Store(AuditStoreMixin):
    """A profile's store. Thread-safe: its connections are a bounded pool (gui.store.pool)
    that it alone owns — one writer, a few readers, each lent for one call."""

    def __init__(self, path: Path, readers: int = READERS) -> None:
        self.path = Path(path)
        self._pool = ConnectionPool(
            self._connect, lambda: StoreError("the store is closed"), readers, BUSY_TIMEOUT_MS / 1000
        )

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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

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

    # --- sent messages ------------------------------------------------------------
    def record_sent(self, messages: Sequence[SentMessage]) -> None:
        """Record what the console sent, in one transaction (a sid already recorded is kept)."""
        self.record_sent_rows(
            [
                (
                    m.sid or None,
                    m.mobile,
                    m.text,
                    m.sent_at,
                    int(m.code),
                    m.msg or "",
                    int(m.count or 0),
                    str(m.fee if m.fee is not None else "0"),
                    m.unit or "",
                    m.uid,
                    m.campaign_id,
                )
                for m in messages
            ]
        )

    def record_sent_rows(self, rows: Sequence[SentRow]) -> None:
        """``record_sent`` for rows already in ``SentRow``'s form (the campaign engine's copy of
        its sends, 100,000 at a time: no ``SentMessage`` object a row)."""
        if not rows:
            return
        from gui.store import bulk, fts

        tokens = {row[2]: fts.index_tokens(row[2]) for row in rows}  # before the write lock is taken
        with self._write() as conn:
            placeholders = placeholder_ids(conn, [row[0] for row in rows if row[0]])
            # A sid recorded by the console before is kept as it is; a row that only a report or
            # a synced record made gets the console's details (text, time, fee, campaign).
            bulk.insert_rows(
                conn,
                "INSERT INTO messages (sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id)"
                " VALUES ",
                11,
                rows,
                " ON CONFLICT(sid) WHERE sid IS NOT NULL DO UPDATE SET mobile = excluded.mobile,"
                " text = excluded.text, sent_at = excluded.sent_at, code = excluded.code, msg = excluded.msg,"
                " count = excluded.count, fee = excluded.fee, unit = excluded.unit,"
                " uid = COALESCE(excluded.uid, messages.uid),"
                " campaign_id = COALESCE(excluded.campaign_id, messages.campaign_id), source = 'console'"
                " WHERE messages.source != 'console'",
            )
            index_new_messages(conn, placeholders, tokens)

    def transaction(self) -> _Transaction:
        """``with store.transaction() as conn:`` — one BEGIN IMMEDIATE … COMMIT on the
        store's writer, held by this thread for the block (for gui.store.sync / receiver, which write
        several tables at once)."""
        return self._write()

    def count_recent_sends(self, mobile: str, text: str, since: str) -> int:
        """Successful sends of ``text`` to ``mobile`` at or after ``since`` (Beijing time text)."""
        row = self._query(
            "SELECT COUNT(*) FROM messages WHERE mobile = ? AND text = ? AND sent_at >= ? AND code = 0",
            (mobile, text, since),
        ).fetchone()
        return int(row[0])

    def in_doubt_messages(self, since: str | None = None) -> list[InDoubtMessage]:
        """Console sends (not campaigns: their journal settles them) still in doubt, oldest first;
        ``since``: only those sent at or after it (Beijing time text)."""
        rows = self._query(
            "SELECT id, mobile, text, sent_at, uid FROM messages WHERE code = ? AND sid IS NULL"
            " AND source = 'console' AND campaign_id IS NULL AND sent_at >= ? ORDER BY sent_at, id",
            (IN_DOUBT_CODE, since or ""),
        ).fetchall()
        return [InDoubtMessage(**dict(row)) for row in rows]

    def settle_message(
        self, message_id: int, sid: int | None, code: int, msg: str, count: int = 0, fee: str = "0", unit: str = ""
    ) -> bool:
        """Settle the in-doubt row ``message_id``: sent (``sid`` from the records, code 0) or not sent
        (no sid, e.g. SETTLED_NOT_SENT_CODE). False when the row is no longer in doubt.

        A row the archive made for the same sid (a synced record, a pulled report) is merged into
        this one: its report fields are kept, the duplicate row goes (a sid names one message).
        """
        with self._write() as conn:
            if (
                conn.execute(
                    "SELECT 1 FROM messages WHERE id = ? AND code = ? AND sid IS NULL", (message_id, IN_DOUBT_CODE)
                ).fetchone()
                is None
            ):
                return False
            if sid:
                other = conn.execute(
                    "SELECT id, source, report_status, error_msg, user_receive_time FROM messages WHERE sid = ?",
                    (int(sid),),
                ).fetchone()
                if other is not None and other["source"] == SOURCE_CONSOLE:
                    # already recorded as sent by the console: this row is the same message
                    conn.execute("DELETE FROM messages WHERE id = ?", (message_id,))
                    return True
                if other is not None:
                    conn.execute("DELETE FROM messages WHERE id = ?", (other["id"],))
                    conn.execute(
                        "UPDATE messages SET report_status = ?, error_msg = ?, user_receive_time = ? WHERE id = ?",
                        (other["report_status"], other["error_msg"], other["user_receive_time"], message_id),
                    )
            conn.execute(
                "UPDATE messages SET sid = ?, code = ?, msg = ?, count = ?, fee = ?, unit = ? WHERE id = ?",
                (
                    int(sid) if sid else None,
                    int(code),
                    msg or "",
                    int(count or 0),
                    "0" if fee is None else str(fee),
                    unit or "",
                    message_id,
                ),
            )
        return True

    def sent_messages(self, limit: int = 100, offset: int = 0) -> list[SentMessage]:
        rows = self._query(
            "SELECT sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id FROM messages"
            " WHERE source = 'console' ORDER BY sent_at DESC, id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return [SentMessage(**dict(row)) for row in rows]

    # --- status reports -----------------------------------------------------------
    def save_reports(self, reports: Iterable[StatusReport]) -> int:
        """Store pulled reports once per sid (a later report for a sid updates it).

        Returns how many sids were new. Commits before returning.
        """
        reports = list(reports)
        if not reports:
            return 0
        now = beijing_timestamp()
        new = 0
        with self._write() as conn:
            for report in reports:
                exists = conn.execute("SELECT 1 FROM reports WHERE sid = ?", (int(report.sid),)).fetchone()
                conn.execute(
                    "INSERT INTO reports (sid, mobile, report_status, user_receive_time, error_msg, error_detail,"
                    " uid, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(sid) DO UPDATE SET mobile = excluded.mobile,"
                    " report_status = excluded.report_status, user_receive_time = excluded.user_receive_time,"
                    " error_msg = excluded.error_msg, error_detail = excluded.error_detail,"
                    " uid = COALESCE(excluded.uid, reports.uid)",
                    (
                        int(report.sid),
                        report.mobile or "",
                        report.report_status or "",
                        report.user_receive_time,
                        report.error_msg or "",
                        report.error_detail or "",
                        report.uid,
                        now,
                    ),
                )
                if exists is None:
                    new += 1
        return new

    def count_reports(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM reports").fetchone()[0])

    def reports_joined(self, limit: int = 100, offset: int = 0, mobile: str | None = None) -> list[StatusReport]:
        """Stored reports, newest first, with the text and send time of the message of the same sid."""
        where, args = "", []
        if mobile:
            where, args = "WHERE r.mobile = ?", [mobile]
        rows = self._query(
            "SELECT r.sid, r.mobile, r.report_status, r.user_receive_time, r.error_msg, r.error_detail, r.uid,"
            " r.received_at, m.text AS text, m.sent_at AS sent_at"
            " FROM reports r LEFT JOIN messages m ON m.sid = r.sid AND m.source != 'report' "
            f"{where} ORDER BY r.received_at DESC, r.id DESC LIMIT ? OFFSET ?",
            (*args, limit, offset),
        ).fetchall()
        return [StatusReport(**dict(row)) for row in rows]

    # --- replies ------------------------------------------------------------------
    def save_replies(self, replies: Iterable[Reply]) -> int:
        """Store replies once each (by id, else number + time + text). Returns how many were new."""
        replies = list(replies)
        if not replies:
            return 0
        now = beijing_timestamp()
        new = 0
        with self._write() as conn:
            for reply in replies:
                cursor = conn.execute(
                    "INSERT INTO replies (dedup_key, reply_id, mobile, text, reply_time, extend,"
                    " base_extend, sign, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(dedup_key) DO NOTHING",
                    (
                        _reply_dedup_key(reply),
                        reply.id or None,
                        reply.mobile or "",
                        reply.text or "",
                        reply.reply_time or "",
                        reply.extend or "",
                        reply.base_extend or "",
                        reply.sign,
                        now,
                    ),
                )
                new += cursor.rowcount
        return new

    def count_replies(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM replies").fetchone()[0])

    def stored_replies(
        self,
        limit: int = 100,
        offset: int = 0,
        mobile: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Reply]:
        """Stored replies, newest reply_time first; optional number and [since, until] filter."""
        clauses, args = [], []
        if mobile:
            clauses.append("mobile = ?")
            args.append(mobile)
        if since:
            clauses.append("reply_time >= ?")
            args.append(since)
        if until:
            clauses.append("reply_time <= ?")
            args.append(until)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self._query(
            "SELECT reply_id AS id, mobile, text, reply_time, extend, base_extend, sign, received_at FROM replies "
            f"{where} ORDER BY reply_time DESC, replies.id DESC LIMIT ? OFFSET ?",
            (*args, limit, offset),
        ).fetchall()
        return [Reply(**dict(row)) for row in rows]

    # --- suppression list ---------------------------------------------------------
    def add_suppressed(self, numbers: Iterable[str], reason: str = "") -> int:
        """Add numbers (already normalised by the caller). Returns how many were new."""
        numbers = [n.strip() for n in numbers if n and n.strip()]
        if not numbers:
            return 0
        now = beijing_timestamp()
        new = 0
        with self._write() as conn:
            for number in numbers:
                new += conn.execute(
                    "INSERT INTO suppression (number, reason, added_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(number) DO NOTHING",
                    (number, reason, now),
                ).rowcount
        return new

    def remove_suppressed(self, numbers: Iterable[str]) -> int:
        numbers = [n for n in numbers if n]
        if not numbers:
            return 0
        with self._write() as conn:
            return sum(conn.execute("DELETE FROM suppression WHERE number = ?", (n,)).rowcount for n in numbers)

    def suppressed_numbers(self) -> set[str]:
        return {row[0] for row in self._query("SELECT number FROM suppression")}

    def suppression_entries(self) -> list[tuple[str, str, str]]:
        """(number, reason, added_at), newest first — for the dialog."""
        rows = self._query(
            "SELECT number, COALESCE(reason, ''), COALESCE(added_at, '') FROM suppression"
            " ORDER BY added_at DESC, number"
        ).fetchall()
        return [tuple(row) for row in rows]

    def is_suppressed(self, number: str) -> bool:
        return self._query("SELECT 1 FROM suppression WHERE number = ?", (number,)).fetchone() is not None

    # --- settings -----------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._query("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        return json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Keep a JSON-serialisable value (a Decimal is kept as its text)."""
        if isinstance(value, Decimal):
            value = str(value)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )


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
