"""The one exporter every table uses: CSV (UTF-8 with BOM, for Excel) or XLSX (plain Python).

Rules (issue 4):
- Numbers and codes are written exactly: every value becomes its exact text first
  (a 64-bit sid, a phone number, a Decimal fee never pass through float), and XLSX
  cells are text cells (``data_type 's'``, number format ``@``) — never numbers that
  Excel would round or show as 1.38E+10, and never formulas.
- Free-text cells (message and reply texts, names: the columns whose role is free text,
  ``free_text`` on an ``ExportColumn``) that start with ``= + - @``, a tab or a carriage
  return get a leading apostrophe, so a spreadsheet never reads them as a formula (CSV
  injection).
- The file is written beside its target and renamed over it at the end: a failed or
  cancelled export never leaves half a file under the chosen name.

A table exports through ``export_records(path, columns, records)``: its columns say their
header, how to read a record's raw value and whether they hold free text
(``gui.views.partials.table_model.Column`` is such a column). ``export_table`` is the
same with the headers, rows and free-text column numbers spelled out (what ``export_records``
hands on).

Run it in a worker: ``export_records(..., control=task_control)`` reports progress
(rows written) and stops when the task is cancelled.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from gui.store.task_control import ProgressControl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_SUFFIXES = {".csv"}
XLSX_SUFFIXES = {".xlsx"}
PROGRESS_EVERY = 500  # rows


class ExportError(Exception):
    """The export cannot be written (unknown format, …)."""


class ExportColumn(Protocol):
    """What the exporter needs of a table's column."""

    @property
    def header(self) -> str: ...  # already translated

    @property
    def get(self) -> Callable[[Any], Any]: ...  # record -> raw value (not its display text)

    @property
    def free_text(self) -> bool: ...  # its cells are neutralised against formulas


def free_text_indices(columns: Sequence[ExportColumn]) -> frozenset[int]:
    """The numbers of the columns whose role is free text."""
    return frozenset(number for number, column in enumerate(columns) if column.free_text)


def export_records(
    path: Path | str, columns: Sequence[ExportColumn], records: Iterable[Any], control: Any = None
) -> int:
    """Write ``records`` to ``path`` as ``columns`` read them: raw values, so sids and numbers
    stay exact and a report status is the API's word. Returns the number of rows."""
    rows = ([column.get(record) for column in columns] for record in records)
    return export_table(path, [c.header for c in columns], rows, free_text_indices(columns), control=control)


def cell_text(value: Any) -> str:
    """The exact text of a value: no float rounding, no scientific notation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float; never 1e+10
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text or "E" in text else text
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would take for a formula."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def export_format(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise ExportError(f"unknown export format {suffix or '(no suffix)'}: use .csv or .xlsx")


def export_table(
    path: Path | str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    free_text_columns: set[int] | frozenset[int] = frozenset(),
    control: ProgressControl | None = None,
) -> int:
    """Write ``headers`` and ``rows`` to ``path`` (.csv or .xlsx). Returns the number of rows.

    ``control`` (optional, a ``gui.workers.TaskControl`` or anything with ``check()`` and
    ``progress(value)``) gets the count of rows written and may cancel the export.
    """
    path = Path(path)
    kind = export_format(path)
    header_texts = [neutralise(cell_text(h)) for h in headers]

    def texts() -> Iterable[list[str]]:
        for number, row in enumerate(rows, start=1):
            cells = []
            for column, value in enumerate(row):
                text = cell_text(value)
                cells.append(neutralise(text) if column in free_text_columns else text)
            yield cells
            if control is not None and number % PROGRESS_EVERY == 0:
                control.check()
                control.progress(number)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        count = _write_csv(temp, header_texts, texts()) if kind == "csv" else _write_xlsx(temp, header_texts, texts())
        if control is not None:
            control.check()
            control.progress(count)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return count


def _write_csv(path: Path, headers: list[str], rows: Iterable[list[str]]) -> int:
    count = 0
    # utf-8-sig writes the BOM Excel needs to read UTF-8; newline='' lets csv end lines (CRLF)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, headers: list[str], rows: Iterable[list[str]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Export")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(text: str, header: bool = False) -> Cell:
        # XML 1.0 cannot carry most control characters; drop them rather than fail
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
        cell = WriteOnlyCell(sheet, value=text)
        # Assigning a str starting with '=' makes openpyxl write a formula: force text.
        cell.data_type = "s"
        cell.number_format = "@"
        if header:
            cell.font = bold
        return cell

    sheet.append([text_cell(h, header=True) for h in headers])
    count = 0
    for row in rows:
        sheet.append([text_cell(text) for text in row])
        count += 1
    workbook.save(path)
    return count
