"""The local store's suppression list and per-profile settings (plain Python, no Qt)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from gui.store.connections import StoreConnections
from gui.store.rows import beijing_timestamp


class ListsStore(StoreConnections):
    """The ``Store``'s suppression list and settings (``gui.store.db.Store``)."""

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
