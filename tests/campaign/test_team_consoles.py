"""Two consoles send one campaign on one PostgreSQL (issue 15, item 4): real consoles in their own
processes (``python -m gui.campaign.run_cli`` in team mode, through the campaign service and its
spend gate), a real sandbox in its own process over HTTP, a real PostgreSQL server. Nothing mocked.

Exactly once is proven from the sandbox's accepted log: every planned number once. One test
SIGKILLs a console mid-campaign: its chunks keep their lease until it expires (shortened here),
then the surviving console takes them over, settles them through get_record (rows the sandbox
accepted are sent, the others go back to pending) and finishes the campaign.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pg
import pytest

from gui.campaign.journal import FINISHED, SENDING, SENT, PlannedRow
from gui.campaign.settle import SETTLED_REASON
from gui.sandbox.server import DEMO_APIKEY
from tests.campaign.helpers import TEMPLATE, accepted_log, render
from tests.campaign.helpers import sandbox_process as start_sandbox_process
from tests.campaign.team_helpers import migrated, team_journal

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]

ROWS = 3000
KILL_ROWS = 6000
LEASE_SECONDS = 4.0  # shortened: a dead console's chunks are taken over after 4 s, not 5 min
DSN_ENV = "SMS_TEAM_DSN"


@pytest.fixture
def sandbox_url():
    with start_sandbox_process("--latency-ms", "100") as base_url:
        yield base_url


@pytest.fixture
def team_db(pg_database):
    return migrated(pg_database)


def make_team_campaign(database, n: int, base: int) -> int:
    rows = [PlannedRow(i + 2, str(base + i), render(i), False) for i in range(n)]
    with team_journal(database, "planner") as journal:
        return journal.create_campaign("team test", TEMPLATE, rows)


def console(
    database, tmp_path, base_url: str, campaign_id: int, console_id: str, chunk_size: int = 100, *extra: str
) -> subprocess.Popen:
    """A console process sending the campaign from the team journal (its own local store file)."""
    command = [
        sys.executable,
        "-m",
        "gui.campaign.run_cli",
        "--db",
        str(tmp_path / f"{console_id}.sqlite3"),
        "--base-url",
        base_url,
        "--team-dsn-env",
        DSN_ENV,
        "--console-id",
        console_id,
        "--lease-seconds",
        str(LEASE_SECONDS),
        "--heartbeat-seconds",
        "0.5",
        "run",
        "--campaign",
        str(campaign_id),
        "--chunk-size",
        str(chunk_size),
        "--grace-seconds",
        "2",
        "--yes",  # the operator's confirmation of the send (the spend gate)
        *extra,
    ]
    env = dict(os.environ, SMS_APIKEY=DEMO_APIKEY, **{DSN_ENV: database.dsn(pg.OPERATOR)})
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finished(proc: subprocess.Popen, timeout: float = 180) -> dict:
    out, err = proc.communicate(timeout=timeout)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert proc.returncode == 0 and lines and lines[-1].get("outcome") == FINISHED, out[-2000:] + err[-3000:]
    return lines[-1]


def sent_once_each(base_url: str, rows, expected: int = ROWS) -> Counter:
    planned = {r.mobile for r in rows}
    per_number = Counter(a["mobile"] for a in accepted_log(base_url) if a["mobile"] in planned)
    assert {m: n for m, n in per_number.items() if n > 1} == {}, "a number was sent twice"
    assert len(per_number) == len(planned) == expected
    return per_number


def chunk_consoles(database, campaign_id: int) -> Counter:
    import psycopg

    with psycopg.connect(database.owner_dsn) as conn:
        return Counter(
            dict(
                conn.execute(
                    "SELECT console_id, COUNT(*) FROM campaign_chunks WHERE campaign_id = %s GROUP BY console_id",
                    (campaign_id,),
                ).fetchall()
            )
        )


def rows_sending_of(database, campaign_id: int, console_id: str) -> int:
    import psycopg

    with psycopg.connect(database.owner_dsn) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM campaign_rows r JOIN campaign_chunks c ON c.id = r.chunk_id"
            " WHERE r.campaign_id = %s AND r.state = %s AND c.console_id = %s",
            (campaign_id, SENDING, console_id),
        ).fetchone()
    return int(row[0])


def test_two_consoles_send_one_campaign_exactly_once(team_db, tmp_path, sandbox_url):
    cid = make_team_campaign(team_db, ROWS, 13730000000)
    consoles = [console(team_db, tmp_path, sandbox_url, cid, name) for name in ("desk-a", "desk-b")]
    for proc in consoles:
        finished(proc)

    with team_journal(team_db, "checker") as journal:
        rows = journal.rows(cid)
        assert journal.campaign(cid).state == FINISHED
    sent_once_each(sandbox_url, rows)
    assert all(r.state == SENT for r in rows)
    sid_of = {a["mobile"]: a["sid"] for a in accepted_log(sandbox_url)}
    assert all(r.sid == sid_of[r.mobile] for r in rows)
    by_console = chunk_consoles(team_db, cid)
    assert by_console["desk-a"] > 0 and by_console["desk-b"] > 0, by_console  # both consoles sent


def test_two_consoles_copy_their_sends_into_the_shared_archive_once(team_db, tmp_path, sandbox_url):
    """``run_cli --team-store``: the sends go into the team database's archive, as a team console's
    do; every accepted message is there once, with the sid the gateway gave it."""
    from gui.store.team import migrate_dsn

    migrate_dsn(team_db.owner_dsn, operators=[pg.OPERATOR])
    cid = make_team_campaign(team_db, 600, 13740000000)
    consoles = [console(team_db, tmp_path, sandbox_url, cid, name, 100, "--team-store") for name in ("a", "b")]
    for proc in consoles:
        finished(proc)
    import psycopg

    with psycopg.connect(team_db.owner_dsn) as conn:
        archived = conn.execute("SELECT sid, mobile, campaign_id FROM messages").fetchall()
    sid_of = {a["mobile"]: a["sid"] for a in accepted_log(sandbox_url) if a["mobile"].startswith("1374")}
    assert len(archived) == len(sid_of) == 600
    assert {(mobile, sid) for sid, mobile, _ in archived} == set(sid_of.items())
    assert {campaign for _, _, campaign in archived} == {cid}
    assert not any((tmp_path / f"{name}.sqlite3").exists() and _local_messages(tmp_path / f"{name}.sqlite3")
                   for name in ("a", "b"))  # fmt: skip


def _local_messages(path) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0])
    finally:
        conn.close()


class Progress:
    """Reads a console's progress lines in a thread (its pipe never fills); keeps the last one."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc, self.last, self.lines = proc, {}, []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)
            if line.startswith("{"):
                self.last = json.loads(line)

    def sent(self) -> int:
        return int(self.last.get("sent", 0))

    def outcome(self, timeout: float = 180) -> dict:
        self.proc.wait(timeout)
        self.thread.join(10)
        err = self.proc.stderr.read()
        assert self.proc.returncode == 0 and self.last.get("outcome") == FINISHED, "".join(self.lines)[-2000:] + err


