"""The read-only audit view (issue 15, item 5): Console ▸ Audit log… opens it; the date range,
action and operator filters narrow a paged table, newest first; Export writes what they match."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from gui.services import audit
from gui.services import audit_detail as details
from gui.services.audit import AuditLog, Who
from gui.store.audit_rows import AuditEntry
from gui.store.io_guard import allow_gui_thread_io


@pytest.fixture
def seeded(app_ctx):
    """Rows of two operators over two days (written as the services write them)."""
    with allow_gui_thread_io():
        store = app_ctx.store()
        rows = [
            AuditEntry("2026-03-01 09:00:00", "alice", "desk-1", audit.SEND, 1, "0.05", "RMB", "single"),
            AuditEntry("2026-03-01 10:00:00", "bob", "desk-2", audit.TEMPLATE_ADD, 1, None, "", "template 7"),
            AuditEntry("2026-03-02 11:00:00", "alice", "desk-1", audit.CAMPAIGN_START, 500, "25", "RMB", "#3"),
            AuditEntry("2026-03-02 12:00:00", "bob", "desk-2", audit.SEND, 2, "0.1", "RMB", "=HYPERLINK(1)"),
        ]
        rows += [
            AuditEntry(f"2026-03-02 13:{m:02d}:00", "carol", "desk-3", audit.SUPPRESSION_ADD, 1, None, "", "by hand")
            for m in range(0, 60)
        ]
        for row in rows:
            store.record_audit(row)
    return rows


def open_dialog(qtbot, app_ctx, page_size=None):
    from gui.views.audit_dialog import AuditLogDialog

    dialog = AuditLogDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.range_edit.set_range(datetime(2026, 3, 1), datetime(2026, 3, 2, 23, 59, 59))
    if page_size:
        dialog.pager.page_size_spin.setValue(page_size)
    dialog.show()
    search(qtbot, dialog)
    return dialog


def search(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy.busy, timeout=10_000)
    dialog.show_button.click()
    qtbot.waitUntil(lambda: not dialog.busy.busy, timeout=10_000)


def shown(dialog) -> list[tuple[str, str]]:
    return [(e.operator, e.action) for e in dialog.entries_shown()]


def test_the_console_menu_opens_the_audit_log(qtbot, main_window):
    assert main_window.audit_action.text() == "&Audit log…"
    main_window.audit_action.trigger()
    qtbot.waitUntil(lambda: main_window.findChild(QWidget, "audit_dialog") is not None, timeout=5000)
    dialog = main_window.findChild(QWidget, "audit_dialog")
    qtbot.waitUntil(lambda: not dialog.busy.busy, timeout=10_000)
    assert dialog.isVisible() and dialog.model.rowCount() == 0
    dialog.close()


def test_filters_pages_and_operators(qtbot, app_ctx, seeded):
    dialog = open_dialog(qtbot, app_ctx, page_size=50)
    qtbot.waitUntil(lambda: dialog.operator_combo.count() == 4, timeout=10_000)  # any + alice, bob, carol
    assert dialog.summary_label.text() == "64 entries"
    assert dialog.model.rowCount() == 50 and dialog.pager.next_button.isEnabled()
    assert dialog.entries_shown()[0].at == "2026-03-02 13:59:00"  # newest first
    qtbot.mouseClick(dialog.pager.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy.busy and dialog.pager.page_num == 2, timeout=10_000)
    assert shown(dialog)[-4:] == [
        ("bob", "send"),
        ("alice", "campaign_start"),
        ("bob", "template_add"),
        ("alice", "send"),
    ]

    dialog.operator_combo.setCurrentIndex(dialog.operator_combo.findData("alice"))
    search(qtbot, dialog)
    assert shown(dialog) == [("alice", "campaign_start"), ("alice", "send")]
    assert dialog.table.model().index(0, 5).data() == "25.00"  # kept as "25": shown as every sum is
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData(audit.SEND))
    search(qtbot, dialog)
    assert shown(dialog) == [("alice", "send")]
    assert dialog.table.model().index(0, 3).data() == "Send"  # the action in the operator's words
    assert dialog.table.model().index(0, 5).data() == "0.05"
    dialog.operator_combo.setCurrentIndex(0)
    dialog.range_edit.set_range(datetime(2026, 3, 2), datetime(2026, 3, 2, 23, 59, 59))
    search(qtbot, dialog)
    assert shown(dialog) == [("bob", "send")]
    dialog.range_edit.set_range(datetime(2026, 3, 3), datetime(2026, 3, 2))  # reversed: refused
    assert dialog.search() is None and dialog.range_edit.problem_label.isVisibleTo(dialog)


def test_export_writes_every_match_with_free_text_neutralised(qtbot, app_ctx, seeded, tmp_path):
    dialog = open_dialog(qtbot, app_ctx, page_size=10)
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData(audit.SEND))
    out = tmp_path / "audit.csv"
    task = dialog.export(out)
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Time (Beijing)", "Operator", "Computer", "Action", "Count", "Cost", "Unit", "Detail"]
    assert [r[1] for r in rows[1:]] == ["bob", "alice"]  # both sends, whatever page was shown
    assert rows[1][3] == "Send" and rows[1][5] == "0.1"
    assert not rows[1][7].startswith("=")  # typed text never reads as a formula
    assert "written to audit.csv" in dialog.summary_label.text()


def test_the_view_reads_what_the_services_wrote(qtbot, app_ctx):
    with allow_gui_thread_io():
        AuditLog(app_ctx.store, Who("dora", "desk-9")).record(
            audit.USER_SET, 1, detail=details.account_fields(alarm_balance=300)
        )
    from gui.views.audit_dialog import AuditLogDialog

    dialog = AuditLogDialog(app_ctx)  # the default range: the last 30 days, today included
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy.busy and dialog.model.rowCount() == 1, timeout=10_000)
    assert shown(dialog) == [("dora", "user_set")]
    assert dialog.table.model().index(0, 3).data() == "Account settings changed"
    assert dialog.table.model().index(0, 7).data() == "Changed: Balance alarm below"  # the Account tab's words
