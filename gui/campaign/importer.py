"""Import a campaign's recipients from CSV or XLSX (plain Python, no Qt).

Two steps, so the operator can map columns in between:

1. ``read_table(path)`` reads the file into a ``RawTable`` (header and cells, with each
   row's line number). CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
   text"), else GB18030 (a superset of GBK, what Excel saves in China); comma, tab or
   semicolon, sniffed from the first lines. XLSX/XLS: python-calamine, first sheet
   (``gui.campaign.import_files``). A file with more than ``MAX_ROWS`` rows is refused before
   it is parsed (a CSV's lines are counted on the raw bytes; a workbook's size is read from its
   dimension).
2. ``prepare_rows(table, number_column, variable_columns, suppressed)`` repairs and
   validates every number, removes duplicates and suppressed numbers and returns an
   ``ImportResult``: the rows to send and every row left out, with its line and reason.
   A million rows take a few seconds and a few hundred MB: the rows to send are kept
   compactly (``ImportedRows``) and plain mainland mobiles take the normaliser's fast path.

Number repair is the one normaliser's (``gui.api.numbers.normalize_number``): Excel's
scientific notation only when the mantissa still holds every digit (``1.38001380020E+10``;
``1.38001E+10`` lost digits and is rejected as ``scientific_lost_digits``); a trailing
``.0``; floats in XLSX cells; spaces, dashes and brackets; +86 / 0086 / 86 prefixes.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any, overload

from gui.api.numbers import NumberCheck, normalize_number, quick_mainland

# The reader's names stay importable here ("X as X": re-exported).
from gui.campaign.import_files import MAX_ROWS as MAX_ROWS
from gui.campaign.import_files import SNIFF_LINES as SNIFF_LINES
from gui.campaign.import_files import ImportRefused as ImportRefused
from gui.campaign.import_files import RawTable as RawTable
from gui.campaign.import_files import TableRows as TableRows
from gui.campaign.import_files import cell_text as cell_text
from gui.campaign.import_files import (
    gc_paused,
    read_csv,
    read_workbook,
)

# The reasons' one table lives in gui.campaign.reasons (its importer names stay importable here).
from gui.campaign.reasons import IMPORT_REASONS, IMPORT_REASONS_ZH, row_reason_text  # noqa: F401

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")

_NUMBER_HEADER = re.compile(r"(mobile|phone|tel|number|cell|手机|电话|号码|手机号|联系方式)", re.IGNORECASE)


@dataclass(frozen=True)
class ImportedRow:
    line: int
    mobile: str  # normalised: 11 digits, or E.164 with + when international
    international: bool
    values: dict[str, str]  # template variable -> value


@dataclass(frozen=True)
class LeftOutRow:
    line: int
    raw: str  # the number cell as found
    reason: str  # a key of IMPORT_REASONS, or "duplicate" / "suppressed"
    mobile: str = ""  # normalised number (duplicates and suppressed)
    first_line: int | None = None  # duplicates: the line that keeps the number
    note: str = ""  # suppressed: the suppression list's note on the number (an opt-out reply…)

    @property
    def reason_id(self) -> str:
        """The reason as stored: its id, with the line a duplicate repeats or the list's note."""
        if self.reason == "duplicate" and self.first_line is not None:
            return f"duplicate:{self.first_line}"
        if self.reason == "suppressed" and self.note:
            return f"suppressed_note:{self.note}"
        return self.reason

    @property
    def message(self) -> str:
        """The reason in English."""
        return row_reason_text(self.reason_id)


class ImportedRows(Sequence[ImportedRow]):
    """The rows to send, stored compactly: line, number, whether international and a reference
    to the row's cells in the table; each ``ImportedRow`` (its variables' values) is built when
    read. A million ``ImportedRow``s with a dict each would take ~400 MB; these take ~30."""

    __slots__ = ("_lines", "_mobiles", "_international", "_cells", "_variables")

    def __init__(self, variable_columns: Mapping[str, int]) -> None:
        self._lines = array("l")
        self._mobiles: list[str] = []
        self._international = bytearray()
        self._cells: list[Sequence[Any]] = []
        self._variables = list(variable_columns.items())

    def append(self, line: int, mobile: str, international: bool, cells: Sequence[Any]) -> None:
        self._lines.append(line)
        self._mobiles.append(mobile)
        self._international.append(international)
        self._cells.append(cells)

    def __len__(self) -> int:
        return len(self._mobiles)

    def _row(self, index: int) -> ImportedRow:
        cells = self._cells[index]
        width = len(cells)
        values = {name: (cell_text(cells[col]) if col < width else "") for name, col in self._variables}
        return ImportedRow(self._lines[index], self._mobiles[index], bool(self._international[index]), values)

    @overload
    def __getitem__(self, index: int) -> ImportedRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[ImportedRow]: ...
    def __getitem__(self, index: int | slice) -> ImportedRow | list[ImportedRow]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        return self._row(index if index >= 0 else len(self) + index)

    def __iter__(self) -> Iterator[ImportedRow]:
        return map(self._row, range(len(self)))

    @property
    def mobiles(self) -> Sequence[str]:
        """The numbers in row order (without building the rows)."""
        return self._mobiles


@dataclass
class ImportResult:
    table: RawTable
    number_column: int
    variable_columns: dict[str, int]
    rows: Sequence[ImportedRow] = field(default_factory=list)  # ImportedRows from prepare_rows
    rejected: list[LeftOutRow] = field(default_factory=list)
    duplicates: list[LeftOutRow] = field(default_factory=list)
    suppressed: list[LeftOutRow] = field(default_factory=list)


