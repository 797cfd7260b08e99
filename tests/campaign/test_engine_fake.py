"""The engine's exactly-once rules against a fake client (fast, deterministic faults)."""

from __future__ import annotations

import threading

from gui.campaign.engine import CampaignEngine, EngineSettings
from gui.campaign.journal import CANCELLED, FAILED, FINISHED, PAUSED, PENDING, SENDING, SENT, Journal, PlannedRow
from tests.campaign.fakes import FakeClient, FakeClock
from tests.campaign.helpers import engine_settings

SIGNED = "【测试公司】"


def make_campaign(journal: Journal, n: int, personalised: bool = True, international: int = 0, base: int = 0) -> int:
    rows = []
    for i in range(n):
        text = f"{SIGNED}您好，用户{i}，回T退订" if personalised else f"{SIGNED}周末大促，回T退订"
        rows.append(PlannedRow(i + 2, str(13800000000 + base + i), text, False, PENDING, "", 1))
    for i in range(international):
        rows.append(PlannedRow(n + i + 2, f"+4479111234{i:02d}", f"{SIGNED}hello {i}", True, PENDING, "", 1))
    return journal.create_campaign("test", "tpl", rows)


def settings(**kw) -> EngineSettings:
    return engine_settings(**{"chunk_size": 100, "grace_seconds": 30, **kw})


def assert_exactly_once(client: FakeClient, journal: Journal, cid: int) -> None:
    rows = journal.rows(cid)
    sent = [r for r in rows if r.state == SENT]
    per_number = client.sends_per_number()
    assert all(n == 1 for n in per_number.values()), {m: n for m, n in per_number.items() if n > 1}
    assert {r.mobile for r in sent} == set(per_number)
    # Every sid in the journal is the sid the provider gave that number.
    by_mobile = {a.mobile: a.sid for a in client.accepted}
    assert all(r.sid == by_mobile[r.mobile] for r in sent)


