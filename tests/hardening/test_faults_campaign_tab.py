"""Fault matrix, Campaigns tab: faults in the middle of a campaign started from the tab.

For each cell, through the real widgets over HTTP: the GUI thread keeps ticking while the
engine runs in its worker; the operator sees what happens (rows in doubt and the
settling state in the progress line; a dialog with the provider's code and what to do
when the run stops); no row is lost (journal counts); nothing is sent twice (accepted
log); and the campaign finishes — by itself, or after the fix and a resume.
"""

from __future__ import annotations

from collections import Counter

import pytest
from tab_helpers import close_box, error_text, wait_error

from gui.api.client import SmsClient
from tests.campaign.helpers import TEMPLATE, answer_spend
from tests.hardening.helpers import Heartbeat

ROWS = 300
BASE = 13612340000

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.campaigns import CHUNK_KEY, GRACE_KEY, CampaignsTab

    app_ctx.settings.setValue(CHUNK_KEY, 50)  # six requests instead of one
    app_ctx.settings.setValue(GRACE_KEY, 1.0)  # settle in-doubt rows after 1 s (real time)
    page = CampaignsTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    page.progress_seen = []

    def started(_cid) -> None:
        page._task.progressed.connect(page.progress_seen.append)

    page.campaign_started.connect(started)
    yield page
    if page._task is not None:
        page.cancel_now()
        qtbot.waitUntil(lambda: page._task is None, timeout=10_000)


def prepare(qtbot, tab, tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "手机号,name,service,time\n" + "".join(f"{BASE + i},客户{i},体检,{8 + i % 10}:00\n" for i in range(ROWS)),
        encoding="utf-8",
    )
    with qtbot.waitSignal(tab.file_loaded, timeout=10_000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20_000) as blocker:
        tab.start_dry_run()
    assert blocker.args[0].ready_count == ROWS


def run(qtbot, tab, start) -> tuple:
    with Heartbeat() as beat, qtbot.waitSignal(tab.campaign_finished, timeout=60_000) as finished:
        start()
        answer_spend(qtbot, tab)  # every start and resume is confirmed first
    beat.assert_responsive()
    return finished.args[0], beat


def per_number(sandbox) -> Counter:
    return Counter(a.mobile for a in sandbox.accepted_log() if BASE <= int(a.mobile) < BASE + ROWS)


def campaign_id(tab) -> int:
    return max(c.id for c in tab.service.journal().campaigns())


def after_calls(sandbox, endpoint: str, calls: int, action) -> None:
    """Run ``action`` once the gateway has answered ``calls`` requests to ``endpoint``."""
    original = sandbox.api.handle
    seen = [0]

    def handle(name, params):
        result = original(name, params)
        if name == endpoint:
            seen[0] += 1
            if seen[0] == calls:
                action()
        return result

    sandbox.api.handle = handle


IN_DOUBT_CELLS = {
    # cell: (knobs on multi_send, short client read timeout?)
    "slow_server": ({"latency_ms": 900}, True),
    "html_502": ({"html_error_next": 2, "fault_seed": 4}, False),
    "connection_reset": ({"connection_reset_next": 2}, False),
    "timeout_after_processing": ({"timeout_after_processing": 2, "timeout_mode": "stall", "stall_seconds": 1.0}, True),
}


