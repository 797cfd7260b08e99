"""The team store: the local ``Store``'s public API on PostgreSQL (issue 15, item 2; no Qt).

Several consoles of one account share one database: sent messages, pulled status reports,
replies, the suppression list, settings and the archive's counters. Methods, arguments and
answers are those of ``gui.store.db.Store`` (the services call either); the archive's queries
and statistics over it are ``gui.store.team.archive`` / ``gui.store.team.stats``, with the
signatures of ``gui.store.archive``.

Writes are set-based (``unnest`` of arrays, one statement per table), because the counters
are kept by statement-level triggers and a team database sits across a network: a batch of
10,000 sends is one round trip, not 10,000. Texts are tokenised here, in Python, with the
archive's own bigram tokenizer (``gui.store.fts.index_tokens``) into ``messages.tokens``.

``TeamStore.open`` never migrates: that is the owner's admin action
(``gui.store.team.migrations``); an operator's console connects with data rights only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from gui.store.fts import index_tokens
from gui.store.rows import InDoubtMessage, SentMessage, sent_row
from gui.store.sent import settle_in_doubt
from gui.store.team import migrations
from gui.store.team.audit import AuditMixin
from gui.store.team.connection import MAX_CONNECTIONS, TeamConnections, TeamStoreError
from gui.store.team.lists import ListsMixin
from gui.store.team.pulled import PulledMixin

BACKEND = "team"
T = TypeVar("T")


def tokens_text(text: str | None) -> str:
    """The text's index tokens, space-separated (tokens hold no spaces): ``string_to_array(…, ' ')``
    in SQL makes the ``text[]``."""
    return index_tokens(text)


class TeamStore(PulledMixin, ListsMixin, AuditMixin):
    """One team database, shared by the consoles of one account. Thread-safe (a bounded pool)."""

    backend = BACKEND

    def __init__(self, connections: TeamConnections, name: str = "") -> None:
        self._db = connections
        self.name = name

    # --- life ---------------------------------------------------------------------
    @classmethod
    def open(cls, conninfo: str, max_connections: int = MAX_CONNECTIONS, timeout_s: float = 10.0) -> TeamStore:
        """Connect (``conninfo``: a libpq connection string) and check the schema version."""
        from gui.store import io_guard

        io_guard.check("opening a store")
        connections = TeamConnections(conninfo, max_connections, timeout_s)
        store = cls(connections)
        try:
            version = store.schema_version
            if version != migrations.SCHEMA_VERSION:
                newer = version > migrations.SCHEMA_VERSION
                raise TeamStoreError(
                    f"the team database has schema version {version}, "
                    + (
                        f"newer than this console's {migrations.SCHEMA_VERSION}; use a newer console"
                        if newer
                        else f"this console needs {migrations.SCHEMA_VERSION}: an owner must migrate it first"
                    )
                )
            with store.reading() as conn:
                store.name = str(conn.execute("SELECT current_database()").fetchone()[0])
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self._db.close()

    @property
    def closed(self) -> bool:
        return self._db.closed

    def open_connections(self) -> int:
        return int(self._db.pool.get_stats().get("pool_size", 0))

    def __enter__(self) -> TeamStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """``with store.reading() as conn:`` — a pooled psycopg connection (autocommit) for the block."""
        with self._db.reading() as conn:
            yield conn

    def transaction(self) -> Any:
        """``with store.transaction() as conn:`` — one PostgreSQL transaction for the block."""
        return self._db.transaction()

    def write(self, work: Callable[[Any], T]) -> T:
        """``work(conn)`` in one transaction, run again after a deadlock (``TeamConnections.write``)."""
        return self._db.write(work)

    def _query(self, sql: Any, parameters: Sequence[Any] = ()) -> list[Any]:
        return self._db.query(sql, parameters)

    @property
    def schema_version(self) -> int:
        with self.reading() as conn:
            return migrations.current_version(conn)

    # --- sent messages ------------------------------------------------------------
    def record_sent(self, messages: Sequence[SentMessage]) -> None:
        """Record what the console sent, in one transaction (a sid already recorded is kept)."""
        if not messages:
            return
        seen: set[int] = set()
        rows = []
        for m in messages:
            if m.sid:
                if int(m.sid) in seen:
                    continue  # the first of a sid is kept, as a second insert would keep it
                seen.add(int(m.sid))
            rows.append((*sent_row(m), tokens_text(m.text)))
        columns = list(zip(*rows, strict=True))

        def work(conn: Any) -> None:
            # A sid recorded by the console before is kept as it is; a row that only a report or a
            # synced record made gets the console's details (text, time, fee, campaign, tokens).
            conn.execute(
                "INSERT INTO messages AS m (sid, mobile, text, sent_at, code, msg, count, fee, unit, uid,"
                " campaign_id, tokens)"
                " SELECT sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id,"
                " string_to_array(tokens, ' ')"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::int[], %s::text[], %s::int[],"
                " %s::text[], %s::text[], %s::text[], %s::bigint[], %s::text[]) WITH ORDINALITY"
                " AS t(sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id, tokens, n)"
                " ORDER BY n"
                " ON CONFLICT (sid) WHERE sid IS NOT NULL DO UPDATE SET mobile = excluded.mobile,"
                " text = excluded.text, sent_at = excluded.sent_at, code = excluded.code, msg = excluded.msg,"
                " count = excluded.count, fee = excluded.fee, unit = excluded.unit,"
                " uid = COALESCE(excluded.uid, m.uid), campaign_id = COALESCE(excluded.campaign_id, m.campaign_id),"
                " tokens = excluded.tokens, source = 'console'"
                " WHERE m.source != 'console'",
                [list(c) for c in columns],
            )

        self._db.write(work)

    def count_recent_sends(self, mobile: str, text: str, since: str) -> int:
        """Successful sends of ``text`` to ``mobile`` at or after ``since`` (Beijing time text)."""
        rows = self._query(
            "SELECT COUNT(*) FROM messages WHERE mobile = %s AND text = %s AND sent_at >= %s AND code = 0",
            (mobile, text, since),
        )
        return int(rows[0][0])

    def in_doubt_messages(self, since: str | None = None) -> list[InDoubtMessage]:
        """Console sends (not campaigns: their journal settles them) still in doubt, oldest first."""
        rows = self._query(
            "SELECT id, mobile, text, sent_at, uid FROM messages WHERE code = -9000 AND sid IS NULL"
            " AND source = 'console' AND campaign_id IS NULL AND sent_at >= %s ORDER BY sent_at, id",
            (since or "",),
        )
        return [InDoubtMessage(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def settle_message(
        self, message_id: int, sid: int | None, code: int, msg: str, count: int = 0, fee: str = "0", unit: str = ""
    ) -> bool:
        """Settle the in-doubt row ``message_id`` (``gui.store.sent.settle_in_doubt``): sent, with the
        records' sid, or not sent. False when the row is no longer in doubt (another console settled it)."""

        def work(conn: Any) -> bool:
            # the row lock makes two consoles settling the same row take turns: the second sees it settled
            return settle_in_doubt(conn, message_id, sid, code, msg, count, fee, unit, mark="%s", lock=" FOR UPDATE")

        return self._db.write(work)

    def sent_messages(self, limit: int = 100, offset: int = 0) -> list[SentMessage]:
        rows = self._query(
            "SELECT sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id FROM messages"
            " WHERE source = 'console' ORDER BY sent_at DESC, id DESC LIMIT %s OFFSET %s",
            (limit, offset),
        )
        return [SentMessage(*r) for r in rows]


__all__ = ["BACKEND", "TeamStore", "TeamStoreError", "tokens_text"]
