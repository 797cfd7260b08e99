"""What the tabs share instead of writing it per tab (issue 12, item 3): the table set-up
(``partials.row_table.make_table``), "Fetch new" (``partials.pull_action.PullAction``) and
the export path dialog (``partials.export.ask_export_path``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget
from tab_helpers import show_tab

from gui.views.partials.export import ask_export_path
from gui.views.partials.row_table import make_table
from gui.views.partials.table_model import Column

VIEWS = Path(__file__).resolve().parent.parent / "gui" / "views"

pytestmark = pytest.mark.usefixtures("qapp")


def test_make_table_keeps_the_source_order_until_the_operator_sorts(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    table = make_table(parent, [Column("Word", lambda r: r)], "words", "Words appear here.")
    table.model.set_rows(["b", "a", "c"])
    assert table.view.objectName() == "words" and table.view.empty_text() == "Words appear here."
    assert table.view.model() is table.proxy and table.proxy.sourceModel() is table.model
    assert table.view.horizontalHeader().sortIndicatorSection() == -1
    assert [table.proxy.index(i, 0).data() for i in range(3)] == ["b", "a", "c"]
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [table.proxy.index(i, 0).data() for i in range(3)] == ["a", "b", "c"]
    assert all(obj.parent() is parent for obj in table)


def test_make_table_without_source_order_leaves_the_header_alone(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    table = make_table(parent, [Column("Word", lambda r: r)], "words", "", source_order=False)
    assert table.view.horizontalHeader().sortIndicatorSection() == 0


@pytest.mark.parametrize("tab", ["replies/tab.py", "reports.py"])
def test_fetch_new_is_the_shared_pull_action(tab):
    text = (VIEWS / tab).read_text(encoding="utf-8")
    assert "PullAction(" in text
    for written_once in ("track_pull", "ask_if_needed", "with_control=True", "service.pull("):
        assert written_once not in text, written_once


@pytest.mark.parametrize(("module", "cls"), [("gui.views.replies", "RepliesTab"), ("gui.views.reports", "ReportsTab")])
def test_the_pull_action_belongs_to_its_tab(qtbot, app_ctx, module, cls):
    import importlib

    from gui.views.partials.pull_action import TEXT_CONTEXTS, PullAction

    tab = show_tab(qtbot, getattr(importlib.import_module(module), cls)(app_ctx))
    assert isinstance(tab.pull_action, PullAction) and tab.pull_action.parent() is tab
    assert TEXT_CONTEXTS[tab.pull_action.kind] == cls  # its texts keep the tab's translation context


def test_the_export_dialog_says_export_unless_told_otherwise(qtbot, monkeypatch, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    asked = []

    def save_file_name(_parent, caption, name, filters):
        asked.append(caption)
        return str(tmp_path / "out"), "CSV, UTF-8 for Excel (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    assert ask_export_path(parent, "records.xlsx") == tmp_path / "out.csv"
    assert ask_export_path(parent, "results.xlsx", "Export the results") == tmp_path / "out.csv"
    assert asked == ["Export", "Export the results"]
