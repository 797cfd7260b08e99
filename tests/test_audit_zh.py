"""The audit view in the operator's language (issue 15, item 5): every kind of action, done for
real against the sandbox over HTTP on both backends (the local file and a team database on a real
PostgreSQL), reads in Chinese in the zh_CN view — and so in its export; a row written before
details were data keeps its free text as it was written."""

from __future__ import annotations

import csv
import re
import threading
from datetime import datetime, timedelta

import pg
import pytest

from gui.api.models import beijing_now
from gui.campaign.journal import PENDING, SENT, PlannedRow
from gui.services import audit
from gui.services import audit_detail as details
from gui.services.audit import add_suppressed, remove_suppressed
from gui.services.campaigns import CampaignConfig, CampaignService
from gui.services.profile_settings import ProfileSettings
from gui.services.send import SendService
from gui.services.send_plan import SendRequest
from gui.services.template_editor import TemplateEditor
from gui.store.audit_rows import AuditEntry
from gui.store.io_guard import allow_gui_thread_io
from gui.team_admin import prepare_database
from gui.views.audit_detail_text import audit_detail_text
from gui.views.partials.audit import audit_log
from tests.campaign.helpers import TEMPLATE, render
from tests.team.test_team_console import close_ctx, make_team_ctx

CAMPAIGN_NAME = "春季体检提醒"
DETAIL = 7  # the Detail column
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
OLD_TEXT = "fields: alarm_balance"  # a detail as the log wrote it before


@pytest.fixture(params=["local", "team"])
def console(request, qapp, app_paths, sandbox):
    """The console on the sandbox, its store the local file or a prepared team database."""
    if request.param == "local":
        yield request.getfixturevalue("app_ctx")
        return
    database = request.getfixturevalue("pg_database")
    prepare_database(database.owner_dsn, pg.OPERATOR)
    ctx = make_team_ctx(app_paths, sandbox, database)
    yield ctx
    close_ctx(ctx)


def send_quickly(ctx, log) -> None:
    """A single and a batch send through the send service (what Compose calls)."""
    service = SendService(ctx.client, ctx.store, ctx.spend_gate, ctx.account_service(), audit=log)
    for mode, numbers in (("single", ("13800138000",)), ("batch", ("13800138001", "13800138002"))):
        plan = service.plan_quick_send(SendRequest(mode, numbers, ("【豪霆云】您的验证码是4821。",)))
        outcome = service.send(plan, ctx.spend_gate.approve(plan.spend))
        assert all(r.state == "ok" for r in outcome.rows)


def run_campaign(ctx, sandbox, log, qtbot) -> int:
    """A test send, then a campaign started, paused, resumed and cancelled (what the Campaigns tab calls)."""
    service = CampaignService(
        ctx.journal_opener(),
        ctx.client,
        ctx.spend_gate,
        lambda: ProfileSettings(ctx.store()),
        store=ctx.store,
        config=CampaignConfig(chunk_size=10, max_in_flight=1, grace_seconds=60),
        account_service=ctx.account_service(),
        audit=log,
    )
    try:
        with allow_gui_thread_io():
            service.set_price("0.05")
            rows = [PlannedRow(i + 2, str(13912340000 + i), render(i), False, PENDING, "", 1) for i in range(300)]
            cid = service.journal().create_campaign(CAMPAIGN_NAME, TEMPLATE, rows)
            test = service.plan_test_send("13800138009", render(0), campaign_id=cid)
            assert service.test_send(ctx.spend_gate.approve(test), campaign_id=cid).code == 0
            approval = ctx.spend_gate.approve(service.plan_start(cid))
        sandbox.control.set(latency_ms=200)  # slow enough to pause, resume and cancel it mid-way
        outcome: dict = {}
        runner = threading.Thread(target=lambda: outcome.setdefault("run", service.start(cid, approval)))
        runner.start()

        def sent() -> int:
            with allow_gui_thread_io():
                return service.journal().counts(cid).get(SENT, 0)

        qtbot.waitUntil(lambda: sent() > 0, timeout=15_000)
        assert service.pause(cid)
        assert service.unpause(cid)
        service.cancel(cid)
        runner.join(30)
        assert outcome["run"].state == "cancelled", outcome
        assert 0 < len(sandbox.accepted_log()) < 300 + 4  # the quick sends and the test, some rows, not all
        return cid
    finally:
        sandbox.control.set(latency_ms=0)
        with allow_gui_thread_io():
            service.release()


