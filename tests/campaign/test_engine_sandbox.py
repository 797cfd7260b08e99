"""The engine against the real sandbox over HTTP: exactly once, proven from the accepted log."""

from __future__ import annotations

from gui.campaign.engine import CampaignEngine
from gui.campaign.journal import FINISHED, PAUSED, SENDING, SENT
from tests.campaign.helpers import SandboxClock, assert_exactly_once, engine_settings, make_campaign


def test_campaign_sends_every_row_once(server, client, journal):
    cid = make_campaign(journal, 420)
    progress = []
    outcome = CampaignEngine(
        journal, client, cid, engine_settings(), clock=SandboxClock(server), on_progress=progress.append
    ).run()
    assert outcome.state == FINISHED, outcome.error
    assert journal.counts(cid) == {SENT: 420}
    assert_exactly_once(server.accepted_log(), journal, cid, 420)
    assert server.call_count("sms/multi_send") == 9
    assert progress[-1].sent == 420 and progress[-1].state == FINISHED
    # The journal's fees are the provider's, exactly.
    row = journal.rows(cid, limit=1)[0]
    assert row.fee == "0.0500" or row.fee == "0.05"


def test_in_doubt_settlement_with_timeout_after_processing_and_record_lag(server, client, journal):
    """Two chunks are processed but their answers are lost; records lag 30 s behind.
    After the grace period they are found in get_record and never sent again; a chunk
    whose connection was reset before processing is not found and is sent again."""
    server.control.set(timeout_after_processing=2, record_lag_seconds=30)
    cid = make_campaign(journal, 300)
    engine = CampaignEngine(journal, client, cid, engine_settings(grace_seconds=60), clock=SandboxClock(server))
    outcome = engine.run()
    assert outcome.state == FINISHED, outcome.error
    assert_exactly_once(server.accepted_log(), journal, cid, 300)
    settled = [r for r in journal.rows(cid) if r.reason == "settled from the provider's records"]
    assert len(settled) == 100
    assert server.call_count("sms/get_record") >= 1


def test_reset_before_processing_is_settled_as_unsent_and_sent_again(server, client, journal):
    server.control.set(connection_reset_next=1)
    cid = make_campaign(journal, 120)
    outcome = CampaignEngine(journal, client, cid, engine_settings(), clock=SandboxClock(server)).run()
    assert outcome.state == FINISHED, outcome.error
    assert_exactly_once(server.accepted_log(), journal, cid, 120)
    resent = [r for r in journal.rows(cid) if r.reason == "" and r.state == SENT]
    assert len(resent) == 120


def test_rate_limit_slows_down_without_duplicates(server, client, journal):
    server.control.set(rate_limit_per_second=3)
    cid = make_campaign(journal, 600, personalised=False)
    progress = []
    outcome = CampaignEngine(
        journal, client, cid, engine_settings(), clock=SandboxClock(server), on_progress=progress.append
    ).run()
    assert outcome.state == FINISHED, outcome.error
    assert_exactly_once(server.accepted_log(), journal, cid, 600)
    assert server.call_count("sms/batch_send") >= 12
    assert any(r["code"] == -5 for r in server.requests_log())
    assert min(p.window for p in progress) == 1


def test_low_balance_pauses_and_resume_finishes(server, client, journal):
    server.control.set(balance="5")  # 100 messages at 0.05
    cid = make_campaign(journal, 200)
    outcome = CampaignEngine(journal, client, cid, engine_settings(max_in_flight=1), clock=SandboxClock(server)).run()
    assert outcome.state == PAUSED and getattr(outcome.error, "code", None) == 3
    assert journal.counts(cid).get(SENDING, 0) == 0
    server.control.set(balance="100")
    outcome = CampaignEngine(journal, client, cid, engine_settings(), clock=SandboxClock(server)).run()
    assert outcome.state == FINISHED
    assert_exactly_once(server.accepted_log(), journal, cid, 200)
