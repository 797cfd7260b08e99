"""The team store's suppression list and settings (``TeamStore``'s part; no Qt).

One suppression list for the whole team: a number one operator suppresses (an opt-out reply
another console pulled) is suppressed for every console's next send. Settings are the
database's (JSON text per key), shared by the team's consoles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gui.store.db import beijing_timestamp

if TYPE_CHECKING:
    from gui.store.team.connection import TeamConnections


class ListsMixin:
    """Suppression list and settings of ``TeamStore``."""

    _db: TeamConnections

    def _query(self, sql: Any, parameters: Sequence[Any] = ()) -> list[Any]:
        return self._db.query(sql, parameters)

    # --- suppression list ---------------------------------------------------------
    def add_suppressed(self, numbers: Iterable[str], reason: str = "") -> int:
        """Add numbers (already normalised by the caller). Returns how many were new."""
        numbers = [n.strip() for n in numbers if n and n.strip()]
        if not numbers:
            return 0
        now = beijing_timestamp()

        def work(conn: Any) -> int:
            cursor = conn.execute(
                "INSERT INTO suppression (number, reason, added_at)"
                " SELECT number, %s, %s FROM unnest(%s::text[]) WITH ORDINALITY AS t(number, n) ORDER BY n"
                " ON CONFLICT (number) DO NOTHING",
                (reason, now, numbers),
            )
            return int(cursor.rowcount)

        return self._db.write(work)

    def remove_suppressed(self, numbers: Iterable[str]) -> int:
        numbers = [n for n in numbers if n]
        if not numbers:
            return 0
        delete = "DELETE FROM suppression WHERE number = ANY(%s::text[])"
        return self._db.write(lambda conn: int(conn.execute(delete, (numbers,)).rowcount))

    def suppressed_numbers(self) -> set[str]:
        return {row[0] for row in self._query("SELECT number FROM suppression")}

    def suppression_entries(self) -> list[tuple[str, str, str]]:
        """(number, reason, added_at), newest first — for the dialog (no time last, as SQLite sorts it)."""
        rows = self._query(
            "SELECT number, COALESCE(reason, ''), COALESCE(added_at, '') FROM suppression"
            " ORDER BY added_at DESC NULLS LAST, number"
        )
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def is_suppressed(self, number: str) -> bool:
        return bool(self._query("SELECT 1 FROM suppression WHERE number = %s", (number,)))

    # --- settings -----------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        rows = self._query("SELECT value FROM settings WHERE key = %s", (key,))
        if not rows:
            return default
        return json.loads(rows[0][0])

    def set_setting(self, key: str, value: Any) -> None:
        """Keep a JSON-serialisable value (a Decimal is kept as its text)."""
        if isinstance(value, Decimal):
            value = str(value)
        text = json.dumps(value, ensure_ascii=False)
        self._db.write(
            lambda conn: conn.execute(
                "INSERT INTO settings (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )
        )
