"""The engine's ramp-up and pause against a fake client: small first requests that grow, and
no request after ``pause()`` returned (no chunk, no retry, no settlement call)."""

from __future__ import annotations

import threading

from gui.campaign.engine import RAMP_SIZES, CampaignEngine
from gui.campaign.journal import CANCELLED, FINISHED, PAUSED, PENDING, SENDING, SENT
from tests.campaign.fakes import FakeClient, FakeClock
from tests.campaign.helpers import engine_settings
from tests.campaign.test_engine_fake import assert_exactly_once, make_campaign


def run_in_thread(engine: CampaignEngine) -> tuple[threading.Thread, dict]:
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("outcome", engine.run()))
    thread.start()
    return thread, result


def test_a_run_ramps_up_then_sends_full_chunks(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    cid = make_campaign(journal, 5000)
    outcome = CampaignEngine(journal, client, cid, engine_settings(chunk_size=1000), clock=clock).run()
    assert outcome.state == FINISHED
    sizes = [n for _, n in client.calls]
    assert tuple(sizes[: len(RAMP_SIZES)]) == RAMP_SIZES
    assert sizes[len(RAMP_SIZES)] == 1000 and sum(sizes) == 5000
    assert_exactly_once(client, journal, cid)


def test_no_request_leaves_after_pause_and_a_resume_ramps_up_again(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    cid = make_campaign(journal, 6000)
    states: list[str] = []
    paused = threading.Event()
    engine = CampaignEngine(journal, client, cid, engine_settings(chunk_size=1000), clock=clock)

    def on_progress(p) -> None:
        states.append(p.state)
        if p.state == PAUSED:
            paused.set()

    engine.on_progress = on_progress
    client.on_send = lambda e, m: engine.pause() if len(client.calls) == 3 else None
    thread, result = run_in_thread(engine)
    assert paused.wait(10)
    calls = len(client.calls)
    assert calls == engine.submitted_at_pause  # only the requests handed over before the pause
    assert "pausing" not in states or states.index("pausing") < states.index(PAUSED)
    assert all(s in ("running", "pausing", PAUSED) for s in states)
    progress = engine.progress()
    assert progress.rate == 0 and progress.eta_seconds is None  # nothing leaves: no rate, no time left
    threading.Event().wait(0.3)
    assert len(client.calls) == calls and journal.campaign(cid).state == PAUSED
    assert journal.counts(cid).get(SENDING, 0) == 0

    client.on_send = None
    engine.resume()
    thread.join(20)
    assert result["outcome"].state == FINISHED
    sizes = [n for _, n in client.calls]
    assert tuple(sizes[calls : calls + len(RAMP_SIZES)]) == RAMP_SIZES  # small again after the resume
    assert journal.counts(cid) == {SENT: 6000}
    assert_exactly_once(client, journal, cid)


def test_a_pause_stops_settling_calls_too(journal):
    clock = FakeClock()
    client = FakeClient(clock)
    cid = make_campaign(journal, 300)
    client.fault("doubt_after", "doubt_after", "doubt_after")
    engine = CampaignEngine(journal, client, cid, engine_settings(grace_seconds=30), clock=clock)
    paused = threading.Event()
    engine.on_progress = lambda p: paused.set() if p.state == PAUSED else None
    client.on_send = lambda e, m: engine.pause() if len(client.calls) == 4 else None  # three chunks in doubt
    thread, result = run_in_thread(engine)
    assert paused.wait(10)
    assert journal.counts(cid).get(SENDING, 0) > 0  # rows in doubt wait for settlement...
    records, sends = client.record_calls, len(client.calls)
    clock.sleep(60)  # the grace period passes while paused: still no get_record
    threading.Event().wait(0.3)
    assert client.record_calls == records and len(client.calls) == sends
    engine.cancel()
    thread.join(10)
    assert result["outcome"].state == CANCELLED
    assert (
        journal.counts(cid).get(PENDING, 0) + journal.counts(cid).get(SENDING, 0) + journal.counts(cid).get(SENT, 0)
        == 300
    )
