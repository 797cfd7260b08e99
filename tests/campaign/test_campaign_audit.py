"""The campaign's audit rows (issue 15, item 5), from the Campaigns tab against the sandbox: a start
with its confirmed rows and estimated cost, then pause, resume and cancel, one row each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gui.campaign.journal import SENT
from gui.services import audit_detail as details
from gui.services.audit_detail import parse_detail
from gui.store.io_guard import allow_gui_thread_io
from tests.campaign.helpers import TEMPLATE, answer_spend
from tests.campaign.test_campaigns_tab import write_gbk_csv

pytestmark = pytest.mark.usefixtures("qapp")


def actions(ctx) -> list:
    with allow_gui_thread_io():
        return list(reversed(ctx.store().audit_entries()))  # oldest first


def test_start_pause_resume_and_cancel_are_one_row_each(qtbot, tab, app_ctx, tmp_path):
    path = tmp_path / "spring.csv"
    write_gbk_csv(path, 1000)
    with qtbot.waitSignal(tab.file_loaded, timeout=10000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20000) as blocker:
        tab.start_dry_run()
    assert blocker.args[0].ready_count == 1000
    app_ctx.sandbox.control.set(latency_ms=1500)  # slow enough that the resumed run is still going at the cancel
    app_ctx.settings.setValue("campaign/chunk_size", 100)
    tab.start_campaign()
    plan = answer_spend(qtbot, tab)
    cid = plan.campaign_id
    journal = tab.service.journal()
    qtbot.waitUntil(lambda: journal.counts(cid).get(SENT, 0) > 0, timeout=10000)
    [start] = actions(app_ctx)
    assert (start.action, start.count, start.cost, start.unit) == ("campaign_start", 1000, "50", plan.unit)
    assert plan.cost == Decimal("50.00")  # the confirmed estimate: 1000 one-part rows at 0.05
    assert parse_detail(start.detail) == details.campaign_run(cid, "spring.csv")

    tab.pause_campaign()
    qtbot.waitUntil(lambda: tab.resume_button.isEnabled(), timeout=10000)
    tab.resume_campaign()
    with qtbot.waitSignal(tab.campaign_finished, timeout=30000):
        qtbot.waitUntil(lambda: len(actions(app_ctx)) == 3, timeout=10000)
        tab.cancel_now()
    qtbot.waitUntil(lambda: len(actions(app_ctx)) == 4, timeout=10000)
    rows_written = actions(app_ctx)
    assert [r.action for r in rows_written] == [
        "campaign_start",
        "campaign_pause",
        "campaign_resume",
        "campaign_cancel",
    ]
    assert [parse_detail(r.detail) for r in rows_written[1:]] == [
        details.campaign_control(cid, "spring.csv"),
        details.campaign_control(cid, "spring.csv", after_pause=True),
        details.campaign_control(cid, "spring.csv"),
    ]
    assert all(r.count == 0 and r.cost is None for r in rows_written[1:])
