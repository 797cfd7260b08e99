"""Status reports tab against the sandbox over HTTP: the store view, consented pulls committed
before display, the join to sent messages, crash safety, errors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tab_helpers import (
    answer_pull_consent,
    close_box,
    error_text,
    load_tab,
    show_tab,
    table_records,
    wait_error,
    wait_idle,
)

from gui.api.client import SmsClient
from gui.api.models import StatusReport, beijing_now
from gui.store.db import SentMessage, Store, store_path
from gui.store.io_guard import allow_gui_thread_io
from gui.theme import status_colour

LEFT = Qt.MouseButton.LeftButton


def store_of(ctx):
    """The context's store, opened here on purpose (a test body, not a view)."""
    with allow_gui_thread_io():
        return ctx.store()


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.reports import ReportsTab

    return show_tab(qtbot, ReportsTab(app_ctx))


def report(sid: int, status: str = "SUCCESS") -> StatusReport:
    return StatusReport(
        sid=sid,
        uid=None,
        user_receive_time="2024-05-01 10:00:07",
        error_msg="DELIVRD",
        mobile="13800138000",
        report_status=status,
    )


def test_initial_load_reads_the_store_only(qtbot, tab, app_ctx, sandbox):
    store_of(app_ctx).save_reports([report(1), report(2, "FAIL")])
    load_tab(qtbot, tab)
    assert sorted(r.sid for r in table_records(tab.table)) == [1, 2]
    assert sandbox.call_count("sms/pull_status") == 0
    assert "2 reports kept" in tab.summary_label.text()


def test_fetch_new_asks_stores_and_shows_newest_first(qtbot, tab, app_ctx, sandbox):
    load_tab(qtbot, tab)
    waiting = [entry[1]["sid"] for entry in sandbox.state.status_queue]
    assert waiting, "the demo account has reports waiting to be pulled"
    qtbot.mouseClick(tab.fetch_button, LEFT)
    answer_pull_consent(qtbot, agree=True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(waiting) and not tab.busy.busy, timeout=15_000)
    assert store_of(app_ctx).get_setting("pull_consent") is True
    assert store_of(app_ctx).count_reports() == len(waiting)
    assert {r.sid for r in table_records(tab.table)} == {int(s) for s in waiting}
    assert f"Fetched {len(waiting)} reports ({len(waiting)} new)" in tab.summary_label.text()
    assert len(sandbox.state.status_queue) == 0
    # status shown in words and colour
    column = [c.header for c in tab.model.columns].index("Status")
    index = tab.table.model().index(0, column)
    record = table_records(tab.table)[0]
    if record.report_status == "SUCCESS":
        assert index.data() == "✔ Delivered (SUCCESS)"
        assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == status_colour("ok").name()

    # second click: no question, nothing new
    qtbot.mouseClick(tab.fetch_button, LEFT)
    qtbot.waitUntil(lambda: "No new reports" in tab.summary_label.text() and not tab.busy.busy, timeout=15_000)
    assert tab.model.rowCount() == len(waiting)


def test_a_report_is_joined_to_the_message_the_console_sent(qtbot, tab, app_ctx, sandbox):
    store_of(app_ctx).set_setting("pull_consent", True)
    sandbox.state.status_queue.clear()
    client = SmsClient(sandbox.apikey, sandbox.base_url)
    text = "【Demo】Your verification code is 424242."
    result = client.single_send("13800138000", text)
    client.close()
    assert result.code == 0 and result.sid > 2**32
    store_of(app_ctx).record_sent(
        [
            SentMessage(
                result.sid,
                result.mobile,
                text,
                "2024-05-01 10:00:00",
                result.code,
                result.msg,
                result.count,
                str(result.fee),
                result.unit,
            )
        ]
    )
    sandbox.control.set(report_fail_rate=0)
    sandbox.advance(600)  # the carrier reports back
    qtbot.mouseClick(tab.fetch_button, LEFT)
    qtbot.waitUntil(lambda: "Fetched" in tab.summary_label.text() and not tab.busy.busy, timeout=15_000)
    rows = table_records(tab.table)
    mine = [i for i, r in enumerate(rows) if r.sid == result.sid]
    assert len(mine) == 1
    row = rows[mine[0]]
    assert row.text == text and row.sent_at == "2024-05-01 10:00:00" and row.report_status == "SUCCESS"
    column = [c.header for c in tab.model.columns].index("Text sent")
    assert tab.table.model().index(mine[0], column).data() == text
    others = [i for i, r in enumerate(rows) if r.sid != result.sid]  # demo reports: not sent from here
    assert all(tab.table.model().index(i, column).data() == "(not sent from this console)" for i in others)


