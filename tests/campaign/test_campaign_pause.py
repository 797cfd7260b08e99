"""pytest-qt: a pause that pauses, driven through the real Campaigns tab against the sandbox
over HTTP (100 ms latency, the console's 1000-row chunks).

After Pause no send request leaves: the sandbox logs only the requests already submitted
(they cannot be recalled) and then nothing, however long the campaign stays paused. The
first requests of a run are small (50, 100, 200, 500 rows), so a pause pressed at the first
answer stops the campaign at under 1,000 accepted messages. While pausing and paused the
tab never says running and shows no rate or time left. A new run starts with an empty
progress, and the balance the status bar shows follows the campaign.
"""

from __future__ import annotations

from collections import Counter

import pytest

from gui.campaign.engine import RAMP_IN_FLIGHT
from gui.campaign.journal import PENDING, SENT, PlannedRow
from gui.services.campaign_runs import CampaignConfig
from tests.campaign.helpers import TEMPLATE, answer_spend, render

pytestmark = pytest.mark.usefixtures("qapp")

SEND_ENDPOINTS = {"sms/single_send", "sms/batch_send", "sms/multi_send"}
MAX_IN_FLIGHT = CampaignConfig().max_in_flight  # the console's window of requests in flight


def sends_logged(sandbox) -> int:
    """Send requests the sandbox has answered (its request log)."""
    return sum(1 for r in sandbox.requests_log() if r["endpoint"] in SEND_ENDPOINTS)


def accepted(sandbox, prefix: str) -> Counter:
    return Counter(a.mobile for a in sandbox.accepted_log() if a.mobile.startswith(prefix))


def long_campaign(tab, app_ctx, n: int, base: int) -> int:
    app_ctx.sandbox.control.set(latency_ms=100, balance="100000")
    app_ctx.settings.setValue("campaign/chunk_size", 1000)
    journal = tab.service.journal()
    rows = [PlannedRow(i + 2, str(base + i), render(i), False, PENDING, "", 1) for i in range(n)]
    return journal.create_campaign("long", TEMPLATE, rows)


class PauseWatch:
    """Presses Pause (as the operator would, on the GUI thread) when ``when(progress)`` first
    holds, noting the sandbox's send count at that moment; keeps what the tab showed."""

    def __init__(self, tab, sandbox, when) -> None:
        self.tab, self.sandbox, self.when = tab, sandbox, when
        self.sends_at_pause: int | None = None
        self.accepted_at_pause: int | None = None  # messages the gateway had accepted at the press
        self.title_at_pause = ""
        self.shown: list[tuple[str, str, str]] = []  # (state, title, counts) after each progress

    def attach(self, qtbot) -> None:
        qtbot.waitUntil(lambda: self.tab._task is not None, timeout=5000)
        self.tab._task.progressed.connect(self.progressed)

    def progressed(self, progress) -> None:
        if isinstance(progress, int):
            return
        # the presenter's slot (connected first) has shown this progress already
        self.shown.append((progress.state, self.tab.running_title.text(), self.tab.counts_label.text()))
        if self.sends_at_pause is None and self.when(progress):
            self.sends_at_pause = sends_logged(self.sandbox)
            self.accepted_at_pause = len(self.sandbox.accepted_log())
            self.tab.pause_campaign()
            self.title_at_pause = self.tab.running_title.text()  # what the click itself showed


def wait_paused_and_quiet(qtbot, tab, sandbox) -> int:
    """Wait for the paused state, then well past any backoff; nothing may leave meanwhile."""
    qtbot.waitUntil(lambda: tab.resume_button.isEnabled(), timeout=15000)
    at_paused = sends_logged(sandbox)
    qtbot.wait(1500)  # 15 × the latency, 3 × the first backoff
    assert sends_logged(sandbox) == at_paused, "a send request left while paused"
    return at_paused


