"""Rows left in doubt by a cancelled campaign are settled from the provider's records, never sent."""

from __future__ import annotations

from collections import Counter

import pytest

from gui.api.errors import TransportError
from gui.campaign.engine import CANCELLED, NOT_SENT_AFTER_SETTLING, CampaignEngine, EngineSettings, settle_campaign
from gui.campaign.journal import PENDING, SENDING, SENT, PlannedRow
from tests.campaign.helpers import TEMPLATE, SandboxClock, engine_settings, make_campaign, render


def settings(**kw) -> EngineSettings:
    return engine_settings(**{"max_in_flight": 1, **kw})


def cancel_with_rows_in_doubt(server, client, journal, n: int = 300) -> int:
    """A campaign whose first request is reset before processing (50 rows in doubt, never
    accepted), whose next two are processed but their answers lost (100 rows in doubt,
    accepted), then one answered chunk; cancelled there, during the grace period."""
    server.control.set(connection_reset_next=1, timeout_after_processing=2)
    cid = make_campaign(journal, n)
    engine = CampaignEngine(journal, client, cid, settings(), clock=SandboxClock(server))

    def on_progress(progress) -> None:
        if progress.in_doubt >= 150 and progress.sent >= 50:
            engine.cancel()

    engine.on_progress = on_progress
    outcome = engine.run()
    assert outcome.state == CANCELLED, outcome.error
    counts = journal.counts(cid)
    assert counts[SENDING] == 150 and counts[SENT] == 50 and counts.get(PENDING, 0) == n - 200
    return cid


def test_cancelled_campaign_in_doubt_rows_are_settled_without_sending(server, client, journal):
    cid = cancel_with_rows_in_doubt(server, client, journal)
    accepted_before = list(server.accepted_log())
    assert len(accepted_before) == 150  # 2 processed-but-lost chunks + 1 answered chunk
    doubtful = {r.row_no: r for r in journal.rows(cid, [SENDING])}
    requested = min(c.requested_at for c in journal.doubtful_chunks(cid))

    # Inside the grace period: nothing is looked up, nothing changes, the operator learns when to retry.
    early = settle_campaign(journal, client, cid, settings(), now=server.clock.time())
    assert (early.sent, early.not_sent, early.waiting, early.calls) == (0, 0, 150, 0)
    assert early.retry_at is not None and early.retry_at >= requested + 60
    assert journal.counts(cid)[SENDING] == 150
    assert server.call_count("sms/get_record") == 0

    server.advance(61)
    result = settle_campaign(journal, client, cid, settings(), now=server.clock.time())
    assert (result.sent, result.not_sent, result.waiting, result.retry_at) == (100, 50, 0, None)
    assert result.calls >= 1 and server.call_count("sms/get_record") == result.calls

    accepted = server.accepted_log()
    assert len(accepted) == len(accepted_before)  # settling never sends
    sid_of = {a.mobile: a.sid for a in accepted}
    assert max(Counter(a.mobile for a in accepted).values()) == 1
    after = {r.row_no: r for r in journal.rows(cid)}
    for row_no, before in doubtful.items():
        row = after[row_no]
        if before.mobile in sid_of:
            assert row.state == SENT and row.sid == sid_of[before.mobile]
            assert row.reason == "settled from the provider's records"
        else:
            assert row.state == PENDING and row.sid is None and row.reason == NOT_SENT_AFTER_SETTLING
    counts = journal.counts(cid)
    assert counts == {SENT: 150, PENDING: 150}
    assert journal.campaign(cid).state == CANCELLED  # settling keeps the campaign's state
    assert journal.doubtful_chunks(cid) == []

    # Settling again finds nothing to do and calls nothing.
    again = settle_campaign(journal, client, cid, settings(), now=server.clock.time())
    assert (again.sent, again.not_sent, again.waiting, again.calls) == (0, 0, 0, 0)


def test_grace_zero_settles_at_once_and_records_settled_sends_in_the_store(server, client, journal, tmp_path):
    from gui.store.db import Store

    cid = cancel_with_rows_in_doubt(server, client, journal, n=200)
    store = Store.open(tmp_path / "store.sqlite3")
    try:
        result = settle_campaign(journal, client, cid, settings(grace_seconds=0), now=server.clock.time(), store=store)
        assert (result.sent, result.not_sent, result.waiting) == (100, 50, 0)
        assert len(server.accepted_log()) == 150
        processed = {a.sid for a in server.accepted_log()}
        settled = {r.sid for r in journal.rows(cid, [SENT]) if r.reason}
        assert len(settled) == 100 and settled <= processed
        in_store = [m for m in store.sent_messages(1000) if m.campaign_id == cid]
        assert {m.sid for m in in_store} == settled
    finally:
        store.close()


