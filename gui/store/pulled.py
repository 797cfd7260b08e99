"""The local store's pulled status reports and replies (plain Python, no Qt).

pull_status / pull_reply delete on the server what they return, so the rows here may be the
only copy: callers commit them (``save_reports`` / ``save_replies``) inside the worker that
fetched them, before anything is shown.

The reads (``reports_query``, ``replies_query``) and a reply's row (``reply_row``) serve the
team store too (``gui.store.team.pulled``): the SQL is the same but for the parameter mark.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gui.api.models import Reply, StatusReport
from gui.store.connections import StoreConnections
from gui.store.rows import beijing_timestamp


def _reply_dedup_key(reply: Reply) -> str:
    if reply.id:
        return f"id:{reply.id}"
    return f"mt:{reply.mobile}\x1f{reply.reply_time}\x1f{reply.text}"


def reply_row(reply: Reply, received_at: str) -> tuple[str, str | None, str, str, str, str, str, str | None, str]:
    """``replies``' columns (dedup_key, reply_id, mobile, text, reply_time, extend, base_extend, sign,
    received_at) for ``reply``."""
    return (
        _reply_dedup_key(reply),
        reply.id or None,
        reply.mobile or "",
        reply.text or "",
        reply.reply_time or "",
        reply.extend or "",
        reply.base_extend or "",
        reply.sign,
        received_at,
    )


def reports_query(limit: int, offset: int, mobile: str | None, mark: str = "?") -> tuple[str, list[Any]]:
    """Stored reports, newest first, with the text and send time of the message of the same sid:
    the SQL and its parameters; a row is a ``StatusReport``'s fields in order."""
    where, args = "", []
    if mobile:
        where, args = f"WHERE r.mobile = {mark}", [mobile]
    sql = (
        "SELECT r.sid, r.uid, r.user_receive_time, r.error_msg, r.mobile, r.report_status, r.error_detail,"
        " r.received_at, m.text, m.sent_at"
        " FROM reports r LEFT JOIN messages m ON m.sid = r.sid AND m.source != 'report' "
        f"{where} ORDER BY r.received_at DESC, r.id DESC LIMIT {mark} OFFSET {mark}"
    )
    return sql, [*args, limit, offset]


def replies_query(
    limit: int, offset: int, mobile: str | None, since: str | None, until: str | None, mark: str = "?"
) -> tuple[str, list[Any]]:
    """Stored replies, newest reply_time first; optional number and [since, until] filter: the SQL
    and its parameters; a row is a ``Reply``'s fields in order."""
    clauses, args = [], []
    for value, clause in ((mobile, "mobile = "), (since, "reply_time >= "), (until, "reply_time <= ")):
        if value:
            clauses.append(clause + mark)
            args.append(value)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = (
        "SELECT reply_id, mobile, text, reply_time, extend, base_extend, sign, received_at FROM replies "
        f"{where} ORDER BY reply_time DESC, replies.id DESC LIMIT {mark} OFFSET {mark}"
    )
    return sql, [*args, limit, offset]


class PulledStore(StoreConnections):
    """The ``Store``'s status reports and replies (``gui.store.db.Store``)."""

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
        rows = self._query(*reports_query(limit, offset, mobile)).fetchall()
        return [StatusReport(*row) for row in rows]

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
                    reply_row(reply, now),
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
        rows = self._query(*replies_query(limit, offset, mobile, since, until)).fetchall()
        return [Reply(*row) for row in rows]
