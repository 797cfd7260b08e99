"""team_archive: bench_archive's twelve archive filters and 90-day statistics on the team store
(PostgreSQL, issue 15 item 2), in a throw-away cluster started like the tests' (tests/pg.py).

The same messages as ``bench_archive`` (its text mix, reports, campaigns, the rare term and the
old campaign's term), written through ``TeamStore.record_sent`` + ``save_reports`` in batches
as an operator's console writes them, then ``VACUUM ANALYZE``. Times the first page (200 rows)
of each filter with ``gui.store.team.archive.ArchiveQuery`` and the Statistics view's figures
with ``gui.store.team.stats``: median and worst of ``--runs`` runs after one warm-up.
Targets: ``archive_worst_ms`` < 30 (issue 18, both backends; issue 15 asked < 50),
``stats_90d_ms`` < 300. ``detail`` names each filter's plan (``gui.store.team.archive``).

    python bench/run.py team_archive [--runs 5]
    ARCHIVE_BENCH_ROWS=200000 python bench/run.py team_archive     # a quicker look
    TEAM_ARCHIVE_BENCH_DIR=/var/tmp/team-archive python bench/run.py team_archive

``TEAM_ARCHIVE_BENCH_DIR`` keeps the cluster (data, roles, the generated messages) in that folder
between runs: the next run starts it again, migrates it to this console's schema (new steps run
over the million rows, as an admin's would) and times it without generating again.

Needs PostgreSQL's server binaries (Debian's postgresql; as root, the ``postgres`` user).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for folder in (REPO, REPO / "tests", REPO / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import bench_archive as local  # noqa: E402
import pg  # noqa: E402  (tests/pg.py: the throw-away cluster)

from gui.api.models import BEIJING, StatusReport  # noqa: E402
from gui.store.archive import ArchiveFilter  # noqa: E402
from gui.store.db import SentMessage  # noqa: E402
from gui.store.stats import total_stats  # noqa: E402
from gui.store.team import TeamStore, migrate_dsn  # noqa: E402
from gui.store.team import archive as team_archive  # noqa: E402
from gui.store.team import stats as team_stats  # noqa: E402
from gui.store.team.migrations import SCHEMA_VERSION  # noqa: E402

TARGET_MS = 30  # issue 18: every filter's first page, in both backends (issue 15: 50)
STATS_TARGET_MS = 300
BATCH = 10_000


KEEP_ENV = "TEAM_ARCHIVE_BENCH_DIR"
KEPT_STATE = "bench.json"  # the kept cluster's roles' passwords, database name and generated rows


class KeptCluster(pg.PgCluster):
    """tests/pg.py's cluster in a folder of one's choosing, stopped but not removed at the end."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder.resolve()
        self.state: dict[str, Any] = {}
        state = self.folder / KEPT_STATE
        if state.exists():
            self.state = json.loads(state.read_text())
            self.passwords = dict(self.state["passwords"])

    def start(self) -> KeptCluster:
        if not self.state:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().start()
            self.save(passwords=self.passwords)
            return self
        self.root = self.folder
        with (self.data_dir / "postgresql.conf").open("a") as conf:  # the folder may have been copied
            conf.write(f"unix_socket_directories = '{self.socket_dir}'\n")
        self._start_server()
        return self

    def _init(self) -> None:
        self.root = self.folder
        self.socket_dir.mkdir(exist_ok=True)
        if self.run_as:
            import pwd

            entry = pwd.getpwnam(self.run_as)
            for path in (self.root, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run_tool("initdb", "-D", str(self.data_dir), *pg.INITDB_OPTIONS)
        settings = dict(pg.SERVER_SETTINGS, unix_socket_directories=f"'{self.socket_dir}'")
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write("\n# bench_team_archive (tests/pg.py's settings)\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def stop(self) -> None:
        if self.root is not None and self._running:
            self._running = False
            self._run_tool("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", check=False)
        self.root = None

    def save(self, **changes: Any) -> None:
        self.state.update(changes)
        (self.folder / KEPT_STATE).write_text(json.dumps(self.state))


def generate(store: TeamStore, rows: int) -> dict[str, Any]:
    """bench_archive.generate's messages and reports, into the team store."""
    rng = random.Random(local.SEED)
    start = local.NOW - timedelta(days=local.DAYS)
    step = local.DAYS * 86400 / rows
    numbers = [f"1{rng.choice('3456789')}{rng.randint(0, 10**9 - 1):09d}" for _ in range(max(rows // 10, 10))]
    rare_every = max(rows // 150, 2)
    campaign_ids = list(range(1, 21))
    sid = 2**40 + 1_000_003
    began = time.perf_counter()
    for first in range(0, rows, BATCH):
        sent, reports = [], []
        for n in range(first, min(first + BATCH, rows)):
            sid += 1
            moment = start + timedelta(seconds=n * step)
            text, marketing = local.make_text(rng, n, rare_every, local.NOW - moment > timedelta(days=60))
            mobile = rng.choice(numbers)
            campaign = rng.choice(campaign_ids) if marketing else None
            sent.append(
                SentMessage(sid, mobile, text, local.fmt(moment), 0, "发送成功", 1, "0.0500", "RMB", None, campaign)
            )
            age = local.NOW - moment
            draw = rng.random()
            if age < timedelta(minutes=10) or draw < 0.005:
                continue
            if draw < 0.05:
                status, error = "FAIL", rng.choice(local.CARRIER_CODES)
            else:
                status, error = "SUCCESS", "DELIVRD"
            received = local.fmt(moment + timedelta(seconds=rng.randint(3, 60)))
            reports.append(StatusReport(sid, None, received, error, mobile, status))
        store.record_sent(sent)
        store.save_reports(reports)
    generation_s = time.perf_counter() - began
    return {"generate_s": round(generation_s, 1), "numbers": len(numbers)}


def filters(store: TeamStore) -> dict[str, ArchiveFilter]:
    newest = store._query("SELECT MAX(sent_at) FROM messages")[0][0]
    top = datetime.strptime(newest, "%Y-%m-%d %H:%M:%S")
    middle = "SELECT mobile FROM messages WHERE id >= (SELECT MAX(id) / 2 FROM messages) ORDER BY id LIMIT 1"
    mobile = store._query(middle)[0][0]
    since_7d, since_90d = local.fmt(top - timedelta(days=7)), local.fmt(top - timedelta(days=90))
    return {
        "none": ArchiveFilter(),
        "last_24h": ArchiveFilter(since=local.fmt(top - timedelta(hours=24))),
        "one_number": ArchiveFilter(mobile=mobile),
        "one_number_90d": ArchiveFilter(mobile=mobile, since=since_90d, until=newest),
        "status_fail": ArchiveFilter(report_status="FAIL"),
        "error_code": ArchiveFilter(error_msg="MK:0001"),
        "campaign": ArchiveFilter(campaign_id=7),
        "text_2char": ArchiveFilter(text="退订"),
        "text_rare_4char": ArchiveFilter(text=local.RARE_TERM),
        "fail_7d_text": ArchiveFilter(report_status="FAIL", since=since_7d, text="退订"),
        "text_old_5pct": ArchiveFilter(text=local.OLD_TERM),
        "fail_90d_old_text": ArchiveFilter(report_status="FAIL", since=since_90d, until=newest, text=local.OLD_TERM),
    }


def time_first_pages(store: TeamStore, runs: int) -> dict[str, Any]:
    results = {}
    for name, flt in filters(store).items():
        samples, rows, plan = [], 0, ""
        for attempt in range(runs + 1):
            began = time.perf_counter()
            page = team_archive.ArchiveQuery(store, flt).page(None, local.PAGE_ROWS)
            elapsed = (time.perf_counter() - began) * 1000
            if attempt:
                samples.append(elapsed)
            rows, plan = len(page.rows), page.plan
        results[name] = {
            "median_ms": round(statistics.median(samples), 1),
            "max_ms": round(max(samples), 1),
            "rows": rows,
            "plan": plan,
        }
    return results


def time_stats(store: TeamStore, runs: int) -> dict[str, Any]:
    newest = store._query("SELECT MAX(sent_at) FROM messages")[0][0]
    top = datetime.strptime(newest, "%Y-%m-%d %H:%M:%S")
    since = (top - timedelta(days=90)).strftime("%Y-%m-%d 00:00:00")
    now = top.replace(tzinfo=BEIJING)
    samples, figures = [], {}
    for attempt in range(runs + 1):
        began = time.perf_counter()
        days = team_stats.daily_stats(store, since, newest)
        total = total_stats(days)
        per_campaign = team_stats.campaign_stats(store, since, newest)
        errors = team_stats.top_errors(store, since, newest, limit=15)
        unreported = team_archive.without_report(store, 24, since, newest, limit=500, now=now)
        team_stats.campaigns(store)
        elapsed = (time.perf_counter() - began) * 1000
        if attempt:
            samples.append(elapsed)
        figures = {"days": len(days), "sent": total.sent, "campaigns": len(per_campaign), "errors": len(errors)}
        figures["unreported"] = len(unreported)
    return {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1), **figures}


def run(opts: Any) -> dict[str, Any]:
    """first page of 12 archive filters and statistics over 90 days on the team store (PostgreSQL)"""
    rows = int(os.environ.get("ARCHIVE_BENCH_ROWS", "1000000"))
    runs = max(int(getattr(opts, "runs", 5) or 5), 1)
    keep = os.environ.get(KEEP_ENV)
    cluster = KeptCluster(Path(keep)) if keep else pg.PgCluster()
    cluster.start()
    try:
        kept = cluster.state if isinstance(cluster, KeptCluster) else {}
        if kept.get("database") and kept.get("rows") == rows:
            database = cluster.database(kept["database"])
        else:
            database = cluster.create_database()
        before = migrate_dsn(database.owner_dsn, operators=[pg.OPERATOR])
        store = TeamStore.open(database.operator_dsn)
        try:
            info: dict[str, Any] = {"generate_s": kept.get("generate_s"), "numbers": kept.get("numbers")}
            if not (kept.get("database") == database.name and kept.get("rows") == rows):
                info = generate(store, rows)
                if isinstance(cluster, KeptCluster):
                    cluster.save(database=database.name, rows=rows, analysed=False, **info)
            with cluster.admin_connect(database.name) as admin:
                if before < SCHEMA_VERSION or not kept.get("analysed"):
                    admin.execute("VACUUM ANALYZE")
                    if isinstance(cluster, KeptCluster):
                        cluster.save(analysed=True)
                size = admin.execute("SELECT pg_database_size(current_database())").fetchone()[0]
            count = store._query("SELECT COUNT(*) FROM messages")[0][0]
            timings = time_first_pages(store, runs)
            stats = time_stats(store, runs)
        finally:
            store.close()
    finally:
        cluster.stop()
    worst = max(t["max_ms"] for t in timings.values())
    result: dict[str, Any] = {
        "backend": "team",
        "messages": count,
        **info,
        "size_mb": round(size / 2**20, 1),
        "bytes_per_message": round(size / max(count, 1)),
        "page_rows": local.PAGE_ROWS,
        "runs": runs,
    }
    for name, timing in timings.items():
        result[f"{name}_ms"] = timing["median_ms"]
    result["archive_worst_ms"] = worst
    result["target_ms"] = TARGET_MS
    result["stats_90d_ms"] = stats["median_ms"]
    result["stats_target_ms"] = STATS_TARGET_MS
    result["ok"] = worst < TARGET_MS and stats["median_ms"] < STATS_TARGET_MS
    result["detail"] = {**timings, "stats_90d": stats}
    return result


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    print(json.dumps({"name": "team_archive", **run(parser.parse_args())}, ensure_ascii=False))
