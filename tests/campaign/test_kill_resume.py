"""SIGKILL the engine's process mid-campaign, resume it, and prove from the sandbox's
accepted log (the sandbox runs in its own process too) that every row went out exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from gui.campaign.journal import FINISHED, SENDING, SENT, Journal
from gui.sandbox.server import DEMO_APIKEY
from tests.campaign.helpers import accepted_log, make_campaign
from tests.campaign.helpers import sandbox_process as start_sandbox_process

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]

ROWS = 3000


@pytest.fixture
def sandbox_process():
    with start_sandbox_process("--latency-ms", "100") as base_url:
        yield base_url


def engine_command(db, base_url, campaign_id) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gui.campaign.run_cli",
        "--db",
        str(db),
        "--base-url",
        base_url,
        "run",
        "--campaign",
        str(campaign_id),
        "--chunk-size",
        "100",
        "--grace-seconds",
        "2",
        "--yes",  # the operator's confirmation of the send (the spend gate)
    ]


def test_sigkill_mid_campaign_then_resume_sends_every_row_exactly_once(tmp_path, sandbox_process):
    base_url = sandbox_process
    db = tmp_path / "console.sqlite3"
    with Journal(db) as journal:
        cid = make_campaign(journal, ROWS, base=13700000000)
    env = dict(os.environ, SMS_APIKEY=DEMO_APIKEY)

    proc = subprocess.Popen(
        engine_command(db, base_url, cid), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    deadline = time.monotonic() + 60
    killed_at = None
    for line in proc.stdout:
        progress = json.loads(line)
        if progress.get("sent", 0) >= 600:
            os.kill(proc.pid, signal.SIGKILL)
            killed_at = progress["sent"]
            break
        assert time.monotonic() < deadline, "the engine made no progress"
    proc.wait(10)
    assert killed_at is not None, proc.stderr.read()
    assert proc.returncode == -signal.SIGKILL

    with Journal(db) as journal:
        counts = journal.counts(cid)
        info = journal.campaign(cid)
    assert info.unfinished  # the next start offers to resume it
    assert counts[SENT] < ROWS
    assert counts.get(SENDING, 0) > 0  # requests were in flight: in doubt now
    log_before = accepted_log(base_url)

    resumed = subprocess.run(engine_command(db, base_url, cid), capture_output=True, text=True, env=env, timeout=120)
    assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-2000:]

    log = accepted_log(base_url)
    with Journal(db) as journal:
        rows = journal.rows(cid)
        assert journal.campaign(cid).state == FINISHED
    planned = {r.mobile for r in rows}
    sends = [a for a in log if a["mobile"] in planned]
    per_number: dict[str, int] = {}
    for a in sends:
        per_number[a["mobile"]] = per_number.get(a["mobile"], 0) + 1
    assert {m for m, n in per_number.items() if n > 1} == set()
    assert len(per_number) == ROWS
    assert all(r.state == SENT for r in rows)
    sid_of = {a["mobile"]: a["sid"] for a in sends}
    assert all(r.sid == sid_of[r.mobile] for r in rows)
    # Rows in flight at the kill that the provider had processed were settled, not resent.
    assert len([a for a in log_before if a["mobile"] in planned]) >= killed_at
    settled = [r for r in rows if r.reason == "settled from the provider's records"]
    assert settled, "the requests in flight at the kill reached the sandbox: they must be settled, not resent"
