"""Pushes end to end over real HTTP on loopback: the sandbox pushes status reports and replies as the
provider does; the console's receiver, started from Settings, checks ``_sign``, stores each item once
even when a push comes again, answers SUCCESS, refuses (and logs) forged and replayed pushes; the
Status reports tab and the store show the pushed data without any pull. And the send refusals the
sandbox produces by knob (codes 10, 23, 26–28) are explained by the console."""

from __future__ import annotations

import json
import logging
import socket

import pytest
import requests
from PySide6.QtWidgets import QDialogButtonBox
from tab_helpers import load_tab, show_tab, table_records

from gui.api.errors import ERROR_TEXTS, ApiError
from gui.api.texts import reply_sign
from gui.store.io_guard import allow_gui_thread_io

TIMEOUT = 15_000
OTP = "【豪霆云】您的验证码是{}"
MOBILE = "13800138555"


def store_of(ctx):
    """The context's store, opened here on purpose (a test body, not a view)."""
    with allow_gui_thread_io():
        return ctx.store()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def pushed_to(qtbot, main_window, app_ctx, sandbox):
    """The receiver switched on in Settings (as the operator does) and the sandbox account's push
    addresses pointing at it; the sandbox starts empty and sends without random replies or failures."""
    from gui.views.settings_dialog import SettingsDialog

    sandbox.reset(demo=False)
    sandbox.control.set(report_fail_rate=0, report_late_rate=0, reply_rate=0)
    port = free_port()
    dialog = SettingsDialog(app_ctx, main_window)
    qtbot.addWidget(dialog)
    row = dialog.poll_combo.push_row
    qtbot.waitUntil(row.isEnabled, timeout=TIMEOUT)
    row.enable_box.setChecked(True)
    row.port.setValue(port)
    url = f"http://127.0.0.1:{port}{row.path.text()}"
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    poll = app_ctx.background_poll()
    qtbot.waitUntil(lambda: poll.receiver is not None, timeout=TIMEOUT)
    sandbox.control.set(status_push_url=url, reply_push_url=url)  # as the provider's web console would
    yield url
    poll.push_receiver.stop()


def pushes(sandbox, kind: str) -> list[dict]:
    assert sandbox.pushes.wait_idle(10)
    return [a for a in sandbox.push_log() if a["kind"] == kind]


def test_a_report_push_retried_is_stored_once_and_shows_without_a_pull(qtbot, main_window, app_ctx, sandbox, pushed_to):
    from gui.views.reports import ReportsTab

    sandbox.control.set(push_fail_next=1)  # the first push arrives, but its answer is lost: it comes again
    sent = app_ctx.client().single_send(MOBILE, OTP.format(5150))
    sandbox.advance(5)  # the report arrives
    [first] = pushes(sandbox, "status")
    outcome = (first["http_status"], first["answer"], first["ok"], first["fault"])
    assert outcome == (200, "SUCCESS", False, "answer_lost")
    store = store_of(app_ctx)
    with allow_gui_thread_io():
        assert [r.sid for r in store.reports_joined(limit=100)] == [sent.sid]  # stored before it answered

    sandbox.advance(299)
    assert len(pushes(sandbox, "status")) == 1  # the retry waits 5 minutes on the sandbox clock
    sandbox.advance(1)
    first, second = pushes(sandbox, "status")
    assert (second["attempt"], second["answer"], second["ok"]) == (2, "SUCCESS", True)
    with allow_gui_thread_io():
        stored = store.reports_joined(limit=100)
    assert [(r.sid, r.report_status, r.mobile) for r in stored] == [(sent.sid, "SUCCESS", MOBILE)]  # once

    receiver = app_ctx.background_poll().receiver
    assert (receiver.stats.accepted, receiver.stats.reports_stored, receiver.stats.rejected) == (2, 1, 0)
    label = main_window.poll_status
    qtbot.waitUntil(lambda: "(1 stored, 0 rejected)" in label.text(), timeout=TIMEOUT)

    tab = show_tab(qtbot, ReportsTab(app_ctx))
    load_tab(qtbot, tab)
    assert [r.sid for r in table_records(tab.table)] == [sent.sid]
    assert sandbox.call_count("sms/pull_status") == sandbox.call_count("sms/pull_reply") == 0


