"""Templates tab against the sandbox over HTTP: list, add, edit, delete, defaults, use in compose."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from tab_helpers import close_box, error_text, load_tab, select_row_where, table_records, wait_dialog, wait_error


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.templates import TemplatesTab

    page = TemplatesTab(app_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    load_tab(qtbot, page)
    return page


def idle(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=10_000)


def status_cell(table, row: int):
    index = table.model().index(row, 2)
    return index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.ForegroundRole)


def test_own_and_default_templates_listed_apart_with_status_words_and_colours(tab, sandbox):
    own = table_records(tab.own_table)
    assert {t.tpl_id for t in own} == set(sandbox.state.templates)
    assert [t.tpl_id for t in table_records(tab.default_table)] == list(range(1, 9))
    texts = {}
    for row, template in enumerate(own):
        text, brush = status_cell(tab.own_table, row)
        texts[template.check_status] = (text, brush.color().name())
    assert texts["SUCCESS"] == ("Approved (SUCCESS)", "#1f6f2a")
    assert texts["CHECKING"] == ("In review (CHECKING)", "#8a5a00")
    assert texts["FAIL"] == ("Rejected (FAIL)", "#b00000")
    rejected = next(t for t in own if t.check_status == "FAIL" and "屏蔽词" in (t.reason or ""))
    row = own.index(rejected)
    assert "屏蔽词" in tab.own_table.model().index(row, 3).data()
    assert "8 own template(s), 8 default template(s)" in tab.status_label.text()


def test_add_checks_locally_then_submits_with_notify_type(qtbot, tab, sandbox):
    before = len(sandbox.state.templates)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "template_dialog")
    dialog.content_edit.setPlainText("您的订单#order#已发货")
    assert not dialog.ok_button.isEnabled()
    assert "must start with a 【signature】" in dialog.check_label.text()
    dialog.content_edit.setPlainText("【豪霆云】您的订单#order已发货")
    assert "variable is malformed" in dialog.check_label.text()
    dialog.content_edit.setPlainText("【豪霆云】" + "长" * 500)
    assert "at most 500" in dialog.check_label.text()
    dialog.content_edit.setPlainText("【豪霆云】【另一个】您的订单#order#已发货")
    assert "only one 【signature】" in dialog.check_label.text()
    dialog.content_edit.setPlainText("【豪霆云】您的订单#order#已发货，运单号#no#")
    assert dialog.ok_button.isEnabled()
    assert "variables: order, no" in dialog.check_label.text()
    dialog.notify_combo.setCurrentIndex(2)  # only when approved
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sandbox.state.templates) == before + 1, timeout=10_000)
    idle(qtbot, tab)
    new = max(sandbox.state.templates.values(), key=lambda t: t.tpl_id)
    assert new.tpl_content == "【豪霆云】您的订单#order#已发货，运单号#no#"
    assert new.notify_type == 2
    assert new.tpl_id in {t.tpl_id for t in table_records(tab.own_table)}
    assert tab.selected_own().tpl_id == new.tpl_id
    assert tab.selected_own().check_status == "CHECKING"
    assert "in review" in tab.status_label.text()
    # CHECKING templates cannot be used for sending
    assert not tab.use_own_button.isEnabled()


def test_edit_warns_about_review_and_sends_the_template_back_to_review(qtbot, tab, sandbox):
    select_row_where(tab.own_table, lambda t: t.tpl_id == 1000002)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "template_dialog")
    assert dialog.review_warning.isVisible()
    assert "back to review" in dialog.review_warning.text()
    assert dialog.content_edit.toPlainText().startswith("【豪霆云】尊敬的#name#")
    dialog.content_edit.setPlainText("【豪霆云】尊敬的#name#，您的订单#order#今天发货。")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "back in review" in tab.status_label.text(), timeout=10_000)
    assert sandbox.state.templates[1000002].tpl_content == "【豪霆云】尊敬的#name#，您的订单#order#今天发货。"
    shown = next(t for t in table_records(tab.own_table) if t.tpl_id == 1000002)
    assert shown.check_status == "CHECKING"
    assert shown.tpl_content.endswith("今天发货。")


def test_delete_asks_first(qtbot, tab, sandbox):
    select_row_where(tab.own_table, lambda t: t.tpl_id == 1000007)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    box = wait_dialog(qtbot, "confirm_delete_template")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert 1000007 in sandbox.state.templates
    assert sandbox.call_count("tpl/del") == 0
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    box = wait_dialog(qtbot, "confirm_delete_template")
    assert "1000007" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: 1000007 not in {t.tpl_id for t in table_records(tab.own_table)}, timeout=10_000)
    assert 1000007 not in sandbox.state.templates
    assert "deleted" in tab.status_label.text()


def test_start_a_template_from_a_default_one_fills_the_signature(qtbot, tab):
    select_row_where(tab.default_table, lambda t: t.tpl_id == 3)
    qtbot.mouseClick(tab.copy_default_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "template_dialog")
    assert dialog.content_edit.toPlainText() == "【豪霆云】亲爱的#name#，您的验证码是#code#。如非本人操作，请忽略本短信"
    dialog.reject()


def test_delete_of_a_vanished_template_is_explained(qtbot, tab, sandbox):
    select_row_where(tab.own_table, lambda t: t.tpl_id == 1000006)
    del sandbox.state.templates[1000006]  # deleted elsewhere meanwhile
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    box = wait_dialog(qtbot, "confirm_delete_template")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    error = wait_error(qtbot)
    assert "Deleting the template failed." in error_text(error)
    close_box(error)
    assert tab.status_label.text() == "Deleting the template failed."


def test_invalid_apikey_on_load(qtbot, app_ctx, sandbox):
    from gui.views.templates import TemplatesTab

    sandbox.control.set(apikey="wrong-key-0000")
    page = TemplatesTab(app_ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.initial_load_finished, timeout=10_000) as blocker:
        page.start_initial_load()
    assert blocker.args[0] is False
    box = wait_error(qtbot)
    assert "code -1" in error_text(box) and "API key is not valid" in error_text(box)
    close_box(box)
    assert page.own_model.rowCount() == 0


def test_add_refused_by_the_gateway_is_explained(qtbot, tab, sandbox):
    sandbox.control.set(api_error_next=[6], fault_endpoints="tpl/add")
    tab.add_template("【豪霆云】新模板#x#")
    dialog = wait_dialog(qtbot, "template_dialog")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    box = wait_error(qtbot)
    assert "code 6" in error_text(box)
    close_box(box)
    assert tab.status_label.text() == "Adding the template failed."


def test_feature_not_permitted_is_explained(qtbot, tab, sandbox):
    sandbox.control.set(api_error_next=[-2], fault_endpoints="tpl/get")
    qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    box = wait_error(qtbot)
    assert "-2" in error_text(box)
    close_box(box)


def test_use_in_compose_switches_tab_and_loads_the_template(qtbot, main_window):
    from gui.views.compose import ComposeTab
    from gui.views.templates import TemplatesTab

    templates = main_window.findChild(TemplatesTab, "templates_tab")
    compose = main_window.findChild(ComposeTab, "compose_tab")
    with qtbot.waitSignals([templates.initial_load_finished, compose.initial_load_finished], timeout=15_000):
        main_window.start_initial_loads(every_tab=True)
    main_window.tabs.setCurrentWidget(templates)
    select_row_where(templates.own_table, lambda t: t.tpl_id == 1000002)
    qtbot.mouseClick(templates.use_own_button, Qt.MouseButton.LeftButton)
    assert main_window.tabs.currentWidget() is compose
    assert compose.template.tpl_id == 1000002
    assert compose.template_combo.currentData()[0].tpl_id == 1000002
    assert set(compose.variable_form.edits) == {"name", "order"}
    # a default template arrives with #company# filled with the operator's signature
    main_window.tabs.setCurrentWidget(templates)
    select_row_where(templates.default_table, lambda t: t.tpl_id == 1)
    qtbot.mouseClick(templates.use_default_button, Qt.MouseButton.LeftButton)
    assert main_window.tabs.currentWidget() is compose
    assert compose.template_is_default
    assert compose.variable_form.values() == {"company": "豪霆云", "code": ""}
