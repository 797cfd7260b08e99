"""Moving a profile's archive into the team database, table by table (no Qt; ``gui.store.team.move``).

Each table is read in the order of a unique, increasing local column (its ``cursor``: the row id,
or the sid of ``records``) and written in batches, each batch with its mark in one transaction
(``gui.store.team.move_marks``). Rows keep what they say — send times, report statuses, receive
times, the audit log's who and when — and meet the team's rows as the team store's own writes
would (``gui.store.team.store``, ``pulled``):

- ``messages``: one row per sid. A sid the team already has is kept, unless this row knows more
  (a console send over a row only a record or a report made; a record over a report's
  placeholder); its report status follows the store's rule — a final status (SUCCESS / FAIL)
  always wins, another only over a message without a final one. Rows without a sid (a send
  refused, or still in doubt: the team's consoles settle those through get_record) are copied
  once, by the mark. Campaign ids become the team's ids of the moved campaigns.
- ``reports`` and ``records`` by sid, ``replies`` by their dedup key, the suppression list by
  number: what the team has already is kept (``ON CONFLICT DO NOTHING``).
- ``audit_log``: appended once each, by the mark (the log is append-only: nothing is rewritten).
- ``settings``: only the account's price (``PRICE_SETTINGS``), and only where the team has none;
  the others (pull consent, poll times, sync checkpoints) are this computer's.

The counts at the end (``count_present``) find each local row in the team database by its key —
a multiset match where there is none (sid-less sends, audit entries).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gui.store.db import IN_DOUBT_CODE
from gui.store.team.move_marks import columns, mark_key, read_mark, write_mark
from gui.store.team.store import tokens_text

# gui.services.profile_settings's keys of the price per part (the store does not import services)
PRICE_SETTINGS = ("price_per_part", "price_unit", "price_source", "price_migrated")
FIRST = -(2**63)  # below every cursor
CHECK_BATCH = 10_000
_RANK = "CASE {0} WHEN 'console' THEN 2 WHEN 'record' THEN 1 ELSE 0 END"  # what a row knows of its message

Writer = Callable[[Any, list[tuple[Any, ...]], Mapping[int, int]], None]


@dataclass(frozen=True)
class ArchiveTable:
    """One local table: how it is read (``select``: the cursor first) and written, and its key check."""

    name: str
    select: str  # local SQL, '?' = the cursor to start after, then the batch size
    write: Writer
    keyed: str  # local SQL of the keys (one column) …
    present: str  # … and the team SQL counting those of a batch of them (``%s``: the array)
    unkeyed: str = ""  # local SQL of (key columns…, count) of rows without a key …
    unkeyed_present: str = ""  # … and the team SQL summing LEAST(count, matches) for arrays of them
    unkeyed_width: int = 0  # columns of a row of ``unkeyed``
    where: str = ""  # local rows a move copies, when not all


def _messages(conn: Any, rows: list[tuple[Any, ...]], campaigns: Mapping[int, int]) -> None:
    values = [
        (*r[1:11], campaigns.get(r[11]) if r[11] is not None else None, *r[12:16], tokens_text(r[3])) for r in rows
    ]
    conn.execute(
        "INSERT INTO messages AS m (sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id,"
        " source, report_status, error_msg, user_receive_time, tokens)"
        " SELECT sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id, source, report_status,"
        " error_msg, user_receive_time, string_to_array(tokens, ' ')"
        " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[], %s::int[],"
        " %s::text[], %s::text[], %s::text[], %s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[],"
        " %s::text[]) WITH ORDINALITY AS t(sid, mobile, text, sent_at, code, msg, count, fee, unit, uid,"
        " campaign_id, source, report_status, error_msg, user_receive_time, tokens, n) ORDER BY n"
        " ON CONFLICT (sid) WHERE sid IS NOT NULL DO UPDATE SET mobile = excluded.mobile, text = excluded.text,"
        " sent_at = excluded.sent_at, code = excluded.code, msg = excluded.msg, count = excluded.count,"
        " fee = excluded.fee, unit = excluded.unit, uid = COALESCE(excluded.uid, m.uid),"
        " campaign_id = COALESCE(excluded.campaign_id, m.campaign_id), tokens = excluded.tokens,"
        f" source = excluded.source WHERE {_RANK.format('excluded.source')} > {_RANK.format('m.source')}",
        columns(values, 16),
    )
    statuses = [(v[0], v[12], v[13], v[14]) for v in values if v[0] is not None and v[12]]
    conn.execute(
        "UPDATE messages m SET report_status = u.status, error_msg = u.error, user_receive_time = u.received"
        " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS u(sid, status, error, received)"
        " WHERE m.sid = u.sid AND (u.status IN ('SUCCESS', 'FAIL') OR m.report_status NOT IN ('SUCCESS', 'FAIL'))"
        " AND (m.report_status, m.error_msg, m.user_receive_time) IS DISTINCT FROM (u.status, u.error, u.received)",
        columns(statuses, 4),
    )


def _inserter(table: str, names: str, types: str, conflict: str = "") -> Writer:
    """A writer of ``rows`` (their cursor first, then ``names``) into ``table``."""
    width = len(types.split(","))
    arrays = ", ".join(f"%s::{t.strip()}[]" for t in types.split(","))
    tail = f" ON CONFLICT ({conflict}) DO NOTHING" if conflict else ""
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {names} FROM unnest({arrays}) WITH ORDINALITY AS t({names}, n)"
        f" ORDER BY n{tail}"
    )

    def write(conn: Any, rows: list[tuple[Any, ...]], _campaigns: Mapping[int, int]) -> None:
        conn.execute(sql, columns([r[1:] for r in rows], width))

    return write


_PRICE_KEYS = ", ".join(f"'{k}'" for k in PRICE_SETTINGS)

TABLES: tuple[ArchiveTable, ...] = (
    ArchiveTable(
        "messages",
        "SELECT id, NULLIF(sid, 0), mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id, source,"
        " report_status, error_msg, user_receive_time FROM messages WHERE id > ? ORDER BY id LIMIT ?",
        _messages,
        "SELECT sid FROM messages WHERE sid IS NOT NULL AND sid != 0",
        "SELECT COUNT(*) FROM messages WHERE sid = ANY(%s::bigint[])",
        "SELECT mobile, sent_at, code, text, COUNT(*) FROM messages WHERE sid IS NULL OR sid = 0 GROUP BY 1, 2, 3, 4",
        # a send in doubt (-9000) may have been settled by a team console since: found whatever its sid and code
        "SELECT COALESCE(SUM(LEAST(k.n, (SELECT COUNT(*) FROM messages m WHERE m.mobile = k.mobile"
        " AND m.sent_at = k.sent_at AND m.text = k.text AND m.source = 'console'"
        f" AND (k.code = {IN_DOUBT_CODE} OR (m.sid IS NULL AND m.code = k.code))))), 0)"
        " FROM unnest(%s::text[], %s::text[], %s::int[], %s::text[], %s::bigint[])"
        " AS k(mobile, sent_at, code, text, n)",
        5,
    ),
    ArchiveTable(
        "reports",
        "SELECT id, sid, mobile, report_status, user_receive_time, error_msg, error_detail, uid, received_at"
        " FROM reports WHERE id > ? ORDER BY id LIMIT ?",
        _inserter(
            "reports",
            "sid, mobile, report_status, user_receive_time, error_msg, error_detail, uid, received_at",
            "bigint, text, text, text, text, text, text, text",
            "sid",
        ),
        "SELECT sid FROM reports",
        "SELECT COUNT(*) FROM reports WHERE sid = ANY(%s::bigint[])",
    ),
    ArchiveTable(
        "records",
        "SELECT sid, sid, send_status, report_status, parts, user_receive_time, error_msg, synced_at"
        " FROM records WHERE sid > ? ORDER BY sid LIMIT ?",
        _inserter(
            "records",
            "sid, send_status, report_status, parts, user_receive_time, error_msg, synced_at",
            "bigint, text, text, int, text, text, text",
            "sid",
        ),
        "SELECT sid FROM records",
        "SELECT COUNT(*) FROM records WHERE sid = ANY(%s::bigint[])",
    ),
    ArchiveTable(
        "replies",
        "SELECT id, dedup_key, reply_id, mobile, text, reply_time, extend, base_extend, sign, received_at"
        " FROM replies WHERE id > ? ORDER BY id LIMIT ?",
        _inserter(
            "replies",
            "dedup_key, reply_id, mobile, text, reply_time, extend, base_extend, sign, received_at",
            "text, text, text, text, text, text, text, text, text",
            "dedup_key",
        ),
        "SELECT dedup_key FROM replies",
        "SELECT COUNT(*) FROM replies WHERE dedup_key = ANY(%s::text[])",
    ),
    ArchiveTable(
        "suppression",
        "SELECT rowid, number, reason, added_at FROM suppression WHERE rowid > ? ORDER BY rowid LIMIT ?",
        _inserter("suppression", "number, reason, added_at", "text, text, text", "number"),
        "SELECT number FROM suppression",
        "SELECT COUNT(*) FROM suppression WHERE number = ANY(%s::text[])",
    ),
    ArchiveTable(
        "audit_log",
        "SELECT id, at, operator, machine, action, count, cost, unit, detail FROM audit_log"
        " WHERE id > ? ORDER BY id LIMIT ?",
        _inserter(
            "audit_log",
            "at, operator, machine, action, count, cost, unit, detail",
            "text, text, text, text, int, text, text, text",
        ),
        "",
        "",
        "SELECT at, operator, machine, action, count, cost, unit, detail, COUNT(*) FROM audit_log"
        " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
        "SELECT COALESCE(SUM(LEAST(k.n, (SELECT COUNT(*) FROM audit_log a WHERE a.at = k.at"
        " AND a.operator = k.operator AND a.machine = k.machine AND a.action = k.action AND a.count = k.count"
        " AND a.cost IS NOT DISTINCT FROM k.cost AND a.unit = k.unit AND a.detail = k.detail))), 0)"
        " FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[], %s::text[],"
        " %s::text[], %s::bigint[]) AS k(at, operator, machine, action, count, cost, unit, detail, n)",
        9,
    ),
    ArchiveTable(
        "settings",
        f"SELECT rowid, key, value FROM settings WHERE key IN ({_PRICE_KEYS}) AND rowid > ? ORDER BY rowid LIMIT ?",
        _inserter("settings", "key, value", "text, text", "key"),
        f"SELECT key FROM settings WHERE key IN ({_PRICE_KEYS})",
        "SELECT COUNT(*) FROM settings WHERE key = ANY(%s::text[])",
        where=f"key IN ({_PRICE_KEYS})",
    ),
)


def table_exists(local: sqlite3.Connection, name: str) -> bool:
    return (
        local.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None
    )


def local_count(local: sqlite3.Connection, table: ArchiveTable) -> int:
    """How many rows of ``table`` a move copies (0 when the local file has no such table yet)."""
    if not table_exists(local, table.name):
        return 0
    where = f" WHERE {table.where}" if table.where else ""
    return int(local.execute(f"SELECT COUNT(*) FROM {table.name}{where}").fetchone()[0])


def copy_batch(
    conn: Any,
    local: sqlite3.Connection,
    source: str,
    table: ArchiveTable,
    batch_rows: int,
    campaigns: Mapping[int, int],
) -> dict[str, Any] | None:
    """The next batch of ``table`` after its mark, written with its new mark; None when none is left."""
    key = mark_key(source, table.name)
    mark = read_mark(conn, key) or {"after": FIRST, "done": 0}
    rows = local.execute(table.select, (int(mark["after"]), batch_rows)).fetchall()
    if not rows:
        return None
    table.write(conn, rows, campaigns)
    mark.update(after=int(rows[-1][0]), done=int(mark["done"]) + len(rows))
    write_mark(conn, key, mark)
    return mark


def count_present(local: sqlite3.Connection, store: Any, table: ArchiveTable) -> int:
    """How many of the local rows of ``table`` the team database holds (by key, see the docstring)."""
    if not table_exists(local, table.name):
        return 0
    present = 0
    with store.reading() as conn:
        if table.keyed:
            cursor = local.execute(table.keyed)
            while batch := cursor.fetchmany(CHECK_BATCH):
                present += int(conn.execute(table.present, ([r[0] for r in batch],)).fetchone()[0])
        if table.unkeyed:
            cursor = local.execute(table.unkeyed)
            while batch := cursor.fetchmany(CHECK_BATCH):
                present += int(conn.execute(table.unkeyed_present, columns(batch, table.unkeyed_width)).fetchone()[0])
    return present


__all__ = ["PRICE_SETTINGS", "TABLES", "ArchiveTable", "copy_batch", "count_present", "local_count", "table_exists"]
