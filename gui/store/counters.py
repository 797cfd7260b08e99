"""Counters kept on write for the archive's statistics and its text search (schema v3, no Qt).

``messages_daily`` — how many messages each Beijing day holds, by campaign, whether sent
(``code = 0``), report status and, for failed ones, error code. The Statistics view sums
a few thousand of these rows instead of grouping a million messages (issue 18: 1.5 s →
milliseconds over 90 days). ``campaign_id`` 0 stands for "no campaign" (the journal's
campaign ids start at 1); ``error_msg`` is '' unless the status is FAIL.

``messages_id_blocks`` — the earliest and latest ``sent_at`` ever seen among the message
ids of each block of ``2 ** ID_BLOCK_BITS`` ids. Ids grow with time, mostly: the text search walks
the full-text index by id, newest ids first, and these bounds tell it when no older id can
hold a newer message (``gui.store.fts_walk``). A bound only ever widens (a deleted or
re-dated row leaves it as it was), so it stays a bound whatever happens to the rows.

Both are kept by triggers on ``messages``: every writer (this store, the sync, the push
receiver, the campaign engine's own connection) keeps them exact, as the triggers that
copy reports onto messages do. A status report arriving later moves its message from one
``messages_daily`` row (no report) to another (delivered or failed) of the same day.
"""

from __future__ import annotations

import sqlite3
from typing import Any

DAILY_TABLE = "messages_daily"
BLOCKS_TABLE = "messages_id_blocks"
ID_BLOCK_BITS = 10  # 1,024 ids a block: ~1,000 rows of bounds per million messages
NO_CAMPAIGN = 0

# The counter key of a messages row, as SQL over NEW / OLD (``{r}``).
_KEY = (
    "substr({r}.sent_at, 1, 10)",
    "COALESCE({r}.campaign_id, 0)",
    "{r}.code = 0",
    "{r}.report_status",
    "CASE WHEN {r}.report_status = 'FAIL' THEN {r}.error_msg ELSE '' END",
)
_KEY_COLUMNS = "day, campaign_id, sent, report_status, error_msg"


def _key(row: str) -> list[str]:
    return [part.format(r=row) for part in _KEY]


def _add(row: str) -> str:
    return (
        f"INSERT INTO {DAILY_TABLE} ({_KEY_COLUMNS}, messages) VALUES ({', '.join(_key(row))}, 1)"
        f" ON CONFLICT({_KEY_COLUMNS}) DO UPDATE SET messages = messages + 1;"
    )


def _remove(row: str) -> str:
    names = _KEY_COLUMNS.split(", ")
    match = " AND ".join(f"{name} = ({expr})" for name, expr in zip(names, _key(row), strict=True))
    return f"UPDATE {DAILY_TABLE} SET messages = messages - 1 WHERE {match};"


def _widen_block(row: str) -> str:
    return (
        f"INSERT INTO {BLOCKS_TABLE} (block, first_sent, last_sent)"
        f" VALUES ({row}.id >> {ID_BLOCK_BITS}, {row}.sent_at, {row}.sent_at)"
        " ON CONFLICT(block) DO UPDATE SET first_sent = min(first_sent, excluded.first_sent),"
        " last_sent = max(last_sent, excluded.last_sent);"
    )


def _key_changed() -> str:
    return " OR ".join(f"({new}) IS NOT ({old})" for new, old in zip(_key("NEW"), _key("OLD"), strict=True))


def schema() -> list[str]:
    """The tables and triggers, one statement each."""
    return [
        f"""CREATE TABLE {DAILY_TABLE} (
            day           TEXT NOT NULL,     -- substr(sent_at, 1, 10): the Beijing day
            campaign_id   INTEGER NOT NULL,  -- 0: no campaign
            sent          INTEGER NOT NULL,  -- 1: code = 0 (the gateway took it)
            report_status TEXT NOT NULL,
            error_msg     TEXT NOT NULL,     -- '' unless report_status = 'FAIL'
            messages      INTEGER NOT NULL,
            PRIMARY KEY (day, campaign_id, sent, report_status, error_msg)
        ) WITHOUT ROWID""",
        f"""CREATE TABLE {BLOCKS_TABLE} (
            block      INTEGER PRIMARY KEY,  -- messages.id >> {ID_BLOCK_BITS}
            first_sent TEXT NOT NULL,        -- no message of the block was sent earlier
            last_sent  TEXT NOT NULL         -- ... nor later
        )""",
        "CREATE TRIGGER messages_counters_insert AFTER INSERT ON messages"
        f" BEGIN {_add('NEW')} {_widen_block('NEW')} END",
        f"CREATE TRIGGER messages_counters_delete AFTER DELETE ON messages BEGIN {_remove('OLD')} END",
        "CREATE TRIGGER messages_counters_update AFTER UPDATE OF sent_at, campaign_id, code, report_status, error_msg"
        f" ON messages WHEN {_key_changed()} BEGIN {_remove('OLD')} {_add('NEW')} END",
        "CREATE TRIGGER messages_blocks_update AFTER UPDATE OF sent_at ON messages"
        f" WHEN NEW.sent_at IS NOT OLD.sent_at BEGIN {_widen_block('NEW')} END",
    ]


def rebuild(conn: sqlite3.Connection) -> None:
    """Count every message afresh (inside the caller's transaction): the migration, and a repair."""
    conn.execute(f"DELETE FROM {DAILY_TABLE}")
    conn.execute(f"DELETE FROM {BLOCKS_TABLE}")
    conn.execute(
        f"INSERT INTO {DAILY_TABLE} ({_KEY_COLUMNS}, messages)"
        f" SELECT {', '.join(_key('m'))}, COUNT(*) FROM messages m GROUP BY 1, 2, 3, 4, 5"
    )
    conn.execute(
        f"INSERT INTO {BLOCKS_TABLE} (block, first_sent, last_sent)"
        f" SELECT id >> {ID_BLOCK_BITS}, MIN(sent_at), MAX(sent_at) FROM messages GROUP BY 1"
    )


def create_schema(conn: sqlite3.Connection) -> None:
    """Schema v3 (``gui.store.db._migrate_2_to_3``): the tables, filled from the rows there are,
    and the triggers that keep them."""
    for statement in schema():
        conn.execute(statement)
    rebuild(conn)


def recount(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """What ``messages_daily`` should hold, counted from the messages (for tests and checks)."""
    return [
        tuple(r)
        for r in conn.execute(
            f"SELECT {', '.join(_key('m'))}, COUNT(*) FROM messages m GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
        )
    ]


def stored(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The rows of ``messages_daily`` that count something, in ``recount``'s order."""
    return [
        tuple(r)
        for r in conn.execute(
            f"SELECT {_KEY_COLUMNS}, messages FROM {DAILY_TABLE} WHERE messages != 0 ORDER BY 1, 2, 3, 4, 5"
        )
    ]
