"""Fault matrix, campaign engine (no GUI): every fault in the middle of a campaign, over HTTP
against the sandbox.

For each cell: no row is lost (every planned row ends in exactly one state, none left
``sending`` once the run is over), nothing is sent twice (the sandbox's accepted log),
the operator's message for the stop says what happened and what to do (with the
provider's code), and the work continues (the same run settles in-doubt rows and
finishes, or a resume after the operator's fix does).
"""

from __future__ import annotations

import pytest

from gui.api.client import SmsClient
from gui.api.errors import ApiError, describe
from gui.campaign.engine import CampaignEngine
from gui.campaign.journal import FINISHED, PAUSED, PENDING, SENDING, SENT
from tests.campaign import fixtures as campaign_fixtures
from tests.campaign.helpers import SandboxClock, assert_exactly_once, make_campaign
from tests.campaign.helpers import engine_settings as settings

pytestmark = pytest.mark.timeout(60)

# The campaign tests' sandbox and journal fixtures, shared by name.
server = campaign_fixtures.server
journal = campaign_fixtures.journal

SETTLED = "settled from the provider's records"


def make_client(server, apikey=None, read_timeout=2.0) -> SmsClient:
    return SmsClient(apikey or server.apikey, server.base_url, timeout=(2, read_timeout), retry_delays=(0.01,))


@pytest.fixture
def client(server):
    c = make_client(server, read_timeout=0.3)
    yield c
    c.close()


def no_row_lost(journal, cid, total) -> None:
    counts = journal.counts(cid)
    assert sum(counts.values()) == total, counts
    assert counts.get(SENDING, 0) == 0, counts


CELLS = {
    # name: (knobs on multi_send, requests processed by the gateway?)
    # fault_seed 4: the first two HTML error pages the sandbox draws are 502s (not 500s)
    "html_502_before_processing": ({"html_error_next": 2, "fault_seed": 4}, False),
    "html_502_after_processing": ({"html_error_next": 2, "fault_seed": 4, "html_error_after_processing": True}, True),
    "connection_reset": ({"connection_reset_next": 2}, False),
    "timeout_after_processing_stall": (
        {"timeout_after_processing": 2, "timeout_mode": "stall", "stall_seconds": 1.0},
        True,
    ),
    "timeout_after_processing_close": ({"timeout_after_processing": 2, "timeout_mode": "close"}, True),
}


@pytest.mark.parametrize("cell", list(CELLS))
def test_engine_requests_without_a_readable_answer_are_settled_exactly_once(server, client, journal, cell):
    knobs, processed = CELLS[cell]
    server.control.set(fault_endpoints=["sms/multi_send"], **knobs)
    cid = make_campaign(journal, 300)
    progress = []
    outcome = CampaignEngine(
        journal, client, cid, settings(), clock=SandboxClock(server), on_progress=progress.append
    ).run()
    assert outcome.state == FINISHED, outcome.error
    no_row_lost(journal, cid, 300)
    assert_exactly_once(server.accepted_log(), journal, cid, 300)
    settled = [r for r in journal.rows(cid) if r.reason == SETTLED]
    assert len(settled) == (100 if processed else 0)
    assert server.call_count("sms/get_record") >= 1
    assert any(p.in_doubt == 100 for p in progress)  # the operator saw 100 rows in doubt
    assert any(p.state == "settling" for p in progress)
    assert server.call_count("sms/multi_send") == 6 + (0 if processed else 2)
    if cell.startswith("html_502"):
        statuses = {r["http_status"] for r in server.requests_log() if r["fault"] and "html" in r["fault"]}
        assert statuses == {502}