def test_batch_and_multi_and_single(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    personal = make_campaign(journal, 250, personalised=True, international=2)
    same = make_campaign(journal, 150, personalised=False, base=5000)
    for cid in (personal, same):
        outcome = CampaignEngine(journal, client, cid, settings(), clock=clock).run()
        assert outcome.state == FINISHED
    endpoints = [e for e, _ in client.calls]
    assert endpoints.count("sms/multi_send") == 3 and endpoints.count("sms/single_send") == 2
    assert endpoints.count("sms/batch_send") == 2
    assert max(n for _, n in client.calls) <= 100
    assert journal.counts(personal) == {SENT: 252}
    assert journal.campaign(personal).state == FINISHED
    sent_mobiles = {r.mobile for cid in (personal, same) for r in journal.rows(cid, [SENT])}
    assert sent_mobiles == set(client.sends_per_number())
    assert all(n == 1 for n in client.sends_per_number().values())


def test_rate_limit_and_refused_connection_release_rows_without_duplicates(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    client.fault("-5", "-5", "refused", "-5")
    cid = make_campaign(journal, 500)
    progress = []
    engine = CampaignEngine(journal, client, cid, settings(), clock=clock, on_progress=progress.append)
    outcome = engine.run()
    assert outcome.state == FINISHED
    assert journal.counts(cid) == {SENT: 500}
    assert_exactly_once(client, journal, cid)
    assert min(p.window for p in progress) < 4  # it slowed down
    assert progress[-1].sent == 500 and progress[-1].pending == 0


def test_in_doubt_after_processing_is_settled_not_resent(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    client.record_lag = 5  # records appear 5 s late; grace is 30 s
    client.fault("doubt_after", "doubt_before")  # one chunk went through, one did not
    cid = make_campaign(journal, 400)
    outcome = CampaignEngine(journal, client, cid, settings(), clock=clock).run()
    assert outcome.state == FINISHED
    assert journal.counts(cid) == {SENT: 400}
    assert_exactly_once(client, journal, cid)
    assert client.record_calls >= 1
    settled = [r for r in journal.rows(cid) if r.reason == "settled from the provider's records"]
    assert len(settled) == 100


def test_per_number_failures_and_whole_request_refusal(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    client.failing_numbers["13800000003"] = (10, "黑名单")
    client.fault("5")
    cid = make_campaign(journal, 300)
    CampaignEngine(journal, client, cid, settings(), clock=clock).run()
    counts = journal.counts(cid)
    assert counts[FAILED] == 100 + (
        0 if any(r.mobile == "13800000003" and r.code == 5 for r in journal.rows(cid, [FAILED])) else 1
    )
    blacklisted = [r for r in journal.rows(cid) if r.mobile == "13800000003"][0]
    assert blacklisted.state == FAILED and blacklisted.code in (10, 5)
    assert_exactly_once(client, journal, cid)


def test_balance_halts_resumable_then_resume_finishes(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    cid = make_campaign(journal, 300)
    client.fault("ok", "3")  # second chunk: balance too low
    outcome = CampaignEngine(journal, client, cid, settings(max_in_flight=1), clock=clock).run()
    assert outcome.state == PAUSED and getattr(outcome.error, "code", None) == 3
    info = journal.campaign(cid)
    assert info.state == PAUSED and info.unfinished and "code 3" in info.last_error
    assert journal.counts(cid).get(SENDING, 0) == 0
    outcome = CampaignEngine(journal, client, cid, settings(), clock=clock).run()
    assert outcome.state == FINISHED
    assert_exactly_once(client, journal, cid)


def test_crash_between_claim_and_answer_is_in_doubt_on_resume(journal):
    """Rows claimed by a run that died are settled before anything is sent again."""
    clock = FakeClock()
    client = FakeClient(clock)
    cid = make_campaign(journal, 200)
    # Simulate a dead run: chunk 1 claimed and delivered, chunk 2 claimed and never sent.
    rows = journal.pending_rows_any(cid, 200)
    first, _ = journal.claim_chunk(cid, "sms/multi_send", [r.row_no for r in rows[:100]], requested_at=clock.time())
    client.multi_send([r.mobile for r in rows[:100]], [r.text for r in rows[:100]])
    journal.claim_chunk(cid, "sms/multi_send", [r.row_no for r in rows[100:]], requested_at=clock.time())
    clock.sleep(1)
    outcome = CampaignEngine(journal, client, cid, settings(), clock=clock).run()
    assert outcome.state == FINISHED
    assert journal.counts(cid) == {SENT: 200}
    assert_exactly_once(client, journal, cid)


def test_pause_resume_cancel(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    cid = make_campaign(journal, 1000)
    engine = CampaignEngine(journal, client, cid, settings(max_in_flight=1), clock=clock)
    paused = threading.Event()
    states = []

    def on_send(endpoint, mobiles):
        if len(client.calls) == 2:
            engine.pause()

    def on_progress(p):
        states.append(p.state)
        if p.state == PAUSED:
            paused.set()

    client.on_send = on_send
    engine.on_progress = on_progress
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("outcome", engine.run()))
    thread.start()
    assert paused.wait(5)
    calls_while_paused = len(client.calls)
    assert journal.campaign(cid).state == PAUSED
    engine.resume()
    client.on_send = lambda e, m: engine.cancel() if len(client.calls) == calls_while_paused + 2 else None
    thread.join(10)
    assert result["outcome"].state == CANCELLED
    assert journal.campaign(cid).state == CANCELLED
    sent = journal.counts(cid)[SENT]
    assert sent == len(client.accepted) and 300 <= sent <= 500
    assert journal.counts(cid)[PENDING] == 1000 - sent
    assert_exactly_once(client, journal, cid)


def test_stop_leaves_campaign_resumable(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    cid = make_campaign(journal, 500)
    stop = threading.Event()
    client.on_send = lambda e, m: stop.set() if len(client.calls) == 2 else None
    outcome = CampaignEngine(journal, client, cid, settings(max_in_flight=1), clock=clock).run(stop.is_set)
    assert outcome.state == "stopped"
    assert journal.campaign(cid).unfinished
    outcome = CampaignEngine(journal, client, cid, settings(), clock=clock).run()
    assert outcome.state == FINISHED
    assert_exactly_once(client, journal, cid)
