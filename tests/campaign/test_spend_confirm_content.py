"""pytest-qt: what the Campaigns tab's spend confirmations show, path by path (issue 13, item 1).

Start, resume with rows left, retry of failed rows and the test send, against the sandbox
over real HTTP: the confirmation shows the recipients, the parts, the cost, the balance
now and after, up to three rendered samples with their numbers, the marketing flag and
the duration; a send costing more than the balance is a visible warning; Cancel, Enter
and Esc send nothing (``sandbox.accepted_log()`` unchanged).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from gui.campaign.journal import FAILED, PENDING, RUNNING, PlannedRow, RowResult
from gui.services.profile_settings import ProfileSettings
from gui.store.io_guard import allow_gui_thread_io
from tests.campaign.helpers import TEMPLATE, render

pytestmark = pytest.mark.usefixtures("qapp")

BASE = 13512340000
PRICE = Decimal("0.05")


@pytest.fixture(autouse=True)
def no_blocking_boxes(monkeypatch):
    """The tab's static message boxes answered at once (none is expected here)."""
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda *_a, **_k: QMessageBox.StandardButton.Ok)


def dry_run_ready(qtbot, tab, tmp_path, n: int = 5, marketing: bool = False) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "手机号,name,service,time\n" + "".join(f"{BASE + i},客户{i},体检,9:00\n" for i in range(n)), encoding="utf-8"
    )
    with qtbot.waitSignal(tab.file_loaded, timeout=10000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText(str(PRICE))
    tab.marketing_check.setChecked(marketing)
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20000):
        tab.start_dry_run()


def past_campaign(qtbot, tab, failed: int = 0) -> int:
    """An interrupted campaign of 6 rows (``failed`` of them failed), selected in Past campaigns."""
    journal = tab.service.journal()
    rows = [PlannedRow(i + 2, str(BASE + 100 + i), render(i), False, PENDING, "", 1) for i in range(6)]
    cid = journal.create_campaign("past", TEMPLATE, rows)
    if failed:
        claimed, _ = journal.claim_chunk(cid, "sms/multi_send", list(range(1, failed + 1)), requested_at=0)
        results = [RowResult(n, FAILED, 9, "refused for now") for n in range(1, failed + 1)]
        journal.record_chunk_results(claimed, results, answered_at=0)
    journal.set_state(cid, RUNNING)  # as a killed console leaves it
    with qtbot.waitSignal(tab.campaigns_listed, timeout=10000):
        tab.refresh()
    tab.pages.setCurrentIndex(2)
    tab.past_view.selectRow(0)
    return cid


def open_dialog(qtbot, tab):
    qtbot.waitUntil(lambda: tab.spend_dialog is not None and tab.spend_dialog.isVisible(), timeout=20_000)
    return tab.spend_dialog


def shown_text(dialog) -> tuple[str, str, str]:
    """(summary, warning, samples) as the dialog shows them."""
    samples = dialog.findChild(QPlainTextEdit, "confirm_samples")
    warning = dialog.warning.text() if dialog.warning.isVisible() else ""
    return dialog.summary.text(), warning, samples.toPlainText() if samples is not None else ""


def cancel(qtbot, tab, dialog, how: str) -> None:
    if how == "button":
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    else:
        key = Qt.Key.Key_Return if how == "enter" else Qt.Key.Key_Escape
        qtbot.keyClick(dialog, key)
    qtbot.waitUntil(lambda: tab.spend_dialog is None, timeout=5000)


def learned_price(app_ctx) -> None:
    """The price per part as a send teaches it: with the provider's unit."""
    with allow_gui_thread_io():
        ProfileSettings(app_ctx.store()).set_price(PRICE, "RMB", "learned")


def assert_figures(summary: str, recipients: int, parts: int, balance: Decimal, unit: str = "") -> None:
    cost = PRICE * parts
    unit = f" {unit}" if unit else ""
    assert f"Recipients: {recipients}" in summary
    assert f"Parts: {parts} in all" in summary
    assert "Parts per message: 1" in summary
    assert f"Estimated cost: {cost:.2f}{unit}" in summary
    assert f"Balance: {balance:.2f}{unit} now, about {balance - cost:.2f}{unit} after" in summary
    assert "Estimated duration: under a minute" in summary


