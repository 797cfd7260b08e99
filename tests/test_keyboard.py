"""Keyboard and screen-reader finish: tab shortcuts, F5, Ctrl+F in tables, tab order, accessible names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFormLayout, QWidget
from tab_helpers import load_tab, table_records, wait_dialog

from gui.views.partials.a11y import is_input


@pytest.fixture
def window(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    return main_window


def press(qtbot, widget, sequence: str) -> None:
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_ctrl_number_switches_to_each_tab(qtbot, window):
    count = window.tabs.count()
    assert count >= 8
    for number in reversed(range(1, min(count, 9) + 1)):
        press(qtbot, window.tabs.currentWidget(), f"Ctrl+{number}")
        assert window.tabs.currentIndex() == number - 1


def test_f5_refreshes_the_current_tab_only(qtbot, window, sandbox):
    account = window.findChild(QWidget, "account_tab")
    load_tab(qtbot, account)
    window.tabs.setCurrentWidget(account)
    before_user = sandbox.call_count("user/get")
    before_templates = sandbox.call_count("tpl/get")
    with qtbot.waitSignal(account.initial_load_finished, timeout=15_000):
        press(qtbot, account, "F5")
    assert sandbox.call_count("user/get") > before_user
    assert sandbox.call_count("tpl/get") == before_templates  # the templates tab was not refreshed


def test_ctrl_f_finds_rows_in_the_current_tabs_table(qtbot, window):
    templates = window.findChild(QWidget, "templates_tab")
    load_tab(qtbot, templates)
    window.tabs.setCurrentWidget(templates)
    table = templates.own_table
    records = table_records(table)
    assert len(records) >= 2
    wanted = records[-1]
    press(qtbot, window.tabs.currentWidget(), "Ctrl+F")
    bar = table.find_bar
    assert bar.isVisible()
    assert QApplication.focusWidget() is bar.edit
    qtbot.keyClicks(bar.edit, str(wanted.tpl_id))
    assert [table.selected_records()[0].tpl_id] == [wanted.tpl_id]
    assert bar.count_label.text() == "1 of 1"

    bar.edit.clear()
    bar.edit.insert("【")  # every template starts with its signature (keyClicks is ASCII only)
    assert len(bar.matches) == len(records)
    first = table.selected_rows()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert table.selected_rows() != first
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert table.selected_rows() == first

    bar.edit.setText(str(wanted.tpl_id))
    bar.only_matching.setChecked(True)
    hidden = [row for row in range(table.model().rowCount()) if table.isRowHidden(row)]
    assert len(hidden) == len(records) - 1
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert not any(table.isRowHidden(row) for row in range(table.model().rowCount()))


def test_ctrl_f_no_match_says_so(qtbot, window):
    templates = window.findChild(QWidget, "templates_tab")
    load_tab(qtbot, templates)
    window.tabs.setCurrentWidget(templates)
    press(qtbot, templates, "Ctrl+F")
    bar = templates.own_table.find_bar
    qtbot.keyClicks(bar.edit, "no such text anywhere")
    assert bar.matches == [] and bar.count_label.text() == "No match"


def test_ctrl_f_in_a_dialog_searches_the_dialogs_table(qtbot, window):
    replies = window.findChild(QWidget, "replies_tab")
    window.tabs.setCurrentWidget(replies)
    replies.open_suppression_list()
    dialog = wait_dialog(qtbot, "suppression_dialog")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    press(qtbot, dialog, "Ctrl+F")
    assert dialog.table.find_bar.isVisible()
    dialog.reject()


def test_every_input_of_every_tab_has_an_accessible_name(window):
    missing = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        for widget in page.findChildren(QWidget):
            if is_input(widget) and not widget.accessibleName().strip():
                missing.append(f"{page.objectName()}: {type(widget).__name__} {widget.objectName()!r}")
    assert not missing, "\n".join(missing)


def test_accessible_names_are_translated_words_not_object_names(window):
    account = window.findChild(QWidget, "account_tab")
    names = {w.objectName(): w.accessibleName() for w in account.findChildren(QWidget) if is_input(w)}
    assert names["alarm_balance_edit"] == "Balance alarm below"
    assert names["emergency_mobile_edit"] == "Emergency mobile"


def focus_chain(window: QWidget) -> list[QWidget]:
    chain, widget = [], window.nextInFocusChain()
    while widget is not window and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_tab_order_follows_the_rows_of_every_form(window):
    chain = focus_chain(window)
    problems = []
    for form in window.findChildren(QFormLayout):
        fields = []
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget in chain:
                fields.append(widget)
        positions = [chain.index(w) for w in fields]
        if positions != sorted(positions):
            problems.append(", ".join(w.objectName() or type(w).__name__ for w in fields))
    assert not problems, problems


def test_tab_key_walks_the_account_form_in_order(qtbot, window):
    account = window.findChild(QWidget, "account_tab")
    window.tabs.setCurrentWidget(account)
    alarm = account.findChild(QWidget, "alarm_balance_edit")
    alarm.setFocus()
    qtbot.waitUntil(alarm.hasFocus)
    order = []
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget().objectName())
    assert order == ["emergency_contact_edit", "emergency_mobile_edit"]


def test_every_input_of_the_dialogs_has_an_accessible_name(qtbot, window, app_ctx):
    from gui.views.partials.template_form import TemplateDialog
    from gui.views.profiles import ProfileDialog
    from gui.views.settings_dialog import SettingsDialog

    dialogs = [ProfileDialog(app_ctx, window), SettingsDialog(app_ctx, window), TemplateDialog(window)]
    replies = window.findChild(QWidget, "replies_tab")
    replies.open_suppression_list()
    dialogs.append(wait_dialog(qtbot, "suppression_dialog"))
    missing = []
    for dialog in dialogs:
        dialog.show()
        for widget in dialog.findChildren(QWidget):
            if is_input(widget) and not widget.accessibleName().strip():
                missing.append(f"{dialog.objectName()}: {type(widget).__name__} {widget.objectName()!r}")
        dialog.reject()
    assert not missing, "\n".join(missing)
