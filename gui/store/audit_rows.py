"""The audit log's rows, filters and pages, and the query pieces both backends share (plain Python).

``gui.store.audit_store`` (the local table) and ``gui.store.team.audit`` (the team's) read and
write these; ``gui.services.audit`` makes and pages them. Apart from ``gui.store.audit_store``
because the store's open at start-up needs none of them: imported when the log is first
written or read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    """One audit row (``id`` None until stored). ``cost``: a Decimal's text, None when unknown."""

    at: str  # Beijing time 'yyyy-MM-dd HH:mm:ss'
    operator: str
    machine: str
    action: str
    count: int = 0
    cost: str | None = None
    unit: str = ""
    detail: str = ""
    id: int | None = None


@dataclass(frozen=True)
class AuditFilter:
    """The audit view's filters; None or '' means "any". ``since``/``until``: Beijing time text, inclusive."""

    since: str | None = None
    until: str | None = None
    action: str | None = None
    operator: str | None = None


def where_clause(flt: AuditFilter, mark: str) -> tuple[str, list[Any]]:
    """`` WHERE …`` (or '') and its arguments; ``mark``: the driver's placeholder (``?`` / ``%s``)."""
    clauses: list[str] = []
    args: list[Any] = []
    for column, op, value in (
        ("at", ">=", flt.since),
        ("at", "<=", flt.until),
        ("action", "=", flt.action),
        ("operator", "=", flt.operator),
    ):
        if value:
            clauses.append(f"{column} {op} {mark}")
            args.append(value)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def entry_from_row(row: Sequence[Any]) -> AuditEntry:
    """An ``AuditEntry`` from a row in ``AUDIT_COLUMNS`` order (``gui.store.audit_store``)."""
    id_, at, operator, machine, action, count, cost, unit, detail = row
    return AuditEntry(
        str(at), str(operator), str(machine), str(action), int(count), cost, str(unit), str(detail), int(id_)
    )


def entry_values(entry: AuditEntry) -> tuple[Any, ...]:
    """The insert's values, in ``INSERT_COLUMNS`` order (``gui.store.audit_store``)."""
    return (
        entry.at,
        entry.operator,
        entry.machine,
        entry.action,
        int(entry.count),
        entry.cost,
        entry.unit,
        entry.detail,
    )


@dataclass(frozen=True)
class AuditPage:
    """One page of entries, newest first, and how many match in all."""

    rows: list[AuditEntry]
    total: int
