"""The workbook reader (python-calamine since issue 17) returns the rows openpyxl returned: the same
lines, the same cells as the importer sees them (cell_text), the same import result. The
reference is the openpyxl reader the importer had before, kept here."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from gui.campaign.importer import cell_text, import_file, read_table


def openpyxl_rows(path) -> list[tuple[int, list[Any]]]:
    """What the importer's openpyxl reader read: the first sheet, rows with something in them."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [
            (line, list(cells))
            for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(c is not None and c != "" for c in cells)
        ]
    finally:
        workbook.close()


def as_text(rows) -> list[tuple[int, list[str]]]:
    return [(line, [cell_text(c) for c in cells]) for line, cells in rows]


def save(path, rows: list[list[Any]], first_cell: str | None = None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    if first_cell is None:
        for row in rows:
            sheet.append(row)
    else:  # the table starts further down and right (B3…)
        column, row_no = ord(first_cell[0]) - ord("A") + 1, int(first_cell[1:])
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                sheet.cell(row=row_no + i, column=column + j, value=value)
    workbook.save(path)


WORKBOOKS: dict[str, tuple[list[list[Any]], str | None]] = {
    "floats": (
        [["手机号", "姓名", "金额"]] + [[float(13800138000 + i), f"用户{i}", i % 7 + 0.5] for i in range(50)],
        None,
    ),
    "mixed": (
        [
            ["mobile", "name", "when", "flag", "amount"],
            [13800138000, " 张三 ", datetime(2024, 1, 2, 3, 4, 5), True, 100],
            ["+86 138 0013 8001", "李四", date(2024, 1, 2), False, 12.25],
            [None, None, None, None, None],
            ["1.38001E+10", "坏号", time(9, 30), None, -3],
            [],
            ["0086-13800138002", "", "text", "x", 1e20],
            ["13800138002", "重复", None, None, None],
        ],
        None,
    ),
    "offset": ([["mobile", "name"], [13800138000, "A"], ["13800138001", "B"], [None, "only a name"]], "C4"),
}


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_the_workbook_reader_returns_what_openpyxl_returned(tmp_path, name):
    rows, first_cell = WORKBOOKS[name]
    path = tmp_path / f"{name}.xlsx"
    save(path, rows, first_cell)
    reference = openpyxl_rows(path)
    table = read_table(path, has_header=False)
    assert as_text(table.rows) == as_text(reference)
    assert [line for line, _ in table.rows] == [line for line, _ in reference]
    # the cells themselves, where openpyxl and calamine keep the same type: numbers and text
    for (_, ours), (_, theirs) in zip(table.rows, reference, strict=True):
        for mine, old in zip(ours, theirs, strict=True):
            if not isinstance(old, (datetime, date, time)):
                assert (mine, type(mine)) == (old, type(old))


def test_a_workbook_imports_as_before(tmp_path):
    rows, _ = WORKBOOKS["mixed"]
    path = tmp_path / "mixed.xlsx"
    save(path, rows)
    result = import_file(path, number_column=0, variable_columns={"name": 1, "when": 2})
    assert result.table.headers == ["mobile", "name", "when", "flag", "amount"]
    assert [(r.line, r.mobile, r.values) for r in result.rows] == [
        (2, "13800138000", {"name": "张三", "when": "2024-01-02 03:04:05"}),
        (3, "13800138001", {"name": "李四", "when": "2024-01-02"}),
        (7, "13800138002", {"name": "", "when": "text"}),  # (an empty append adds no row)
    ]
    assert [(r.line, r.reason) for r in result.rejected] == [(5, "scientific_lost_digits")]
    assert [(r.line, r.first_line) for r in result.duplicates] == [(8, 7)]
