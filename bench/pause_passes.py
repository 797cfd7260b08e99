"""The campaign benchmark's pause passes (``bench_campaign.run`` adds their keys).

The engine runs a campaign against a fresh sandbox process (100 ms latency, 1000-row
chunks). Its progress goes through a queue to the main thread, which presses Pause as the
console's GUI thread would — a thread hop after the answer, not inside the engine's loop:

- ``early_pause_accepted``: Pause at the first answer; the messages the sandbox accepted
  (its ``/_sandbox/state`` count, before and after). Target ≤ 1,000 (the ramp-up).
- ``requests_after_pause``: over both the early pause and a pause at full speed (the whole
  window of 1000-row requests in flight), the send requests in the sandbox's request log beyond
  those the engine had handed over when ``pause()`` returned, once the answers awaited
  are in and 1.5 s more have passed. Target 0.
"""

from __future__ import annotations

import json
import queue
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

SEND_ENDPOINTS = {"sms/single_send", "sms/batch_send", "sms/multi_send"}


def _get(sandbox, path: str):
    with urllib.request.urlopen(f"{sandbox.base_url}{path}", timeout=30) as response:
        return json.load(response)


def _sends_logged(sandbox) -> int:
    return sum(1 for r in _get(sandbox, "/_sandbox/requests") if r["endpoint"] in SEND_ENDPOINTS)


def pause_pass(sandbox_cls, make_campaign, rows: int, base: int, pause_at_sent: int) -> dict:
    """Run until ``pause_at_sent`` rows were sent (1: the first answer), pause, count, cancel."""
    from gui.api.client import SmsClient
    from gui.campaign.engine import CampaignEngine, EngineSettings
    from gui.campaign.journal import Journal

    with sandbox_cls() as sandbox, tempfile.TemporaryDirectory() as tmp:
        journal = Journal(str(Path(tmp) / "console.sqlite3"))
        cid = make_campaign(journal, rows, base)
        settings = EngineSettings(chunk_size=1000)
        client = SmsClient(sandbox.apikey, sandbox.base_url, max_sessions=settings.max_in_flight)
        accepted_before = sandbox.accepted_count()
        sends_before = _sends_logged(sandbox)
        progress: queue.Queue = queue.Queue()
        engine = CampaignEngine(journal, client, cid, settings, on_progress=progress.put)
        runner = threading.Thread(target=engine.run, name="bench-campaign")
        runner.start()
        try:
            deadline = time.monotonic() + 300
            while True:  # the "GUI thread": pause as soon as the progress says so
                p = progress.get(timeout=max(0.1, deadline - time.monotonic()))
                if p.sent >= pause_at_sent:
                    engine.pause()
                    break
            while True:
                p = progress.get(timeout=max(0.1, deadline - time.monotonic()))
                if p.state == "paused":
                    break
            time.sleep(1.5)  # 15 × the latency, 3 × the first backoff: anything that would leave has
            sends = _sends_logged(sandbox) - sends_before
            accepted = sandbox.accepted_count() - accepted_before
        finally:
            engine.cancel()
            runner.join(60)
            client.close()
            journal.close()
    return {
        "requests_after_pause": sends - int(engine.submitted_at_pause or 0),
        "accepted": accepted,
        "sent_when_paused": p.sent,
    }


def run_pause_passes(sandbox_cls, make_campaign, rows: int) -> dict:
    early = pause_pass(sandbox_cls, make_campaign, min(rows, 20_000), 13400000000, 1)
    full = pause_pass(sandbox_cls, make_campaign, min(rows, 30_000), 13500000000, min(rows, 30_000) // 3)
    return {
        "requests_after_pause": early["requests_after_pause"] + full["requests_after_pause"],
        "requests_after_pause_ok": early["requests_after_pause"] + full["requests_after_pause"] == 0,
        "early_pause_accepted": early["accepted"],
        "early_pause_target": 1000,
        "early_pause_ok": early["accepted"] <= 1000,
        "full_speed_pause_accepted": full["accepted"],
    }
