"""Import a campaign's recipients from CSV or XLSX (plain Python, no Qt).

Two steps, so the operator can map columns in between:

1. ``read_table(path)`` reads the file into a ``RawTable`` (header and cells, with each
   row's line number). CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
   text"), else GB18030 (a superset of GBK, what Excel saves in China); comma, tab or
   semicolon, sniffed from the first lines. XLSX: openpyxl in read-only mode, first sheet.
   A file with more than ``MAX_ROWS`` rows is refused before it is parsed (a CSV's lines
   are counted on the raw bytes; an XLSX's size is read from its dimension record).
2. ``prepare_rows(table, number_column, variable_columns, suppressed)`` repairs and
   validates every number, removes duplicates and suppressed numbers and returns an
   ``ImportResult``: the rows to send and every row left out, with its line and reason.

Number repair is the one normaliser's (``gui.api.numbers.normalize_number``): Excel's
scientific notation only when the mantissa still holds every digit (``1.38001380020E+10``;
``1.38001E+10`` lost digits and is rejected as ``scientific_lost_digits``); a trailing
``.0``; floats in XLSX cells; spaces, dashes and brackets; +86 / 0086 / 86 prefixes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any

from gui.api.numbers import NumberCheck, normalize_number

# The reasons' one table lives in gui.campaign.reasons (its importer names stay importable here).
from gui.campaign.reasons import IMPORT_REASONS, IMPORT_REASONS_ZH, row_reason_text  # noqa: F401

MAX_ROWS = 200_000
SNIFF_LINES = 20

_NUMBER_HEADER = re.compile(r"(mobile|phone|tel|number|cell|手机|电话|号码|手机号|联系方式)", re.IGNORECASE)


class ImportRefused(Exception):
    """The file cannot be imported at all. ``problem`` is a stable id, ``params`` fill the message."""

    MESSAGES = {
        "too_many_rows": "The file has more than {limit} rows ({count} or more). A campaign holds at most "
        "{limit} rows: split the file.",
        "unknown_format": "Only CSV and XLSX files can be imported ({suffix}).",
        "unreadable": "The file could not be read: {detail}",
        "encoding": "The file is neither UTF-8 nor GBK/GB18030 text. Save it as CSV UTF-8 and try again.",
        "empty": "The file has no rows.",
        "cell_too_large": "Line {line} has a cell larger than {limit} KB; a text message holds at most 500 "
        "characters. Fix that line (or the column separators around it) and import again.",
    }

    def __init__(self, problem: str, **params: Any) -> None:
        self.problem = problem
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        try:
            return self.MESSAGES.get(self.problem, self.problem).format(**self.params)
        except (KeyError, IndexError):
            return self.problem


@dataclass
class RawTable:
    path: Path
    kind: str  # "csv" | "xlsx"
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (line number in the file, cells)
    has_header: bool
    encoding: str = ""
    delimiter: str = ""

    @property
    def column_count(self) -> int:
        return max([len(self.headers)] + [len(cells) for _, cells in self.rows[:SNIFF_LINES]])


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


@dataclass
class ImportResult:
    table: RawTable
    number_column: int
    variable_columns: dict[str, int]
    rows: list[ImportedRow] = field(default_factory=list)
    rejected: list[LeftOutRow] = field(default_factory=list)
    duplicates: list[LeftOutRow] = field(default_factory=list)
    suppressed: list[LeftOutRow] = field(default_factory=list)


# --------------------------------------------------------------------------- cells
def cell_text(value: Any) -> str:
    """A cell as the text a template should show: floats without '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if (value.hour or value.minute or value.second)
            else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, (date, dtime)):
        return value.isoformat()
    return str(value).strip()


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
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path, max_rows)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        table = _read_csv(path, max_rows)
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


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:  # truncated (odd length) or a lone surrogate
            raise ImportRefused("encoding") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ImportRefused("encoding") from exc


