"""The exporter: exact numbers, text-only XLSX cells, neutralised free text, BOM CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.store.export import ExportError, cell_text, export_records, export_table, free_text_indices, neutralise

HEADERS = ["sid", "mobile", "text", "fee", "code", "name"]
BIG_SID = 2**63 - 1
ROWS = [
    [BIG_SID, "13800138000", '=HYPERLINK("http://x")', Decimal("0.0500"), -1, "+Alice"],
    [12345678901234567, "+8613800138000", "-2+3", Decimal("10"), 0, "@bob"],
    [None, "008613900139000", "\tTab", 1.0, "0", "\rCR"],
    [1, "13700137000", "退订 ok", Decimal("1E+1"), 17, "normal =not first"],
]
FREE = {2, 5}


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def read_xlsx(path):
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    cells = [list(row) for row in sheet.iter_rows()]
    return workbook, cells


EXPECTED = [
    HEADERS,
    [str(BIG_SID), "13800138000", '\'=HYPERLINK("http://x")', "0.0500", "-1", "'+Alice"],
    ["12345678901234567", "+8613800138000", "'-2+3", "10", "0", "'@bob"],
    ["", "008613900139000", "'\tTab", "1.0", "0", "'\rCR"],
    ["1", "13700137000", "退订 ok", "10", "17", "normal =not first"],
]


def test_csv_exact_numbers_bom_and_neutralised_free_text(tmp_path):
    path = tmp_path / "out.csv"
    assert export_table(path, HEADERS, ROWS, FREE) == 4
    assert read_csv(path) == EXPECTED


def test_xlsx_every_cell_is_text_never_a_formula(tmp_path):
    path = tmp_path / "out.xlsx"
    assert export_table(path, HEADERS, ROWS, FREE) == 4
    _, cells = read_xlsx(path)
    values = [[c.value if c.value is not None else "" for c in row] for row in cells]
    # XML reads a bare CR back as LF (line-end normalisation); the apostrophe is what matters
    assert values == [[v.replace("\r", "\n") for v in row] for row in EXPECTED]
    for row in cells:
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
                assert cell.number_format == "@"
    # and no formula anywhere in the file's XML
    import zipfile

    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_non_free_text_starting_with_equals_is_still_text(tmp_path):
    """Only free-text columns get the apostrophe, but no column can become a formula."""
    path = tmp_path / "out.xlsx"
    export_table(path, ["error_msg"], [["=1+1"]], set())
    _, cells = read_xlsx(path)
    assert cells[1][0].value == "=1+1" and cells[1][0].data_type == "s"


def test_xlsx_drops_characters_xml_cannot_hold(tmp_path):
    path = tmp_path / "out.xlsx"
    export_table(path, ["text"], [["bell\x07 and nul\x00 gone"]], {0})
    _, cells = read_xlsx(path)
    assert cells[1][0].value == "bell and nul gone"


def test_unknown_suffix_is_refused_and_nothing_written(tmp_path):
    tmp_path = tmp_path / "exports"
    with pytest.raises(ExportError):
        export_table(tmp_path / "out.pdf", HEADERS, ROWS, FREE)
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_failed_export_leaves_no_partial_file(tmp_path):
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    path = tmp_path / "out.csv"
    path.write_text("previous export")

    def rows():
        yield [1, "13800138000"]
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        export_table(path, ["sid", "mobile"], rows(), set())
    assert path.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_cancel_and_progress_through_a_control(tmp_path):
    from gui.store import export

    class Control:
        def __init__(self, cancel_after):
            self.seen = []
            self.cancel_after = cancel_after

        def check(self):
            if self.seen and self.seen[-1] >= self.cancel_after:
                raise InterruptedError("cancelled")

        def progress(self, value):
            self.seen.append(value)

    rows = [[i, "13800138000"] for i in range(export.PROGRESS_EVERY * 3)]
    done = Control(cancel_after=10**9)
    assert export_table(tmp_path / "all.xlsx", ["sid", "mobile"], rows, set(), control=done) == len(rows)
    assert done.seen[-1] == len(rows) and done.seen[0] == export.PROGRESS_EVERY
    stopped = Control(cancel_after=export.PROGRESS_EVERY)
    with pytest.raises(InterruptedError):
        export_table(tmp_path / "stopped.csv", ["sid", "mobile"], rows, set(), control=stopped)
    assert not (tmp_path / "stopped.csv").exists()


def test_cell_text_never_uses_scientific_notation():
    assert cell_text(13800138000.0) == "13800138000.0"
    assert cell_text(1e20) == "100000000000000000000"
    assert cell_text(Decimal("1.2300")) == "1.2300"
    assert cell_text(Decimal("1E+3")) == "1000"
    assert cell_text(True) == "true"
    assert neutralise("-5") == "'-5" and neutralise("5-") == "5-"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-(2**63), max_value=2**64),
            st.from_regex(r"\+?[0-9]{5,15}", fullmatch=True),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
        ),
        max_size=8,
    )
)
def test_round_trip_property(tmp_path_factory, rows):
    """Any integer and number survive both formats exactly; free text reads back neutralised."""
    folder = tmp_path_factory.mktemp("rt")
    expected = [[str(sid), mobile, neutralise(text)] for sid, mobile, text in rows]
    export_table(folder / "a.csv", ["sid", "mobile", "text"], rows, {2})
    assert read_csv(folder / "a.csv")[1:] == expected
    export_table(folder / "a.xlsx", ["sid", "mobile", "text"], rows, {2})
    _, cells = read_xlsx(folder / "a.xlsx")
    assert [[c.value if c.value is not None else "" for c in row] for row in cells[1:]] == expected


# --- columns with a role (gui.store.export.export_records) -----------------------------
@dataclass
class Col:
    header: str
    get: Callable[[Any], Any]
    free_text: bool = False


def by_index(number: int) -> Callable[[Any], Any]:
    return lambda row: row[number]


ROLE_COLUMNS = [Col(h, by_index(n), free_text=n in FREE) for n, h in enumerate(HEADERS)]


def test_free_text_columns_come_from_the_columns_role():
    assert free_text_indices(ROLE_COLUMNS) == FREE
    assert free_text_indices([Col("sid", by_index(0))]) == frozenset()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_records_writes_what_export_table_writes(tmp_path, suffix):
    by_role, by_numbers = tmp_path / f"role.{suffix}", tmp_path / f"numbers.{suffix}"
    assert export_records(by_role, ROLE_COLUMNS, iter(ROWS)) == 4
    export_table(by_numbers, HEADERS, ROWS, FREE)
    if suffix == "csv":
        assert by_role.read_bytes() == by_numbers.read_bytes()
    else:
        assert [[c.value for c in row] for row in read_xlsx(by_role)[1]] == [
            [c.value for c in row] for row in read_xlsx(by_numbers)[1]
        ]
