"""Fault matrix, reads and pulls (Records and Status reports tabs), through the widgets over HTTP.

Reads (get_record here) are retried by the client on transport faults and HTML error
pages, so a passing fault is invisible; a persistent one ends in a dialog that says what
to do, and a second search works. Pulls (pull_status) are never retried: the gateway
deletes what it returns.
"""

from __future__ import annotations

import pytest
from tab_helpers import close_box, error_text, load_tab, wait_error

from gui.api.client import SmsClient
from tests.hardening.helpers import Heartbeat


@pytest.fixture
def records(qtbot, app_ctx, sandbox, monkeypatch):
    from gui.views.records import RecordsTab

    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 0.4), retry_delays=(0.05, 0.05))
    monkeypatch.setattr(app_ctx, "client", lambda: client)
    page = RecordsTab(app_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    load_tab(qtbot, page)
    yield page
    client.close()


def search(qtbot, page) -> Heartbeat:
    with Heartbeat() as beat:
        page.search()
        qtbot.waitUntil(lambda: not page.busy.busy, timeout=20_000)
    return beat


def get_record_statuses(sandbox) -> list:
    return [(r["http_status"], r["fault"]) for r in sandbox.requests_log() if r["endpoint"] == "sms/get_record"]


@pytest.mark.parametrize(
    "fault, knobs",
    [
        ("html_502", {"html_error_next": 1, "fault_seed": 1}),
        ("connection_reset", {"connection_reset_next": 1}),
        ("one_slow_answer", {"latency_ms": 900}),
    ],
)
def test_a_passing_fault_on_a_read_is_retried_unseen(qtbot, records, sandbox, fault, knobs):
    sandbox.control.set(fault_endpoints=["sms/get_record"], **knobs)
    if fault == "one_slow_answer":
        # only the first attempt is slow: the knob is reset as soon as the call arrived
        original = sandbox.api.handle

        def handle(endpoint, params):
            sandbox.control.set(latency_ms=0)
            return original(endpoint, params)

        sandbox.api.handle = handle
    before = len(get_record_statuses(sandbox))
    beat = search(qtbot, records)
    beat.assert_responsive()
    assert records.model.rowCount() > 0  # the demo history
    calls = get_record_statuses(sandbox)[before:]
    assert len(calls) >= 2 and calls[-1] == (200, None), calls


@pytest.mark.parametrize("fault", ["slow_server", "minus_5", "minus_1"])
def test_a_persistent_read_fault_is_explained_and_a_second_search_works(qtbot, records, app_ctx, sandbox, fault):
    if fault == "slow_server":
        sandbox.control.set(latency_ms=1000, fault_endpoints=["sms/get_record"])
    elif fault == "minus_5":
        sandbox.control.set(api_error_next=[-5], fault_endpoints=["sms/get_record"])
    else:
        sandbox.control.set(apikey="rotated-key-5555-5555")
    beat = search(qtbot, records)
    beat.assert_responsive()
    box = wait_error(qtbot)
    text = error_text(box)
    assert "Loading the send records failed." in text
    if fault == "slow_server":
        assert "did not answer in time" in text and "try again" in text
        assert len(get_record_statuses(sandbox)) <= 3 + 1  # three attempts at most (the last may still run)
    elif fault == "minus_5":
        assert "code -5" in text and "Slow down" in text
    else:
        assert "code -1" in text and "profile settings" in text and "rotated" not in text
    close_box(box)
    # the operator waits / fixes the key, and searches again
    sandbox.control.set(latency_ms=0, fault_endpoints=None)
    if fault == "minus_1":
        client = SmsClient("rotated-key-5555-5555", sandbox.base_url, timeout=(2, 2))
        app_ctx.client = lambda: client
    search(qtbot, records)
    assert records.model.rowCount() > 0


def test_a_pull_cut_by_a_reset_is_not_retried_and_loses_nothing(qtbot, app_ctx, sandbox):
    """A reset before processing: the gateway deleted nothing, the next pull gets every report."""
    from gui.views.reports import ReportsTab

    page = ReportsTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    load_tab(qtbot, page)
    app_ctx.store().set_setting("pull_consent", True)
    sandbox.advance(3600)  # every demo report has arrived
    waiting = sandbox.summary()["status_queue"]
    assert waiting > 0
    sandbox.control.set(connection_reset_next=1, fault_endpoints=["sms/pull_status"])
    with Heartbeat() as beat:
        page.fetch_new()
        qtbot.waitUntil(lambda: not page.busy.busy, timeout=20_000)
    beat.assert_responsive()
    box = wait_error(qtbot)
    assert "Fetching new reports failed." in error_text(box) and "connection" in error_text(box)
    close_box(box)
    assert sandbox.call_count("sms/pull_status") == 1  # never retried
    assert app_ctx.store().count_reports() == 0
    page.fetch_new()
    qtbot.waitUntil(lambda: not page.busy.busy, timeout=20_000)
    # every report the gateway held is now in the store, and the gateway holds none
    assert app_ctx.store().count_reports() == waiting
    assert sandbox.summary()["status_queue"] == 0
