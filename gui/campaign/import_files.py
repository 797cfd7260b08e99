"""Reading a campaign's recipients file into a ``RawTable`` (plain Python, no Qt).

CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else GB18030 (a
superset of GBK, what Excel saves in China); comma, tab or semicolon, sniffed from the first
lines. XLSX/XLS: python-calamine (a Rust reader, several times faster than openpyxl), first
sheet. A file with more than ``max_rows`` rows is refused before it is parsed (a CSV's lines
are counted on the raw bytes; a workbook's size is read from its dimension).

A million rows must fit in a few hundred MB: ``TableRows`` keeps each row's cells as one
tuple and the line numbers in an array (a list of ``(line, [cells])`` costs twice as much),
and the cyclic garbage collector is paused while the rows are built (it would walk every
row again and again as they are allocated, for nothing: cells are strings).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any, overload

MAX_ROWS = 1_000_000  # a campaign's rows at most (the dry run's and results' tables page through them)
SNIFF_LINES = 20


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


class TableRows(Sequence[tuple[int, list[Any]]]):
    """A file's rows as ``(line number, cells)``, stored compactly (see the module's docstring)."""

    __slots__ = ("lines", "cells")

    def __init__(self) -> None:
        self.lines = array("l")
        self.cells: list[tuple[Any, ...]] = []

    def append(self, line: int, cells: tuple[Any, ...]) -> None:
        self.lines.append(line)
        self.cells.append(cells)

    def __len__(self) -> int:
        return len(self.cells)

    @overload
    def __getitem__(self, index: int) -> tuple[int, list[Any]]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, list[Any]]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, list[Any]] | list[tuple[int, list[Any]]]:
        if isinstance(index, slice):
            return [(line, list(cells)) for line, cells in zip(self.lines[index], self.cells[index], strict=True)]
        return self.lines[index], list(self.cells[index])

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        for line, cells in zip(self.lines, self.cells, strict=True):
            yield line, list(cells)

    def pop_first(self) -> None:
        del self.lines[0]
        del self.cells[0]

    def pairs(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(line, cells) without copying the cells (the importer's own loop)."""
        return zip(self.lines, self.cells, strict=True)


@dataclass
class RawTable:
    path: Path
    kind: str  # "csv" | "xlsx"
    headers: list[str]
    rows: Sequence[tuple[int, list[Any]]]  # (line number in the file, cells): TableRows when read
    has_header: bool
    encoding: str = ""
    delimiter: str = ""


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


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a million rows of strings are built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def sniff_delimiter(lines: Sequence[str]) -> str:
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


def read_csv(path: Path, max_rows: int) -> RawTable:
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
    delimiter = sniff_delimiter(head)
    with gc_paused():
        plain = '"' not in text and "\x00" not in text  # no quoted cell: split, no csv module needed
        rows = _split_plain(text, delimiter) if plain else _parse_csv(text, delimiter)
    return RawTable(path, "csv", [], rows, False, encoding, delimiter)


def _parse_csv(text: str, delimiter: str) -> TableRows:
    """Any CSV, quoted cells and all, through the csv module."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = TableRows()
    append = rows.append
    line = 1
    try:
        for cells in reader:
            stripped = tuple([c.strip() for c in cells])
            if any(stripped):  # a line of blanks is no row
                append(line, stripped)
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):  # one cell over 128 KiB: say which line, in plain words
            raise ImportRefused("cell_too_large", line=line, limit=csv.field_size_limit() // 1024) from exc
        raise ImportRefused("unreadable", detail=f"line {line}: {exc}") from exc
    return rows


def _split_plain(text: str, delimiter: str) -> TableRows:
    """A CSV without a quote: each line is its cells split at the delimiter — what the csv
    module reads from it, line numbers, blank lines and the cell size limit included, in a
    fraction of the time. Line ends as the csv module sees them: \\r\\n, \\r or \\n. The text
    is split a block at a time (a list of a million lines would double the peak memory)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    limit = csv.field_size_limit()
    rows = TableRows()
    append = rows.append
    line = 0
    for block in _blocks(text):
        for raw in block.split("\n"):
            line += 1
            if len(raw) > limit and any(len(cell) > limit for cell in raw.split(delimiter)):
                raise ImportRefused("cell_too_large", line=line, limit=limit // 1024)
            cells = tuple([c.strip() for c in raw.split(delimiter)])
            if any(cells):
                append(line, cells)
    return rows


def _blocks(text: str, size: int = 1 << 20) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, each cut after a newline (the newline
    itself left out), so that splitting each at newlines gives the text's lines."""
    start, end = 0, len(text)
    while start < end:
        cut = text.find("\n", start + size) if start + size < end else -1
        if cut < 0:
            yield text[start:]
            return
        yield text[start:cut]
        start = cut + 1
    # A text ending in a newline ends with an empty line, as text.split("\n") has it.
    if end and text[end - 1] == "\n":
        yield ""


def read_workbook(path: Path, max_rows: int) -> RawTable:
    """The first sheet of an XLSX/XLSM/XLS workbook. Cells as openpyxl read them before: empty
    cells None, whole numbers int, the sheet's first column first (calamine starts at the
    first column holding something)."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        declared = sheet.end[0] + 1 if sheet.end is not None else 0  # from the dimension: no parsing
        if declared > max_rows + 1:
            raise ImportRefused("too_many_rows", limit=max_rows, count=declared - 1)
        first_column = sheet.start[1] if sheet.start is not None else 0
        rows = TableRows()
        append = rows.append
        pad: tuple[Any, ...] = (None,) * first_column
        with gc_paused():
            for line, cells in enumerate(sheet.iter_rows(), start=1):
                if line > max_rows + 1:
                    # The dimension lied (some writers leave it out): stop reading now.
                    raise ImportRefused("too_many_rows", limit=max_rows, count=line - 1)
                if any(c != "" for c in cells):
                    append(line, pad + tuple([_as_openpyxl(c) for c in cells]))
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused("unreadable", detail=str(exc) or type(exc).__name__) from exc
    return RawTable(path, "xlsx", [], rows, False)


def _as_openpyxl(value: Any) -> Any:
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
