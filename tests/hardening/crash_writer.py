"""Child process of test_crash_safety: writes to a profile store in a loop until killed.

    python tests/hardening/crash_writer.py DB RUN

Each batch writes, in its own transactions, 200 sent messages (record_sent), their status
reports (save_reports), 20 replies (save_replies) and — when the archive's record sync
is there — 100 records synced from get_record (``gui.store.sync.save_records``): what
the console does when it sends, pulls and syncs. Then it prints ``ack RUN BATCH`` once
all of them have committed. The parent kills it with SIGKILL at any moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gui.api.models import Record, Reply, StatusReport
from gui.store.db import SentMessage, Store

BATCH = 200
RECORDS = 100
RUN_SPAN = 10_000_000
SID_BASE = 2**40


def sids(run: int, batch: int) -> range:
    start = SID_BASE + run * RUN_SPAN + batch * BATCH
    return range(start, start + BATCH)


def record_sids(run: int, batch: int) -> range:
    """Sids the console never sent itself: known from the provider's records only."""
    start = SID_BASE + run * RUN_SPAN + RUN_SPAN // 2 + batch * RECORDS
    return range(start, start + RECORDS)


def save_records():
    try:
        from gui.store.sync import save_records as save
    except ImportError:  # an archive without the record sync
        return None
    return save


def reply_ids(run: int, batch: int) -> list[str]:
    return [f"r{run}-{batch}-{i}" for i in range(20)]


def main() -> None:
    db, run = Path(sys.argv[1]), int(sys.argv[2])
    store = Store.open(db)
    sync = save_records()
    batch = 0
    while True:
        now = "2030-01-02 03:04:05"
        batch_sids = sids(run, batch)
        store.record_sent(
            [
                SentMessage(
                    sid,
                    f"138{sid % 10**8:08d}",
                    f"【豪霆云】您的验证码是{sid % 10000}",
                    now,
                    0,
                    "",
                    1,
                    "0.05",
                    "RMB",
                    None,
                    None,
                )
                for sid in batch_sids
            ]
        )
        store.save_reports(
            [StatusReport(sid, None, now, "DELIVRD", f"138{sid % 10**8:08d}", "SUCCESS") for sid in batch_sids]
        )
        store.save_replies([Reply(rid, "13800138000", "退订", now, "01", "8888") for rid in reply_ids(run, batch)])
        if sync is not None:
            sync(
                store,
                [
                    Record(
                        sid,
                        f"139{sid % 10**8:08d}",
                        "【豪霆云】您的验证码是1",
                        now,
                        "SUCCESS",
                        "SUCCESS",
                        1,
                        now,
                        "DELIVRD",
                        None,
                    )
                    for sid in record_sids(run, batch)
                ],
            )
        print(f"ack {run} {batch}", flush=True)
        batch += 1


if __name__ == "__main__":
    main()
