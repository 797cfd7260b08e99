"""Account tab against the sandbox over HTTP: every user/get field, user/set with validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from tab_helpers import close_box, error_text, load_tab, wait_error


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.account import AccountTab

    page = AccountTab(app_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 650)
    page.show()
    load_tab(qtbot, page)
    return page


def value(tab, name: str) -> str:
    return tab.value_labels[name].text()


def test_every_field_of_user_get_is_shown(tab, sandbox, app_ctx):
    account = sandbox.state.account
    assert value(tab, "nick") == account["nick"] == "sandbox-demo"
    assert value(tab, "gmt_created") == account["gmt_created"]
    assert value(tab, "mobile") == "138****8000"
    assert value(tab, "email") == "demo@example.com"
    assert value(tab, "ip_whitelist") == "(none: any address)"
    assert value(tab, "api_version") == "v2"
    assert Decimal(value(tab, "balance")) == account["balance"]
    assert value(tab, "alarm_balance") == "100"
    assert value(tab, "emergency_contact") == "张三"
    assert value(tab, "emergency_mobile") == "13800138001"
    assert app_ctx.account is not None and app_ctx.account.balance == account["balance"]
    # edits start from the current values; nothing to save yet
    assert tab.alarm_edit.text() == "100"
    assert not tab.save_button.isEnabled()
    assert tab.validation_label.text() == "No changes."


def test_save_changes_through_user_set_and_shows_the_refreshed_values(qtbot, tab, sandbox, app_ctx):
    tab.alarm_edit.setText("250")
    tab.contact_edit.setText("李四")
    tab.mobile_edit.setText("+86 139-0013-9000")
    assert tab.save_button.isEnabled()
    # the operator's words for the fields, never the API's names
    assert tab.validation_label.text() == "Will change: Balance alarm below, Emergency contact, Emergency mobile"
    with qtbot.waitSignal(app_ctx.balance_changed, timeout=10_000) as blocker:
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].emergency_contact == "李四"
    qtbot.waitUntil(lambda: not tab.busy.busy)
    assert sandbox.state.account["alarm_balance"] == Decimal(250)
    assert sandbox.state.account["emergency_contact"] == "李四"
    assert sandbox.state.account["emergency_mobile"] == "13900139000"  # normalised before sending
    assert value(tab, "alarm_balance") == "250"
    assert value(tab, "emergency_contact") == "李四"
    assert value(tab, "emergency_mobile") == "13900139000"
    assert "Saved" in tab.status_label.text()
    assert not tab.save_button.isEnabled()  # the edits now equal the account again
    assert sandbox.call_count("user/set") == 1


def test_only_changed_fields_are_sent(qtbot, tab, sandbox):
    tab.contact_edit.setText("王五")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: value(tab, "emergency_contact") == "王五", timeout=10_000)
    assert sandbox.state.account["alarm_balance"] == Decimal(100)
    assert sandbox.state.account["emergency_mobile"] == "13800138001"


def test_validation_blocks_bad_input(qtbot, tab, sandbox):
    tab.mobile_edit.setText("12345")
    assert not tab.save_button.isEnabled()
    assert "not valid: too short" in tab.validation_label.text()
    tab.mobile_edit.setText("")
    assert "cannot be emptied" in tab.validation_label.text()
    tab.mobile_edit.setText("13800138001")
    tab.contact_edit.setText("")
    assert not tab.save_button.isEnabled()
    tab.contact_edit.setText("张三")
    for typed in ("-5", "99.5", "-5.5abc"):
        tab.alarm_edit.clear()
        qtbot.keyClicks(tab.alarm_edit, typed)  # real keys: nothing is dropped or rewritten
        assert tab.alarm_edit.text() == typed
        assert "The alarm amount must be a whole number of 0 or more." in tab.validation_label.text()
        assert not tab.save_button.isEnabled()
    tab.save()  # Enter in a field: nothing goes out
    assert sandbox.call_count("user/set") == 0


def test_undo_changes_restores_the_account_values(qtbot, tab):
    tab.contact_edit.setText("someone")
    qtbot.mouseClick(tab.reset_button, Qt.MouseButton.LeftButton)
    assert tab.contact_edit.text() == "张三"
    assert not tab.save_button.isEnabled()


def test_refresh_shows_a_balance_changed_elsewhere(qtbot, tab, sandbox):
    sandbox.control.set(balance="12.34")
    qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: value(tab, "balance") == "12.34", timeout=10_000)


def test_invalid_apikey_on_load(qtbot, app_ctx, sandbox):
    from gui.views.account import AccountTab

    sandbox.control.set(apikey="not-the-key")
    page = AccountTab(app_ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.initial_load_finished, timeout=10_000) as blocker:
        page.start_initial_load()
    assert blocker.args[0] is False
    box = wait_error(qtbot)
    assert "code -1" in error_text(box)
    close_box(box)
    assert page.status_label.text() == "The account could not be loaded."


def test_save_refused_by_the_gateway_is_explained(qtbot, tab, sandbox):
    sandbox.control.set(api_error_next=[24], fault_endpoints="user/set")
    tab.alarm_edit.setText("300")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    box = wait_error(qtbot)
    text = error_text(box)
    assert "code 24" in text and "alarm" in text.lower()
    close_box(box)
    assert "nothing was changed" in tab.status_label.text()
    assert value(tab, "alarm_balance") == "100"
    assert tab.save_button.isEnabled()  # the edit is kept for another try


def test_api_not_permitted_is_explained(qtbot, tab, sandbox):
    sandbox.control.set(api_error_next=[-2], fault_endpoints="user/get")
    qtbot.mouseClick(tab.refresh_button, Qt.MouseButton.LeftButton)
    box = wait_error(qtbot)
    text = error_text(box)
    assert "-2" in text and "may not use this API" in text
    close_box(box)
