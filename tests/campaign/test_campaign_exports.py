"""The Campaigns tab's exports go through the shared export partial: one path dialog (its
caption the tab's own), and formula neutralising by column role (free text), not numbers."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QFileDialog

from gui.store.export import free_text_indices
from gui.views.campaigns.past import RESULT_EXPORT_COLUMNS, RESULT_FIELDS

pytestmark = pytest.mark.usefixtures("qapp")


def result(line: int, **values) -> dict:
    row = {"line": line, "mobile": "13800138000", "status": "sent", "sid": "", "fee": None, "parts": 1}
    return {**row, "code": "", "reason": "", "text": "hello", **values}


def test_the_results_columns_keep_the_old_headers_and_free_text_roles():
    assert [c.header for c in RESULT_EXPORT_COLUMNS] == RESULT_FIELDS
    assert free_text_indices(RESULT_EXPORT_COLUMNS) == {1, 7, 8}  # the numbers the tab used to spell out
    assert {RESULT_EXPORT_COLUMNS[n].header for n in free_text_indices(RESULT_EXPORT_COLUMNS)} == {
        "mobile",
        "reason",
        "text",
    }


def test_the_results_export_writes_the_shown_rows_and_neutralises_free_text(qtbot, tab, tmp_path):
    rows = [
        result(2, text="=HYPERLINK(1)", reason="+rejected", code="-5"),
        result(3, mobile="@13800138001", status="failed"),
    ]
    tab.past_page.show_results(7, rows)
    out = tmp_path / "results.csv"
    task = tab.export_results(out)
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert task.error is None, task.error
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == RESULT_FIELDS
    first = dict(zip(RESULT_FIELDS, written[1], strict=True))
    assert first["text"] == "'=HYPERLINK(1)" and first["reason"] == "'+rejected"
    assert first["code"] == "-5"  # not free text: written as it is
    assert dict(zip(RESULT_FIELDS, written[2], strict=True))["mobile"] == "'@13800138001"
    assert not tab.busy.busy


def test_the_results_export_asks_through_the_shared_dialog_with_the_tabs_caption(tab, monkeypatch):
    asked = []

    def save_file_name(parent, caption, name, filters):
        asked.append((caption, name, filters))
        return "", ""  # the operator cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    tab.presenter.results_id = 7
    tab.presenter.ask_export_results()
    assert asked == [("Export the results", "campaign-7.xlsx", "Excel workbook (*.xlsx);;CSV, UTF-8 for Excel (*.csv)")]


def test_an_export_runs_without_the_busy_bar_while_it_shows_other_work(qtbot, tab, tmp_path):
    from gui.workers import Task

    other = Task("other")
    tab.busy.track(other, "Reading the file…")
    tab.past_page.show_results(7, [result(2)])
    task = tab.export_results(tmp_path / "results.xlsx")
    assert tab.busy.message.text() == "Reading the file…"  # the other work keeps the bar
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert (tmp_path / "results.xlsx").exists()
    other.done.emit()