def test_a_signed_reply_is_stored_once_forged_and_replayed_ones_are_refused_and_logged(
    qtbot, main_window, app_ctx, sandbox, pushed_to, caplog
):
    caplog.set_level(logging.WARNING, logger="gui.store.receiver")
    sandbox.control.set(push_fail_next=2)  # two answers lost: the reply comes three times
    sandbox.add_reply(MOBILE, "退订")
    for _ in range(2):
        pushes(sandbox, "reply")  # the attempt is over: its retry is due a minute later
        sandbox.advance(60)
    attempts = pushes(sandbox, "reply")
    assert [(a["answer"], a["ok"]) for a in attempts] == [("SUCCESS", False), ("SUCCESS", False), ("SUCCESS", True)]
    store = store_of(app_ctx)
    with allow_gui_thread_io():
        replies = store.stored_replies()
    assert [(r.mobile, r.text) for r in replies] == [(MOBILE, "退订")]  # once, from three pushes

    genuine = {
        "id": replies[0].id,
        "mobile": MOBILE,
        "text": "退订",
        "reply_time": replies[0].reply_time,
        "extend": replies[0].extend or "",
        "base_extend": replies[0].base_extend or "",
    }
    genuine["_sign"] = reply_sign(genuine, sandbox.apikey)
    forged = dict(genuine, id="forged-1", text="我要退款")  # the old _sign no longer fits
    answer = requests.post(pushed_to, data={"sms_reply": json.dumps(forged, ensure_ascii=False)}, timeout=5)
    assert (answer.status_code, answer.text) == (403, "FAIL")
    assert "reply _sign does not verify" in caplog.text

    receiver = app_ctx.background_poll().receiver
    again = requests.post(pushed_to, data={"sms_reply": json.dumps(genuine, ensure_ascii=False)}, timeout=5)
    assert (again.status_code, again.text) == (200, "SUCCESS")  # within the provider's retries: a retry
    receiver.replay_window_s = 0  # now it is long past the provider's last retry
    replayed = requests.post(pushed_to, data={"sms_reply": json.dumps(genuine, ensure_ascii=False)}, timeout=5)
    assert (replayed.status_code, replayed.text) == (409, "FAIL")
    assert "replayed push" in caplog.text
    assert sandbox.apikey not in caplog.text and "我要退款" not in caplog.text  # never the secret or the payload

    with allow_gui_thread_io():
        assert [(r.mobile, r.text) for r in store.stored_replies()] == [(MOBILE, "退订")]
    assert (receiver.stats.replies_stored, receiver.stats.rejected) == (1, 2)
    qtbot.waitUntil(lambda: "(1 stored, 2 rejected)" in main_window.poll_status.text(), timeout=TIMEOUT)
    assert sandbox.call_count("sms/pull_reply") == 0


def test_reports_of_a_big_batch_arrive_in_pushes_of_at_most_500(qtbot, app_ctx, sandbox, pushed_to):
    numbers = [f"1390000{n:04d}" for n in range(1200)]
    client = app_ctx.client()
    for start in (0, 600):
        client.batch_send(numbers[start : start + 600], OTP.format(77))
    sandbox.advance(5)
    assert sorted(a["items"] for a in pushes(sandbox, "status")) == [200, 500, 500]
    with allow_gui_thread_io():
        assert len(store_of(app_ctx).reports_joined(limit=5000)) == 1200


def test_switching_the_receiver_off_in_settings_stops_it(qtbot, main_window, app_ctx, sandbox, pushed_to):
    from gui.views.settings_dialog import SettingsDialog

    poll = app_ctx.background_poll()
    port = poll.receiver.port
    dialog = SettingsDialog(app_ctx, main_window)
    qtbot.addWidget(dialog)
    row = dialog.poll_combo.push_row
    qtbot.waitUntil(lambda: row.isEnabled() and row.enable_box.isChecked(), timeout=TIMEOUT)
    row.enable_box.setChecked(False)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: poll.receiver is None, timeout=TIMEOUT)
    with pytest.raises(requests.ConnectionError):
        requests.post(f"http://127.0.0.1:{port}/", data={"sms_status": "[]"}, timeout=5)
    qtbot.waitUntil(lambda: main_window.poll_status.isHidden(), timeout=TIMEOUT)


@pytest.mark.parametrize(
    "knobs, mobile, code",
    [
        ({"blacklisted_mobiles": [MOBILE]}, MOBILE, 10),
        ({"out_of_region_prefixes": ["138001"]}, MOBILE, 23),
        ({"billing_fault": "traffic_package"}, MOBILE, 26),
        ({"billing_fault": "amount_billing_off"}, MOBILE, 27),
        ({"unsupported_carrier_prefixes": ["170"]}, "17012345678", 28),
    ],
)
def test_the_console_explains_each_refusal_the_sandbox_produces(app_ctx, sandbox, knobs, mobile, code):
    sandbox.control.set(**knobs)
    with pytest.raises(ApiError) as raised:
        app_ctx.client().single_send(mobile, OTP.format(9))
    error = raised.value
    assert error.code == code and error.callers_fault
    assert error.explain("en") == ERROR_TEXTS[code][1] and error.explain("zh") == ERROR_TEXTS[code][0]
    assert sandbox.accepted_log() == [] or all(m.mobile != mobile for m in sandbox.accepted_log())
