"""The local store's sent messages: what the console sent, and the settling of sends in doubt
(plain Python, no Qt).

``settle_in_doubt`` is the one settling of an in-doubt row, for SQLite (``?``) and the team
store's PostgreSQL (``%s``, rows locked).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from gui.store.connections import StoreConnections
from gui.store.rows import IN_DOUBT_CODE, InDoubtMessage, SentMessage, SentRow, sent_row
from gui.store.schema import SOURCE_CONSOLE


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


def settle_in_doubt(
    conn: Any,
    message_id: int,
    sid: int | None,
    code: int,
    msg: str,
    count: int = 0,
    fee: str = "0",
    unit: str = "",
    *,
    mark: str = "?",
    lock: str = "",
) -> bool:
    """Settle the in-doubt row ``message_id`` inside the caller's transaction: sent (``sid`` from the
    records, code 0) or not sent (no sid, e.g. SETTLED_NOT_SENT_CODE). False when the row is no longer
    in doubt. ``mark``: the driver's parameter mark; ``lock``: what locks a selected row
    (`` FOR UPDATE`` on PostgreSQL: two consoles settling the same row take turns, the second
    sees it settled).

    A row the archive made for the same sid (a synced record, a pulled report) is merged into
    this one: its report fields are kept, the duplicate row goes (a sid names one message).
    """

    def run(sql: str, parameters: Sequence[Any]) -> Any:
        return conn.execute(sql.replace("?", mark), parameters)

    mine = run(f"SELECT 1 FROM messages WHERE id = ? AND code = ? AND sid IS NULL{lock}", (message_id, IN_DOUBT_CODE))
    if mine.fetchone() is None:
        return False
    if sid:
        other = run(
            f"SELECT id, source, report_status, error_msg, user_receive_time FROM messages WHERE sid = ?{lock}",
            (int(sid),),
        ).fetchone()
        if other is not None and other[1] == SOURCE_CONSOLE:
            # already recorded as sent by the console: this row is the same message
            run("DELETE FROM messages WHERE id = ?", (message_id,))
            return True
        if other is not None:
            run("DELETE FROM messages WHERE id = ?", (other[0],))
            run(
                "UPDATE messages SET report_status = ?, error_msg = ?, user_receive_time = ? WHERE id = ?",
                (other[2], other[3], other[4], message_id),
            )
    run(
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


class SentStore(StoreConnections):
    """The ``Store``'s sent messages (``gui.store.db.Store``)."""

    # --- sent messages ------------------------------------------------------------
    def record_sent(self, messages: Sequence[SentMessage]) -> None:
        """Record what the console sent, in one transaction (a sid already recorded is kept)."""
        self.record_sent_rows([sent_row(m) for m in messages])

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
        """Settle the in-doubt row ``message_id`` (``settle_in_doubt``): sent (``sid`` from the records,
        code 0) or not sent (no sid, e.g. SETTLED_NOT_SENT_CODE). False when the row is no longer in doubt."""
        with self._write() as conn:
            return settle_in_doubt(conn, message_id, sid, code, msg, count, fee, unit)

    def sent_messages(self, limit: int = 100, offset: int = 0) -> list[SentMessage]:
        rows = self._query(
            "SELECT sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id FROM messages"
            " WHERE source = 'console' ORDER BY sent_at DESC, id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return [SentMessage(**dict(row)) for row in rows]
