"""Money paths an operator can trust (issue 13): Compose's confirmation, no silent rewrites,
the low-balance banner. pytest-qt, real widgets, the sandbox over HTTP.

- Compose's spend confirmation shows the recipients, the parts, the cost, the balance now
  and after, three rendered samples with their numbers; Cancel, Enter and Esc send
  nothing; a send over the balance is a visible warning.
- The confirmation's own arithmetic: parts per message where they differ, and an account
  billed by count shown in messages, never as money.
- A reversed date range is refused with a message and no request is made (Records,
  the archive's sync, Replies).
- Choosing a template asks before replacing typed text; Cancel keeps the text.
- Changing the send mode clears the previous mode's message.
- The alarm amount: 99.5 refused, 100 round-trips through user/set.
- The banner shows while the balance is below the alarm amount and hides above it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit
from tab_helpers import load_tab, open_compose, show_tab, visible_boxes, wait_dialog

from gui.services.spend_gate import SpendKind, SpendPlan, parts_breakdown
from gui.views.partials.date_range import day_range

LEFT = Qt.MouseButton.LeftButton
OTP_TEMPLATE = 1000001  # 【豪霆云】您的验证码是#code#。如非本人操作，请忽略本短信
ORDER_TEMPLATE = 1000002
FREE_TEXT = "【豪霆云】您的验证码是1234。如非本人操作，请忽略本短信"


# ------------------------------------------------------------------ Compose's confirmation
@pytest.fixture
def compose(qtbot, app_ctx):
    return open_compose(qtbot, app_ctx)


def priced(qtbot, tab, app_ctx, price: str = "0.05") -> None:
    tab.price_edit.setText(price)
    tab.price_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: app_ctx.store().get_setting("price_per_part") == price, timeout=5000)


def open_confirmation(qtbot, tab):
    qtbot.mouseClick(tab.send_button, LEFT)
    return wait_dialog(qtbot, "spend_confirm_dialog")


@pytest.mark.parametrize("how", ["button", "enter", "escape"])
def test_compose_confirmation_shows_the_figures_and_cancel_sends_nothing(qtbot, compose, app_ctx, sandbox, how):
    priced(qtbot, compose, app_ctx)
    balance = sandbox.state.account["balance"]
    numbers = [f"1380013800{i}" for i in range(5)]
    compose.text_edit.setPlainText(FREE_TEXT)
    compose.number_list.set_numbers(numbers)
    dialog = open_confirmation(qtbot, compose)
    summary = dialog.summary.text()
    assert "Recipients: 5" in summary
    assert "Parts per message: 1\nParts: 5 in all" in summary
    assert "Estimated cost: 0.25" in summary
    assert f"Balance: {balance:.2f} now, about {balance - Decimal('0.25'):.2f} after" in summary
    assert "Estimated duration: under a minute" in summary
    assert not dialog.warning.isVisible()
    samples = dialog.findChild(QPlainTextEdit, "confirm_samples").toPlainText()
    assert samples.split("\n\n") == [f"{n}\n{FREE_TEXT}" for n in numbers[:3]]
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Compose's send key
    qtbot.wait(100)
    assert dialog.isVisible() and compose.confirm_dialog is dialog  # no shortcut goes past the question
    if how == "button":
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), LEFT)
    else:
        qtbot.keyClick(dialog, Qt.Key.Key_Return if how == "enter" else Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: compose.confirm_dialog is None, timeout=5000)
    qtbot.wait(200)
    assert sandbox.accepted_log() == []
    assert sandbox.call_count("sms/batch_send") == 0
    assert compose.message_label.text() == "Send cancelled; nothing was sent."


def test_compose_over_the_balance_is_a_warning_in_the_confirmation(qtbot, compose, app_ctx, sandbox):
    priced(qtbot, compose, app_ctx)
    sandbox.control.set(balance="0.01")
    with qtbot.waitSignal(app_ctx.balance_changed, timeout=10_000):
        app_ctx.refresh_account()
    compose.text_edit.setPlainText(FREE_TEXT)
    compose.number_list.set_numbers(["13800138000", "13800138001"])
    compose.override_check.setChecked(True)
    dialog = open_confirmation(qtbot, compose)
    assert "Balance: 0.01 now, about -0.09 after" in dialog.summary.text()
    assert dialog.warning.isVisible()
    assert dialog.warning.text() == ("Warning: the estimated cost exceeds the balance; sending stops when it runs out.")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), LEFT)
    qtbot.wait(200)
    assert sandbox.accepted_log() == []


def test_the_confirmation_shows_parts_per_message_and_a_balance_in_messages(qtbot):
    from gui.views.partials.spend_confirm import SpendConfirmDialog

    plan = SpendPlan(
        SpendKind.QUICK_SEND,
        3,
        5,
        Decimal(5),
        "条",  # an account billed by count: the balance is in messages
        Decimal(4),
        Decimal(10),
        parts_each=parts_breakdown([1, 2, 2]),
    )
    dialog = SpendConfirmDialog(None, plan)
    qtbot.addWidget(dialog)
    summary = dialog.summary.text()
    assert "Parts per message: 1 for 1 message(s), 2 for 2 message(s)\nParts: 5 in all" in summary
    assert "Estimated cost: 5 message(s)" in summary
    assert "Balance: 4 message(s) now, about -1 message(s) after" in summary
    assert "RMB" not in summary and "条" not in summary
    assert dialog.warning.text().startswith("Warning: the estimated cost exceeds the balance")
    assert "Marketing" not in summary and "marketing" not in summary  # a quick send has no such setting


# ------------------------------------------------------------------ reversed date ranges
def reverse(range_edit) -> None:
    start, end = day_range(2, 1)  # the 28th -> the 26th, as the operator typed it
    range_edit.set_range(end, start - timedelta(days=0))


def test_a_reversed_range_is_refused_in_records_with_no_request(qtbot, app_ctx, sandbox):
    from gui.views.records import RecordsTab

    tab = show_tab(qtbot, RecordsTab(app_ctx))
    load_tab(qtbot, tab)
    before = sandbox.call_count("sms/get_record")
    reverse(tab.range_edit)
    problem = tab.range_edit.problem_label
    assert problem.isVisible() and problem.text() == "The start is after the end: choose a start before the end."
    qtbot.mouseClick(tab.search_button, LEFT)
    qtbot.wait(200)
    assert sandbox.call_count("sms/get_record") == before
    assert problem.isVisible()
    # the archive's sync refuses it too
    archive = tab.archive_view
    reverse(archive.range_edit)
    assert archive.sync() is None
    assert not archive.range_edit.problem_label.isHidden()  # said (the archive page is not shown)
    qtbot.wait(200)
    assert sandbox.call_count("sms/get_record") == before
    # put right, the message goes and the search runs
    qtbot.mouseClick(tab.range_edit.week_button, LEFT)
    assert not problem.isVisible()
    qtbot.mouseClick(tab.search_button, LEFT)
    qtbot.waitUntil(lambda: sandbox.call_count("sms/get_record") > before, timeout=10_000)


def test_a_reversed_range_is_refused_in_replies_with_no_request(qtbot, app_ctx, sandbox):
    from gui.views.replies import RepliesTab

    tab = show_tab(qtbot, RepliesTab(app_ctx))
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=10_000)
    before = sandbox.call_count("sms/get_reply")
    reverse(tab.range_edit)
    qtbot.mouseClick(tab.search_button, LEFT)
    qtbot.wait(200)
    assert sandbox.call_count("sms/get_reply") == before
    assert tab.range_edit.problem_label.isVisible()
    assert tab.range_edit.wire_range()[0] > tab.range_edit.wire_range()[1]  # kept as typed, not swapped


# ------------------------------------------------------------------ templates never replace typed text silently
def choose(tab, tpl_id: int) -> None:
    index = next(
        i
        for i in range(tab.template_combo.count())
        if tab.template_combo.itemData(i) and tab.template_combo.itemData(i)[0].tpl_id == tpl_id
    )
    tab.template_combo.setCurrentIndex(index)
    tab.template_combo.activated.emit(index)


def test_choosing_a_template_asks_before_replacing_typed_text(qtbot, compose):
    compose.text_edit.setFocus()
    qtbot.keyClicks(compose.text_edit, "My own words")  # real keys (qtbot types ASCII only)
    typed = compose.text_edit.toPlainText()
    assert typed == "My own words"
    choose(compose, OTP_TEMPLATE)
    box = wait_dialog(qtbot, "replace_text_dialog")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert compose.template_combo.currentIndex() == 0  # still free text while asking
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), LEFT)
    qtbot.waitUntil(lambda: not visible_boxes("replace_text_dialog"), timeout=5000)
    assert compose.text_edit.toPlainText() == typed
    assert compose.template is None and compose.template_combo.currentIndex() == 0
    # asked again, yes: the template is loaded
    choose(compose, OTP_TEMPLATE)
    box = wait_dialog(qtbot, "replace_text_dialog")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    qtbot.waitUntil(lambda: compose.template is not None, timeout=5000)
    assert compose.template.tpl_id == OTP_TEMPLATE
    assert compose.template_combo.currentData()[0].tpl_id == OTP_TEMPLATE
    assert "您的验证码是" in compose.text_edit.toPlainText()


def test_no_question_when_the_text_is_empty_or_the_previous_templates(qtbot, compose):
    choose(compose, OTP_TEMPLATE)  # empty text: loaded at once
    assert compose.template.tpl_id == OTP_TEMPLATE and not visible_boxes("replace_text_dialog")
    compose.edit_as_free_text()  # the template's text, untouched
    assert compose.template is None
    choose(compose, ORDER_TEMPLATE)
    assert compose.template.tpl_id == ORDER_TEMPLATE and not visible_boxes("replace_text_dialog")


def test_use_in_compose_asks_too(qtbot, compose):
    compose.text_edit.setPlainText("【豪霆云】typed")
    template = next(t for t in compose.own_templates if t.tpl_id == OTP_TEMPLATE)
    compose.use_template(template, False)
    box = wait_dialog(qtbot, "replace_text_dialog")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: Cancel
    qtbot.waitUntil(lambda: not visible_boxes("replace_text_dialog"), timeout=5000)
    assert compose.text_edit.toPlainText() == "【豪霆云】typed" and compose.template is None


# ------------------------------------------------------------------ a mode change clears old errors
def test_changing_the_send_mode_clears_the_previous_modes_message(qtbot, compose):
    qtbot.mouseClick(compose.send_button, LEFT)  # batch with no number
    assert compose.message_label.text() == "Enter at least one valid number."
    qtbot.mouseClick(compose.mode_single, LEFT)
    assert compose.mode_single.isChecked()
    assert compose.message_label.text() == ""


# ------------------------------------------------------------------ the alarm amount
def test_alarm_99_5_refused_and_100_round_trips_through_user_set(qtbot, app_ctx, sandbox):
    from gui.views.account import AccountTab

    sandbox.control.set(alarm_balance="50")
    tab = show_tab(qtbot, AccountTab(app_ctx), 1000, 650)
    load_tab(qtbot, tab)
    assert tab.alarm_edit.text() == "50"
    tab.alarm_edit.clear()
    qtbot.keyClicks(tab.alarm_edit, "99.5")
    assert tab.alarm_edit.text() == "99.5"  # kept as typed, never 995
    assert "The alarm amount must be a whole number of 0 or more." in tab.validation_label.text()
    assert not tab.save_button.isEnabled()
    qtbot.keyClick(tab.alarm_edit, Qt.Key.Key_Return)
    assert sandbox.call_count("user/set") == 0
    tab.alarm_edit.clear()
    qtbot.keyClicks(tab.alarm_edit, "100")
    assert tab.save_button.isEnabled()
    with qtbot.waitSignal(app_ctx.balance_changed, timeout=10_000):
        qtbot.mouseClick(tab.save_button, LEFT)
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=10_000)
    assert sandbox.call_count("user/set") == 1
    assert sandbox.state.account["alarm_balance"] == Decimal(100)
    assert tab.value_labels["alarm_balance"].text() == "100"
    assert tab.alarm_edit.text() == "100"


# ------------------------------------------------------------------ the low-balance banner
def test_the_banner_shows_below_the_alarm_amount_and_hides_above_it(qtbot, main_window, app_ctx, sandbox):
    banner = main_window.balance_banner
    with qtbot.waitSignal(app_ctx.balance_changed, timeout=10_000):
        app_ctx.refresh_account()
    assert not banner.isVisible()  # 1000 against an alarm amount of 100
    sandbox.control.set(balance="42.50")
    with qtbot.waitSignal(app_ctx.balance_changed, timeout=10_000):
        app_ctx.refresh_account()
    assert banner.isVisible()
    assert banner.text() == (
        "The balance (42.50) is below the account's alarm amount (100.00). Top up the account before sending more."
    )
    sandbox.control.set(balance="100")
    with qtbot.waitSignal(app_ctx.balance_changed, timeout=10_000):
        app_ctx.refresh_account()
    assert not banner.isVisible()  # at the alarm amount: not below it
