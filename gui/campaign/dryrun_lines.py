"""The dry run's table: every row of the file with its status and reason (plain Python).

Sendable rows, rows not sendable (blocked words, another text problem, sent recently),
rows the importer left out (rejected numbers, duplicates, suppressed numbers): the tab shows
them all, counts them by status (its filters) and exports them with their reasons in the
UI's language. A reason is an id of the one table (gui.campaign.reasons).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from gui.campaign.importer import LeftOutRow
from gui.campaign.journal import DUPLICATE, REJECTED, SUPPRESSED
from gui.campaign.reasons import row_reason_text

READY = "ready"
BLOCKED = "blocked"  # contains blocked words (the row problem "blocked_words")
LINE_STATUSES = (READY, REJECTED, DUPLICATE, SUPPRESSED, BLOCKED)

# The export's headers (the field names, as the export always had them).
EXPORT_HEADERS = ("line", "mobile", "status", "text", "parts", "cost", "international", "blocked words", "reason")


class CheckedRow(Protocol):
    """What the table needs of a checked row (gui.campaign.dryrun.DryRunRow)."""

    line: int
    mobile: str
    international: bool
    text: str
    parts: int
    cost: Decimal | None
    blocked_words: tuple[str, ...]
    problem: str | None

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One row of the file: its ``status`` (one of LINE_STATUSES) and ``reason`` id."""

    line: int
    mobile: str
    status: str
    text: str = ""
    parts: int = 0
    cost: Decimal | None = None
    international: bool = False
    blocked_words: tuple[str, ...] = ()
    reason: str = ""

    @property
    def state(self) -> str:
        """The journal's word for a row left out (a blocked row is rejected there)."""
        return REJECTED if self.status == BLOCKED else self.status


def report_lines(
    checked: Iterable[CheckedRow],
    rejected: Iterable[LeftOutRow],
    duplicates: Iterable[LeftOutRow],
    suppressed: Iterable[LeftOutRow],
) -> list[ReportLine]:
    """Every row in line order: the checked ones (sendable or not) and those left out."""
    lines = [
        ReportLine(
            r.line,
            r.mobile,
            READY if r.problem is None else (BLOCKED if r.problem == "blocked_words" else REJECTED),
            r.text,
            r.parts,
            r.cost,
            r.international,
            r.blocked_words,
            r.reason,
        )
        for r in checked
    ]
    for left, status in ((rejected, REJECTED), (duplicates, DUPLICATE), (suppressed, SUPPRESSED)):
        lines += [ReportLine(row.line, row.mobile or row.raw, status, reason=row.reason_id) for row in left]
    lines.sort(key=lambda line: line.line)
    return lines


@dataclass(frozen=True)
class ExportField:
    """A column of the dry-run export (gui.store.export.ExportColumn): header, value, role."""

    header: str
    get: Callable[[ReportLine], Any]
    free_text: bool = False


def export_columns(lang: str = "en") -> list[ExportField]:
    """The export's columns (EXPORT_HEADERS): the values as they always were, the reason in
    ``lang``; free text (mobile, text, blocked words, reason) never reads as a formula."""
    return [
        ExportField("line", lambda r: r.line),
        ExportField("mobile", lambda r: r.mobile, free_text=True),
        ExportField("status", lambda r: r.state),
        ExportField("text", lambda r: r.text, free_text=True),
        ExportField("parts", lambda r: r.parts or ""),
        ExportField("cost", lambda r: "" if r.cost is None else str(r.cost)),
        ExportField("international", lambda r: "yes" if r.international else ""),
        ExportField("blocked words", lambda r: ", ".join(r.blocked_words), free_text=True),
        ExportField("reason", lambda r: row_reason_text(r.reason, lang), free_text=True),
    ]
