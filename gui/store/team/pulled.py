"""What the team store keeps of pulls, pushes and syncs: status reports, replies, get_record's
records (``TeamStore``'s part; no Qt).

The local store copies a report (or a record) onto its message with a row trigger, one report
after another; here a batch is folded in Python first and written set-based, with the same
outcome as the local store's one-by-one processing:

- a sid's reports within a batch end as the last one in ``reports``, its uid the last one given;
- the message takes the batch's last *final* report (SUCCESS / FAIL) if there is one — a final
  report always wins — else its last report, unless the message already has a final one;
- a report for a sid the archive has never seen makes a placeholder message (source 'report',
  no text) from the sid's first report.

Each store is stored once across every console: ``reports`` by sid, ``replies`` by id (else
number + time + text), ``records`` by sid — a pull another console already stored adds nothing.

Storing reports or replies notifies the other consoles in the same transaction
(``gui.store.team.notify``); ``pull_lock`` is the account's one-puller turn
(``gui.store.team.pull_lock``) and ``listen_pulled`` a console's listener, both on connections
of their own.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from gui.api.models import Record, Reply, StatusReport
from gui.store.fts import index_tokens
from gui.store.pulled import replies_query, reply_row, reports_query
from gui.store.rows import beijing_timestamp
from gui.store.team.notify import REPLIES, REPORTS, notify_stored

if TYPE_CHECKING:
    from gui.store.team.connection import TeamConnections
    from gui.store.team.notify import PulledListener, Stored
    from gui.store.team.pull_lock import TeamPullLock

FINAL = ("SUCCESS", "FAIL")
_PROCESS = uuid.uuid4().hex[:8]  # this console process, in notifications' ``origin``

# (sid, status, error, user_receive_time) onto messages: a final status always, another only over
# a message without a final one
_ONTO_MESSAGES = (
    "UPDATE messages m SET report_status = u.status, error_msg = u.error, user_receive_time = u.received"
    " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS u(sid, status, error, received)"
    " WHERE m.sid = u.sid AND (u.status IN ('SUCCESS', 'FAIL') OR m.report_status NOT IN ('SUCCESS', 'FAIL'))"
    " AND (m.report_status, m.error_msg, m.user_receive_time) IS DISTINCT FROM (u.status, u.error, u.received)"
)


def _columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def _fold_status(current: tuple[str, str, str | None], new: tuple[str, str, str | None]) -> tuple[str, str, str | None]:
    """(status, error, receive time) after ``new`` arrives over ``current``: the local rule."""
    return new if new[0] in FINAL or current[0] not in FINAL else current


def store_records(conn: Any, records: Iterable[Record], synced_at: str | None = None) -> int:
    """Upsert get_record's records inside the caller's transaction (``gui.store.sync.store_records``
    on PostgreSQL); returns how many sids were new to ``records``."""
    records = [r for r in records if r.sid]
    if not records:
        return 0
    synced_at = synced_at or beijing_timestamp()
    first: dict[int, Record] = {}
    folded: dict[int, list[Any]] = {}  # sid -> [send_status, status, error, receive time, parts]
    for r in records:
        sid = int(r.sid)
        first.setdefault(sid, r)
        status = ((r.report_status or "").upper(), r.error_msg or "", r.user_receive_time)
        row = folded.get(sid)
        if row is None:
            folded[sid] = [r.send_status or "", *status, int(r.fee or 0)]
            continue
        new_status = _fold_status((row[1], row[2], row[3]), status)
        row[0], row[1], row[2] = r.send_status or "", new_status[0], new_status[1]
        row[3] = r.user_receive_time if r.user_receive_time is not None else row[3]
        row[4] = int(r.fee or 0)
    messages = [
        (sid, r.mobile or "", r.text or "", r.send_time or synced_at, int(r.fee or 0), r.uid, index_tokens(r.text))
        for sid, r in first.items()
    ]
    conn.execute(
        "INSERT INTO messages AS m (sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, source, tokens)"
        " SELECT sid, mobile, text, sent_at, 0, '', count, '', '', uid, 'record', string_to_array(tokens, ' ')"
        " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[], %s::text[])"
        " WITH ORDINALITY AS t(sid, mobile, text, sent_at, count, uid, tokens, n) ORDER BY n"
        " ON CONFLICT (sid) WHERE sid IS NOT NULL DO UPDATE SET mobile = excluded.mobile, text = excluded.text,"
        " sent_at = excluded.sent_at, count = excluded.count, uid = COALESCE(excluded.uid, m.uid),"
        " tokens = excluded.tokens, source = 'record' WHERE m.source = 'report'",
        _columns(messages, 7),
    )
    rows = [(sid, *values, synced_at) for sid, values in folded.items()]
    stored = conn.execute(
        "INSERT INTO records AS r (sid, send_status, report_status, error_msg, user_receive_time, parts, synced_at)"
        " SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[])"
        " ON CONFLICT (sid) DO UPDATE SET send_status = excluded.send_status,"
        " report_status = CASE WHEN excluded.report_status IN ('SUCCESS', 'FAIL')"
        "   OR r.report_status NOT IN ('SUCCESS', 'FAIL') THEN excluded.report_status ELSE r.report_status END,"
        " user_receive_time = COALESCE(excluded.user_receive_time, r.user_receive_time),"
        " error_msg = CASE WHEN excluded.report_status IN ('SUCCESS', 'FAIL')"
        "   OR r.report_status NOT IN ('SUCCESS', 'FAIL') THEN excluded.error_msg ELSE r.error_msg END,"
        " parts = excluded.parts, synced_at = excluded.synced_at"
        " RETURNING sid, report_status, error_msg, user_receive_time, xmax = 0",
        _columns([(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows], 7),
    ).fetchall()
    conn.execute(_ONTO_MESSAGES, _columns([(s[0], s[1], s[2], s[3]) for s in stored], 4))
    return sum(1 for s in stored if s[4])


class PulledMixin:
    """Reports, replies and records of ``TeamStore``."""

    _db: TeamConnections
    name: str  # the database's (TeamStore.open)

    def _query(self, sql: Any, parameters: Sequence[Any] = ()) -> list[Any]:
        return self._db.query(sql, parameters)

    # --- the other consoles: one puller, news of what was stored ------------------------
    @property
    def origin(self) -> str:
        """This store's name in notifications: this process's and this object's (unique while open)."""
        return f"{_PROCESS}-{id(self):x}"

    def pull_lock(self) -> TeamPullLock:
        """The account's pull turn (``gui.services.pull.PullService`` holds it while it pulls)."""
        from gui.store.team.pull_lock import TeamPullLock

        return TeamPullLock(self._conninfo(), self.name)

    def newest_pulled_ids(self) -> tuple[int, int]:
        """(the newest report's id, the newest reply's id), 0 for none: new rows move them."""
        row = self._query(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM reports), (SELECT COALESCE(MAX(id), 0) FROM replies)"
        )
        return int(row[0][0]), int(row[0][1])

    def listen_pulled(self, on_stored: Callable[[Stored], None]) -> PulledListener:
        """A started listener calling ``on_stored`` (from its thread) when any console stores
        reports or replies here; ``stop()`` it when done (before this store closes)."""
        from gui.store.team.notify import PulledListener

        return PulledListener(self._conninfo(), self.newest_pulled_ids, on_stored).start()

    def _conninfo(self) -> str:
        """The pool's connection string, for a connection of its own (a session that stays)."""
        conninfo = self._db.pool.conninfo
        return conninfo() if callable(conninfo) else conninfo

    # --- status reports -----------------------------------------------------------
    def save_reports(self, reports: Iterable[StatusReport]) -> int:
        """Store pulled reports once per sid (a later report for a sid updates it); how many sids
        were new. Commits before returning."""
        reports = list(reports)
        if not reports:
            return 0
        now = beijing_timestamp()
        first: dict[int, StatusReport] = {}
        last: dict[int, list[Any]] = {}
        onto: dict[int, tuple[str, str, str | None]] = {}
        for report in reports:
            sid = int(report.sid)
            first.setdefault(sid, report)
            uid = report.uid if report.uid is not None else (last[sid][6] if sid in last else None)
            last[sid] = [
                sid,
                report.mobile or "",
                report.report_status or "",
                report.user_receive_time,
                report.error_msg or "",
                report.error_detail or "",
                uid,
                now,
            ]
            status = (report.report_status or "", report.error_msg or "", report.user_receive_time)
            onto[sid] = _fold_status(onto[sid], status) if sid in onto else status
        placeholders = [
            (sid, r.mobile or "", (r.user_receive_time or "") or now, index_tokens("")) for sid, r in first.items()
        ]

        def work(conn: Any) -> int:
            stored = conn.execute(
                "INSERT INTO reports AS r (sid, mobile, report_status, user_receive_time, error_msg, error_detail,"
                " uid, received_at) SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[],"
                " %s::text[], %s::text[], %s::text[], %s::text[])"
                " ON CONFLICT (sid) DO UPDATE SET mobile = excluded.mobile, report_status = excluded.report_status,"
                " user_receive_time = excluded.user_receive_time, error_msg = excluded.error_msg,"
                " error_detail = excluded.error_detail, uid = COALESCE(excluded.uid, r.uid)"
                " RETURNING xmax = 0",
                _columns(list(last.values()), 8),
            ).fetchall()
            conn.execute(
                "INSERT INTO messages (sid, mobile, text, sent_at, code, source)"
                " SELECT sid, mobile, '', sent_at, 0, 'report' FROM unnest(%s::bigint[], %s::text[], %s::text[])"
                " WITH ORDINALITY AS t(sid, mobile, sent_at, n)"
                " WHERE NOT EXISTS (SELECT 1 FROM messages known WHERE known.sid = t.sid) ORDER BY n"
                " ON CONFLICT (sid) WHERE sid IS NOT NULL DO NOTHING",  # (NOT EXISTS: no id spent per report)
                _columns([p[:3] for p in placeholders], 3),
            )
            conn.execute(_ONTO_MESSAGES, _columns([(sid, *v) for sid, v in onto.items()], 4))
            notify_stored(conn, REPORTS, len(stored), self.origin)  # a changed status is news too
            return sum(1 for s in stored if s[0])

        return self._db.write(work)

    def count_reports(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM reports")[0][0])

    def reports_joined(self, limit: int = 100, offset: int = 0, mobile: str | None = None) -> list[StatusReport]:
        """Stored reports, newest first, with the text and send time of the message of the same sid."""
        return [StatusReport(*row) for row in self._query(*reports_query(limit, offset, mobile, "%s"))]

    # --- replies ------------------------------------------------------------------
    def save_replies(self, replies: Iterable[Reply]) -> int:
        """Store replies once each (by id, else number + time + text). Returns how many were new."""
        replies = list(replies)
        if not replies:
            return 0
        now = beijing_timestamp()
        rows = [reply_row(reply, now) for reply in replies]

        def work(conn: Any) -> int:
            cursor = conn.execute(
                "INSERT INTO replies (dedup_key, reply_id, mobile, text, reply_time, extend, base_extend, sign,"
                " received_at) SELECT dedup_key, reply_id, mobile, text, reply_time, extend, base_extend, sign,"
                " received_at FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],"
                " %s::text[], %s::text[], %s::text[]) WITH ORDINALITY"
                " AS t(dedup_key, reply_id, mobile, text, reply_time, extend, base_extend, sign, received_at, n)"
                " ORDER BY n ON CONFLICT (dedup_key) DO NOTHING",
                _columns(rows, 9),
            )
            notify_stored(conn, REPLIES, int(cursor.rowcount), self.origin)
            return int(cursor.rowcount)

        return self._db.write(work)

    def count_replies(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM replies")[0][0])

    def stored_replies(
        self,
        limit: int = 100,
        offset: int = 0,
        mobile: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Reply]:
        """Stored replies, newest reply_time first; optional number and [since, until] filter."""
        return [Reply(*row) for row in self._query(*replies_query(limit, offset, mobile, since, until, "%s"))]

    # --- records (gui.store.sync's store side) --------------------------------------
    def save_records(self, records: Sequence[Record]) -> int:
        """Store get_record's records in one transaction; returns how many were new."""
        return self._db.write(lambda conn: store_records(conn, records))

    def save_records_page(self, records: Sequence[Record], setting_key: str, setting_value: Any) -> int:
        """A sync page and its checkpoint (a setting) in one transaction (``gui.store.sync.RecordSync``:
        after a crash the sync resumes at the first page not stored)."""

        def work(conn: Any) -> int:
            new = store_records(conn, records)
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (setting_key, json.dumps(setting_value, ensure_ascii=False)),
            )
            return new

        return self._db.write(work)
