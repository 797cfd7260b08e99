"""The audit log (issue 15, item 5): one row per money or admin action, on both backends, never
blocking the action; append-only for operators; the read-only view with filters and export.

Sends and account changes go over HTTP to the sandbox through the real widgets (Compose, the
Templates tab's dialog, the Account tab, the suppression list); the team store is a real
PostgreSQL (``store_backend`` / ``pg_database``)."""

from __future__ import annotations

import socket
from decimal import Decimal

import pg
import psycopg
import pytest
from PySide6.QtCore import Qt
from tab_helpers import load_tab, open_compose, wait_dialog

from gui.profiles import SANDBOX_PROFILE, Profile
from gui.services import audit
from gui.services import audit_detail as details
from gui.services.audit import AuditLog, Who, default_who
from gui.services.audit_detail import parse_detail
from gui.store.audit_rows import AuditEntry, AuditFilter
from gui.store.io_guard import allow_gui_thread_io

OTP_TEMPLATE = 1000001  # 【豪霆云】您的验证码是#code#。如非本人操作，请忽略本短信


def entries(ctx, **filters) -> list[AuditEntry]:
    with allow_gui_thread_io():
        return ctx.store().audit_entries(AuditFilter(**filters))


def as_operator(ctx, sandbox, name: str) -> None:
    """The sandbox profile with an operator name (what a profile's settings give)."""
    ctx.set_profile(Profile(SANDBOX_PROFILE, sandbox.base_url, sandbox=True, operator=name), sandbox.apikey)


# ------------------------------------------------------------------ the log itself, both backends
def test_record_and_query_with_filters_on_both_backends(store_backend):
    store = store_backend.store
    alice = AuditLog(lambda: store, Who("alice", "desk-1"))
    bob = AuditLog(lambda: store, Who("bob", "desk-2"))
    assert alice.record(audit.SEND, 3, Decimal("0.150"), "RMB", details.send("batch", 3, 3, 3))
    assert bob.record(audit.TEMPLATE_ADD, 1, detail=details.template(42))
    assert alice.record(audit.CAMPAIGN_START, 1000, "50.00", "RMB", details.campaign_run(7, "list.csv"))
    page = alice.query()
    assert page.total == 3 and [e.action for e in page.rows] == ["campaign_start", "template_add", "send"]
    send = page.rows[2]
    assert (send.operator, send.machine, send.count, send.cost, send.unit) == ("alice", "desk-1", 3, "0.15", "RMB")
    assert page.rows[1].cost is None  # no money: unknown, not zero
    assert parse_detail(page.rows[0].detail) == details.campaign_run(7, "list.csv")  # data, not prose
    assert parse_detail(send.detail) == details.AuditDetail(
        "send", {"mode": "batch", "accepted": 3, "total": 3, "parts": 3}
    )
    assert [e.action for e in alice.query(AuditFilter(operator="bob")).rows] == ["template_add"]
    assert [e.count for e in alice.query(AuditFilter(action="send")).rows] == [3]
    assert alice.query(AuditFilter(since="2999-01-01 00:00:00")).total == 0
    assert alice.query(page=2, page_size=2).rows[0].action == "send"
    assert alice.operators() == ["alice", "bob"]
    assert len(alice.entries(batch=2)) == 3
    with pytest.raises(ValueError):
        alice.entry("drop_table")


def test_details_are_short_and_a_failed_write_is_tried_again_then_given_up(store_backend, caplog):
    store = store_backend.store
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return store

    log = AuditLog(flaky, Who("alice", "desk-1"))
    assert log.record(audit.CAMPAIGN_START, 1, detail=details.campaign_run(7, "春季\n名单" + "x" * 500)) is True
    assert len(calls) == 2
    [row] = log.query().rows
    assert len(row.detail) <= audit.MAX_DETAIL
    stored = parse_detail(row.detail)  # still whole JSON: the name is cut, not the text
    assert stored is not None and stored.get("campaign") == 7
    assert stored.get("name") == ("春季\n名单" + "x" * 500)[: details.MAX_NAME]

    def broken():
        raise ConnectionError("database went away")

    assert AuditLog(broken, Who("a", "b")).record(audit.SEND, 1) is False  # logged, never raised
    assert "was not written" in caplog.text


