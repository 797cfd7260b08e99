"""Benchmark ``team``: two consoles send one 50,000-row campaign on one PostgreSQL (issue 15, item 9).

A throw-away PostgreSQL cluster (tests/pg.py, as the tests make it: the journal migrated by the
owner, the consoles connected as the operator) and the sandbox in its own process at 100 ms
latency per call. Each console is a process of its own (``python -m gui.campaign.run_cli`` in
team mode: the campaign service, its spend gate and the engine, headless).

- ``accepted`` / ``duplicates``: counted in the sandbox's accepted log (numbers of the campaign,
  and sends beyond the first per number) — the target is accepted = rows and 0 duplicates;
- ``speedup_vs_one``: the same campaign (fresh numbers, a fresh sandbox) sent by one console,
  its wall time over the two consoles' (both from launching the processes to their exit);
- ``archive_worst_ms``: the consoles copy their sends into the team database's shared archive as
  they go (``run_cli --team-store``, as a team profile's console does); afterwards the archive's
  twelve filters (``bench_team_archive``) are timed on that archive: the slowest first page of 3
  runs, with each filter's rows found (``archive_filter_rows``: on one campaign's messages without
  reports several find nothing; ``bench/run.py team_archive`` times them at 1M varied messages).

Runnable alone: ``python bench/bench_team.py`` (``--rows N`` for a quicker look).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for folder in (REPO, REPO / "bench", REPO / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

ROWS = 50_000
LATENCY_MS = 100
CHUNK = 1000
CONSOLES = 2
DSN_ENV = "SMS_TEAM_DSN"


def _accepted_per_number(base_url: str, planned: set[str]) -> Counter[str]:
    with urllib.request.urlopen(f"{base_url}/_sandbox/log", timeout=120) as response:
        accepted = json.load(response)["accepted"]
    return Counter(a["mobile"] for a in accepted if a["mobile"] in planned)


def _console(dsn: str, base_url: str, campaign_id: int, name: str, folder: Path) -> subprocess.Popen[str]:
    from gui.sandbox.server import DEMO_APIKEY

    command = [
        sys.executable,
        "-m",
        "gui.campaign.run_cli",
        "--db",
        str(folder / f"{name}.sqlite3"),
        "--base-url",
        base_url,
        "--team-dsn-env",
        DSN_ENV,
        "--console-id",
        name,
        "run",
        "--campaign",
        str(campaign_id),
        "--chunk-size",
        str(CHUNK),
        "--team-store",  # the sends into the shared archive, as a team console copies them
        "--yes",  # the benchmark's operator confirms the send (the spend gate)
    ]
    env = dict(os.environ, SMS_APIKEY=DEMO_APIKEY, **{DSN_ENV: dsn})
    out = (folder / f"{name}.out").open("w")
    return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)


def _archive_worst_ms(dsn: str, owner_dsn: str) -> tuple[float, int, dict[str, int]]:
    """The shared archive the consoles wrote: its filters' worst first page (the slowest of 3 runs,
    as ``team_archive``'s key of the same name), how many messages it holds, and each filter's rows
    on the first page (the filters are ``bench_archive``'s: on one campaign's messages, with no
    reports pulled, several find nothing). Statistics are gathered first, as autovacuum would."""
    import psycopg
    from bench_team_archive import time_first_pages

    from gui.store.team import TeamStore

    with psycopg.connect(owner_dsn, autocommit=True) as conn:
        conn.execute("ANALYZE")
    store = TeamStore.open(dsn)
    try:
        pages = time_first_pages(store, 3)
        held = int(store._query("SELECT COUNT(*) FROM messages")[0][0])
    finally:
        store.close()
    return max(page["max_ms"] for page in pages.values()), held, {name: page["rows"] for name, page in pages.items()}


def team_pass(cluster, consoles: int, rows: int, base: int, folder: Path, time_archive: bool = False) -> dict:
    """``consoles`` console processes send one fresh campaign; returns time and the sandbox's counts."""
    import pg
    from bench_campaign import Sandbox, _make_campaign

    from gui.campaign.team_journal import TeamJournal
    from gui.campaign.team_journal_schema import migrate
    from gui.store.team import migrate_dsn

    database = cluster.create_database()
    migrate(database.owner_dsn, pg.OPERATOR)
    migrate_dsn(database.owner_dsn, operators=[pg.OPERATOR])  # the shared archive's tables
    dsn = database.dsn(pg.OPERATOR)
    with TeamJournal(dsn, "bench-planner") as journal:
        campaign_id = _make_campaign(journal, rows, base)
        planned = {r.mobile for r in journal.rows(campaign_id)}
    with Sandbox(LATENCY_MS) as sandbox:
        started = time.perf_counter()
        procs = [_console(dsn, sandbox.base_url, campaign_id, f"console-{n + 1}", folder) for n in range(consoles)]
        codes = [proc.wait(600) for proc in procs]
        elapsed = time.perf_counter() - started
        per_number = _accepted_per_number(sandbox.base_url, planned)
    if any(codes):
        logs = "\n".join((folder / f"console-{n + 1}.out").read_text()[-2000:] for n in range(consoles))
        raise RuntimeError(f"a console failed (exit codes {codes}):\n{logs}")
    with TeamJournal(dsn, "bench-checker") as journal:
        per_console = dict(
            journal._query(
                "SELECT console_id, COUNT(*) FROM campaign_chunks WHERE campaign_id = %s AND state <> 'released'"
                " GROUP BY console_id",
                (campaign_id,),
            )
        )
    archive_worst_ms, archived, filter_rows = (
        _archive_worst_ms(dsn, database.owner_dsn) if time_archive else (None, None, None)
    )
    cluster.drop_database(database.name)
    return {
        "archive_worst_ms": archive_worst_ms,
        "archived": archived,
        "archive_filter_rows": filter_rows,
        "seconds": elapsed,
        "accepted": len(per_number),
        "duplicates": sum(n - 1 for n in per_number.values()),
        "chunks_per_console": per_console,
    }


def run(opts: object = None) -> dict:
    import pg

    rows = int(getattr(opts, "rows", ROWS) or ROWS)
    cluster = pg.PgCluster().start()
    try:
        with tempfile.TemporaryDirectory(prefix="sms-bench-team-") as tmp:
            folder = Path(tmp)
            team = team_pass(cluster, CONSOLES, rows, 13600000000, folder, time_archive=True)
            one = team_pass(cluster, 1, rows, 13500000000, folder)
    finally:
        cluster.stop()
    return {
        "rows": rows,
        "accepted": team["accepted"],
        "duplicates": team["duplicates"],
        "consoles": CONSOLES,
        "speedup_vs_one": round(one["seconds"] / team["seconds"], 2),
        "archive_worst_ms": team["archive_worst_ms"],
        "archived": team["archived"],
        "archive_filter_rows": team["archive_filter_rows"],
        "team_seconds": round(team["seconds"], 2),
        "one_console_seconds": round(one["seconds"], 2),
        "chunks_per_console": team["chunks_per_console"],
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    print(json.dumps({"name": "team", **run(parser.parse_args())}))
