"""Compose: a send whose answer never came is settled against the records before anything
is sent again (the product rule), through the real widgets, over HTTP against the sandbox.

- timeout after processing -> in doubt -> Check now -> found in get_record -> sent with the
  sandbox's sid (store row and results table), the accepted log holds each message once;
- a reset before processing -> in doubt -> nothing in the records after the grace period ->
  not sent -> offered again -> the resend goes out, once;
- a second send of the same text to a number in doubt is refused until it is settled;
- the rows in doubt survive a new Store and a new tab (banner);
plus the store and settlement functions on their own, the Campaigns tab's "stopped" dialog
and the client's refusal of a lone surrogate.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from tab_helpers import close_box, error_text, load_tab, open_compose, visible_boxes, wait_dialog, wait_error

from gui.api.client import SmsClient
from tests.hardening.helpers import accepted_per_number

NUMBERS = ["13800138000", "13800138001"]
TEXT = "【Demo】Your verification code is 5150."


@pytest.fixture
def tab(qtbot, app_ctx):
    return open_compose(qtbot, app_ctx)


def fill(tab, numbers=NUMBERS, text=TEXT) -> None:
    tab.set_mode("batch")
    tab.text_edit.setPlainText(text)
    tab.number_list.set_numbers(list(numbers))


def send(qtbot, tab, numbers=NUMBERS, text=TEXT) -> None:
    """Fill the form, Send…, confirm, wait for the results."""
    fill(tab, numbers, text)
    tab.results = []
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "spend_confirm_dialog")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.results) and not tab.busy.busy, timeout=20_000)


def send_in_doubt(qtbot, tab, sandbox, knobs: dict) -> None:
    sandbox.control.set(**knobs, fault_endpoints=["sms/batch_send"])
    send(qtbot, tab)
    box = wait_error(qtbot)
    assert "Send result unknown" in error_text(box)
    close_box(box)
    sandbox.control.set(fault_endpoints=None)
    assert {r.state for r in tab.results} == {"in_doubt"}
    qtbot.waitUntil(lambda: tab.doubt_banner.isVisible(), timeout=5000)
    assert "2 message(s) in doubt" in tab.doubt_label.text() or "2 messages in doubt" in tab.doubt_label.text()


def check_now(qtbot, tab) -> None:
    assert tab.check_now_button.isEnabled()
    qtbot.mouseClick(tab.check_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=20_000)


def stored(app_ctx) -> dict:
    return {m.mobile: m for m in app_ctx.store().sent_messages()}


def test_timeout_after_processing_check_now_finds_the_records_sent_with_the_sandbox_sid(
    qtbot, tab, app_ctx, sandbox, short_client
):
    from gui.store import IN_DOUBT_CODE

    send_in_doubt(qtbot, tab, sandbox, {"timeout_after_processing": 1, "timeout_mode": "stall", "stall_seconds": 1.0})
    assert {m.code for m in stored(app_ctx).values()} == {IN_DOUBT_CODE}
    # processed by the gateway although the client gave up
    qtbot.waitUntil(lambda: sum(accepted_per_number(sandbox, NUMBERS).values()) == 2, timeout=10_000)
    sids = {a.mobile: a.sid for a in sandbox.accepted_log()}

    check_now(qtbot, tab)  # inside the grace period: a record found is enough
    assert {r.mobile: (r.state, r.sid) for r in tab.results} == {n: ("ok", sids[n]) for n in NUMBERS}
    assert "2 found in the records: sent" in tab.message_label.text()
    rows = stored(app_ctx)
    assert {n: (rows[n].code, rows[n].sid) for n in NUMBERS} == {n: (0, sids[n]) for n in NUMBERS}
    assert app_ctx.store().in_doubt_messages() == []
    assert not tab.doubt_banner.isVisible()
    assert tab.failed_numbers() == []
    assert accepted_per_number(sandbox, NUMBERS) == dict.fromkeys(NUMBERS, 1)
    assert sandbox.call_count("sms/batch_send") == 1


def test_reset_before_processing_nothing_in_the_records_after_grace_not_sent_then_resent_once(
    qtbot, tab, app_ctx, sandbox, short_client
):
    from gui.store import SETTLED_NOT_SENT_CODE

    send_in_doubt(qtbot, tab, sandbox, {"connection_reset_next": 1})
    assert accepted_per_number(sandbox, NUMBERS) == {}

    # inside the grace period: nothing found yet, still in doubt (records can lag)
    check_now(qtbot, tab)
    assert {r.state for r in tab.results} == {"in_doubt"}
    assert "not in the records yet" in tab.message_label.text()
    assert len(app_ctx.store().in_doubt_messages()) == 2
    assert tab.doubt_banner.isVisible() and tab._settle_timer.isActive()

    tab.settle_grace_seconds = 0  # the grace period is over
    check_now(qtbot, tab)
    assert {r.state for r in tab.results} == {"not_sent"}
    assert "not in the records after the grace period: not sent" in tab.message_label.text()
    rows = stored(app_ctx)
    assert {(rows[n].code, rows[n].sid) for n in NUMBERS} == {(SETTLED_NOT_SENT_CODE, None)}
    assert not tab.doubt_banner.isVisible()
    assert sorted(tab.failed_numbers()) == NUMBERS
    qtbot.mouseClick(tab.reuse_failed_button, Qt.MouseButton.LeftButton)
    assert sorted(tab.number_list.numbers()) == NUMBERS
    send(qtbot, tab)
    assert {r.state for r in tab.results} == {"ok"}
    assert accepted_per_number(sandbox, NUMBERS) == dict.fromkeys(NUMBERS, 1)


def test_same_text_to_a_number_in_doubt_is_refused_until_settled(qtbot, tab, app_ctx, sandbox, short_client):
    send_in_doubt(qtbot, tab, sandbox, {"connection_reset_next": 1})
    calls, checks = sandbox.call_count("sms/batch_send"), sandbox.call_count("sms/get_black_word")

    # one of the numbers in doubt, among others: refused before any check or confirmation
    fill(tab, ["13800138001", "13800138005"])
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not settled yet" in tab.message_label.text() and not tab.busy.busy, timeout=10_000)
    assert "Check now" in tab.message_label.text() and "13800138001" in tab.message_label.text()
    assert not visible_boxes("spend_confirm_dialog")
    assert sandbox.call_count("sms/batch_send") == calls
    assert sandbox.call_count("sms/get_black_word") == checks  # refused before the blocked-word check

    # a different text to the same numbers is another message: allowed
    send(qtbot, tab, ["13800138001"], "【Demo】Your verification code is 9.")
    assert {r.state for r in tab.results} == {"ok"}

    # the worker refuses too (a store row that appeared after the confirmation opened)
    from gui.services.send_plan import SendPlan, UnsettledSendError
    from gui.services.spend_gate import SpendKind, SpendPlan
    from gui.store.io_guard import allow_gui_thread_io

    plan = SendPlan("batch", ("13800138000",), (TEXT,), SpendPlan(SpendKind.QUICK_SEND, 1, 1, None))
    with pytest.raises(UnsettledSendError) as refused, allow_gui_thread_io():
        tab.service().send(plan, app_ctx.spend_gate.approve(plan.spend))
    assert refused.value.numbers == ["13800138000"]
    assert sandbox.call_count("sms/batch_send") == calls  # (the one-number send went as single_send)

    # settled (not sent after the grace period): the same send goes out, once
    tab.settle_grace_seconds = 0
    check_now(qtbot, tab)
    send(qtbot, tab)
    assert {r.state for r in tab.results} == {"ok"}
    assert accepted_per_number(sandbox, NUMBERS) == {"13800138000": 1, "13800138001": 2}


def test_in_doubt_rows_survive_a_new_store_and_tab_banner_then_settled(qtbot, app_ctx, sandbox, short_client):
    from gui.store import Store
    from gui.store.db import store_path
    from gui.views.compose import ComposeTab

    first = ComposeTab(app_ctx)
    qtbot.addWidget(first)
    first.show()
    load_tab(qtbot, first)
    send_in_doubt(qtbot, first, sandbox, {"timeout_after_processing": 1, "timeout_mode": "close"})
    first._settle_timer.stop()
    first.close()

    path = store_path(app_ctx.paths.profile_dir(app_ctx.profile.name))
    with Store.open(path) as reopened:
        assert sorted(m.mobile for m in reopened.in_doubt_messages()) == NUMBERS
        assert reopened.in_doubt_messages(since="2999-01-01 00:00:00") == []
    app_ctx._stores.clear()  # the next tab opens the store afresh, as after a restart

    second = ComposeTab(app_ctx)
    qtbot.addWidget(second)
    second.show()
    load_tab(qtbot, second)
    qtbot.waitUntil(lambda: second.doubt_banner.isVisible(), timeout=5000)
    assert "2 message" in second.doubt_label.text() and "in doubt" in second.doubt_label.text()
    assert second._settle_timer.isActive()  # it checks by itself once the grace period is over
    check_now(qtbot, second)
    assert {r.mobile: r.state for r in second.results} == dict.fromkeys(NUMBERS, "ok")
    assert not second.doubt_banner.isVisible()
    assert accepted_per_number(sandbox, NUMBERS) == dict.fromkeys(NUMBERS, 1)


def test_automatic_check_after_the_grace_period(qtbot, tab, app_ctx, sandbox, short_client):
    tab.settle_grace_seconds = 0.5
    send_in_doubt(qtbot, tab, sandbox, {"timeout_after_processing": 1, "timeout_mode": "close"})
    # nobody clicks: the timer settles them
    qtbot.waitUntil(lambda: {r.state for r in tab.results} == {"ok"}, timeout=10_000)
    assert app_ctx.store().in_doubt_messages() == []
    assert sandbox.call_count("sms/get_record") >= 1


# ------------------------------------------------------------------ store and settlement, no Qt
def test_store_settle_message_merges_a_record_row_of_the_same_sid(tmp_path):
    from gui.store import IN_DOUBT_CODE, SentMessage, Store
    from gui.store.db import SOURCE_RECORD

    with Store.open(tmp_path / "s.sqlite3") as store:
        store.record_sent(
            [SentMessage(None, "13800138000", TEXT, "2024-05-01 10:00:00", IN_DOUBT_CODE, "x", 0, "0", "")]
        )
        [doubt] = store.in_doubt_messages()
        with store.transaction() as conn:  # what a records sync makes for the same message
            conn.execute(
                "INSERT INTO messages (sid, mobile, text, sent_at, code, source, report_status)"
                " VALUES (77, '13800138000', ?, '2024-05-01 10:00:01', 0, ?, 'SUCCESS')",
                (TEXT, SOURCE_RECORD),
            )
        assert store.settle_message(doubt.id, 77, 0, "settled", 1, "")
        assert not store.settle_message(doubt.id, 77, 0, "settled", 1, "")  # settled once
        rows = store._query("SELECT id, sid, code, source, report_status FROM messages").fetchall()
        assert [tuple(r) for r in rows] == [(doubt.id, 77, 0, "console", "SUCCESS")]
        assert store.in_doubt_messages() == []


def test_settle_messages_against_the_sandbox_records(tmp_path, sandbox):
    from gui.campaign.settle import settle_messages
    from gui.store import IN_DOUBT_CODE, SETTLED_NOT_SENT_CODE, SentMessage, Store, beijing_timestamp

    client = SmsClient(sandbox.apikey, sandbox.base_url)
    sent = client.single_send("13800138000", TEXT)
    now_text = beijing_timestamp()
    with Store.open(tmp_path / "s.sqlite3") as store:
        store.record_sent(
            [
                SentMessage(None, m, TEXT, now_text, IN_DOUBT_CODE, "", 0, "0", "")
                for m in ("13800138000", "13800138001")
            ]
        )
        early = settle_messages(store, client, now=time.time(), grace_seconds=300)
        assert [(m.mobile, r.sid) for m, r in early.sent] == [("13800138000", sent.sid)]
        assert [m.mobile for m in early.waiting] == ["13800138001"] and early.not_sent == []
        late = settle_messages(store, client, now=time.time() + 301, grace_seconds=300)
        assert [m.mobile for m in late.not_sent] == ["13800138001"]
        codes = {m.mobile: (m.code, m.sid) for m in store.sent_messages()}
        assert codes == {"13800138000": (0, sent.sid), "13800138001": (SETTLED_NOT_SENT_CODE, None)}
    client.close()


def test_the_in_doubt_code_stays_what_stores_hold():
    from gui.store import IN_DOUBT_CODE

    assert IN_DOUBT_CODE == -9000  # rows already in the operators' stores carry it


def test_unsettled_window_is_24_hours(tmp_path):
    from gui.api.models import beijing_now
    from gui.services.send_plan import unsettled_numbers
    from gui.store import IN_DOUBT_CODE, SentMessage, Store
    from gui.store.db import TIME_FORMAT

    old = (beijing_now() - timedelta(hours=25)).strftime(TIME_FORMAT)
    recent = (beijing_now() - timedelta(hours=23)).strftime(TIME_FORMAT)
    with Store.open(tmp_path / "s.sqlite3") as store:
        store.record_sent(
            [
                SentMessage(None, "13800138000", TEXT, old, IN_DOUBT_CODE, "", 0, "0", ""),
                SentMessage(None, "13800138001", TEXT, recent, IN_DOUBT_CODE, "", 0, "0", ""),
            ]
        )
        assert unsettled_numbers(store, ["13800138000", "13800138001", "13800138002"], [TEXT]) == ["13800138001"]
        assert unsettled_numbers(store, ["13800138001"], [TEXT + "!"]) == []


# ------------------------------------------------------------------ item 4: a lone surrogate
@pytest.mark.parametrize("call", ["single", "batch", "multi", "black_word", "tpl_add"])
def test_lone_surrogate_is_refused_before_the_request_leaves(sandbox, call):
    from gui.api.errors import LimitError, describe

    client = SmsClient(sandbox.apikey, sandbox.base_url)
    bad = "【Demo】code \ud800 here"
    before = sandbox.call_count()
    with pytest.raises(LimitError) as refused:
        {
            "single": lambda: client.single_send("13800138000", bad),
            "batch": lambda: client.batch_send(NUMBERS, bad),
            "multi": lambda: client.multi_send(NUMBERS, [TEXT, bad]),
            "black_word": lambda: client.get_black_word(bad),
            "tpl_add": lambda: client.tpl_add(bad),
        }[call]()
    assert refused.value.problem == "invalid_characters"
    assert "cannot be encoded" in refused.value.explain("en")
    assert "无法编码" in refused.value.explain("zh")
    if call == "multi":
        assert refused.value.index == 1
    assert "The request was not sent" in describe(refused.value, "en")[0]
    assert sandbox.call_count() == before and sandbox.accepted_log() == []
    client.close()


# ------------------------------------------------------------------ item 3: Campaigns, stopped on an unexpected error
def test_campaign_stopped_by_an_unexpected_error_shows_the_reason(qtbot, app_ctx, monkeypatch):
    from gui.campaign.journal import PENDING, Journal, PlannedRow
    from gui.store.io_guard import allow_gui_thread_io
    from gui.views.campaigns import CampaignsTab
    from tests.campaign.helpers import TEMPLATE, answer_spend, render

    page = CampaignsTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    rows = [PlannedRow(i + 2, str(13312340000 + i), render(i), False, PENDING, "", 1) for i in range(20)]
    with allow_gui_thread_io():  # the test pokes the Campaigns tab's journal on purpose
        cid = page.service.journal().create_campaign("broken disk", TEMPLATE, rows)

    def broken(*_args, **_kwargs):
        raise RuntimeError("database disk image is malformed")

    monkeypatch.setattr(Journal, "claim_next", broken)  # how the engine claims its next rows
    with qtbot.waitSignal(page.campaign_finished, timeout=20_000) as finished:
        page.run_campaign(cid)
        answer_spend(qtbot, page)
    assert finished.args[0].state == "stopped" and finished.args[0].error is not None
    box = wait_error(qtbot)
    text = error_text(box)
    assert "database disk image is malformed" in text
    assert "stopped (resumable)" in text and "Resume it from Past campaigns" in text
    close_box(box)
    assert "stopped (resumable)" in page.running_title.text()
    assert app_ctx.sandbox.accepted_log() == []