@pytest.mark.parametrize("how", ["button", "enter", "escape"])
def test_start_shows_the_figures_and_three_samples_and_cancel_sends_nothing(qtbot, tab, app_ctx, tmp_path, how):
    dry_run_ready(qtbot, tab, tmp_path, marketing=True)
    balance = app_ctx.sandbox.state.account["balance"]
    tab.start_campaign()
    dialog = open_dialog(qtbot, tab)
    summary, warning, samples = shown_text(dialog)
    assert dialog.windowTitle() == "Start the campaign?"
    assert_figures(summary, 5, 5, balance)
    assert "Marketing messages (sent under the marketing rules)." in summary
    assert warning == ""
    assert [line for line in samples.split("\n") if line.isdigit()] == [str(BASE + i) for i in range(3)]
    assert "客户0您好" in samples and "客户2您好" in samples and "客户3" not in samples  # rendered, three
    assert not dialog.ok_button.isDefault() and not dialog.ok_button.autoDefault()
    cancel(qtbot, tab, dialog, how)
    qtbot.wait(200)
    assert app_ctx.sandbox.accepted_log() == []
    assert tab._task is None


def test_start_over_the_balance_warns_in_the_confirmation(qtbot, tab, app_ctx, tmp_path):
    app_ctx.sandbox.control.set(balance="0.10")
    dry_run_ready(qtbot, tab, tmp_path)
    tab.override_check.setChecked(True)  # the operator insists: the confirmation still says it
    tab.start_campaign()
    dialog = open_dialog(qtbot, tab)
    summary, warning, _samples = shown_text(dialog)
    assert "Balance: 0.10 now, about -0.15 after" in summary
    assert warning == "Warning: the estimated cost exceeds the balance; sending stops when it runs out."
    assert "Not marketing messages." in summary
    cancel(qtbot, tab, dialog, "button")
    qtbot.wait(200)  # a send Cancel wrongly started would have reached the gateway by now
    assert app_ctx.sandbox.accepted_log() == []
    assert tab._task is None


def test_start_below_the_alarm_amount_warns(qtbot, tab, app_ctx, tmp_path):
    app_ctx.sandbox.control.set(balance="100.10")  # the alarm amount is 100
    dry_run_ready(qtbot, tab, tmp_path)
    tab.start_campaign()
    dialog = open_dialog(qtbot, tab)
    _summary, warning, _samples = shown_text(dialog)
    assert warning == "Warning: the balance will fall below the account's alarm amount (100.00)."
    cancel(qtbot, tab, dialog, "button")
    qtbot.wait(200)  # a send Cancel wrongly started would have reached the gateway by now
    assert app_ctx.sandbox.accepted_log() == []
    assert tab._task is None


def test_resume_shows_the_rows_left_and_cancel_sends_nothing(qtbot, tab, app_ctx):
    past_campaign(qtbot, tab)
    learned_price(app_ctx)
    balance = app_ctx.sandbox.state.account["balance"]
    tab.resume_past_button.click()
    dialog = open_dialog(qtbot, tab)
    summary, _warning, samples = shown_text(dialog)
    assert dialog.windowTitle() == "Resume the campaign?"
    assert_figures(summary, 6, 6, balance, "RMB")
    assert samples.split("\n\n") == [f"{BASE + 100 + i}\n{render(i)}" for i in range(3)]
    cancel(qtbot, tab, dialog, "button")
    qtbot.wait(200)
    assert app_ctx.sandbox.accepted_log() == []


def test_retry_shows_the_failed_rows_and_cancel_sends_nothing(qtbot, tab, app_ctx):
    past_campaign(qtbot, tab, failed=4)
    learned_price(app_ctx)
    balance = app_ctx.sandbox.state.account["balance"]
    tab.retry_button.click()
    dialog = open_dialog(qtbot, tab)
    summary, _warning, samples = shown_text(dialog)
    assert dialog.windowTitle() == "Send the failed rows again?"
    assert_figures(summary, 4, 4, balance, "RMB")
    assert samples.split("\n\n") == [f"{BASE + 100 + i}\n{render(i)}" for i in range(3)]
    cancel(qtbot, tab, dialog, "enter")
    qtbot.wait(200)
    assert app_ctx.sandbox.accepted_log() == []


def test_test_send_shows_its_one_message_and_cancel_sends_nothing(qtbot, tab, app_ctx, tmp_path):
    dry_run_ready(qtbot, tab, tmp_path, marketing=True)
    balance = app_ctx.sandbox.state.account["balance"]
    tab.own_number_edit.setText("13800138000")
    tab.test_send_button.click()
    dialog = open_dialog(qtbot, tab)
    summary, _warning, samples = shown_text(dialog)
    assert dialog.windowTitle() == "Send a test message?"
    assert_figures(summary, 1, 1, balance)
    assert "Marketing messages (sent under the marketing rules)." in summary  # the form's setting
    assert samples.startswith("13800138000\n【豪霆云】客户0您好")
    cancel(qtbot, tab, dialog, "escape")
    qtbot.wait(200)
    assert app_ctx.sandbox.accepted_log() == []