def test_the_local_log_is_append_only(tmp_path):
    import sqlite3

    from gui.store.db import Store, store_path

    path = store_path(tmp_path)
    with Store.open(path) as store:
        AuditLog(lambda: store, Who("alice", "desk")).record(audit.SEND, 1, "0.05", "RMB")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1  # written, and now fixed
    for statement in ("UPDATE audit_log SET cost = '0'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    assert conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 1


def test_a_v4_store_is_migrated_to_v5_keeping_its_rows(tmp_path, monkeypatch):
    from gui.store import db as store_db
    from gui.store.db import SentMessage, Store, store_path

    path = store_path(tmp_path)
    monkeypatch.setattr(store_db, "SCHEMA_VERSION", 4)
    with Store.open(path) as store:
        store.record_sent([SentMessage(1, "13800138000", "hi", "2026-03-01 10:00:00", 0, "OK", 1, "0.05", "RMB")])
        assert store.schema_version == 4
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == 5 and len(store.sent_messages()) == 1
        assert store.count_audit() == 0
    assert path.with_name(f"{path.name}.bak-v4").exists()


def test_default_who_is_the_os_user_on_this_machine():
    who = default_who("")
    assert who.machine == socket.gethostname() and who.operator == audit.os_user()
    assert default_who("  Alice ").operator == "Alice"


# ------------------------------------------------------------------ team: shared, append-only
def test_two_consoles_write_one_team_log_and_operators_cannot_rewrite_it(pg_database):
    from tests.conftest import open_team_store  # not bare "conftest": tests/api has one too

    first = open_team_store(pg_database)
    from gui.store.team import TeamStore

    second = TeamStore.open(pg_database.operator_dsn)
    try:
        AuditLog(lambda: first, Who("alice", "desk-1")).record(
            audit.SEND, 2, "0.10", "RMB", details.send("batch", 2, 2, 2)
        )
        AuditLog(lambda: second, Who("bob", "desk-2")).record(
            audit.CAMPAIGN_PAUSE, detail=details.campaign_control(3, "")
        )
        for store in (first, second):
            rows = AuditLog(lambda store=store: store).query().rows
            assert {(r.operator, r.machine, r.action) for r in rows} == {
                ("alice", "desk-1", "send"),
                ("bob", "desk-2", "campaign_pause"),
            }
    finally:
        first.close()
        second.close()
    with psycopg.connect(pg_database.operator_dsn) as operator:
        for statement in ("UPDATE audit_log SET cost = '0'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                operator.execute(statement)
            operator.rollback()
        assert operator.execute("SELECT COUNT(*), MIN(db_user) FROM audit_log").fetchone() == (2, pg.OPERATOR)


# ------------------------------------------------------------------ the hooks, real widgets over HTTP
def test_a_compose_send_writes_one_row_with_its_count_and_cost(qtbot, app_ctx, sandbox):
    as_operator(app_ctx, sandbox, "alice")
    tab = open_compose(qtbot, app_ctx)
    tab.set_mode("single")
    template = next(t for t in tab.own_templates if t.tpl_id == OTP_TEMPLATE)
    tab.use_template(template, False)
    tab.single_edit.setText("13800138000")
    tab.variable_form.edits["code"].setText("4821")
    tab.results = []
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "spend_confirm_dialog")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.results) and not tab.busy.busy, timeout=15_000)
    [row] = entries(app_ctx)
    assert (row.action, row.operator, row.machine) == ("send", "alice", socket.gethostname())
    assert (row.count, row.cost, row.unit) == (1, "0.05", "RMB")
    assert "4821" not in row.detail and "验证码" not in row.detail  # never the message