def _sniff_delimiter(lines: Sequence[str]) -> str:
    """The candidate found on most of the first lines; among those, the most consistent count."""
    best, best_score = ",", 0.0
    for candidate in (",", "\t", ";"):
        counts = [line.count(candidate) for line in lines if line.strip()]
        present = [c for c in counts if c > 0]
        if not present:
            continue
        # Present on most lines beats "consistently absent" (ragged rows, a ";" inside one text
        # cell); then consistent counts beat a high count on one line.
        presence = len(present) / len(counts)
        consistent = sum(1 for c in present if c == present[0]) / len(present)
        score = presence * 10 + consistent + min(present[0], 10) / 100
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(path: Path, max_rows: int) -> RawTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused("unreadable", detail=exc.strerror or str(exc)) from exc
    # Count lines on the raw bytes before decoding or parsing: a huge file is refused
    # in a fraction of a second. (+1 for a header, +1 for a last line without newline.)
    newline = b"\n\x00" if data.startswith((codecs.BOM_UTF16_LE,)) else b"\n"
    lines = data.count(newline)
    if lines > max_rows + 1:
        raise ImportRefused("too_many_rows", limit=max_rows, count=lines - 1)
    text, encoding = _decode(data)
    del data
    head = text[:65536].splitlines()[:SNIFF_LINES]
    delimiter = _sniff_delimiter(head)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    line = 1
    append = rows.append
    try:
        for cells in reader:
            cells = [c.strip() for c in cells]
            if any(cells):  # a line of blanks is no row
                append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):  # one cell over 128 KiB: say which line, in plain words
            raise ImportRefused("cell_too_large", line=line, limit=csv.field_size_limit() // 1024) from exc
        raise ImportRefused("unreadable", detail=f"line {line}: {exc}") from exc
    return RawTable(path, "csv", [], rows, False, encoding, delimiter)


def _read_xlsx(path: Path, max_rows: int) -> RawTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ImportRefused("unreadable", detail=str(exc) or type(exc).__name__) from exc
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row  # from the dimension record: no parsing needed
        if declared is not None and declared > max_rows + 1:
            raise ImportRefused("too_many_rows", limit=max_rows, count=declared - 1)
        rows: list[tuple[int, list[Any]]] = []
        append = rows.append
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > max_rows + 1:
                # The dimension record lied (some writers leave it out): stop reading now.
                raise ImportRefused("too_many_rows", limit=max_rows, count=line - 1)
            if any(c is not None and c != "" for c in cells):
                append((line, list(cells)))
    finally:
        workbook.close()
    return RawTable(path, "xlsx", [], rows, False)


def _settle_header(table: RawTable, has_header: bool | None) -> None:
    """Take the first row as the header unless it holds a phone number (or the caller says)."""
    if not table.rows:
        return
    first = table.rows[0][1]
    if has_header is None:
        has_header = not any(repair_number(c).ok for c in first if cell_text(c))
    width = max(len(cells) for _, cells in table.rows[:SNIFF_LINES])
    if has_header:
        table.rows.pop(0)
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
    result = ImportResult(table, number_column, variable_columns)
    first_line_of: dict[str, int] = {}
    var_items = list(variable_columns.items())
    for line, cells in table.rows:
        raw = cells[number_column] if number_column < len(cells) else None
        check = repair_number(raw)
        if not check.ok:
            result.rejected.append(LeftOutRow(line, cell_text(raw), check.reason or "invalid"))
            continue
        mobile = check.number
        first = first_line_of.get(mobile)
        if first is not None:
            result.duplicates.append(LeftOutRow(line, cell_text(raw), "duplicate", mobile, first))
            continue
        first_line_of[mobile] = line
        if mobile in suppressed_set:
            note = notes.get(mobile, "") if notes is not None else ""
            result.suppressed.append(LeftOutRow(line, cell_text(raw), "suppressed", mobile, note=note))
            continue
        values = {name: (cell_text(cells[col]) if col < len(cells) else "") for name, col in var_items}
        if require_values and any(v == "" for v in values.values()):
            result.rejected.append(LeftOutRow(line, cell_text(raw), "missing_value", mobile))
            continue
        result.rows.append(ImportedRow(line, mobile, check.international, values))
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