@pytest.mark.parametrize("cell", list(IN_DOUBT_CELLS))
def test_campaign_tab_rows_in_doubt_are_shown_settled_and_sent_once(
    qtbot, tab, app_ctx, sandbox, tmp_path, monkeypatch, cell
):
    knobs, short = IN_DOUBT_CELLS[cell]
    prepare(qtbot, tab, tmp_path)
    if short:
        client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 0.4), retry_delays=(0.05,))
        monkeypatch.setattr(app_ctx, "client", lambda: client)
    sandbox.control.set(fault_endpoints=["sms/multi_send"], **knobs)
    if cell == "slow_server":  # the first two answers are slow, then the gateway recovers
        after_calls(sandbox, "sms/multi_send", 2, lambda: sandbox.control.set(latency_ms=0))
    outcome, _ = run(qtbot, tab, tab.start_campaign)
    assert outcome.state == "finished", outcome.error
    # told: the progress line showed rows in doubt and the settling state
    assert any(p.in_doubt > 0 for p in tab.progress_seen)
    assert any(p.state == "settling" for p in tab.progress_seen)
    assert not visible_error_boxes()
    # nothing lost, nothing twice
    counts = tab.service.journal().counts(campaign_id(tab))
    assert counts == {"sent": ROWS}, counts
    assert per_number(sandbox) == {str(BASE + i): 1 for i in range(ROWS)}
    assert tab.progress_bar.value() == ROWS and "sent 300" in tab.counts_label.text()


def visible_error_boxes():
    from tab_helpers import visible_boxes

    return visible_boxes("error_dialog")


def test_campaign_tab_rate_limited_slows_down_and_finishes_without_a_dialog(qtbot, tab, sandbox, tmp_path):
    prepare(qtbot, tab, tmp_path)
    sandbox.control.set(api_error_next=[-5, -5, -5], fault_endpoints=["sms/multi_send"])
    outcome, _ = run(qtbot, tab, tab.start_campaign)
    assert outcome.state == "finished", outcome.error
    assert [r["code"] for r in sandbox.requests_log() if r["fault"] == "api_error"] == [-5, -5, -5]
    assert min(p.window for p in tab.progress_seen) < 4  # it slowed down (progress is coalesced)
    assert not visible_error_boxes()
    assert per_number(sandbox) == {str(BASE + i): 1 for i in range(ROWS)}


@pytest.mark.parametrize("cell", ["apikey_revoked", "balance_runs_out"])
def test_campaign_tab_pauses_explains_and_resumes_after_the_fix(qtbot, tab, app_ctx, sandbox, tmp_path, cell):
    from gui.profiles import Profile

    prepare(qtbot, tab, tmp_path)
    new_key = "rotated-key-7777-7777"
    if cell == "apikey_revoked":
        after_calls(sandbox, "sms/multi_send", 2, lambda: sandbox.control.set(apikey=new_key))
    else:
        sandbox.control.set(balance="6.50")  # money for 130 of the 300 rows
    outcome, _ = run(qtbot, tab, tab.start_campaign)
    assert outcome.state == "paused"
    box = wait_error(qtbot)
    text = error_text(box)
    assert "The campaign was paused. Fix the problem, then resume it from Past campaigns." in text
    if cell == "apikey_revoked":
        assert "code -1" in text and "API key is not valid" in text and new_key not in text
    else:
        assert "code 3" in text and "balance is too low" in text and "Top up" in text
    close_box(box)
    cid = campaign_id(tab)
    counts = tab.service.journal().counts(cid)
    assert sum(counts.values()) == ROWS and counts.get("sending", 0) == 0, counts
    assert 0 < counts["sent"] < ROWS
    assert sum(per_number(sandbox).values()) == counts["sent"]
    # the banner offers the resume
    qtbot.waitUntil(lambda: tab.resume_banner.isVisible(), timeout=10_000)
    assert "was interrupted" in tab.resume_label.text()

    # the operator fixes it and resumes from the banner
    if cell == "apikey_revoked":
        app_ctx.set_profile(Profile("sandbox", sandbox.base_url, sandbox=True), new_key)
        qtbot.waitUntil(lambda: tab.resume_banner.isVisible(), timeout=10_000)
    else:
        sandbox.control.set(balance="100")
    outcome, _ = run(qtbot, tab, tab.resume_banner_button.click)
    assert outcome.state == "finished", outcome.error
    assert tab.service.journal().counts(cid) == {"sent": ROWS}
    assert per_number(sandbox) == {str(BASE + i): 1 for i in range(ROWS)}
