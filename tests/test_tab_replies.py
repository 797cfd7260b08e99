"""Replies tab against the sandbox over HTTP: get_reply pages, fetch new (stored first),
opt-outs flagged, suppression list, consent, errors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from tab_helpers import (
    answer_pull_consent,
    close_box,
    error_text,
    load_tab,
    show_tab,
    table_records,
    wait_dialog,
    wait_error,
    wait_idle,
)

from gui.api.client import SmsClient
from gui.api.texts import is_opt_out
from gui.store.db import Store, store_path
from gui.store.io_guard import allow_gui_thread_io
from gui.theme import status_colour

LEFT = Qt.MouseButton.LeftButton


def store_of(ctx):
    """The context's store, opened here on purpose (a test body, not a view)."""
    with allow_gui_thread_io():
        return ctx.store()


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.replies import RepliesTab

    return show_tab(qtbot, RepliesTab(app_ctx))


def week_search(qtbot, tab, page_size=100) -> None:
    qtbot.mouseClick(tab.range_edit.week_button, LEFT)
    tab.pager.page_size_spin.setValue(page_size)
    qtbot.mouseClick(tab.search_button, LEFT)
    wait_idle(qtbot, tab)


def cell(tab, row: int, header: str):
    column = [c.header for c in tab.model.columns].index(header)
    index = tab.table.model().index(row, column)
    return index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.ForegroundRole)


def test_initial_load_is_get_reply_for_today_and_never_a_pull(qtbot, tab, direct, sandbox):
    load_tab(qtbot, tab)
    start, end = tab.range_edit.wire_range()
    assert start.endswith("00:00:00") and end.endswith("23:59:59")
    expected = direct.get_reply(start, end, 1, tab.pager.page_size)
    assert [(r.mobile, r.reply_time, r.text) for r in table_records(tab.table)] == [
        (r.mobile, r.reply_time, r.text) for r in expected
    ]
    assert sandbox.call_count("sms/pull_reply") == 0


def test_pages_and_mobile_filter(qtbot, tab, direct):
    week_search(qtbot, tab, page_size=4)
    start, end = tab.range_edit.wire_range()
    everything = list(direct.iter_replies(start, end))
    assert len(everything) > 8
    assert [r.text for r in table_records(tab.table)] == [r.text for r in everything[:4]]
    qtbot.mouseClick(tab.pager.next_button, LEFT)
    qtbot.waitUntil(lambda: tab.pager.page_num == 2 and not tab.busy.busy, timeout=15_000)
    assert [(r.mobile, r.reply_time) for r in table_records(tab.table)] == [
        (r.mobile, r.reply_time) for r in everything[4:8]
    ]

    mobile = everything[0].mobile
    qtbot.keyClicks(tab.mobile_edit, mobile)
    qtbot.mouseClick(tab.search_button, LEFT)
    wait_idle(qtbot, tab)
    rows = table_records(tab.table)
    assert rows and {r.mobile for r in rows} == {mobile} and tab.pager.page_num == 1


def test_opt_out_replies_are_flagged_in_words_and_colour(qtbot, tab):
    week_search(qtbot, tab)
    rows = table_records(tab.table)
    flagged = [i for i, r in enumerate(rows) if r.opt_out]
    plain = [i for i, r in enumerate(rows) if not r.opt_out]
    assert flagged and plain, "the demo account has both kinds of replies"
    for i in flagged:
        assert is_opt_out(rows[i].text)
        text, brush = cell(tab, i, "Opt-out")
        assert text == "⚑ Opt-out" and brush.color().name() == status_colour("error").name()
        assert cell(tab, i, "Reply")[1].color().name() == status_colour("error").name()
    for i in plain:
        assert not is_opt_out(rows[i].text)
        assert cell(tab, i, "Opt-out") == ("", None)
    assert f"{len(flagged)} opt-outs" in tab.summary_label.text()


def test_add_selected_to_the_suppression_list(qtbot, tab, app_ctx):
    week_search(qtbot, tab)
    assert not tab.suppress_button.isEnabled()
    rows = table_records(tab.table)
    opt_out_row = next(i for i, r in enumerate(rows) if r.opt_out)
    tab.table.selectRow(opt_out_row)
    assert tab.suppress_button.isEnabled()
    number = rows[opt_out_row].mobile
    qtbot.mouseClick(tab.suppress_button, LEFT)
    wait_idle(qtbot, tab)
    store = store_of(app_ctx)
    assert store.is_suppressed(number)
    reason = {n: r for n, r, _ in store.suppression_entries()}[number]
    assert reason.startswith("opt-out reply: ")
    assert "1 numbers added" in tab.summary_label.text()
    listed = [i for i, r in enumerate(table_records(tab.table)) if r.mobile == number]
    assert listed and all(cell(tab, i, "Suppression")[0] == "On the list" for i in listed)
    # again: nothing new
    tab.table.selectRow(listed[0])
    qtbot.mouseClick(tab.suppress_button, LEFT)
    wait_idle(qtbot, tab)
    assert "0 numbers added" in tab.summary_label.text() and "1 were already" in tab.summary_label.text()