def test_pause_at_the_first_answer_stops_under_a_thousand(qtbot, tab, app_ctx):
    sandbox = app_ctx.sandbox
    cid = long_campaign(tab, app_ctx, 20_000, 13712340000)
    watch = PauseWatch(tab, sandbox, lambda p: p.sent > 0)
    tab.run_campaign(cid)
    answer_spend(qtbot, tab)
    watch.attach(qtbot)
    qtbot.waitUntil(lambda: watch.sends_at_pause is not None, timeout=15000)
    # at once, from the click, before the engine's next word (which may already say paused)
    assert "pausing" in watch.title_at_pause
    after_paused = wait_paused_and_quiet(qtbot, tab, sandbox)

    # Only the requests already submitted were answered after the pause: the ramp keeps
    # at most RAMP_IN_FLIGHT small ones out at the first answer.
    assert after_paused - watch.sends_at_pause <= RAMP_IN_FLIGHT
    sent = accepted(sandbox, "137123")
    assert 0 < sum(sent.values()) <= 1000 and max(sent.values()) == 1
    journal = tab.service.journal()
    assert journal.counts(cid)[SENT] == len(sent)

    states = [state for state, _, _ in watch.shown]
    assert states[-1] == "paused"
    for state, title, counts in watch.shown:
        if state in ("pausing", "paused"):
            assert "running" not in title and "running" not in counts
            assert "rows/s" not in counts and "time left" not in counts
    pausing = [counts for state, _, counts in watch.shown if state == "pausing"]
    assert all(c.startswith("Pausing — ") and "already submitted" in c for c in pausing)
    assert tab.counts_label.text().startswith(f"Paused — {len(sent)} sent")
    assert tab.running_title.text() == f"Campaign {cid} is paused."

    # Resume goes on (ramping up again) and finishes the rest exactly once.
    with qtbot.waitSignal(tab.campaign_finished, timeout=120_000) as finished:
        tab.resume_campaign()
    assert finished.args[0].state == "finished", finished.args[0].error
    sent = accepted(sandbox, "137123")
    assert len(sent) == 20_000 and max(sent.values()) == 1


def test_pause_at_full_speed_lets_no_request_leave(qtbot, tab, app_ctx):
    """The reported case: Pause once full chunks go out a whole window at a time."""
    sandbox = app_ctx.sandbox
    cid = long_campaign(tab, app_ctx, 30_000, 13722340000)
    watch = PauseWatch(tab, sandbox, lambda p: p.sent >= 5000)
    tab.run_campaign(cid)
    answer_spend(qtbot, tab)
    watch.attach(qtbot)
    qtbot.waitUntil(lambda: watch.sends_at_pause is not None, timeout=60_000)
    after_paused = wait_paused_and_quiet(qtbot, tab, sandbox)
    assert after_paused - watch.sends_at_pause <= MAX_IN_FLIGHT
    sent = accepted(sandbox, "137223")
    assert max(sent.values()) == 1
    # what was already submitted at the press cannot be recalled: at most the requests in flight
    # (progress reaches the GUI a moment late, so the press may come after more than 5000 sent)
    assert watch.accepted_at_pause is not None
    assert sum(sent.values()) <= watch.accepted_at_pause + 1000 * MAX_IN_FLIGHT
    assert tab.service.journal().counts(cid)[SENT] == len(sent)
    with qtbot.waitSignal(tab.campaign_finished, timeout=30_000) as finished:
        tab.cancel_now()
    assert finished.args[0].state == "cancelled"
    assert sends_logged(sandbox) == after_paused  # cancelling a paused run sends nothing either


def test_a_new_run_starts_with_an_empty_progress_and_the_balance_follows(qtbot, tab, app_ctx):
    sandbox = app_ctx.sandbox
    sandbox.control.set(balance="1000")
    journal = tab.service.journal()
    rows = [PlannedRow(i + 2, str(13732340000 + i), render(i), False, PENDING, "", 1) for i in range(14)]
    first = journal.create_campaign("first", TEMPLATE, rows)
    with qtbot.waitSignal(tab.campaign_finished, timeout=30_000):
        tab.run_campaign(first)
        answer_spend(qtbot, tab)
    assert "sent 14" in tab.counts_label.text() and tab.progress_bar.value() == 14

    cid = long_campaign(tab, app_ctx, 6000, 13742340000)
    balances: list[tuple[bool, object]] = []  # (a run going on, balance) at each balance_changed
    app_ctx.balance_changed.connect(
        lambda account: balances.append((tab._task is not None, account.balance if account else None))
    )
    before = sandbox.state.account["balance"]
    tab.run_campaign(cid)
    answer_spend(qtbot, tab)
    # the confirmation is answered: the run is on, and its page shows nothing of the last run
    assert tab._task is not None
    assert tab.counts_label.text() == "" and tab.progress_bar.value() <= 0
    with qtbot.waitSignal(tab.campaign_finished, timeout=120_000) as finished:
        pass
    assert finished.args[0].state == "finished"
    spent = sandbox.state.account["balance"]
    assert spent < before
    # read again during the run (not only at its end), lower than before it
    assert any(running and balance is not None and balance < before for running, balance in balances)
    qtbot.waitUntil(lambda: app_ctx.account is not None and app_ctx.account.balance == spent, timeout=10_000)
