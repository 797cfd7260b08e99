"""Fault matrix, Compose tab: every fault during a batch send, through the real widgets and HTTP.

For each cell: the GUI thread keeps ticking (heartbeat), the operator is told what
happened and what to do (dialog and status line, the provider's code when there is one),
no number is lost (every number is in the results and, when it may have gone out, in the
store as in doubt), nothing goes out twice (the sandbox's accepted log), and the work can
continue (the records settle an in-doubt send; a second send finishes the job).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tab_helpers import close_box, error_text, open_compose, wait_dialog, wait_error

from tests.hardening.helpers import Heartbeat, accepted_per_number, records_of, sends

NUMBERS = ["13800138000", "13800138001"]
TEXT = "【Demo】Your verification code is 7301."


@pytest.fixture
def tab(qtbot, app_ctx):
    return open_compose(qtbot, app_ctx)


def send_batch(qtbot, tab, numbers=NUMBERS, text=TEXT) -> Heartbeat:
    """Fill the batch form, Send…, confirm, wait for the results; returns the heartbeat."""
    tab.set_mode("batch")
    tab.text_edit.setPlainText(text)
    tab.number_list.set_numbers(list(numbers))
    tab.results = []
    with Heartbeat() as beat:
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
        dialog = wait_dialog(qtbot, "spend_confirm_dialog")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(tab.results) and not tab.busy.busy, timeout=20_000)
    return beat


def in_doubt_knobs(fault: str) -> dict:
    knobs = {
        "slow_server": {"latency_ms": 1200},
        "timeout_after_processing": {"timeout_after_processing": 1, "timeout_mode": "stall", "stall_seconds": 1.5},
        # fault_seed 1: the first HTML error page the sandbox draws is a 502 (seed 0 draws a 500)
        "html_502": {"html_error_next": 1, "fault_seed": 1},
        "html_502_after_processing": {"html_error_next": 1, "html_error_after_processing": True, "fault_seed": 1},
        "connection_reset": {"connection_reset_next": 1},
    }[fault]
    return dict(knobs, fault_endpoints=["sms/batch_send"])


PROCESSED = {
    "slow_server": True,
    "timeout_after_processing": True,
    "html_502": False,
    "html_502_after_processing": True,
    "connection_reset": False,
}


@pytest.mark.parametrize("fault", list(PROCESSED))
def test_compose_send_without_a_readable_answer_is_in_doubt_then_settled(
    qtbot, tab, app_ctx, sandbox, short_client, fault
):
    from gui.store import IN_DOUBT_CODE

    sandbox.control.set(**in_doubt_knobs(fault))
    beat = send_batch(qtbot, tab)
    beat.assert_responsive()

    # told: what happened and what to do
    box = wait_error(qtbot)
    text = error_text(box)
    assert "Send result unknown" in text
    assert "Do not simply send again" in text and "records" in text
    close_box(box)
    assert "In doubt — do not resend; check Records" in tab.message_label.text()
    # no number lost: each is in the results and in the store, marked in doubt
    assert sorted(r.mobile for r in tab.results) == NUMBERS
    assert {r.state for r in tab.results} == {"in_doubt"}
    stored = sorted((m.mobile, m.code) for m in app_ctx.store().sent_messages())
    assert stored == [(n, IN_DOUBT_CODE) for n in NUMBERS]
    # never offered for a resend (and never retried: see the call count below)
    assert tab.failed_numbers() == []
    if fault.startswith("html_502"):
        assert [r["http_status"] for r in sandbox.requests_log() if r["endpoint"] == "sms/batch_send"] == [502]

    sandbox.control.set(latency_ms=0, fault_endpoints=None)
    if PROCESSED[fault]:
        # the gateway did process it (a slow answer is processed after the client gave up)
        qtbot.waitUntil(lambda: sum(accepted_per_number(sandbox, NUMBERS).values()) == 2, timeout=10_000)
        for number in NUMBERS:  # the records settle it: sent, exactly once
            assert [r.text for r in records_of(short_client, number) if r.text == TEXT] == [TEXT]
    else:
        assert accepted_per_number(sandbox, NUMBERS) == {}
        for number in NUMBERS:  # no record: safe to send again
            assert [r for r in records_of(short_client, number) if r.text == TEXT] == []
        # ... once the console has settled it: Check now after the grace period -> not sent
        tab.settle_grace_seconds = 0
        qtbot.mouseClick(tab.check_now_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: {r.state for r in tab.results} == {"not_sent"} and not tab.busy.busy, timeout=10_000)
        beat = send_batch(qtbot, tab)
        beat.assert_responsive()
        assert {r.state for r in tab.results} == {"ok"}
    # whatever happened, each number got the message exactly once; the console never retried
    assert accepted_per_number(sandbox, NUMBERS) == dict.fromkeys(NUMBERS, 1)
    assert sandbox.call_count("sms/batch_send") == (1 if PROCESSED[fault] else 2)
    assert not tab.busy.busy and tab.send_button.isEnabled()


def test_compose_rate_limited_minus_5_nothing_sent_then_send_again(qtbot, tab, sandbox):
    sandbox.control.set(api_error_next=[-5], fault_endpoints=["sms/batch_send"])
    beat = send_batch(qtbot, tab)
    beat.assert_responsive()
    box = wait_error(qtbot)
    text = error_text(box)
    assert "code -5" in text and "too frequent" in text and "Slow down" in text
    close_box(box)
    assert "refused the send; nothing was sent" in tab.message_label.text()
    assert {(r.state, r.code) for r in tab.results} == {("not_sent", -5)}
    assert sorted(tab.failed_numbers()) == NUMBERS  # refused numbers are offered again
    assert accepted_per_number(sandbox, NUMBERS) == {}
    qtbot.mouseClick(tab.reuse_failed_button, Qt.MouseButton.LeftButton)
    assert sorted(tab.number_list.numbers()) == NUMBERS
    beat = send_batch(qtbot, tab)
    beat.assert_responsive()
    assert {r.state for r in tab.results} == {"ok"}
    assert accepted_per_number(sandbox, NUMBERS) == dict.fromkeys(NUMBERS, 1)


def test_compose_real_rate_limit_of_the_gateway(qtbot, tab, sandbox):
    """The sandbox's sliding one-second limit (not a scripted answer): 1 call a second on the
    send endpoint; a second send right after the first is refused with -5 and nothing goes out."""
    sandbox.control.set(rate_limit_per_second=1, fault_endpoints=["sms/batch_send"])
    send_batch(qtbot, tab, NUMBERS[:1] + ["13800138002"], "【Demo】Your verification code is 1.")
    assert {r.state for r in tab.results} == {"ok"}
    beat = send_batch(qtbot, tab)
    beat.assert_responsive()
    if tab.results[0].state == "not_sent":  # refused: inside the same second
        box = wait_error(qtbot)
        assert "code -5" in error_text(box)
        close_box(box)
        assert accepted_per_number(sandbox, NUMBERS) == {"13800138000": 1}
        sandbox.control.set(rate_limit_per_second=0)
        send_batch(qtbot, tab)
    assert {r.state for r in tab.results} == {"ok"}
    assert accepted_per_number(sandbox, NUMBERS) == {"13800138000": 2, "13800138001": 1}


def test_compose_apikey_revoked_between_check_and_send(qtbot, tab, app_ctx, sandbox):
    """-1 in the middle: the key is changed on the gateway while the confirmation is open."""
    from gui.profiles import Profile

    tab.set_mode("batch")
    tab.text_edit.setPlainText(TEXT)
    tab.number_list.set_numbers(NUMBERS)
    tab.results = []
    with Heartbeat() as beat:
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
        dialog = wait_dialog(qtbot, "spend_confirm_dialog")
        sandbox.control.set(apikey="rotated-key-4242-4242")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(tab.results) and not tab.busy.busy, timeout=20_000)
    beat.assert_responsive()
    box = wait_error(qtbot)
    text = error_text(box)
    assert "code -1" in text and "API key is not valid" in text and "profile settings" in text
    assert "rotated-key" not in text
    close_box(box)
    assert {(r.state, r.code) for r in tab.results} == {("not_sent", -1)}
    assert accepted_per_number(sandbox, NUMBERS) == {}
    # the operator enters the new key: the same numbers go out once
    app_ctx.set_profile(Profile("sandbox", sandbox.base_url, sandbox=True), "rotated-key-4242-4242")
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=10_000)
    send_batch(qtbot, tab)
    assert {r.state for r in tab.results} == {"ok"}
    assert accepted_per_number(sandbox, NUMBERS) == dict.fromkeys(NUMBERS, 1)


def test_compose_balance_runs_out_inside_a_batch(qtbot, tab, app_ctx, sandbox):
    """Balance for two of three numbers: the third fails with code 3; after a top-up the
    failed number alone is sent again."""
    three = NUMBERS + ["13800138002"]
    sandbox.control.set(balance="0.10")
    beat = send_batch(qtbot, tab, three)
    beat.assert_responsive()
    states = {r.mobile: (r.state, r.code) for r in tab.results}
    assert sorted(states.values()) == [("failed", 3), ("ok", 0), ("ok", 0)]
    message = tab.message_label.text()
    assert "1 failed" in message
    assert "Code 3" in message and "balance is too low" in message and "Top up" in message
    [failed] = tab.failed_numbers()
    sandbox.control.set(balance="10")  # topped up; the console reads the new balance
    qtbot.waitUntil(lambda: not tab.busy.busy, timeout=10_000)
    app_ctx.refresh_account()
    qtbot.waitUntil(lambda: app_ctx.account is not None and app_ctx.account.balance >= 10, timeout=10_000)
    qtbot.mouseClick(tab.reuse_failed_button, Qt.MouseButton.LeftButton)
    assert tab.number_list.numbers() == [failed]
    send_batch(qtbot, tab, [failed])
    assert {r.state for r in tab.results} == {"ok"}
    assert accepted_per_number(sandbox, three) == dict.fromkeys(three, 1)
    assert sends(sandbox) == 2
