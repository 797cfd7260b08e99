"""Compose & send against the sandbox over HTTP, driving the real widgets.

Every send path from the click to the visible result, the store records, and every
error the operator can meet: invalid apikey (-1), blocked word (4), no matching
template (5), anti-harassment (8), balance too low (3 and the local stop), in doubt
(timeout after processing), a refused number list, the Campaigns limit, and the GUI
thread staying responsive while a slow send runs.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from tab_helpers import close_box, error_text, open_compose, visible_boxes, wait_dialog, wait_error

OTP_TEMPLATE = 1000001  # 【豪霆云】您的验证码是#code#。如非本人操作，请忽略本短信
ORDER_TEMPLATE = 1000002  # 【豪霆云】尊敬的#name#，您的订单#order#已发货，请注意查收。


@pytest.fixture
def tab(qtbot, app_ctx):
    return open_compose(qtbot, app_ctx)


def use(tab, tpl_id: int, default: bool = False):
    pool = tab.default_templates if default else tab.own_templates
    template = next(t for t in pool if t.tpl_id == tpl_id)
    tab.use_template(template, default)
    return template


def idle(qtbot, tab, timeout: int = 15_000) -> None:
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=timeout)


def confirm_send(qtbot, tab, via_keyboard: bool = False):
    """Send…, wait for the confirmation, confirm, wait until the results are in."""
    tab.results = []
    if via_keyboard:
        tab.text_edit.setFocus()
        qtbot.keyClick(tab.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "spend_confirm_dialog")
    samples = dialog.findChild(QPlainTextEdit, "confirm_samples")
    summary = dialog.summary.text() + "\n" + (samples.toPlainText() if samples is not None else "")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.results) and not tab.busy.busy, timeout=15_000)
    return summary


def attempt_send(qtbot, tab) -> None:
    """Send… when the send is expected to stop before the confirmation."""
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    idle(qtbot, tab)
    assert not visible_boxes("spend_confirm_dialog")


def sends(sandbox) -> int:
    return sum(sandbox.call_count(e) for e in ("sms/single_send", "sms/batch_send", "sms/multi_send"))


# ------------------------------------------------------------------------ loading
def test_initial_load_offers_approved_and_default_templates_and_the_balance(tab, app_ctx, sandbox):
    entries = [tab.template_combo.itemData(i) for i in range(tab.template_combo.count())]
    own = {d[0].tpl_id for d in entries if d and not d[1]}
    defaults = {d[0].tpl_id for d in entries if d and d[1]}
    approved = {t.tpl_id for t in sandbox.state.templates.values() if t.check_status == "SUCCESS"}
    assert own == approved  # CHECKING and FAIL ones are not offered
    assert defaults == set(range(1, 9))
    assert tab.template_combo.currentIndex() == 0 and entries[0] is None  # free text
    assert app_ctx.account.balance == sandbox.state.account["balance"]
    assert f"balance {sandbox.state.account['balance']}" in tab.counter.text()
    assert tab.signature == "豪霆云"


def test_use_template_asks_to_be_brought_to_the_front_and_finds_no_other_tab(qtbot, tab):
    """The main window wires "Use in compose" (MainWindow._wire_tabs); the tab itself only asks."""
    from PySide6.QtWidgets import QTabWidget, QWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    other = QWidget()
    tabs.addTab(other, "other")
    tabs.addTab(tab, "compose")
    tabs.setCurrentWidget(other)
    with qtbot.waitSignal(tab.wants_front, timeout=1000):
        use(tab, ORDER_TEMPLATE)
    assert tab.template.tpl_id == ORDER_TEMPLATE
    assert tabs.currentWidget() is other  # bringing it to the front is the main window's job
    assert tab.message_label.text() == f"Template {ORDER_TEMPLATE} loaded; fill in its variables."
    tabs.removeTab(tabs.indexOf(tab))
    tab.setParent(None)  # the tab fixture closes it after the test


# ------------------------------------------------------------------------ single
def test_single_send_from_a_template_records_and_learns_the_price(qtbot, tab, app_ctx, sandbox):
    tab.set_mode("single")
    use(tab, OTP_TEMPLATE)
    tab.single_edit.setText("+86 138-0013-8000")
    tab.variable_form.edits["code"].setText("4821")
    estimate = tab.update_preview()
    assert estimate.recipients == 1 and estimate.parts_per_text == 1
    assert "cost unknown" in tab.counter.text()
    summary = confirm_send(qtbot, tab)
    assert "Recipients: 1" in summary and "Parts: 1 in all" in summary
    assert "Estimated cost: unknown" in summary and "Balance: " in summary
    [row] = tab.results
    assert row.state == "ok" and row.code == 0 and row.mobile == "13800138000"
    assert row.count == 1 and row.fee == Decimal("0.05") and row.sid > 2**32
    text = "【豪霆云】您的验证码是4821。如非本人操作，请忽略本短信"
    assert f"13800138000\n{text}" in summary  # the confirmation shows the message as it goes
    [accepted] = sandbox.accepted_log()
    assert (accepted.sid, accepted.mobile, accepted.text) == (row.sid, "13800138000", text)
    # recorded in the store by the worker, with what the gateway answered
    [stored] = app_ctx.store().sent_messages()
    assert (stored.sid, stored.mobile, stored.text, stored.code, stored.count, stored.unit) == (
        row.sid,
        "13800138000",
        text,
        0,
        1,
        "RMB",
    )
    # the price per part is learned from fee/count and kept per profile
    assert tab.price == Decimal("0.05") and tab.price_edit.text() == "0.05"
    assert tab.price_source_label.text() == "learned from the last send"
    assert app_ctx.store().get_setting("price_per_part") == "0.05"
    assert "1 sent" in tab.results_summary.text()
    table = tab.results_table.model()
    assert table.index(0, 1).data() == "Sent"
    assert table.index(0, 6).data() == str(row.sid)
    assert not tab.copy_failed_button.isEnabled()


def test_ctrl_enter_goes_through_the_confirmation(qtbot, tab, sandbox):
    tab.set_mode("single")
    tab.single_edit.setText("13800138009")
    tab.text_edit.setPlainText("【Demo】Your verification code is 777.")
    confirm_send(qtbot, tab, via_keyboard=True)
    assert tab.results[0].state == "ok"
    assert sends(sandbox) == 1


def test_cancelling_the_confirmation_sends_nothing(qtbot, tab, sandbox):
    tab.set_mode("single")
    tab.single_edit.setText("13800138009")
    tab.text_edit.setPlainText("【Demo】Your verification code is 777.")
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "spend_confirm_dialog")
    dialog.reject()
    assert "nothing was sent" in tab.message_label.text()
    assert sends(sandbox) == 0


def test_missing_variables_and_bad_numbers_stop_before_any_call(qtbot, tab, sandbox):
    tab.set_mode("single")
    use(tab, OTP_TEMPLATE)
    tab.single_edit.setText("13800138000")
    attempt_send(qtbot, tab)
    assert "#code#" in tab.message_label.text()
    tab.variable_form.edits["code"].setText("1")
    tab.single_edit.setText("12345")
    attempt_send(qtbot, tab)
    assert "not a valid number: too short" in tab.message_label.text()
    assert sandbox.call_count() == 3  # tpl_get, tpl_get_default, user_get of the load only


# ------------------------------------------------------------------------ batch
def test_batch_lists_invalid_and_duplicate_numbers_and_sends_the_rest(qtbot, tab, sandbox, app_ctx):
    use(tab, OTP_TEMPLATE)
    tab.variable_form.edits["code"].setText("9999")
    tab.number_list.edit.setPlainText("13800138000，+86 139 0013 9000; 138-0013-8000\nabc 12345\n13700137000")
    tab.number_list.parse_now()
    problems = tab.number_list.problem_texts()
    assert "abc — not a number" in problems
    assert "12345 — too short" in problems
    assert "13800138000 — duplicate, sent once" in problems
    assert tab.number_list.summary.text() == "3 valid number(s) · 2 invalid (not sent) · 1 duplicate(s) removed"
    summary = confirm_send(qtbot, tab)
    assert "Recipients: 3" in summary
    assert "2 invalid number(s) left out." in summary and "1 duplicate(s) sent once." in summary
    assert sorted(r.mobile for r in tab.results) == ["13700137000", "13800138000", "13900139000"]
    assert all(r.state == "ok" for r in tab.results)
    assert sandbox.call_count("sms/batch_send") == 1
    assert len(app_ctx.store().sent_messages()) == 3


def test_suppressed_numbers_are_left_out_with_a_note(qtbot, tab, sandbox, app_ctx):
    app_ctx.store().add_suppressed(["13800138005"], "replied TD")
    tab.text_edit.setPlainText("【Demo】Your verification code is 1.")
    tab.number_list.set_numbers(["13800138005", "13800138006"])
    summary = confirm_send(qtbot, tab)
    assert "1 number(s) on the suppression list left out: 13800138005" in summary
    assert [m.mobile for m in sandbox.accepted_log()] == ["13800138006"]


def test_more_than_one_call_points_to_campaigns(qtbot, tab, sandbox):
    tab.text_edit.setPlainText("【Demo】Your verification code is 1.")
    tab.number_list.set_numbers([f"1380000{i:04d}" for i in range(1001)])
    assert "Campaigns tab" in tab.number_list.summary.text()
    attempt_send(qtbot, tab)
    assert "Campaigns tab" in tab.message_label.text()
    assert sends(sandbox) == 0


def test_copy_and_reuse_failed_numbers(qtbot, tab, sandbox):
    tab.text_edit.setPlainText("【Demo】Your verification code is 55.")
    tab.number_list.set_numbers(["13800138000", "13800138001"])
    confirm_send(qtbot, tab)
    # the same text again within 30 s: the gateway refuses each number with code 8
    tab.number_list.set_numbers(["13800138000", "13800138001", "13800138002"])
    confirm_send(qtbot, tab)
    states = {r.mobile: (r.state, r.code) for r in tab.results}
    assert states == {"13800138000": ("failed", 8), "13800138001": ("failed", 8), "13800138002": ("ok", 0)}
    assert tab.results_table.model().index(0, 1).data() in ("Failed", "Sent")
    assert "1 sent · 2 failed" in tab.results_summary.text()
    qtbot.mouseClick(tab.copy_failed_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().split("\n") == ["13800138000", "13800138001"]
    tab.number_list.clear()
    qtbot.mouseClick(tab.reuse_failed_button, Qt.MouseButton.LeftButton)
    assert tab.mode == "batch"
    assert tab.number_list.numbers() == ["13800138000", "13800138001"]


# ------------------------------------------------------------------------ personalised
def test_personalised_rows_pasted_from_excel_go_in_one_multi_send(qtbot, tab, sandbox, app_ctx):
    tab.set_mode("personal")
    use(tab, ORDER_TEMPLATE)
    assert [tab.personal_table.horizontalHeaderItem(i).text() for i in range(3)] == ["Number", "#name#", "#order#"]
    tab.paste_rows(
        "手机号\torder\tname\n13800138000\tA-1\t王先生\n13900139000\tB-2\t李女士\n12\tC-3\t赵\n13900139000\tD-4\t重复\n"
    )
    assert tab.personal_table.rowCount() == 4
    tab.update_preview()
    status = tab.personal_status.text()
    assert "2 row(s) ready" in status
    assert "Row 3: “12” — too short" in status and "Row 4: 13900139000 — duplicate" in status
    summary = confirm_send(qtbot, tab)
    assert "Parts: 2 in all" in summary
    assert sandbox.call_count("sms/multi_send") == 1
    texts = {m.mobile: m.text for m in sandbox.accepted_log()}
    assert texts == {
        "13800138000": "【豪霆云】尊敬的王先生，您的订单A-1已发货，请注意查收。",
        "13900139000": "【豪霆云】尊敬的李女士，您的订单B-2已发货，请注意查收。",
    }
    stored = {m.mobile: m.text for m in app_ctx.store().sent_messages()}
    assert stored == texts


def test_add_row_opens_the_new_number_cell_for_typing(qtbot, tab):
    tab.show()
    tab.set_mode("personal")
    qtbot.mouseClick(tab.add_row_button, Qt.MouseButton.LeftButton)
    table = tab.personal_table
    assert table.rowCount() == 1 and (table.currentRow(), table.currentColumn()) == (0, 0)
    editor = QApplication.focusWidget()
    assert editor is not None and table.isAncestorOf(editor)  # the cell's editor has the keys
    qtbot.keyClicks(editor, "13800138000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits it in a queued call
    qtbot.waitUntil(lambda: table.item(0, 0).text() == "13800138000", timeout=5000)


def test_personalised_shared_values_fill_empty_cells_and_default_template_company(qtbot, tab, sandbox):
    tab.set_mode("personal")
    use(tab, 3, default=True)  # 【#company#】亲爱的#name#，您的验证码是#code#。如非本人操作，请忽略本短信
    assert tab.variable_form.values()["company"] == "豪霆云"
    tab.variable_form.edits["code"].setText("2024")
    tab.paste_rows("13800138000\t\t小明\n13800138001\t\t小红")  # number, company (empty), name
    confirm_send(qtbot, tab)
    texts = sorted(m.text for m in sandbox.accepted_log())
    assert texts == [
        "【豪霆云】亲爱的小明，您的验证码是2024。如非本人操作，请忽略本短信",
        "【豪霆云】亲爱的小红，您的验证码是2024。如非本人操作，请忽略本短信",
    ]


# ------------------------------------------------------------------------ errors
def test_blocked_words_stop_the_send_and_are_highlighted(qtbot, tab, sandbox):
    tab.set_mode("single")
    tab.single_edit.setText("13800138000")
    tab.text_edit.setPlainText("【豪霆云】这是一条发票测试短信")
    attempt_send(qtbot, tab)
    assert "blocked words (发票、测试)" in tab.message_label.text()
    assert tab.highlighter.words and set(tab.highlighter.words) == {"发票", "测试"}
    assert [tab.text_edit.toPlainText()[s : s + n] for s, n in tab.highlighter.highlighted_spans()] == ["发票测试"]
    assert sends(sandbox) == 0
    # the separate check button says the same
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    idle(qtbot, tab)
    assert "Blocked words found: 发票、测试" in tab.message_label.text()


def test_gateway_blocked_word_code_4_is_explained(qtbot, tab, sandbox):
    # a word the local check did not catch: the gateway refuses the send itself
    sandbox.control.set(api_error_next=[4], fault_endpoints="sms/single_send")
    tab.set_mode("single")
    tab.single_edit.setText("13800138000")
    tab.text_edit.setPlainText("【Demo】Your verification code is 1.")
    confirm_send(qtbot, tab)
    box = wait_error(qtbot)
    assert "code 4" in error_text(box) and "blocked word" in error_text(box)
    close_box(box)
    assert tab.results[0].state == "not_sent" and tab.results[0].code == 4


def test_no_matching_template_code_5(qtbot, tab, sandbox, app_ctx):
    tab.set_mode("single")
    tab.single_edit.setText("13800138000")
    tab.text_edit.setPlainText("【豪霆云】随便写的一句话")
    confirm_send(qtbot, tab)
    box = wait_error(qtbot)
    assert "code 5" in error_text(box) and "No approved template matches" in error_text(box)
    close_box(box)
    assert tab.results[0].state == "not_sent" and tab.results[0].code == 5
    assert "refused" in tab.message_label.text()
    assert app_ctx.store().sent_messages() == []  # nothing went out, nothing recorded
    assert tab.failed_numbers() == ["13800138000"]


def test_anti_harassment_code_8_on_a_repeat(qtbot, tab, sandbox):
    tab.set_mode("single")
    tab.single_edit.setText("13800138000")
    tab.text_edit.setPlainText("【Demo】Your verification code is 8.")
    confirm_send(qtbot, tab)
    assert tab.results[0].state == "ok"
    confirm_send(qtbot, tab)
    box = wait_error(qtbot)
    assert "code 8" in error_text(box) and "30 seconds" in error_text(box)
    close_box(box)
    assert tab.results[0].code == 8
    assert len(sandbox.accepted_log()) == 1


def test_estimate_over_the_balance_stops_until_overridden_then_code_3(qtbot, tab, sandbox, app_ctx):
    tab.price_edit.setText("0.05")
    tab.price_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: app_ctx.store().get_setting("price_per_part") == "0.05", timeout=5000)
    assert tab.price_source_label.text() == "set by you"
    sandbox.control.set(balance="0.01")
    with qtbot.waitSignal(app_ctx.balance_changed, timeout=10_000):
        app_ctx.refresh_account()
    tab.text_edit.setPlainText("【Demo】Your verification code is 3.")
    tab.number_list.set_numbers(["13800138000", "13800138001"])
    tab.update_preview()
    assert "the estimate exceeds the balance" in tab.counter.text()
    assert tab.counter.estimate.exceeds_balance
    attempt_send(qtbot, tab)
    assert "exceeds the balance 0.01" in tab.message_label.text()
    assert "estimated cost 0.10" in tab.message_label.text()
    assert sends(sandbox) == 0
    tab.override_check.setChecked(True)
    summary = confirm_send(qtbot, tab)
    assert "you chose to send anyway" in summary
    assert {(r.state, r.code) for r in tab.results} == {("failed", 3)}
    assert not tab.override_check.isChecked()  # the override was for one send
    assert tab.failed_numbers() == ["13800138000", "13800138001"]


def test_single_send_balance_too_low_is_explained(qtbot, tab, sandbox, app_ctx):
    sandbox.control.set(balance="0")
    tab.set_mode("single")
    tab.single_edit.setText("13800138000")
    tab.text_edit.setPlainText("【Demo】Your verification code is 3.")
    confirm_send(qtbot, tab)  # the price is unknown: no local stop, the gateway says 3
    box = wait_error(qtbot)
    assert "code 3" in error_text(box) and "balance is too low" in error_text(box)
    close_box(box)


def test_in_doubt_is_shown_recorded_and_never_retried(qtbot, tab, sandbox, app_ctx):
    from gui.store import IN_DOUBT_CODE

    sandbox.control.set(timeout_after_processing=1, timeout_mode="close")
    tab.text_edit.setPlainText("【Demo】Your verification code is 42.")
    tab.number_list.set_numbers(["13800138000", "13800138001"])
    confirm_send(qtbot, tab)
    box = wait_error(qtbot)
    assert "Send result unknown" in error_text(box)
    close_box(box)
    assert {r.state for r in tab.results} == {"in_doubt"}
    assert "In doubt — do not resend; check Records" in tab.message_label.text()
    assert tab.results_table.model().index(0, 1).data() == "In doubt — do not resend; check Records"
    assert "2 in doubt" in tab.results_summary.text()
    # the gateway did process it; the console made exactly one call and kept the numbers as in doubt
    assert len(sandbox.accepted_log()) == 2
    assert sandbox.call_count("sms/batch_send") == 1
    stored = app_ctx.store().sent_messages()
    assert sorted((m.mobile, m.code) for m in stored) == [
        ("13800138000", IN_DOUBT_CODE),
        ("13800138001", IN_DOUBT_CODE),
    ]
    # in-doubt numbers are not offered for a resend
    assert tab.failed_numbers() == []
    assert not tab.copy_failed_button.isEnabled() and not tab.reuse_failed_button.isEnabled()


def test_invalid_apikey_on_load_and_on_send(qtbot, app_ctx, sandbox):
    from gui.views.compose import ComposeTab

    sandbox.control.set(apikey="revoked-key-0000")
    page = ComposeTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.initial_load_finished, timeout=10_000) as blocker:
        page.start_initial_load()
    assert blocker.args[0] is False
    box = wait_error(qtbot)
    assert "code -1" in error_text(box)
    close_box(box)
    page.set_mode("single")
    page.single_edit.setText("13800138000")
    page.text_edit.setPlainText("【Demo】Your verification code is 1.")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    box = wait_error(qtbot)  # the pre-send check (get_black_word) is refused
    assert "code -1" in error_text(box) and "nothing was sent" in error_text(box)
    close_box(box)
    assert sends(sandbox) == 0


def test_international_numbers_must_go_alone(qtbot, tab, sandbox):
    tab.text_edit.setPlainText("【Demo】Your verification code is 1.")
    tab.number_list.set_numbers(["+447911123456", "13800138000"])
    attempt_send(qtbot, tab)
    assert "International numbers go one per call" in tab.message_label.text()
    assert sends(sandbox) == 0


def test_gui_thread_keeps_ticking_during_a_slow_send(qtbot, tab, sandbox):
    tab.set_mode("single")
    tab.single_edit.setText("13800138000")
    tab.text_edit.setPlainText("【Demo】Your verification code is 5.")
    sandbox.control.set(latency_ms=800)
    clock, gaps, last = QElapsedTimer(), [], [0]
    clock.start()

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(beat)
    timer.start()
    confirm_send(qtbot, tab)  # get_black_word and single_send each wait 0.8 s
    timer.stop()
    assert tab.results[0].state == "ok"
    assert clock.elapsed() >= 1500
    assert max(gaps) < 500, max(gaps)


def test_switching_profile_forgets_the_previous_account(qtbot, tab, sandbox, app_ctx):
    from gui.profiles import Profile

    tab.price_edit.setText("0.07")
    tab.price_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: app_ctx.store().get_setting("price_per_part") == "0.07", timeout=5000)
    with qtbot.waitSignal(tab.initial_load_finished, timeout=10_000) as blocker:
        app_ctx.set_profile(Profile("second", sandbox.base_url, sandbox=True), sandbox.apikey)
    assert blocker.args[0] is True
    assert tab.price is None and tab.price_edit.text() == ""  # the price is per profile
    assert tab.template_combo.count() > 1  # reloaded for the new profile


def test_a_plan_confirmed_after_a_profile_switch_is_refused(qtbot, tab, sandbox, app_ctx):
    """The plan was made for one profile: its service refuses once another one is active,
    even though the confirmation was still open and the operator pressed Send."""
    from gui.profiles import Profile

    tab.set_mode("batch")
    tab.text_edit.setPlainText("【Demo】Your verification code is 77.")
    tab.number_list.set_numbers(["13800138000", "13800138001"])
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "spend_confirm_dialog")
    with qtbot.waitSignal(tab.initial_load_finished, timeout=10_000):
        # the same gateway and key: only the binding to the profile can stop this send
        app_ctx.set_profile(Profile("second", sandbox.base_url, sandbox=True), sandbox.apikey)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "profile was switched" in tab.message_label.text() and not tab.busy.busy, timeout=10_000)
    assert sandbox.accepted_log() == [] and sends(sandbox) == 0
    assert tab.results == []