def act(ctx, sandbox, qtbot) -> int:
    """Every kind of audited action, for real; returns the campaign's id."""
    log = audit_log(ctx)
    with allow_gui_thread_io():
        send_quickly(ctx, log)
        editor = TemplateEditor(ctx.client, log)
        template = editor.add("【豪霆云】您的订单#order#已发货")
        editor.update(template.tpl_id, "【豪霆云】您的订单#order#已发出")
        editor.delete(template.tpl_id)
        ctx.account_service().set_account(alarm_balance=200, emergency_mobile="13800138000", audit=log)
        store = ctx.store()
        add_suppressed(store, log, ["13700137000", "13700137001"], "投诉", details.BY_HAND)
        add_suppressed(store, log, ["13700137002"], "", details.FILE_IMPORT)
        add_suppressed(store, log, ["13700137003"], "", details.REPLIES)
        remove_suppressed(store, log, ["13700137000"])
    cid = run_campaign(ctx, sandbox, log, qtbot)
    with allow_gui_thread_io():  # a row from before details were data
        ctx.store().record_audit(
            AuditEntry("2026-01-05 09:00:00", "dora", "desk-9", audit.USER_SET, 1, None, "", OLD_TEXT)
        )
        audit_log(ctx).operators()  # the log reads back on this backend
    return cid


def test_every_action_reads_in_chinese_in_the_view_and_its_export(zh_cn, qtbot, console, sandbox, tmp_path):
    cid = act(console, sandbox, qtbot)
    from gui.views.audit_dialog import AuditLogDialog

    dialog = AuditLogDialog(console)
    qtbot.addWidget(dialog)
    today = beijing_now()
    dialog.range_edit.set_range(datetime(2026, 1, 1), datetime(today.year, today.month, today.day) + timedelta(days=1))
    dialog.pager.page_size_spin.setValue(100)
    qtbot.waitUntil(lambda: not dialog.busy.busy, timeout=10_000)
    dialog.show_button.click()
    qtbot.waitUntil(lambda: not dialog.busy.busy and dialog.model.rowCount() > 0, timeout=10_000)
    model = dialog.table.model()
    shown = {}
    for row in range(model.rowCount()):
        entry = dialog.model.rows[dialog.proxy.mapToSource(model.index(row, 0)).row()]
        shown.setdefault(entry.action, []).append(model.index(row, DETAIL).data())
    assert set(shown) == set(audit.ACTIONS)  # every action, once at least
    in_view = sorted(text for texts in shown.values() for text in texts)
    shown[audit.USER_SET].remove(OLD_TEXT)  # written before details were data: shown as it was
    for action, texts in shown.items():
        for text in texts:
            assert CJK.search(text) and not LATIN.search(text), f"{action}: {text!r} is not in Chinese"
    assert any(f"#{cid}" in text and CAMPAIGN_NAME in text for text in shown[audit.CAMPAIGN_START])
    assert len(shown[audit.CAMPAIGN_RESUME]) == 1 and len(shown[audit.SUPPRESSION_ADD]) == 3
    assert any("余额提醒阈值" in text for text in shown[audit.USER_SET])  # the Account tab's word for alarm_balance

    out = tmp_path / "audit.csv"
    task = dialog.export(out)
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    with out.open(encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.reader(handle))
    assert sorted(r[DETAIL] for r in exported[1:]) == in_view  # the same words as the view


def test_every_kind_is_worded_in_chinese(zh_cn):
    """Each kind the services write, including those the run above does not reach (an in-doubt
    send, a retry, a resume with nothing left); a kind from a newer console is shown as stored."""
    for detail in (
        details.send("personal", 2, 3, 4),
        details.send_in_doubt("batch", 5),
        details.for_test_send(None),
        details.for_test_send(7),
        details.campaign_run(8, "", retry_of=7),
        details.campaign_run(8, CAMPAIGN_NAME, nothing_left=True),
        details.campaign_control(8, ""),
        details.template(9),
        details.template(9, "tpl_content"),
        details.account_fields(alarm_balance=1, emergency_contact="x", emergency_mobile="y"),
        details.suppression(details.REPLIES),
    ):
        text = audit_detail_text(detail.text())
        assert CJK.search(text) and not LATIN.search(text), f"{detail}: {text!r}"
    future = '{"kind":"something_new","x":1}'
    assert audit_detail_text(future) == future
    assert audit_detail_text("by hand") == "by hand"