def test_engine_slow_server_read_timeouts_are_settled_not_resent(server, journal):
    """Every send answers after 0.8 s, the client gives up after 0.3 s: all in doubt; the
    gateway processes them anyway; after the grace period the records settle every row."""
    client = make_client(server, read_timeout=0.3)
    server.control.set(latency_ms=800, fault_endpoints=["sms/multi_send"])
    cid = make_campaign(journal, 200)
    outcome = CampaignEngine(journal, client, cid, settings(grace_seconds=2.0)).run()  # real time
    client.close()
    assert outcome.state == FINISHED, outcome.error
    no_row_lost(journal, cid, 200)
    assert_exactly_once(server.accepted_log(), journal, cid, 200)
    assert all(r.reason == SETTLED for r in journal.rows(cid))
    assert server.call_count("sms/multi_send") == 4


def test_engine_rate_limited_minus_5_slows_down_and_finishes(server, client, journal):
    server.control.set(api_error_next=[-5, -5, -5, -5, -5], fault_endpoints=["sms/multi_send"])
    cid = make_campaign(journal, 300)
    progress = []
    outcome = CampaignEngine(
        journal, client, cid, settings(), clock=SandboxClock(server), on_progress=progress.append
    ).run()
    assert outcome.state == FINISHED, outcome.error
    no_row_lost(journal, cid, 300)
    assert_exactly_once(server.accepted_log(), journal, cid, 300)
    assert [r["code"] for r in server.requests_log() if r["fault"] == "api_error"] == [-5] * 5
    assert min(p.window for p in progress) == 1  # it slowed down


def test_engine_apikey_revoked_mid_campaign_halts_then_resumes_with_the_new_key(server, client, journal):
    cid = make_campaign(journal, 400)
    new_key = "rotated-0123456789abcdef"

    def rotate(progress) -> None:
        if progress.sent >= 100 and server.apikey != new_key:
            server.control.set(apikey=new_key)

    outcome = CampaignEngine(
        journal, client, cid, settings(max_in_flight=2), clock=SandboxClock(server), on_progress=rotate
    ).run()
    assert outcome.state == PAUSED
    assert isinstance(outcome.error, ApiError) and outcome.error.code == -1
    title, body = describe(outcome.error)
    assert "code -1" in title and "API key is not valid" in body and "profile settings" in body
    no_row_lost(journal, cid, 400)
    counts = journal.counts(cid)
    assert 100 <= counts[SENT] < 400 and counts[PENDING] == 400 - counts[SENT]
    assert journal.campaign(cid).unfinished and "code -1" in journal.campaign(cid).last_error
    sent_before = counts[SENT]
    assert len(server.accepted_log()) == sent_before

    fixed = make_client(server, apikey=new_key)
    outcome = CampaignEngine(journal, fixed, cid, settings(), clock=SandboxClock(server)).run()
    fixed.close()
    assert outcome.state == FINISHED, outcome.error
    no_row_lost(journal, cid, 400)
    assert_exactly_once(server.accepted_log(), journal, cid, 400)


def test_engine_balance_runs_out_mid_campaign_with_requests_in_flight(server, client, journal):
    """Money for 130 of 300 rows, four requests in flight: the chunk that crosses the line gets
    per-number code 3; nothing unpaid is marked sent or failed; top up and resume finishes."""
    server.control.set(balance="6.50")  # 130 × 0.05
    cid = make_campaign(journal, 300)
    outcome = CampaignEngine(journal, client, cid, settings(), clock=SandboxClock(server)).run()
    assert outcome.state == PAUSED
    assert isinstance(outcome.error, ApiError) and outcome.error.code == 3
    title, body = describe(outcome.error)
    assert "code 3" in title and "balance is too low" in body and "Top up" in body
    no_row_lost(journal, cid, 300)
    counts = journal.counts(cid)
    assert counts == {SENT: 130, PENDING: 170}, counts
    assert len(server.accepted_log()) == 130

    server.control.set(balance="100")
    outcome = CampaignEngine(journal, client, cid, settings(), clock=SandboxClock(server)).run()
    assert outcome.state == FINISHED, outcome.error
    assert_exactly_once(server.accepted_log(), journal, cid, 300)
