"""pytest-qt: every send of the Campaigns tab is confirmed first, and Cancel sends nothing.

Test send, Retry failed rows and Resume from Past campaigns, against the sandbox over real
HTTP; what the gateway accepted (``sandbox.accepted_log()``) is the truth.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from gui.campaign.journal import FAILED, PENDING, RUNNING, PlannedRow, RowResult
from tests.campaign.helpers import TEMPLATE, answer_spend, render

pytestmark = pytest.mark.usefixtures("qapp")

BASE = 13512340000


@pytest.fixture
def boxes(monkeypatch):
    """The static message boxes the tab opens, recorded instead of blocking the test."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            lambda _parent, title, text, *_, kind=kind: (
                shown.append((kind, title, text)) or QMessageBox.StandardButton.Ok
            ),
        )
    return shown


def dry_run_ready(qtbot, tab, tmp_path, n: int = 5) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "手机号,name,service,time\n" + "".join(f"{BASE + i},客户{i},体检,9:00\n" for i in range(n)), encoding="utf-8"
    )
    with qtbot.waitSignal(tab.file_loaded, timeout=10000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20000):
        tab.start_dry_run()


def test_a_test_send_to_a_refused_number_says_why_and_plans_nothing(qtbot, tab, app_ctx, tmp_path, boxes):
    dry_run_ready(qtbot, tab, tmp_path)
    tab.own_number_edit.setText("1.38001E+10")
    tab.start_test_send()
    qtbot.waitUntil(lambda: bool(boxes), timeout=10000)
    kind, title, text = boxes[0]
    assert kind == "warning" and title == "Test send"
    assert text.startswith("“1.38001E+10” is not a number the test can go to: ")
    assert "scientific" in text or "digits" in text  # the normaliser's reason in words
    assert tab.spend_dialog is None and not tab._asking
    assert app_ctx.settings.value("campaign/own_number") in (None, "")  # a refused number is not kept
    assert app_ctx.sandbox.accepted_log() == []


def test_a_test_send_goes_to_the_normalised_number_and_says_so(qtbot, tab, app_ctx, tmp_path, boxes):
    dry_run_ready(qtbot, tab, tmp_path)
    tab.own_number_edit.setText("+86 138-0013-8000")
    tab.start_test_send()
    plan = answer_spend(qtbot, tab, accept=True)
    assert plan.samples[0].mobile == "13800138000"
    qtbot.waitUntil(lambda: bool(boxes), timeout=10000)
    kind, _title, text = boxes[0]
    assert kind == "information" and "sent to 13800138000 " in text
    assert [a.mobile for a in app_ctx.sandbox.accepted_log()] == ["13800138000"]
    assert app_ctx.settings.value("campaign/own_number") == "+86 138-0013-8000"


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


def cancel_and_check_nothing_sent(qtbot, tab, sandbox, recipients: int) -> None:
    before = list(sandbox.accepted_log())
    plan = answer_spend(qtbot, tab, accept=False)
    assert plan.recipients == recipients
    qtbot.wait(300)
    assert sandbox.accepted_log() == before
    assert tab._task is None and not tab._asking


def test_cancel_in_the_retry_confirmation_sends_nothing(qtbot, tab, app_ctx):
    cid = past_campaign(qtbot, tab, failed=2)
    tab.retry_button.click()
    cancel_and_check_nothing_sent(qtbot, tab, app_ctx.sandbox, 2)
    assert [c.id for c in tab.service.campaigns()] == [cid]  # no retry campaign was created


def test_cancel_in_the_resume_confirmation_sends_nothing(qtbot, tab, app_ctx):
    cid = past_campaign(qtbot, tab)
    tab.resume_past_button.click()
    cancel_and_check_nothing_sent(qtbot, tab, app_ctx.sandbox, 6)
    assert tab.service.counts(cid) == {PENDING: 6}


def test_cancel_in_the_test_send_confirmation_sends_nothing(qtbot, tab, app_ctx, tmp_path, boxes):
    dry_run_ready(qtbot, tab, tmp_path)
    tab.own_number_edit.setText("13800138000")
    tab.test_send_button.click()
    cancel_and_check_nothing_sent(qtbot, tab, app_ctx.sandbox, 1)
    assert boxes == []  # no "sent" message either
