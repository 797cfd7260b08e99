"""Issue 18: the counters kept on write (schema v3) and what reads them.

The day counters equal a recount of the messages after every kind of write (console sends,
pulled and pushed reports, synced records, settling, another connection), the statistics
read from them equal grouping the messages, and the text search's walk by id gives exactly
the pages of the row-by-row plan — also when ids do not follow send times."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.api.models import BEIJING, Record, StatusReport
from gui.services.pull import PullKind, PullService
from gui.store import archive, counters, fts_walk
from gui.store import db as store_db
from gui.store.archive import ArchiveFilter, ArchiveQuery
from gui.store.db import IN_DOUBT_CODE, SETTLED_NOT_SENT_CODE, SentMessage, Store, store_path
from gui.store.receiver import PushReceiver
from gui.store.sync import save_records

BASE = datetime(2026, 3, 1, 21, 0, 0, tzinfo=BEIJING)  # 3 hours before a Beijing midnight
TEXTS = (
    "【豪霆云】会员日，回T退订",
    "【豪霆云】您的验证码是1234",
    "【豪霆云】秋装焕新季，回T退订",
    "【豪霆云】订单已发货",
)


def at(minutes: float) -> str:
    return (BASE + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")


def sent(sid, minute, text=TEXTS[0], campaign_id=None, code=0, mobile="13800138000"):
    return SentMessage(sid, mobile, text, at(minute), code, "OK", 1, "0.0500", "RMB", None, campaign_id)


def report(sid, status="SUCCESS", error="DELIVRD", minute=1, mobile="13800138000"):
    return StatusReport(sid, None, at(minute), error, mobile, status)


def record(sid, minute, text=TEXTS[3], status="SUCCESS", error="DELIVRD"):
    return Record(sid, "13900139000", at(minute), text, "SUCCESS", status, 1, at(minute + 1), error, None)


@pytest.fixture
def store(tmp_path):
    s = Store.open(store_path(tmp_path))
    yield s
    s.close()


def assert_counters_exact(store: Store) -> None:
    with store.reading() as conn:
        assert counters.stored(conn) == counters.recount(conn)
        outside = conn.execute(
            f"SELECT m.id, m.sent_at, b.first_sent, b.last_sent FROM messages m LEFT JOIN {counters.BLOCKS_TABLE} b"
            f" ON b.block = m.id >> {counters.ID_BLOCK_BITS}"
            " WHERE b.block IS NULL OR m.sent_at < b.first_sent OR m.sent_at > b.last_sent"
        ).fetchall()
        assert outside == []  # every message's send time lies in its block's span


# --- the statistics as the archive grouped the messages before the counters (the reference) ----


def _range(since, until, campaign_id=None):
    clauses, args = [], []
    if since:
        clauses.append("sent_at >= ?")
        args.append(since)
    if until:
        clauses.append("sent_at <= ?")
        args.append(until)
    if campaign_id is not None:
        clauses.append("campaign_id = ?")
        args.append(campaign_id)
    return "".join(f" AND {c}" for c in clauses), args


_SUMS = "COUNT(*), SUM(report_status = 'SUCCESS'), SUM(report_status = 'FAIL'), SUM(report_status IN ('', 'UNKNOWN'))"


def grouped_days(store, since, until, campaign_id=None):
    where, args = _range(since, until, campaign_id)
    return [
        tuple(r)
        for r in store._query(
            f"SELECT substr(sent_at, 1, 10) AS day, {_SUMS} FROM messages WHERE code = 0{where}"
            " GROUP BY day ORDER BY day",
            args,
        )
    ]


def grouped_campaigns(store, since, until):
    where, args = _range(since, until)
    return [
        tuple(r)
        for r in store._query(
            f"SELECT campaign_id, {_SUMS} FROM messages WHERE code = 0 AND campaign_id IS NOT NULL{where}"
            " GROUP BY campaign_id ORDER BY campaign_id DESC",
            args,
        )
    ]


def grouped_errors(store, since, until, campaign_id=None):
    where, args = _range(since, until, campaign_id)
    return [
        tuple(r)
        for r in store._query(
            f"SELECT error_msg, COUNT(*) AS n FROM messages WHERE report_status = 'FAIL'{where}"
            " GROUP BY error_msg ORDER BY n DESC, error_msg LIMIT 10",
            args,
        )
    ]


def stats_tuples(rows):
    return [(s.key, s.sent, s.delivered, s.failed, s.no_report) for s in rows]


def assert_stats_equal_grouping(store, since, until, campaign_id=None):
    assert stats_tuples(archive.daily_stats(store, since, until, campaign_id)) == grouped_days(
        store, since, until, campaign_id
    ), (since, until, campaign_id)
    assert stats_tuples(archive.campaign_stats(store, since, until)) == grouped_campaigns(store, since, until)
    assert archive.top_errors(store, since, until, campaign_id) == grouped_errors(store, since, until, campaign_id)


RANGES = [
    (None, None),
    (at(0), None),
    (None, at(200)),
    ("2026-03-01 00:00:00", "2026-03-03 23:59:59"),  # whole days
    ("2026-03-01 22:30:00", "2026-03-02 01:15:00"),  # both ends cut a day
    ("2026-03-02 00:00:00", "2026-03-02 00:59:59"),  # one day, cut at its end
    ("2026-03-02 00:30:00", "2026-03-02 23:59:59"),  # one day, cut at its start
    ("2026-03-02 00:30:00", "2026-03-02 00:40:00"),  # one day, cut at both
    ("2026-03-02", "2026-03-02 ~"),  # day prefixes as text
    ("2026-03-03 00:00:00", "2026-03-01 00:00:00"),  # backwards: nothing
    ("2026", "2027"),  # not a day: counted from the messages
]


def mixed_writes(store: Store, tmp_path) -> None:
    """Every path that writes messages or their reports."""
    store.record_sent([sent(100 + i, i * 7, TEXTS[i % 4], (i % 3) or None) for i in range(60)])  # 7 h over midnight
    store.record_sent([sent(None, 30, code=3), sent(None, 31, code=IN_DOUBT_CODE), sent(None, 32, code=IN_DOUBT_CODE)])
    store.save_reports(
        [report(100 + i, "SUCCESS" if i % 5 else "FAIL", "MK:0001" if i % 10 else "DB:0141") for i in range(40)]
    )
    store.save_reports([report(100, "UNKNOWN", ""), report(101, "FAIL", "UNDELIV")])  # final kept; a late FAIL
    store.save_reports([report(900 + i, "SUCCESS", minute=100 + i) for i in range(5)])  # placeholders (no send seen)

    class Pulled:  # a pull: the server hands each report once
        def __init__(self):
            self.pages = [[report(140 + i, "FAIL", "MN:0001", minute=300) for i in range(10)]]

        def pull_status(self, page_size=100):
            return self.pages.pop(0) if self.pages else []

    service = PullService(Pulled, lambda: store, tmp_path)
    service.set_consent(True)
    assert service.pull(PullKind.REPORTS).new_count == 10

    receiver = PushReceiver(service.store_pushed, lambda: "0000", port=0, path="/push/x")
    pushed = [
        {"sid": 150, "user_receive_time": at(400), "error_msg": "DELIVRD", "mobile": "1", "report_status": "SUCCESS"},
        {"sid": 951, "user_receive_time": at(401), "error_msg": "UNDELIV", "mobile": "1", "report_status": "FAIL"},
    ]
    assert receiver.handle("/push/x", urlencode({"sms_status": json.dumps(pushed)}).encode())[0] == 200

    # records: new messages of other days (new ids, old times), a placeholder's text and time, known sids
    save_records(store, [record(700 + i, -1440 - i * 30) for i in range(8)])
    save_records(store, [record(900, -600, TEXTS[2]), record(901, 10, status="FAIL", error="MK:0005")])
    save_records(store, [record(100 + i, i * 7, status="FAIL", error="EXPIRED") for i in range(38, 50)])
    store.record_sent([sent(902, 20, TEXTS[1], 2), sent(703, 5, TEXTS[0], 1)])  # the console fills other rows in

    doubtful = store.in_doubt_messages()
    assert store.settle_message(doubtful[0].id, 704, 0, "OK", 1, "0.05", "RMB")  # merges the synced row
    assert store.settle_message(doubtful[1].id, None, SETTLED_NOT_SENT_CODE, "not sent")

    conn = sqlite3.connect(store.path, isolation_level=None)  # another writer (an older tool, the engine)
    conn.execute(
        "INSERT INTO messages (sid, mobile, text, sent_at, code) VALUES (5000, '1', '请回复退订', ?, 0)", (at(1),)
    )
    conn.execute("UPDATE messages SET sent_at = ?, campaign_id = 2 WHERE sid = 101", (at(-2000),))
    conn.execute("DELETE FROM messages WHERE sid = 102")
    conn.close()


def test_counters_equal_a_recount_after_every_kind_of_write(store, tmp_path):
    assert_counters_exact(store)
    mixed_writes(store, tmp_path)
    assert_counters_exact(store)
    with store.reading() as conn:
        days = {r[0] for r in counters.stored(conn)}
    assert len(days) == 3  # the writes spread over several days
    for since, until in RANGES:
        assert_stats_equal_grouping(store, since, until)
        assert_stats_equal_grouping(store, since, until, campaign_id=2)
    with store.transaction() as conn:  # a rebuild counts the same
        before = counters.stored(conn)
        counters.rebuild(conn)
        assert counters.stored(conn) == before


def test_a_report_arriving_later_moves_its_message_from_no_report_to_failed(store):
    store.record_sent([sent(1, 0), sent(2, 1)])
    day = at(0)[:10]
    assert stats_tuples(archive.daily_stats(store, None, None)) == [(day, 2, 0, 0, 2)]
    store.save_reports([report(1, "FAIL", "MK:0001")])
    assert stats_tuples(archive.daily_stats(store, None, None)) == [(day, 2, 0, 1, 1)]
    save_records(store, [record(2, 1, status="SUCCESS")])
    assert stats_tuples(archive.daily_stats(store, None, None)) == [(day, 2, 1, 1, 0)]
    assert archive.top_errors(store, None, None) == [("MK:0001", 1)]
    assert_counters_exact(store)


def test_a_campaign_numbered_0_is_told_from_no_campaign(store):
    store.record_sent([sent(1, 0, campaign_id=0), sent(2, 1), sent(3, 2, campaign_id=4)])
    assert stats_tuples(archive.campaign_stats(store, None, None)) == [(4, 1, 0, 0, 1), (0, 1, 0, 0, 1)]
    for since, until in RANGES:
        assert_stats_equal_grouping(store, since, until, campaign_id=0)


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["send", "report", "record", "redate", "delete"]),
        st.integers(0, 30),  # sid
        st.integers(-3000, 3000),  # minutes
        st.sampled_from(["SUCCESS", "FAIL", "UNKNOWN", ""]),
        st.sampled_from([None, 1, 2]),
    ),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_counters_stay_exact_under_any_sequence_of_writes(tmp_path_factory, operations):
    with Store.open(store_path(tmp_path_factory.mktemp("ops"))) as store:
        for op, sid, minute, status, campaign in operations:
            if op == "send":
                store.record_sent([sent(sid or None, minute, TEXTS[sid % 4], campaign)])
            elif op == "report" and sid:
                store.save_reports([report(sid, status, "MK:0001" if status == "FAIL" else "", minute)])
            elif op == "record" and sid:
                save_records(store, [record(sid, minute, TEXTS[sid % 4], status or "UNKNOWN")])
            elif op in ("redate", "delete"):
                with store.transaction() as conn:
                    if op == "redate":
                        conn.execute("UPDATE messages SET sent_at = ? WHERE sid = ?", (at(minute), sid))
                    else:
                        conn.execute("DELETE FROM messages WHERE sid = ?", (sid,))
        assert_counters_exact(store)
        assert_stats_equal_grouping(store, at(-1000), at(1000))


# --- the migration from v2 ----------------------------------------------------------------------


def test_migration_counts_the_messages_a_v2_store_holds(tmp_path):
    path = store_path(tmp_path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for migrate in store_db.MIGRATIONS[:2]:
        migrate(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.executemany(
        "INSERT INTO messages (sid, mobile, text, sent_at, code, campaign_id, report_status, error_msg)"
        " VALUES (?, '1', ?, ?, ?, ?, ?, ?)",
        [
            (i, TEXTS[i % 4], at(i * 45), 0 if i % 7 else 2, (i % 3) or None, ("SUCCESS", "FAIL", "")[i % 3], "MK:0001")
            for i in range(1, 80)
        ],
    )
    conn.execute("COMMIT")
    conn.close()
    with Store.open(path) as store:
        # v4 (issue 14) adds the sync marks, v5 (issue 15) the audit log: neither touches the counters
        assert store.schema_version == store_db.SCHEMA_VERSION == 5
        assert path.with_name(path.name + ".bak-v2").exists()
        assert_counters_exact(store)
        for since, until in RANGES:
            assert_stats_equal_grouping(store, since, until)


# --- the text search's walk by id ---------------------------------------------------------------


@pytest.fixture
def shuffled(store, monkeypatch):
    """Messages whose ids do not follow their send times: sends, records synced later of earlier
    days, rows re-dated; small id blocks so that the walk crosses many."""
    monkeypatch.setattr(counters, "ID_BLOCK_BITS", 3)
    with store.transaction() as conn:  # blocks of 8 ids, from the start
        for trigger in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER messages_counters_{trigger}")
        conn.execute("DROP TRIGGER messages_blocks_update")
        conn.execute(f"DROP TABLE {counters.DAILY_TABLE}")
        conn.execute(f"DROP TABLE {counters.BLOCKS_TABLE}")
        counters.create_schema(conn)
    store.record_sent(
        [sent(1000 + i, i * 3, TEXTS[i % 4], (i % 3) or None, mobile=f"1380013{i % 5:04d}") for i in range(200)]
    )
    save_records(store, [record(2000 + i, -i * 11, TEXTS[(i * 7) % 4]) for i in range(120)])  # older, higher ids
    store.record_sent([sent(3000 + i, 600 - i * 13, TEXTS[2]) for i in range(40)])
    store.save_reports([report(1000 + i, "FAIL" if i % 6 == 0 else "SUCCESS", "MK:0001") for i in range(0, 320, 2)])
    store.save_reports([report(2000 + i, "FAIL", "DB:0141") for i in range(0, 120, 5)])
    with store.transaction() as conn:
        conn.execute("UPDATE messages SET sent_at = ? WHERE sid BETWEEN 1010 AND 1015", (at(2000),))
    assert_counters_exact(store)
    return store


def pages(query, size):
    out, cursor = [], None
    while True:
        page = query.page(cursor, size)
        out.append(page)
        if page.cursor is None:
            return out
        cursor = page.cursor


@pytest.mark.parametrize(
    "flt",
    [
        {"text": "退订"},
        {"text": "秋装焕新"},
        {"text": "验证码", "since": at(-300), "until": at(300)},
        {"text": "退订", "report_status": "FAIL"},
        {"text": "退订", "report_status": "PENDING", "since": at(0)},
        {"text": "发货", "error_msg": "DB:0141"},
        {"text": "T", "campaign_id": 2, "until": at(100)},
        {"text": "不存在的词"},
    ],
)
@pytest.mark.parametrize("budget", [fts_walk.WALK_BUDGET, 40])
@pytest.mark.parametrize("small_steps", [False, True])
def test_the_walk_gives_the_row_by_row_plans_pages(shuffled, flt, budget, small_steps, monkeypatch):
    if small_steps:  # many chunks, probes that settle nothing, budgets that run out
        monkeypatch.setattr(fts_walk, "PROBE_ROWS", 3)
        monkeypatch.setattr(fts_walk, "FIRST_CHUNK", 3)
        monkeypatch.setattr(fts_walk, "MAX_CHUNK", 5)
    for descending in (True, False):
        walk = ArchiveQuery(shuffled, ArchiveFilter(**flt), descending=descending, drive_max=0, walk_budget=budget)
        scan = ArchiveQuery(shuffled, ArchiveFilter(**flt), descending=descending, drive_max=-1)
        assert walk.plan() == ("walk" if flt["text"] != "不存在的词" else "fts")
        assert scan.plan() == "scan"
        for size in (7, 50):
            walked, scanned = pages(walk, size), pages(scan, size)
            assert [p.rows for p in walked] == [p.rows for p in scanned], (flt, descending, size)
            assert [p.cursor for p in walked] == [p.cursor for p in scanned]
        assert walk.count() == scan.count()


def test_the_walk_skips_blocks_outside_the_range_and_gives_way_when_the_budget_runs_out(shuffled, monkeypatch):
    monkeypatch.setattr(fts_walk, "PROBE_ROWS", 3)
    monkeypatch.setattr(fts_walk, "FIRST_CHUNK", 2)
    old = ArchiveQuery(shuffled, ArchiveFilter(text="退订", until=at(-1000)), drive_max=0)
    assert old.page(None, 5).plan == "walk"
    rare_filter = ArchiveQuery(shuffled, ArchiveFilter(text="退订", error_msg="DB:0141"), drive_max=0, walk_budget=4)
    page = rare_filter.page(None, 5)
    assert page.plan == "scan"  # neither the probe nor 4 matches settled it: row by row
    assert (
        page.rows
        == ArchiveQuery(shuffled, ArchiveFilter(text="退订", error_msg="DB:0141"), drive_max=-1).page(None, 5).rows
    )