def test_settlement_error_leaves_rows_in_doubt(server, client, journal):
    cid = cancel_with_rows_in_doubt(server, client, journal, n=200)
    server.control.set(connection_reset_next=5)
    with pytest.raises(TransportError) as raised:
        settle_campaign(journal, client, cid, settings(grace_seconds=0), now=server.clock.time())
    assert raised.value.kind == "connection", raised.value  # the reset, not some other fault
    assert journal.counts(cid)[SENDING] == 150
    assert len(server.accepted_log()) == 150


@pytest.mark.usefixtures("qapp")
def test_settle_button_in_past_campaigns(qtbot, app_ctx):
    """Past campaigns: the button shows the count of rows in doubt of the selected cancelled
    campaign; inside the grace period it only says when to retry; after it, the rows are
    settled, the totals refresh, and nothing was sent."""
    from gui.views.campaigns import GRACE_KEY, CampaignsTab

    sandbox = app_ctx.sandbox
    tab = CampaignsTab(app_ctx)
    qtbot.addWidget(tab)
    tab.show()
    journal = tab.service.journal()
    client = app_ctx.client()
    sandbox.control.set(connection_reset_next=1, timeout_after_processing=1, timeout_mode="close")
    rows = [PlannedRow(i + 2, str(13312340000 + i), render(i), False, PENDING, "", 1) for i in range(150)]
    cid = journal.create_campaign("cancelled with doubts", TEMPLATE, rows)
    engine = CampaignEngine(journal, client, cid, settings(grace_seconds=3600))
    engine.on_progress = lambda p: engine.cancel() if p.in_doubt >= 100 and p.sent >= 50 else None
    assert engine.run().state == CANCELLED
    assert journal.counts(cid) == {SENDING: 100, SENT: 50}
    accepted = len(sandbox.accepted_log())

    with qtbot.waitSignal(tab.campaigns_listed, timeout=10000):
        tab.refresh()
    tab.pages.setCurrentIndex(2)
    assert not tab.settle_button.isEnabled()  # nothing selected
    tab.past_view.selectRow(0)
    assert tab.settle_button.isEnabled()
    assert "(100)" in tab.settle_button.text()

    app_ctx.settings.setValue(GRACE_KEY, 3600)
    with qtbot.waitSignal(tab.settlement_finished, timeout=10000) as early:
        tab.settle_button.click()
    assert (early.args[0].sent, early.args[0].waiting) == (0, 100)
    assert "Try again after" in tab.settle_label.text()
    assert journal.counts(cid)[SENDING] == 100
    assert sandbox.call_count("sms/get_record") == 0

    app_ctx.settings.setValue(GRACE_KEY, 0)
    with qtbot.waitSignal(tab.campaigns_listed, timeout=10000):
        tab.refresh()
    tab.past_view.selectRow(0)
    # the totals refresh after settling: wait for the listing that shows them (an earlier refresh's
    # listing may still be on its way and must not satisfy the wait)
    with (
        qtbot.waitSignal(tab.campaigns_listed, timeout=10000, check_params_cb=lambda cs: SENDING not in cs[0].counts),
        qtbot.waitSignal(tab.settlement_finished, timeout=10000) as settled,
    ):
        tab.settle_button.click()
    result = settled.args[0]
    assert (result.sent, result.not_sent, result.waiting) == (50, 50, 0)
    assert "50 rows found" in tab.settle_label.text()
    assert len(sandbox.accepted_log()) == accepted  # settling never sends
    info = tab.past_model.record(0)
    assert info.id == cid and info.counts == {SENT: 100, PENDING: 50} and info.state == CANCELLED
    tab.past_view.selectRow(0)
    assert not tab.settle_button.isEnabled() and "(" not in tab.settle_button.text()


@pytest.mark.usefixtures("qapp")
def test_a_profile_switch_during_settling_closes_the_old_journal_when_settling_ends(qtbot, app_ctx):
    """The journal of the profile left is closed once its settling is over (not left open)."""
    from gui.profiles import Profile
    from gui.views.campaigns import GRACE_KEY, CampaignsTab

    sandbox = app_ctx.sandbox
    app_ctx.settings.setValue(GRACE_KEY, 0)
    tab = CampaignsTab(app_ctx)
    qtbot.addWidget(tab)
    tab.show()
    old = tab.service
    journal = old.journal()
    cid = make_campaign(journal, 20)
    journal.claim_chunk(cid, "sms/multi_send", list(range(1, 21)), requested_at=0)  # in doubt, never sent
    sandbox.control.set(latency_ms=150)  # the provider's records come slowly

    with qtbot.waitSignal(tab.settlement_finished, timeout=20000) as settled:
        tab.settle_in_doubt(cid)
        qtbot.waitUntil(lambda: cid in old._settling, timeout=10000)
        # the operator switches profile (here: the same account with its key entered again) meanwhile
        app_ctx.set_profile(Profile("sandbox", sandbox.base_url, sandbox=True), sandbox.apikey)
        assert tab.service is not old and old._journal is not None  # still settling: not closed under it
    assert settled.args[0].not_sent == 20
    qtbot.waitUntil(lambda: old._journal is None, timeout=10000)  # closed once settling ended
    assert sandbox.accepted_log() == []
