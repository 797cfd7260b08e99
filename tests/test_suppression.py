"""The suppression list: number file parsing, and the dialog (view, add, remove, import)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from tab_helpers import click_yes, close_box, wait_dialog

from gui.store.io_guard import allow_gui_thread_io
from gui.store.number_import import parse_number_text, read_number_file

LEFT = Qt.MouseButton.LeftButton


# --- the file parser (plain Python) -----------------------------------------------------


def test_parse_lines_and_commas_normalised_with_rejected_lines_listed():
    text = (
        "mobile\n"
        "13800138000\n"
        "+86 138 0013 8001, 139-0013-9000;abc\n"
        "\n"
        "13800138000\n"
        '"13700137000"\n'
        "1.38001380E+10\n"
        "+447911123456\n"
        "12345\n"
    )
    parsed = parse_number_text(text)
    assert parsed.numbers == ["13800138000", "13800138001", "13900139000", "13700137000", "+447911123456"]
    assert parsed.duplicates == 1  # line 5
    # 1.38001380E+10 lost digits to a spreadsheet: never guessed back into 13800138000.
    assert [(line, raw) for line, raw, _ in parsed.rejected] == [
        (1, "mobile"),
        (3, "abc"),
        (7, "1.38001380E+10"),
        (9, "12345"),
    ]
    assert parsed.rejected[2][2] == "scientific_lost_digits"
    assert all(reason for _, _, reason in parsed.rejected)


def test_read_file_in_utf8_bom_and_gb18030(tmp_path):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes("\ufeff手机号\n13800138000\n".encode("utf-8"))
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("手机号码,13900139000\n".encode("gb18030"))
    first, second = read_number_file(utf8), read_number_file(gbk)
    assert first.numbers == ["13800138000"] and first.rejected[0][:2] == (1, "手机号")
    assert second.numbers == ["13900139000"] and second.rejected[0][:2] == (1, "手机号码")


# --- the dialog ---------------------------------------------------------------------


@pytest.fixture
def store(app_ctx):
    """The profile's store, for the test's own reads and writes (opening it is I/O)."""
    with allow_gui_thread_io():
        return app_ctx.store()


@pytest.fixture
def dialog(qtbot, app_ctx, store):
    from gui.views.suppression_dialog import SuppressionDialog

    store.add_suppressed(["13600136000"], "complaint")
    window = SuppressionDialog(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1 and not window.busy.busy, timeout=15_000)
    return window


def idle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy.busy, timeout=15_000)


def numbers(dialog) -> set[str]:
    return {entry.number for entry in dialog.entries()}


def test_view_existing_numbers(dialog):
    entry = dialog.entries()[0]
    assert (entry.number, entry.reason) == ("13600136000", "complaint")
    assert dialog.count_label.text() == "1 numbers"
    assert not dialog.remove_button.isEnabled()


def test_add_typed_numbers_normalised_rejects_listed(qtbot, dialog, app_ctx, store):
    qtbot.keyClicks(dialog.numbers_edit, "+86 138-0013-8000, 13900139000 nonsense 13600136000")
    qtbot.keyClicks(dialog.reason_edit, "asked by phone")
    qtbot.mouseClick(dialog.add_button, LEFT)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3 and not dialog.busy.busy, timeout=15_000)
    assert numbers(dialog) == {"13600136000", "13800138000", "13900139000"}
    assert store.is_suppressed("13800138000")
    message = dialog.message_label.text()
    assert "2 numbers added" in message and "1 were already" in message and "1 entries are not" in message
    assert dialog.rejected_view.isVisible() and "nonsense" in dialog.rejected_view.toPlainText()
    reasons = {e.number: e.reason for e in dialog.entries()}
    assert reasons["13800138000"] == "asked by phone" and reasons["13600136000"] == "complaint"


def test_remove_selected_after_confirmation(qtbot, dialog, app_ctx, store):
    dialog.table.selectRow(0)
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, LEFT)
    box = wait_dialog(qtbot, "suppression_remove_confirm")
    assert "1 numbers" in box.text()
    click_yes(qtbot, box)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0 and not dialog.busy.busy, timeout=15_000)
    assert not store.is_suppressed("13600136000")
    assert dialog.message_label.text() == "1 numbers removed."


def test_remove_cancelled_keeps_the_number(qtbot, dialog, app_ctx, store):
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, LEFT)
    box = wait_dialog(qtbot, "suppression_remove_confirm")
    close_box(box)  # Cancel / Esc
    qtbot.wait(50)
    assert store.is_suppressed("13600136000") and dialog.model.rowCount() == 1


def test_import_a_file(qtbot, dialog, app_ctx, tmp_path, monkeypatch, store):
    path = tmp_path / "opt-outs.csv"
    path.write_text("mobile\n13800138000\n13900139000,+86 137 0013 7000\nnot-a-number\n13600136000\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4 and not dialog.busy.busy, timeout=15_000)
    assert numbers(dialog) == {"13600136000", "13800138000", "13900139000", "13700137000"}
    assert store.suppressed_numbers() == numbers(dialog)
    assert "4 numbers read, 3 added" in dialog.message_label.text()
    rejected = dialog.rejected_view.toPlainText().splitlines()
    assert rejected[0].startswith("Line 1: “mobile”") and rejected[1].startswith("Line 4: “not-a-number”")
    reasons = {e.number: e.reason for e in dialog.entries()}
    assert reasons["13800138000"] == "imported from opt-outs.csv"


def test_filter(qtbot, dialog, app_ctx):
    qtbot.keyClicks(dialog.numbers_edit, "13800138000 13900139000")
    qtbot.mouseClick(dialog.add_button, LEFT)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3 and not dialog.busy.busy, timeout=15_000)
    qtbot.keyClicks(dialog.filter_edit, "1390")
    assert dialog.table.model().rowCount() == 1
    qtbot.keyClicks(dialog.filter_edit, "x")
    assert dialog.table.model().rowCount() == 0


def test_enter_in_the_number_field_adds_and_keeps_the_dialog_open(qtbot, dialog):
    qtbot.keyClicks(dialog.numbers_edit, "13800138000")
    qtbot.keyClick(dialog.numbers_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2 and not dialog.busy.busy, timeout=15_000)
    assert dialog.isVisible()