def test_a_console_killed_mid_campaign_is_settled_by_the_other_and_nothing_is_sent_twice(team_db, tmp_path):
    with start_sandbox_process("--latency-ms", "300") as sandbox_url:  # slower: both consoles are mid-campaign
        cid = make_team_campaign(team_db, KILL_ROWS, 13740000000)
        doomed = Progress(console(team_db, tmp_path, sandbox_url, cid, "desk-doomed", chunk_size=50))
        survivor = Progress(console(team_db, tmp_path, sandbox_url, cid, "desk-survivor", chunk_size=50))
        deadline = time.monotonic() + 60
        while not (doomed.sent() >= 500 and survivor.sent() >= 100):
            assert time.monotonic() < deadline, (doomed.last, survivor.last)
            assert doomed.proc.poll() is None and survivor.proc.poll() is None, "a console ended too early"
            time.sleep(0.02)
        os.kill(doomed.proc.pid, signal.SIGKILL)
        doomed.proc.wait(10)
        killed_at = time.monotonic()
        assert doomed.proc.returncode == -signal.SIGKILL
        assert rows_sending_of(team_db, cid, "desk-doomed") > 0, "the killed console had requests in flight"

        survivor.outcome()
        assert time.monotonic() - killed_at >= LEASE_SECONDS - 1  # not taken over before the lease expired

        with team_journal(team_db, "checker") as journal:
            rows = journal.rows(cid)
            assert journal.campaign(cid).state == FINISHED
        sent_once_each(sandbox_url, rows, KILL_ROWS)
        assert all(r.state == SENT for r in rows)
        sid_of = {a["mobile"]: a["sid"] for a in accepted_log(sandbox_url)}
        assert all(r.sid == sid_of[r.mobile] for r in rows)
    # The dead console's requests had reached the sandbox: settled from its records, not resent.
    assert any(r.reason == SETTLED_REASON for r in rows)
    assert rows_sending_of(team_db, cid, "desk-doomed") == 0
