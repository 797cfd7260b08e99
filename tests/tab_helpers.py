"""Helpers shared by the tab tests (tests/test_tab_*.py, the compose in-doubt and hardening tests)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

SIGNAL_TIMEOUT_MS = 15_000


def load_tab(qtbot, tab) -> None:
    """Start the tab's initial load and wait until it reports success."""
    with qtbot.waitSignal(tab.initial_load_finished, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        tab.start_initial_load()
    assert blocker.args[0] is True, blocker.args


def show_tab(qtbot, page, width: int = 1280, height: int = 760):
    """Hand the tab to qtbot (closed after the test), size it and show it; returns it."""
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    return page


def open_compose(qtbot, ctx):
    """A shown ComposeTab on ``ctx`` whose initial load (templates, balance) is in."""
    from gui.views.compose import ComposeTab

    page = show_tab(qtbot, ComposeTab(ctx), 1200, 760)
    load_tab(qtbot, page)
    return page


def wait_idle(qtbot, page, timeout: int = SIGNAL_TIMEOUT_MS) -> None:
    """Wait until the page's BusyBar says no task of it is running."""
    qtbot.waitUntil(lambda: not page.busy.busy, timeout=timeout)


def answer_pull_consent(qtbot, agree: bool) -> None:
    """Check the first-pull consent dialog warns about deletion, then answer it."""
    from PySide6.QtWidgets import QPushButton

    box = wait_dialog(qtbot, "pull_consent_dialog")
    assert "deletes" in box.text() and "backend" in box.text()
    button = box.findChild(QPushButton, "pull_consent_yes" if agree else "pull_consent_no")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def visible_boxes(object_name: str) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == object_name and w.isVisible()]


def wait_dialog(qtbot, object_name: str, timeout: int = SIGNAL_TIMEOUT_MS) -> QWidget:
    """The visible top-level dialog with ``object_name`` (dialogs are opened with open())."""
    found: list[QWidget] = []

    def check() -> None:
        boxes = visible_boxes(object_name)
        assert boxes, f"no visible {object_name}"
        found[:] = boxes

    qtbot.waitUntil(check, timeout=timeout)
    return found[-1]


def wait_error(qtbot, timeout: int = SIGNAL_TIMEOUT_MS) -> QMessageBox:
    """The error box show_error opened; returns it (call close_box afterwards)."""
    return wait_dialog(qtbot, "error_dialog", timeout)


def error_text(box: QMessageBox) -> str:
    return f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}"


def close_box(box) -> None:
    box.done(0)


def click_yes(qtbot, box: QMessageBox) -> None:
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)


def select_row_where(table, predicate) -> int:
    """Select the first row of a DataTableView whose record matches; returns its row."""
    from gui.views.partials.table_model import RECORD_ROLE

    model = table.model()
    for row in range(model.rowCount()):
        if predicate(model.index(row, 0).data(RECORD_ROLE)):
            table.selectRow(row)
            return row
    raise AssertionError("no matching row")


def table_records(table) -> list:
    from gui.views.partials.table_model import RECORD_ROLE

    model = table.model()
    return [model.index(row, 0).data(RECORD_ROLE) for row in range(model.rowCount())]
