"""The audit log's table in the local store (schema v5, issue 15 item 5; plain Python, no Qt).

One row per money or admin action of the console — who (the profile's operator name and the
machine), what (``action``), how many messages and what they cost, when (Beijing time, as the
wire writes times) and a short detail (a campaign's id and name, a template id, the names of
the fields changed: never an apikey nor a message's text).

The log is append-only: triggers refuse an UPDATE or a DELETE of its rows, so nothing in this
console rewrites history (the team database's operator role has INSERT and SELECT only, see
``gui.store.team.audit``). The query text here and the rows of ``gui.store.audit_rows``
(``AuditEntry`` / ``AuditFilter``, imported when the log is first written or read: the store's
open at start-up needs none of them; their names stay importable from here) are shared by
both backends, the placeholder aside.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where first used: the store's open at start-up needs none of them
    from gui.store.audit_rows import AuditEntry, AuditFilter

AUDIT_TABLE = "audit_log"
AUDIT_COLUMNS = "id, at, operator, machine, action, count, cost, unit, detail"
APPEND_ONLY = "the audit log is append-only"


INSERT_COLUMNS = "at, operator, machine, action, count, cost, unit, detail"


def create_schema(conn: sqlite3.Connection) -> None:
    """Schema v5 of the local store: the audit table, its indexes (newest first, per filter) and the
    triggers that keep it append-only."""
    for statement in (
        f"""CREATE TABLE {AUDIT_TABLE} (
            id       INTEGER PRIMARY KEY,
            at       TEXT NOT NULL,             -- Beijing time 'yyyy-MM-dd HH:mm:ss'
            operator TEXT NOT NULL,
            machine  TEXT NOT NULL,
            action   TEXT NOT NULL,
            count    INTEGER NOT NULL DEFAULT 0,
            cost     TEXT,                      -- Decimal as text; NULL: unknown
            unit     TEXT NOT NULL DEFAULT '',
            detail   TEXT NOT NULL DEFAULT ''
        )""",
        f"CREATE INDEX audit_at ON {AUDIT_TABLE} (at, id)",
        f"CREATE INDEX audit_action_at ON {AUDIT_TABLE} (action, at, id)",
        f"CREATE INDEX audit_operator_at ON {AUDIT_TABLE} (operator, at, id)",
        f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON {AUDIT_TABLE}"
        f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
        f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON {AUDIT_TABLE}"
        f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
    ):
        conn.execute(statement)


class AuditStoreMixin:
    """The local ``Store``'s audit methods (the team store has the same, ``gui.store.team.audit``)."""

    def _write(self) -> Any:  # the Store's BEGIN IMMEDIATE … COMMIT
        raise NotImplementedError

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def record_audit(self, entry: AuditEntry) -> int:
        """Append ``entry``; returns its id."""
        from gui.store.audit_rows import entry_values

        with self._write() as conn:
            cursor = conn.execute(
                f"INSERT INTO {AUDIT_TABLE} ({INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entry_values(entry)
            )
            return int(cursor.lastrowid)

    def audit_entries(self, flt: AuditFilter | None = None, offset: int = 0, limit: int = 100) -> list[AuditEntry]:
        """Entries matching ``flt``, newest first."""
        from gui.store.audit_rows import AuditFilter, entry_from_row, where_clause

        where, args = where_clause(flt or AuditFilter(), "?")
        rows = self._query(
            f"SELECT {AUDIT_COLUMNS} FROM {AUDIT_TABLE}{where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
            (*args, int(limit), int(offset)),
        ).fetchall()
        return [entry_from_row(tuple(r)) for r in rows]

    def count_audit(self, flt: AuditFilter | None = None) -> int:
        from gui.store.audit_rows import AuditFilter, where_clause

        where, args = where_clause(flt or AuditFilter(), "?")
        return int(self._query(f"SELECT COUNT(*) FROM {AUDIT_TABLE}{where}", args).fetchone()[0])

    def audit_operators(self) -> list[str]:
        """Every operator name in the log, sorted (the view's filter choices)."""
        return [str(r[0]) for r in self._query(f"SELECT DISTINCT operator FROM {AUDIT_TABLE} ORDER BY operator")]
