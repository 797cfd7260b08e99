"""pytest-qt: Esc or Cancel in a Campaigns tab confirmation says so under the pages, as Compose
does ("Send cancelled; nothing was sent."), and nothing reaches the gateway: the sandbox's log of
accepted messages stays empty. The next confirmation asked for clears the line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.campaign.helpers import answer_spend
from tests.campaign.test_campaigns_tab_spends import dry_run_ready, past_campaign

pytestmark = pytest.mark.usefixtures("qapp")


def confirmation(qtbot, tab):
    qtbot.waitUntil(lambda: tab.spend_dialog is not None and tab.spend_dialog.isVisible(), timeout=20_000)
    return tab.spend_dialog


def test_esc_on_the_start_confirmation_says_nothing_was_sent(qtbot, tab, app_ctx, tmp_path):
    dry_run_ready(qtbot, tab, tmp_path, 5)
    assert not tab.message_label.isVisibleTo(tab)  # no line before anything was asked
    tab.start_button.click()
    dialog = confirmation(qtbot, tab)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.message_label.isVisibleTo(tab), timeout=5_000)
    assert tab.message_label.text() == "Start cancelled; nothing was sent."
    assert not tab._asking and tab._task is None and tab.start_button.isEnabled()
    qtbot.wait(300)
    assert len(app_ctx.sandbox.accepted_log()) == 0  # what the gateway accepted: nothing

    tab.start_button.click()  # asked again: the old outcome goes while this one is open
    confirmation(qtbot, tab)
    assert not tab.message_label.isVisibleTo(tab)
    answer_spend(qtbot, tab, accept=False)
    qtbot.waitUntil(lambda: tab.message_label.isVisibleTo(tab), timeout=5_000)
    assert len(app_ctx.sandbox.accepted_log()) == 0


@pytest.mark.parametrize(
    ("button", "failed", "line"),
    [
        ("resume_past_button", 0, "Resume cancelled; nothing was sent."),
        ("retry_button", 2, "Retry cancelled; nothing was sent."),
    ],
)
def test_cancel_on_resume_and_retry_says_nothing_was_sent(qtbot, tab, app_ctx, button, failed, line):
    past_campaign(qtbot, tab, failed=failed)
    getattr(tab, button).click()
    answer_spend(qtbot, tab, accept=False)
    qtbot.waitUntil(lambda: tab.message_label.isVisibleTo(tab), timeout=5_000)
    assert tab.message_label.text() == line
    qtbot.wait(300)
    assert len(app_ctx.sandbox.accepted_log()) == 0


def test_cancel_on_the_test_send_says_nothing_was_sent(qtbot, tab, app_ctx, tmp_path):
    dry_run_ready(qtbot, tab, tmp_path, 5)
    tab.own_number_edit.setText("13800138000")
    tab.test_send_button.click()
    answer_spend(qtbot, tab, accept=False)
    qtbot.waitUntil(lambda: tab.message_label.isVisibleTo(tab), timeout=5_000)
    assert tab.message_label.text() == "Test send cancelled; nothing was sent."
    assert len(app_ctx.sandbox.accepted_log()) == 0
