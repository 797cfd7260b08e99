"""Crash safety: SIGKILL while the store is being written and while a campaign is sending.

After every kill the database passes ``PRAGMA integrity_check`` (and the full-text
index its own check), everything acknowledged before the kill is there, a batch caught
mid-way is all-or-nothing per transaction, and — for sending — every row of the
campaign reached the gateway exactly once after the restarts (the out-of-process
sandbox's accepted log is the judge).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from gui.campaign.journal import FINISHED, SENT, Journal
from gui.sandbox.server import DEMO_APIKEY
from tests.campaign.helpers import accepted_log, make_campaign
from tests.campaign.helpers import sandbox_process as start_sandbox_process
from tests.hardening.crash_writer import BATCH, RECORDS, record_sids, reply_ids, save_records, sids

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"), pytest.mark.timeout(120)]

WRITER = Path(__file__).with_name("crash_writer.py")
REPO = Path(__file__).resolve().parents[2]


def integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "messages_fts" in tables:  # the archive's full-text index (gui.store.fts)
            conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def present(conn, table: str, column: str, values) -> int:
    values = list(values)
    marks = ",".join("?" * len(values))
    return conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} IN ({marks})", values).fetchone()[0]


def test_sigkill_while_writing_sends_reports_and_replies_loses_nothing_acknowledged(tmp_path):
    db = tmp_path / "console.sqlite3"
    acknowledged: dict[int, int] = {}
    syncing = save_records() is not None
    for run, kill_after in enumerate((4, 15, 30, 9)):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), str(run)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        last = -1
        deadline = time.monotonic() + 60
        for line in proc.stdout:
            last = int(line.split()[2])
            if last >= kill_after:
                # the child is already writing the next batch: kill it in the middle
                time.sleep(0.002 * run)
                os.kill(proc.pid, signal.SIGKILL)
                break
            assert time.monotonic() < deadline, "the writer made no progress"
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
        acknowledged[run] = last

        integrity(db)
        conn = sqlite3.connect(db)
        try:
            for r, upto in acknowledged.items():
                for batch in range(upto + 1):
                    assert present(conn, "messages", "sid", sids(r, batch)) == BATCH, (r, batch)
                    assert present(conn, "reports", "sid", sids(r, batch)) == BATCH, (r, batch)
                    assert present(conn, "replies", "reply_id", reply_ids(r, batch)) == 20, (r, batch)
                    if syncing:
                        assert present(conn, "records", "sid", record_sids(r, batch)) == RECORDS, (r, batch)
                        assert present(conn, "messages", "sid", record_sids(r, batch)) == RECORDS, (r, batch)
            # the batch the kill interrupted: each transaction is whole or absent
            partial = acknowledged[run] + 1
            assert present(conn, "messages", "sid", sids(run, partial)) in (0, BATCH)
            assert present(conn, "reports", "sid", sids(run, partial)) in (0, BATCH)
            assert present(conn, "replies", "reply_id", reply_ids(run, partial)) in (0, 20)
            if syncing:
                assert present(conn, "records", "sid", record_sids(run, partial)) in (0, RECORDS)
            dupes = conn.execute("SELECT sid FROM messages WHERE sid IS NOT NULL GROUP BY sid HAVING COUNT(*) > 1")
            assert dupes.fetchall() == []
        finally:
            conn.close()

    # the console opens it again as usual
    from gui.store.db import Store

    with Store.open(db) as store:
        assert store.count_reports() >= sum(BATCH * (n + 1) for n in acknowledged.values())


@pytest.fixture
def sandbox_process(tmp_path):
    with start_sandbox_process("--latency-ms", "40", "--balance", "100000", cwd=REPO) as base_url:
        yield base_url


def run_engine(db, base_url, cid, kill_when=None):
    """Run the campaign CLI; SIGKILL it when ``kill_when(progress)`` says so. Returns (killed, progress)."""
    env = dict(os.environ, SMS_APIKEY=DEMO_APIKEY)
    command = [
        sys.executable,
        "-m",
        "gui.campaign.run_cli",
        "--db",
        str(db),
        "--base-url",
        base_url,
        "run",
        "--campaign",
        str(cid),
        "--chunk-size",
        "100",
        "--grace-seconds",
        "1.5",
        "--yes",  # the operator's confirmation of the send (the spend gate)
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    last = {}
    for line in proc.stdout:
        last = json.loads(line)
        if kill_when is not None and "outcome" not in last and kill_when(last):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
            return True, last
    proc.wait(60)
    assert proc.returncode == 0, (last, proc.stderr.read()[-2000:])
    return False, last


def test_sigkill_twice_while_sending_then_resume_sends_each_row_once(tmp_path, sandbox_process):
    base_url = sandbox_process
    db = tmp_path / "console.sqlite3"
    rows = 1500
    with Journal(db) as journal:
        cid = make_campaign(journal, rows, base=13500000000)

    killed, progress = run_engine(db, base_url, cid, lambda p: p.get("sent", 0) >= 300)
    assert killed, progress
    integrity(db)
    # second kill: right after the restart, while the rows in doubt from the first kill are being settled
    killed, progress = run_engine(db, base_url, cid, lambda p: p.get("state") == "settling" or p.get("sent", 0) >= 900)
    assert killed, progress
    integrity(db)
    with Journal(db) as journal:
        assert journal.campaign(cid).unfinished

    killed, progress = run_engine(db, base_url, cid)
    assert not killed and progress["outcome"] == FINISHED
    integrity(db)

    log = [a for a in accepted_log(base_url) if a["mobile"].startswith("135")]
    per_number = Counter(a["mobile"] for a in log)
    assert len(per_number) == rows and max(per_number.values()) == 1
    with Journal(db) as journal:
        journal_rows = journal.rows(cid)
        assert journal.campaign(cid).state == FINISHED
    assert all(r.state == SENT for r in journal_rows)
    sid_of = {a["mobile"]: a["sid"] for a in log}
    assert all(r.sid == sid_of[r.mobile] for r in journal_rows)
    # the store's copy of the sends (the archive) holds each sid once: the sends the killed runs
    # journaled but never copied are copied from the journal's flags (gui.campaign.archive_copy)
    conn = sqlite3.connect(db)
    try:
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM messages WHERE sid IS NOT NULL GROUP BY sid HAVING COUNT(*) > 1"
            ).fetchall()
            == []
        )
        stored = {r[0] for r in conn.execute("SELECT sid FROM messages WHERE campaign_id = ?", (cid,))}
    finally:
        conn.close()
    assert stored == set(sid_of.values())
