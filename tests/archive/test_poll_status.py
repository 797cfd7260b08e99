"""The background poll in the GUI: the interval in the Settings dialog, the status-bar label with
the last poll time and the error count, a poll over HTTP storing reports and replies."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from gui.store import poller
from gui.store.io_guard import allow_gui_thread_io
from gui.views.poll_status import PollStatusLabel

TIMEOUT = 15_000


def store_of(ctx):
    """The context's store, opened here on purpose (a test body, not a view)."""
    with allow_gui_thread_io():
        return ctx.store()


def test_settings_interval_arms_the_status_bar_poll(qtbot, main_window, app_ctx, sandbox):
    from gui.views.settings_dialog import SettingsDialog

    label = main_window.poll_status
    poll = app_ctx.background_poll()  # the context owns the timer; the label shows its state
    store = store_of(app_ctx)
    qtbot.waitUntil(lambda: label.isHidden() and not poll.timer.isActive(), timeout=TIMEOUT)  # off by default

    dialog = SettingsDialog(app_ctx, main_window)
    qtbot.addWidget(dialog)
    combo = dialog.poll_combo
    qtbot.waitUntil(combo.isEnabled, timeout=TIMEOUT)  # the profile's settings are read in a worker
    assert combo.currentData() == 0
    combo.setCurrentIndex(combo.findData(5))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: poll.interval == 5 and label.isVisible(), timeout=TIMEOUT)
    assert poller.interval_minutes(store) == 5
    assert "waiting for consent" in label.text() and not poll.timer.isActive()  # no pull without consent

    store.set_setting("pull_consent", True)
    poll.reschedule()
    qtbot.waitUntil(lambda: poll.timer.isActive(), timeout=TIMEOUT)
    assert poll.timer.interval() == 5 * 60 * 1000
    assert "Auto-fetch every 5 min · last not yet" in label.text()


def test_a_poll_stores_what_it_pulls_and_shows_time_and_errors(qtbot, app_ctx, sandbox):
    store = store_of(app_ctx)
    poller.set_interval_minutes(store, 2)
    store.set_setting("pull_consent", True)
    client = app_ctx.client()
    sent = client.single_send("13800138321", "【豪霆云】您的验证码是3210")
    sandbox.advance(4000)
    sandbox.add_reply("13800138321", "退订")

    poll = app_ctx.background_poll()  # the context's poll; the label only shows it
    label = PollStatusLabel(poll)
    qtbot.addWidget(label)
    qtbot.waitUntil(lambda: poll.timer.isActive(), timeout=TIMEOUT)
    with qtbot.waitSignal(poll.polled, timeout=TIMEOUT) as blocker:
        poll.timer.stop()
        poll.poll_now()
    result = blocker.args[0]
    assert result.error is None and result.new_reports >= 1 and result.new_replies >= 1
    assert any(r.sid == sent.sid for r in store.reports_joined(limit=1000))
    assert any(r.text == "退订" for r in store.stored_replies(limit=1000))
    assert "Auto-fetch every 2 min · last " in label.text() and "error" not in label.text()
    assert poll.timer.isActive() and poll.timer.interval() == 2 * 60 * 1000

    sandbox.control.set(api_error_next=[-50])
    with qtbot.waitSignal(poll.polled, timeout=TIMEOUT):
        poll.timer.stop()
        poll.poll_now()
    assert label.text().startswith("⚠") and "errors in a row: 1" in label.text()
    assert "Last error" in label.toolTip() and sandbox.apikey not in label.toolTip()
    assert poll.timer.interval() == 4 * 60 * 1000  # backs off after a failure


def test_push_receiver_set_in_settings_stores_signed_pushes_only(qtbot, main_window, app_ctx, sandbox):
    import json
    import socket

    import requests

    from gui.api.texts import reply_sign
    from gui.views.settings_dialog import SettingsDialog

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    label = main_window.poll_status
    poll = app_ctx.background_poll()  # the context owns the receiver; the label shows it
    dialog = SettingsDialog(app_ctx, main_window)
    qtbot.addWidget(dialog)
    row = dialog.poll_combo.push_row
    qtbot.waitUntil(row.isEnabled, timeout=TIMEOUT)  # read in a worker
    assert not row.enable_box.isChecked() and row.path.text().startswith("/push/")  # off by default
    row.enable_box.setChecked(True)
    row.port.setValue(port)
    path = row.path.text()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: poll.receiver is not None, timeout=TIMEOUT)
    try:
        assert poll.receiver.port == port and f"Push on :{port}" in label.text()
        reply = {
            "id": "push-1",
            "mobile": "13800138000",
            "text": "退订",
            "reply_time": "2026-03-01 10:00:00",
            "extend": "01",
            "base_extend": "8888",
        }
        url = f"http://127.0.0.1:{port}{path}"
        forged = dict(reply, _sign=reply_sign(reply, "someone-else"))
        assert requests.post(url, data={"sms_reply": json.dumps(forged)}, timeout=5).status_code == 403
        signed = dict(reply, _sign=reply_sign(reply, sandbox.apikey))
        answer = requests.post(url, data={"sms_reply": json.dumps(signed, ensure_ascii=False)}, timeout=5)
        assert answer.text == "SUCCESS"
        assert [(r.id, r.text) for r in store_of(app_ctx).stored_replies()] == [("push-1", "退订")]
        qtbot.waitUntil(lambda: "(1 stored, 1 rejected)" in label.text(), timeout=TIMEOUT)
        assert (
            requests.post(
                f"http://127.0.0.1:{port}/push/guess", data={"sms_reply": json.dumps(signed)}, timeout=5
            ).status_code
            == 404
        )
    finally:
        poll.push_receiver.stop()
    assert poll.receiver is None