def test_a_pulled_report_survives_a_crash_right_after_the_pull(qtbot, app_ctx, sandbox):
    """The worker commits the reports; the console dies before displaying them (the tab is
    destroyed while the pull is on the wire). A fresh Store finds every report."""
    from gui.views.reports import ReportsTab

    tab = ReportsTab(app_ctx)  # not handed to qtbot: this test destroys it
    tab.show()
    store_of(app_ctx).set_setting("pull_consent", True)
    waiting = {int(entry[1]["sid"]) for entry in sandbox.state.status_queue}
    assert waiting
    sandbox.control.set(latency_ms=300, fault_endpoints=["sms/pull_status"])
    with qtbot.capture_exceptions():  # callbacks into the dead tab are part of the crash
        task = tab._pull()
        tab.close()
        tab.deleteLater()  # the window goes away mid-pull
        with qtbot.waitSignal(task.done, timeout=15_000):
            pass
    assert task.error is None, task.error  # the worker itself finished its job
    fresh = Store.open(store_path(app_ctx.paths.profile_dir(app_ctx.profile.name)))
    try:
        assert {r.sid for r in fresh.reports_joined(limit=1000)} == waiting
    finally:
        fresh.close()


def test_a_crash_in_the_display_loses_nothing(qtbot, tab, app_ctx, sandbox, monkeypatch):
    store_of(app_ctx).set_setting("pull_consent", True)
    waiting = {int(entry[1]["sid"]) for entry in sandbox.state.status_queue}

    def crash(_outcome):
        raise RuntimeError("crashed before display")

    monkeypatch.setattr(tab, "show_pulled", crash)
    with qtbot.capture_exceptions() as exceptions:
        task = tab._pull()
        with qtbot.waitSignal(task.done, timeout=15_000):
            pass
    assert exceptions and tab.model.rowCount() == 0
    fresh = Store.open(store_path(app_ctx.paths.profile_dir(app_ctx.profile.name)))
    try:
        assert {r.sid for r in fresh.reports_joined(limit=1000)} == waiting
    finally:
        fresh.close()


def test_declined_consent_is_kept_and_said(qtbot, tab, app_ctx, sandbox):
    load_tab(qtbot, tab)
    qtbot.mouseClick(tab.fetch_button, LEFT)
    answer_pull_consent(qtbot, agree=False)
    qtbot.waitUntil(lambda: tab.consent_label.isVisible())
    assert "Fetching is off" in tab.consent_label.text()
    assert store_of(app_ctx).get_setting("pull_consent") is False
    assert sandbox.call_count("sms/pull_status") == 0
    tab.refresh()
    wait_idle(qtbot, tab)
    assert tab.consent_label.isVisible()


def test_store_pages_with_a_known_total(qtbot, tab, app_ctx):
    store_of(app_ctx).save_reports([report(sid) for sid in range(1, 451)])
    load_tab(qtbot, tab)
    assert tab.model.rowCount() == 200 and tab.pager.page_label.text() == "Page 1 of 3"
    qtbot.mouseClick(tab.pager.next_button, LEFT)
    qtbot.waitUntil(lambda: tab.pager.page_num == 2 and not tab.busy.busy, timeout=15_000)
    assert tab.model.rowCount() == 200
    tab.pager.goto_spin.setValue(3)
    qtbot.mouseClick(tab.pager.goto_button, LEFT)
    qtbot.waitUntil(lambda: tab.pager.page_num == 3 and not tab.busy.busy, timeout=15_000)
    assert tab.model.rowCount() == 50 and not tab.pager.next_button.isEnabled()
    # filter by number
    store_of(app_ctx).save_reports([StatusReport(9999, None, None, "", "13900139000", "FAIL")])
    qtbot.keyClicks(tab.mobile_edit, "13900139000")
    qtbot.mouseClick(tab.show_button, LEFT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and not tab.busy.busy, timeout=15_000)
    assert table_records(tab.table)[0].sid == 9999


