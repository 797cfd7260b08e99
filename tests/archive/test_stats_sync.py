"""Truthful statistics (issue 14, item 2; pytest-qt, real widgets, sandbox over HTTP): the
success rate leaves messages awaiting a report out; "Show" reads get_record's report states
for the days shown that are not final yet (bounded per press, resumable, cancellable, never
again for a settled day); the day counters stay exact while it does."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from gui.api.models import BEIJING, WIRE_TIME_FORMAT, StatusReport
from gui.store import sync_days
from gui.store.backend import day_marks
from gui.store.db import SentMessage
from gui.store.io_guard import allow_gui_thread_io
from gui.views.records.stats import StatsView
from tests.archive.test_archive_counters import assert_counters_exact

TIMEOUT = 30_000


@pytest.fixture
def store(app_ctx):
    with allow_gui_thread_io():
        return app_ctx.store()


@pytest.fixture
def stats(qtbot, app_ctx, sandbox):
    view = StatsView(app_ctx)
    qtbot.addWidget(view)
    view.now = sandbox.clock.now  # the provider's (controllable) clock
    view._loaded_once = True  # each test presses Show itself
    view.resize(1100, 700)
    view.show()
    return view


def press_show(qtbot, view):
    task = view.refresh()
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        pass
    assert task.error is None, task.error
    return task


def get_record_calls(sandbox) -> list[dict]:
    return [r["params"] for r in sandbox.requests_log() if r["endpoint"] == "sms/get_record"]


def test_the_rate_leaves_messages_awaiting_a_report_out(qtbot, sandbox, store, stats):
    sandbox.reset(demo=False)  # the provider knows none of them: the archive's reports decide
    day = datetime(2026, 3, 10, 9, 0, 0, tzinfo=BEIJING)
    moments = [(day + timedelta(minutes=i)).strftime(WIRE_TIME_FORMAT) for i in range(100)]
    with allow_gui_thread_io():
        store.record_sent(
            [
                SentMessage(
                    50_000 + i, f"1380000{i:04d}", "【豪霆云】您的验证码是1234", moments[i], 0, "", 1, "0.05", "RMB"
                )
                for i in range(100)
            ]
        )
        store.save_reports(
            [StatusReport(50_000 + i, None, moments[i], "DELIVRD", f"1380000{i:04d}", "SUCCESS") for i in range(8)]
            + [
                StatusReport(50_008 + i, None, moments[8 + i], "UNDELIV", f"1380000{8 + i:04d}", "FAIL")
                for i in range(2)
            ]
        )
    stats.range_edit.set_range(day.replace(hour=0), day.replace(hour=23, minute=59, second=59))
    press_show(qtbot, stats)

    total = stats.result.total
    assert (total.sent, total.delivered, total.failed, total.no_report) == (100, 8, 2, 90)
    assert total.success_rate == pytest.approx(0.8)  # 8 / (8 + 2): the 90 awaiting are not in it
    assert stats.summary_label.text() == (
        "Sent 100 · delivered 8 · failed 2 · success rate 80.0 % · awaiting a report 90 (not in the rate)"
    )
    headers = [stats.days_model.headerData(c, Qt.Orientation.Horizontal) for c in range(stats.days_model.columnCount())]
    row = {h: stats.days_model.index(0, c).data() for c, h in enumerate(headers)}
    assert (row["Day"], row["Success rate"], row["No report yet"]) == ("2026-03-10", "80.0 %", "90")
    assert "awaiting a report are not counted" in stats.days_model.index(0, headers.index("Success rate")).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert stats.chart.bar_totals() == [8, 2, 90]


def test_a_console_that_never_pulled_shows_real_delivery_bounded_resumable_and_once(
    qtbot, app_ctx, sandbox, store, stats, direct
):
    sandbox.clock.freeze()  # the demo week, as the provider has it at this instant
    now = sandbox.clock.now()
    start = (now - timedelta(days=7)).replace(hour=0, minute=0, second=0, microsecond=0)
    stats.range_edit.set_range(start, now + timedelta(minutes=1))
    expected = Counter(r.report_status or "" for r in direct.iter_records(start, now))
    days = sync_days.days_of(start.strftime(WIRE_TIME_FORMAT), now.strftime(WIRE_TIME_FORMAT), now)
    assert len(days) == 8 and expected["SUCCESS"] and expected["FAIL"] and expected["UNKNOWN"]
    stats.max_sync_pages = 3  # the demo's days fit in one page each: three days a press
    before = sandbox.call_count("sms/get_record")

    press_show(qtbot, stats)  # the first press reads three days, shows what it has, says what is left
    assert sandbox.call_count("sms/get_record") - before == 3
    assert (stats.last_sync.pending, stats.last_sync.finished, stats.last_sync.left) == (8, 3, 5)
    assert "Delivery states read for 3 of 8 days; press “Show” to read the rest." in stats.summary_label.text()
    assert 0 < stats.result.total.sent < sum(expected.values())

    press_show(qtbot, stats)  # the next press continues where it stopped
    press_show(qtbot, stats)
    asked = [call["start_time"][:10] for call in get_record_calls(sandbox)[-8:]]
    assert asked == days  # each day once, oldest first
    assert stats.last_sync.complete and "press “Show”" not in stats.summary_label.text()
    total = stats.result.total
    assert (total.delivered, total.failed, total.no_report) == (
        expected["SUCCESS"],
        expected["FAIL"],
        sum(expected.values()) - expected["SUCCESS"] - expected["FAIL"],
    )
    assert total.success_rate == pytest.approx(expected["SUCCESS"] / (expected["SUCCESS"] + expected["FAIL"]))
    assert {code for code, _n in stats.result.errors} <= {
        "DB:0103",
        "MK:0001",
        "MN:0001",
        "DB:0141",
        "UNDELIV",
        "MK:0005",
    }
    with allow_gui_thread_io():
        assert_counters_exact(store)

    calls = sandbox.call_count("sms/get_record")
    press_show(qtbot, stats)  # the same days again, at once: nothing to read
    assert sandbox.call_count("sms/get_record") == calls and stats.last_sync.pending == 0

    # Later: only the days whose reports may still change (ended less than 72 h ago) are read again.
    sandbox.advance(11 * 60)
    stats.max_sync_pages = sync_days.MAX_PAGES_PER_RUN
    with allow_gui_thread_io():
        marks = sync_days.marks(store, days)
    settled = [day for day in days if marks[day].settled]
    unsettled = [day for day in days if not marks[day].settled]
    assert settled and unsettled  # a week: both kinds
    settle_line = (now - sync_days.SETTLE - timedelta(days=1)).strftime("%Y-%m-%d")
    assert all(day <= settle_line for day in settled) and all(day > settle_line for day in unsettled)
    press_show(qtbot, stats)
    new_calls = sandbox.call_count("sms/get_record") - calls
    again = [call["start_time"][:10] for call in get_record_calls(sandbox)[-new_calls:]] if new_calls else []
    assert again == unsettled  # no call for a finished day
    with allow_gui_thread_io():
        assert_counters_exact(store)


def test_a_day_stopped_half_way_resumes_at_its_next_page(app_ctx, sandbox, store):
    """Pages of 10 records, two a run: a day of the demo (25-45 sends) takes several runs, each
    resuming at the first page not stored; the day's mark says where."""
    sandbox.clock.freeze()
    client = app_ctx.client()
    now = sandbox.clock.now()
    day = (now - timedelta(days=5)).strftime("%Y-%m-%d")
    pages: list[int] = []

    def get_record(start, end, page, size, mobile):
        pages.append(page)
        return client.get_record(start, end, page, size, mobile)

    sync = sync_days.DaySync(day_marks(store), get_record, page_size=10, max_pages=2)
    runs = 0
    with allow_gui_thread_io():
        while True:
            runs += 1
            result = sync.run([day], now)
            if result.complete:
                break
            mark = sync_days.marks(store, [day])[day]
            assert not mark.complete and mark.next_page == len(pages) + 1
        wanted = client.iter_records(f"{day} 00:00:00", f"{day} 23:59:59")
        count = store._query("SELECT COUNT(*) FROM messages WHERE substr(sent_at, 1, 10) = ?", (day,)).fetchone()[0]
        mark = sync_days.marks(store, [day])[day]
        assert_counters_exact(store)
    records = list(wanted)
    assert pages == list(range(1, len(pages) + 1))  # every page once, in order, across the runs
    assert len(pages) == len(records) // 10 + 1 and runs == (len(pages) + 1) // 2
    assert count == len(records)
    assert mark.complete and mark.settled  # five days old: its reports are final, never read again
    assert sync.run([day], now + timedelta(days=1)).pages == 0


def test_show_can_be_cancelled_while_it_syncs_and_says_how_far_it_got(qtbot, sandbox, stats):
    now = sandbox.clock.now()
    stats.range_edit.set_range(now - timedelta(days=7), now)
    sandbox.control.set(latency_ms=250)  # the provider answers slowly
    task = stats.refresh()
    qtbot.waitUntil(lambda: "Syncing delivery states: day" in stats.busy.message.text(), timeout=TIMEOUT)
    assert stats.busy.cancel_button.isVisible()
    stats.busy.cancel_button.click()
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        pass
    assert stats.last_sync.cancelled and stats.last_sync.left > 0
    assert "press “Show” to read the rest" in stats.summary_label.text()
    assert stats.result is not None  # the figures of what is there are shown all the same