def test_a_template_added_through_the_dialog_is_one_row(qtbot, app_ctx, sandbox):
    from gui.views.templates import TemplatesTab

    page = TemplatesTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    load_tab(qtbot, page)
    before = len(sandbox.state.templates)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "template_dialog")
    dialog.content_edit.setPlainText("【豪霆云】您的订单#order#已发货")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sandbox.state.templates) == before + 1 and not page.busy.busy, timeout=10_000)
    new = max(sandbox.state.templates)
    [row] = entries(app_ctx)
    assert (row.action, row.count, row.cost) == ("template_add", 1, None)
    assert parse_detail(row.detail) == details.template(new)


def test_template_update_and_delete_through_the_editor(app_ctx, sandbox, direct):
    from gui.services.template_editor import TemplateEditor

    with allow_gui_thread_io():
        log = AuditLog(app_ctx.store, Who("alice", "desk"))
        editor = TemplateEditor(lambda: direct, log)
        template = editor.add("【豪霆云】您的订单#order#已发货")
        editor.update(template.tpl_id, "【豪霆云】您的订单#order#已发出")
        editor.delete(template.tpl_id)
    assert [(r.action, parse_detail(r.detail)) for r in entries(app_ctx)] == [
        ("template_delete", details.template(template.tpl_id)),
        ("template_update", details.template(template.tpl_id, "tpl_content")),
        ("template_add", details.template(template.tpl_id)),
    ]


def test_user_set_from_the_account_tab_names_the_fields_not_their_values(qtbot, app_ctx, sandbox):
    from gui.views.account import AccountTab

    page = AccountTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    load_tab(qtbot, page)
    page.alarm_edit.setText("250")
    page.contact_edit.setText("李四")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sandbox.call_count("user/set") == 1 and not page.busy.busy, timeout=10_000)
    [row] = entries(app_ctx)
    assert (row.action, row.count) == ("user_set", 1)
    assert parse_detail(row.detail) == details.AuditDetail(
        "account_fields", {"fields": ["alarm_balance", "emergency_contact"]}
    )
    assert "李四" not in row.detail and "250" not in row.detail


def test_suppression_list_changes_are_rows(qtbot, app_ctx):
    from gui.views.suppression_dialog import SuppressionDialog

    dialog = SuppressionDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy.busy, timeout=10_000)
    task = dialog.add_numbers(["13800138000", "13800138001"], "complaint")
    qtbot.waitUntil(lambda: task.worker_finished.is_set() and not dialog.busy.busy, timeout=10_000)
    task = dialog.remove_numbers(["13800138000"])
    qtbot.waitUntil(lambda: task.worker_finished.is_set() and not dialog.busy.busy, timeout=10_000)
    rows = entries(app_ctx)
    assert [(r.action, r.count, parse_detail(r.detail)) for r in rows] == [
        ("suppression_remove", 1, details.suppression(details.BY_HAND)),
        ("suppression_add", 2, details.suppression(details.BY_HAND)),
    ]
    assert all("complaint" not in r.detail for r in rows)


def test_a_failing_audit_store_never_breaks_a_send(app_ctx, sandbox):
    """The send's outcome stands when its audit row cannot be written."""
    from gui.services.send import SendService
    from gui.services.send_plan import SendRequest

    def broken():
        raise ConnectionError("audit store down")

    with allow_gui_thread_io():
        service = SendService(
            app_ctx.client,
            app_ctx.store,
            app_ctx.spend_gate,
            app_ctx.account_service(),
            audit=AuditLog(broken, Who("alice", "desk")),
        )
        plan = service.plan_quick_send(SendRequest("single", ["13800138000"], ["【豪霆云】您的验证码是1234。"]))
        outcome = service.send(plan, app_ctx.spend_gate.approve(plan.spend))
    assert [r.state for r in outcome.rows] == ["ok"] and outcome.store_error is None
    assert len(sandbox.accepted_log()) == 1