def test_pull_not_enabled_shows_minus_2(qtbot, tab, app_ctx, sandbox):
    store_of(app_ctx).set_setting("pull_consent", True)
    sandbox.control.set(features_off=["pull_status"])
    qtbot.mouseClick(tab.fetch_button, LEFT)
    box = wait_error(qtbot)
    text = error_text(box)
    assert "-2" in text and "not enabled" in text
    close_box(box)
    wait_idle(qtbot, tab)
    assert tab.fetch_button.isEnabled()


def test_invalid_apikey_on_pull_shows_minus_1(qtbot, tab, app_ctx, sandbox):
    store_of(app_ctx).set_setting("pull_consent", True)
    sandbox.control.set(apikey="another-key-00000000000000000000")
    qtbot.mouseClick(tab.fetch_button, LEFT)
    box = wait_error(qtbot)
    assert "-1" in error_text(box)
    close_box(box)
    assert len(sandbox.state.status_queue) > 0  # nothing was taken


def test_timeout_on_pull(qtbot, tab, app_ctx, sandbox, monkeypatch):
    store_of(app_ctx).set_setting("pull_consent", True)
    impatient = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 0.3), read_attempts=1)
    monkeypatch.setattr(app_ctx, "client", lambda: impatient)
    sandbox.control.set(latency_ms=2000, fault_endpoints=["sms/pull_status"])
    qtbot.mouseClick(tab.fetch_button, LEFT)
    box = wait_error(qtbot)
    assert "did not answer in time" in error_text(box)
    close_box(box)
    wait_idle(qtbot, tab)
    impatient.close()


def test_today_stamp_is_beijing_time(app_ctx):
    store_of(app_ctx).save_reports([report(77)])
    stamp = store_of(app_ctx).reports_joined()[0].received_at
    assert stamp[:10] == beijing_now().strftime("%Y-%m-%d") or stamp[:10] < beijing_now().strftime("%Y-%m-%d")


def test_gui_thread_keeps_beating_while_pulling_and_storing(qtbot, tab, app_ctx, sandbox):
    import time

    from PySide6.QtCore import QTimer

    store_of(app_ctx).set_setting("pull_consent", True)
    sandbox.control.set(latency_ms=600, fault_endpoints=["sms/pull_status"])
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beats.append(time.monotonic()))
    timer.start()
    qtbot.mouseClick(tab.fetch_button, LEFT)
    assert tab.busy.busy and tab.busy.cancel_button.isVisible()  # a pull can be cancelled
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=15_000)
    timer.stop()
    gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
    assert len(beats) > 20 and max(gaps) < 0.3, max(gaps)


def test_items_waiting_in_the_spill_file_are_said_and_stored_before_the_next_fetch(qtbot, tab, app_ctx, sandbox):
    import json

    from gui.services.pull_spill import SPILL_FILE_NAME

    store_of(app_ctx).set_setting("pull_consent", True)
    spill = app_ctx.paths.profile_dir(app_ctx.profile.name) / SPILL_FILE_NAME
    spill.write_text('{"kind": "report", "item": {"sid": 4', encoding="utf-8")  # cut short: unreadable
    load_tab(qtbot, tab)
    assert tab.consent_label.isVisible() and "wait in a file" in tab.consent_label.text()

    qtbot.mouseClick(tab.fetch_button, LEFT)
    box = wait_error(qtbot)
    close_box(box)
    wait_idle(qtbot, tab)
    assert sandbox.call_count("sms/pull_status") == 0 and spill.exists()  # no pull while items wait
    assert "Nothing fetched" in tab.summary_label.text()

    kept = report(424242)
    spill.write_text(json.dumps({"kind": "report", "item": kept.__dict__}) + "\n", encoding="utf-8")
    waiting = {int(entry[1]["sid"]) for entry in sandbox.state.status_queue}
    qtbot.mouseClick(tab.fetch_button, LEFT)
    qtbot.waitUntil(lambda: "Fetched" in tab.summary_label.text() and not tab.busy.busy, timeout=15_000)
    assert not spill.exists() and not tab.consent_label.isVisible()
    assert "1 items kept from an earlier fetch were stored first" in tab.summary_label.text()
    assert {r.sid for r in table_records(tab.table)} == waiting | {424242}