def test_fetch_new_asks_once_stores_before_showing_and_flags(qtbot, tab, sandbox, app_ctx):
    waiting = len(sandbox.state.reply_queue)
    assert waiting > 0, "the demo account has replies waiting to be pulled"
    qtbot.mouseClick(tab.fetch_button, LEFT)
    answer_pull_consent(qtbot, agree=True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == waiting and not tab.busy.busy, timeout=15_000)
    assert "Fetched just now" in tab.summary_label.text()
    assert store_of(app_ctx).get_setting("pull_consent") is True
    stored = store_of(app_ctx).stored_replies(limit=1000)
    assert {(r.mobile, r.text, r.reply_time) for r in stored} == {
        (r.mobile, r.text, r.reply_time) for r in table_records(tab.table)
    }
    assert all(r.sign for r in stored)  # pulled replies carry _sign, kept for the archive
    assert len(sandbox.state.reply_queue) == 0

    # a second click: no question, one new reply
    sandbox.add_reply("13800138000", "退订")
    qtbot.mouseClick(tab.fetch_button, LEFT)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and not tab.busy.busy, timeout=15_000)
    assert table_records(tab.table)[0].opt_out
    assert not any(w.objectName() == "pull_consent_dialog" and w.isVisible() for w in tab.findChildren(QMessageBox))
    assert store_of(app_ctx).count_replies() == waiting + 1


def test_declining_consent_pulls_nothing(qtbot, tab, sandbox, app_ctx):
    qtbot.mouseClick(tab.fetch_button, LEFT)
    answer_pull_consent(qtbot, agree=False)
    qtbot.waitUntil(lambda: store_of(app_ctx).get_setting("pull_consent") is False)
    assert sandbox.call_count("sms/pull_reply") == 0
    assert not tab.busy.busy
    # asked again on the next click
    qtbot.mouseClick(tab.fetch_button, LEFT)
    answer_pull_consent(qtbot, agree=False)


def test_a_pulled_reply_survives_a_crash_right_after_the_pull(qtbot, tab, sandbox, app_ctx, monkeypatch):
    store_of(app_ctx).set_setting("pull_consent", True)
    sandbox.add_reply("13900139000", "TD 谢谢")
    expected = len(sandbox.state.reply_queue)

    def crash(_outcome):
        raise RuntimeError("the console died before showing the replies")

    monkeypatch.setattr(tab, "show_pulled", crash)
    with qtbot.capture_exceptions() as exceptions:
        task = tab._pull()
        with qtbot.waitSignal(task.done, timeout=15_000):
            pass
    assert any("died" in str(e[1]) for e in exceptions)
    assert tab.model.rowCount() == 0  # nothing was displayed
    fresh = Store.open(store_path(app_ctx.paths.profile_dir(app_ctx.profile.name)))
    try:
        texts = [r.text for r in fresh.stored_replies(limit=1000)]
    finally:
        fresh.close()
    assert len(texts) == expected and "TD 谢谢" in texts


def test_pull_not_enabled_shows_minus_2(qtbot, tab, sandbox, app_ctx):
    store_of(app_ctx).set_setting("pull_consent", True)
    sandbox.control.set(features_off=["pull_reply"])
    qtbot.mouseClick(tab.fetch_button, LEFT)
    box = wait_error(qtbot)
    text = error_text(box)
    assert "-2" in text and "not enabled" in text
    close_box(box)
    wait_idle(qtbot, tab)
    assert tab.fetch_button.isEnabled()


def test_invalid_apikey_shows_minus_1(qtbot, tab, sandbox):
    sandbox.control.set(apikey="another-key-00000000000000000000")
    with qtbot.waitSignal(tab.initial_load_finished, timeout=15_000) as blocker:
        tab.start_initial_load()
    assert blocker.args[0] is False
    box = wait_error(qtbot)
    assert "-1" in error_text(box)
    close_box(box)


def test_timeout_while_fetching_new(qtbot, tab, sandbox, app_ctx, monkeypatch):
    store_of(app_ctx).set_setting("pull_consent", True)
    impatient = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 0.3), read_attempts=1)
    monkeypatch.setattr(app_ctx, "client", lambda: impatient)
    sandbox.control.set(latency_ms=2000, fault_endpoints=["sms/pull_reply"])
    qtbot.mouseClick(tab.fetch_button, LEFT)
    box = wait_error(qtbot)
    assert "did not answer in time" in error_text(box)
    close_box(box)
    wait_idle(qtbot, tab)
    impatient.close()


def test_suppression_list_button_opens_the_dialog(qtbot, tab, app_ctx):
    store_of(app_ctx).add_suppressed(["13800138000"], "test")
    qtbot.mouseClick(tab.list_button, LEFT)
    dialog = wait_dialog(qtbot, "suppression_dialog")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not dialog.busy.busy, timeout=15_000)
    assert dialog.entries()[0].number == "13800138000"
    dialog.reject()
