"""The local store's schema and its migrations (plain Python, no Qt).

- The schema version is ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a database
  from version n to n+1 (``gui.store.db.Store`` runs them, all in one transaction, after a
  backup). ``user_version`` belongs to the store; other modules sharing the file must keep
  their own version elsewhere.
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

import sqlite3
from collections.abc import Callable


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


# A trigger's copy of a report (or a synced record) onto its message: a final status is never
# overwritten by one that is not (FINAL_STATUSES). One text for the four triggers of schema v2;
# the triggers' SQL as SQLite keeps it is what it was when each statement was written out.
_COPY_STATUS_ONTO_MESSAGE = """UPDATE messages SET report_status = NEW.report_status, error_msg = NEW.error_msg,
                                user_receive_time = NEW.user_receive_time
             WHERE sid = NEW.sid
               AND (NEW.report_status IN ('SUCCESS', 'FAIL') OR report_status NOT IN ('SUCCESS', 'FAIL'));"""


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
        f"""
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
            {_COPY_STATUS_ONTO_MESSAGE}
        END;
        CREATE TRIGGER reports_update_archive AFTER UPDATE ON reports BEGIN
            {_COPY_STATUS_ONTO_MESSAGE}
        END;
        CREATE TRIGGER records_into_archive AFTER INSERT ON records BEGIN
            {_COPY_STATUS_ONTO_MESSAGE}
        END;
        CREATE TRIGGER records_update_archive AFTER UPDATE ON records BEGIN
            {_COPY_STATUS_ONTO_MESSAGE}
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
