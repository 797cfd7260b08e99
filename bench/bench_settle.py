"""Benchmark ``settle``: what settling rows in doubt after a kill costs in get_record calls.

A campaign of 4 chunks of 1,000 personalised rows is killed with all four requests in
flight: the sandbox accepted them, the journal holds them as sending with no answer (in
doubt). The account has 100,000 other records spread evenly over the 24 hours around it
(seeded straight into the sandbox's state, not sent). The campaign is resumed: the engine
settles the four chunks from get_record before sending anything, finds every row, and sends
nothing again (the benchmark fails otherwise).

Key ``get_record_calls`` (target ≤ 60 in all: each chunk needs about 10 pages of its own
rows): the console restarted 10 s after the kill, so the engine waits out the grace periods,
which end a moment apart, chunk after chunk. ``get_record_calls_resumed_later``: the same,
resumed twelve hours later (every grace period over, a window to "now" would read half a
day). ``chunks_in_doubt``, ``other_records``.
The sandbox runs in this process on a frozen clock (the engine's sleeps move it), so the
count is exact and the run takes seconds. Runnable alone: ``python bench/bench_settle.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CHUNKS = 4
CHUNK = 1000
OTHER_RECORDS = 100_000
TARGET_CALLS = 60
DAY = 86_400.0
KILLED_AT = "2024-06-03 12:00:00"  # Beijing time
RESUMED_AT_ONCE = 10.0  # the console restarted at once: the chunks' grace periods end one after another
RESUMED_LATER = 12 * 3600.0  # the next shift: every grace period is long over
TEMPLATE = "【豪霆云】#name#您好，您预约的#service#将于#time#开始，回T退订"


def _text(i: int) -> str:
    return f"【豪霆云】用户{i}您好，您预约的体检将于{8 + i % 10}:00开始，回T退订"


class _SandboxClock:
    """The engine's clock tied to the sandbox's: sleeping moves the sandbox's time forward."""

    def __init__(self, server) -> None:
        self.server = server

    def time(self) -> float:
        return float(self.server.clock.time())

    def sleep(self, seconds: float) -> None:
        self.server.advance(max(0.0, seconds))


def _seed_other_records(server, start: float, end: float, count: int) -> None:
    """``count`` records of other sends, evenly spread over [start, end), straight into the state."""
    from gui.sandbox.models import Record

    state = server.state
    step = (end - start) / count
    with state.lock:
        for i in range(count):
            ts = start + (i + 0.5) * step
            mobile = str(15000000000 + i)
            state.add_record(Record(state.new_sid(), mobile, ts, f"【豪霆云】您的验证码是{i % 9000 + 1000}", 1, "0.05"))


def _kill_with_chunks_in_flight(server, client, journal, campaign_id: int) -> None:
    """What a kill leaves: each chunk claimed in the journal and accepted by the provider, no answer recorded."""
    rows = journal.rows(campaign_id)
    for n in range(CHUNKS):
        chunk = rows[n * CHUNK : (n + 1) * CHUNK]
        journal.claim_chunk(campaign_id, "multi_send", [r.row_no for r in chunk], requested_at=server.clock.time())
        result = client.multi_send([r.mobile for r in chunk], [r.text for r in chunk])
        if sum(1 for item in result.data if item.code == 0) != len(chunk):
            raise RuntimeError("the sandbox refused part of a chunk")
        server.advance(0.3)  # four requests in flight, sent a moment apart


def _settle_after_kill(resumed_after: float) -> dict:
    """One pass: a fresh sandbox and journal, the kill, the resume ``resumed_after`` seconds later."""
    from gui.api.client import SmsClient
    from gui.campaign.engine import CampaignEngine, EngineSettings
    from gui.campaign.journal import PENDING, SENT, Journal, PlannedRow
    from gui.sandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as tmp, SandboxServer(port=0, demo=True, frozen_clock=True) as server:
        server.control.set(balance="1000000")
        server.clock.set(KILLED_AT)
        killed_at = server.clock.time()
        _seed_other_records(server, killed_at - DAY / 2, killed_at + DAY / 2, OTHER_RECORDS)
        journal = Journal(Path(tmp) / "console.sqlite3")
        client = SmsClient(server.apikey, server.base_url)
        try:
            planned = [
                PlannedRow(i + 2, str(13800000000 + i), _text(i), False, PENDING, "", 1) for i in range(CHUNKS * CHUNK)
            ]
            cid = journal.create_campaign("bench settle", TEMPLATE, planned)
            _kill_with_chunks_in_flight(server, client, journal, cid)
            accepted_before = len(server.accepted_log())
            in_doubt = len(journal.doubtful_chunks(cid))

            server.clock.set(killed_at + resumed_after)
            calls_before = server.call_count("sms/get_record")
            started = time.perf_counter()
            settings = EngineSettings(chunk_size=CHUNK, record_in_store=False)
            outcome = CampaignEngine(journal, client, cid, settings, clock=_SandboxClock(server)).run()
            elapsed = time.perf_counter() - started
            calls = server.call_count("sms/get_record") - calls_before
            settled = sum(1 for r in journal.rows(cid, [SENT]) if r.reason == "settled from the provider's records")
            resent = len(server.accepted_log()) - accepted_before
        finally:
            client.close()
            journal.close()
    if outcome.state != "finished":
        raise RuntimeError(f"the resumed campaign ended {outcome.state}: {outcome.error}")
    if settled != CHUNKS * CHUNK or resent:
        raise RuntimeError(f"settling found {settled} of {CHUNKS * CHUNK} rows and {resent} were sent again")
    return {"calls": calls, "chunks_in_doubt": in_doubt, "seconds": elapsed}


def run(opts=None) -> dict:
    at_once = _settle_after_kill(RESUMED_AT_ONCE)
    later = _settle_after_kill(RESUMED_LATER)
    return {
        "get_record_calls": at_once["calls"],
        "get_record_target": TARGET_CALLS,
        "get_record_ok": at_once["calls"] <= TARGET_CALLS,
        "get_record_calls_resumed_later": later["calls"],
        "chunks_in_doubt": at_once["chunks_in_doubt"],
        "other_records": OTHER_RECORDS,
        "settle_seconds": round(at_once["seconds"], 3),
    }


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False))