def repair_number(cell: Any) -> NumberCheck:
    """Repair and validate one number cell (see the module's docstring)."""
    if isinstance(cell, (datetime, date, dtime)):
        cell = cell_text(cell)  # a date cell is rejected under the text the operator sees
    return normalize_number(cell)


# --------------------------------------------------------------------------- reading
def read_table(path: Path | str, max_rows: int = MAX_ROWS, has_header: bool | None = None) -> RawTable:
    """Read a CSV or XLSX file (see the module's docstring). Raises ImportRefused."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        table = read_workbook(path, max_rows)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        table = read_csv(path, max_rows)
    else:
        raise ImportRefused("unknown_format", suffix=suffix or path.name)
    if not table.rows and not table.headers:
        raise ImportRefused("empty")
    _settle_header(table, has_header)
    if not table.rows:
        raise ImportRefused("empty")
    if len(table.rows) > max_rows:
        raise ImportRefused("too_many_rows", limit=max_rows, count=len(table.rows))
    return table


def _settle_header(table: RawTable, has_header: bool | None) -> None:
    """Take the first row as the header unless it holds a phone number (or the caller says)."""
    if not table.rows:
        return
    first = table.rows[0][1]
    if has_header is None:
        has_header = not any(repair_number(c).ok for c in first if cell_text(c))
    width = max(len(cells) for _, cells in table.rows[:SNIFF_LINES])
    if has_header:
        rows = table.rows
        if isinstance(rows, TableRows):
            rows.pop_first()
        else:
            table.rows = list(rows)[1:]
        headers = [cell_text(c) for c in first]
    else:
        headers = []
    headers += [""] * (width - len(headers))
    table.headers = [h or f"Column {i + 1}" for i, h in enumerate(headers)]
    table.has_header = has_header


def guess_number_column(table: RawTable) -> int | None:
    """The column that holds the numbers: by its header, else the one with most valid numbers."""
    if table.has_header:
        for index, header in enumerate(table.headers):
            if _NUMBER_HEADER.search(header):
                return index
    sample = table.rows[:SNIFF_LINES]
    best, best_hits = None, 0
    for index in range(len(table.headers)):
        hits = sum(1 for _, cells in sample if index < len(cells) and repair_number(cells[index]).ok)
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def guess_variable_columns(table: RawTable, variables: Iterable[str]) -> dict[str, int]:
    """Map template variables to columns whose header has the variable's name."""
    by_header = {h.strip().strip("#").lower(): i for i, h in enumerate(table.headers)}
    return {v: by_header[v.lower()] for v in variables if v.lower() in by_header}


# --------------------------------------------------------------------------- preparing
def prepare_rows(
    table: RawTable,
    number_column: int,
    variable_columns: Mapping[str, int] | None = None,
    suppressed: Iterable[str] | Mapping[str, str] = (),
    require_values: bool = False,
) -> ImportResult:
    """Repair, validate, de-duplicate and filter the table's rows (see the module's docstring)."""
    variable_columns = dict(variable_columns or {})
    # The suppressed numbers, or number -> the list's note on it (shown as the row's reason).
    notes = suppressed if isinstance(suppressed, Mapping) else None
    suppressed_set = set(suppressed)
    kept = ImportedRows(variable_columns)
    result = ImportResult(table, number_column, variable_columns, kept)
    first_line_of: dict[str, int] = {}
    columns = list(variable_columns.values())
    rows = table.rows
    pairs: Iterable[tuple[int, Sequence[Any]]] = rows.pairs() if isinstance(rows, TableRows) else rows
    append = kept.append
    with gc_paused():
        for line, cells in pairs:
            raw = cells[number_column] if number_column < len(cells) else None
            # Most cells are plain mainland mobiles: the normaliser's fast path, without a NumberCheck.
            mobile = quick_mainland(raw) if type(raw) is str else None
            international = False
            if mobile is None:
                check = repair_number(raw)
                if not check.ok:
                    result.rejected.append(LeftOutRow(line, cell_text(raw), check.reason or "invalid"))
                    continue
                mobile, international = check.number, check.international
            first = first_line_of.get(mobile)
            if first is not None:
                result.duplicates.append(LeftOutRow(line, cell_text(raw), "duplicate", mobile, first))
                continue
            first_line_of[mobile] = line
            if mobile in suppressed_set:
                note = notes.get(mobile, "") if notes is not None else ""
                result.suppressed.append(LeftOutRow(line, cell_text(raw), "suppressed", mobile, note=note))
                continue
            if require_values and any(col >= len(cells) or cell_text(cells[col]) == "" for col in columns):
                result.rejected.append(LeftOutRow(line, cell_text(raw), "missing_value", mobile))
                continue
            append(line, mobile, international, cells)
    return result


def import_file(
    path: Path | str,
    number_column: int | None = None,
    variable_columns: Mapping[str, int] | None = None,
    suppressed: Iterable[str] | Mapping[str, str] = (),
    max_rows: int = MAX_ROWS,
) -> ImportResult:
    """read_table + prepare_rows, guessing the number column when it is not given."""
    table = read_table(path, max_rows)
    if number_column is None:
        number_column = guess_number_column(table)
        if number_column is None:
            number_column = 0
    return prepare_rows(table, number_column, variable_columns, suppressed)
