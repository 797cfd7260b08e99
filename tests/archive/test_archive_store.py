"""The archive in the store: schema v2 migration from v1, report fields on messages, placeholders,
duplicates stored once, full-text search (退订 and a rare 4-character term), keyset pages, stats."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.api.models import BEIJING, Record, Reply, StatusReport
from gui.store import archive, fts
from gui.store import db as store_db
from gui.store.archive import ArchiveFilter, ArchiveQuery
from gui.store.db import SentMessage, Store, store_path
from gui.store.sync import save_records

BASE = datetime(2026, 3, 1, 8, 0, 0, tzinfo=BEIJING)


def at(minutes: float) -> str:
    return (BASE + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")


def sent(sid, text="【豪霆云】您的验证码是1234", mobile="13800138000", minute=0, code=0, campaign_id=None):
    return SentMessage(
        sid, mobile, text, at(minute), code, "OK" if code == 0 else "err", 1, "0.0500", "RMB", None, campaign_id
    )


def report(sid, status="SUCCESS", error="DELIVRD", mobile="13800138000", minute=1):
    return StatusReport(sid, None, at(minute), error, mobile, status)


def record(sid, text="【豪霆云】您的订单已发货", mobile="13900139000", minute=0, status="SUCCESS", error="DELIVRD"):
    return Record(sid, mobile, at(minute), text, "SUCCESS", status, 1, at(minute + 1), error, None)


@pytest.fixture
def store(tmp_path):
    s = Store.open(store_path(tmp_path))
    yield s
    s.close()


def rows(store, **filters) -> list:
    return ArchiveQuery(store, ArchiveFilter(**filters)).page(None, 1000).rows


# --- migration ---------------------------------------------------------------------------


def make_v1_store(path) -> None:
    """A store exactly as schema v1 (db.py before the archive) wrote it."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    store_db.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.executemany(
        "INSERT INTO messages (sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (101, "13800138000", "【豪霆云】会员日活动，回T退订", at(0), 0, "OK", 1, "0.0500", "RMB", "u1", 3),
            (
                102,
                "13800138001",
                "【豪霆云】您预约的牙齿美白将于9点开始",
                at(1),
                0,
                "OK",
                1,
                "0.0500",
                "RMB",
                None,
                None,
            ),
            (None, "13800138002", "【豪霆云】余额不足", at(2), 3, "余额不足", 0, "0", "RMB", None, None),
            (2**63 - 1, "13800138003", "【Demo】Reply TD to opt out", at(3), 0, "OK", 1, "0.0500", "RMB", None, None),
        ],
    )
    conn.executemany(
        "INSERT INTO reports (sid, mobile, report_status, user_receive_time, error_msg, error_detail, uid, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (101, "13800138000", "SUCCESS", at(1), "DELIVRD", "", "u1", at(5)),
            (102, "13800138001", "FAIL", at(2), "MK:0001", "手机关机或停机", None, at(5)),
            (999, "13700137000", "SUCCESS", at(4), "DELIVRD", "", None, at(6)),
        ],
    )  # not sent by the console
    conn.execute(
        "INSERT INTO replies (dedup_key, reply_id, mobile, text, reply_time, received_at)"
        " VALUES ('id:r1', 'r1', '13800138000', '退订', ?, ?)",
        (at(10), at(11)),
    )
    conn.execute("INSERT INTO suppression (number, reason, added_at) VALUES ('13800138000', 'opt-out', ?)", (at(11),))
    conn.execute("INSERT INTO settings (key, value) VALUES ('pull_consent', 'true')")
    conn.execute("CREATE TABLE campaign_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")  # the journal's
    conn.execute("INSERT INTO campaign_meta VALUES ('schema_version', '1')")
    conn.execute("COMMIT")
    conn.close()


def table(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_migration_from_v1_keeps_every_row_and_backs_up_first(tmp_path):
    path = store_path(tmp_path)
    make_v1_store(path)
    before = {
        name: table(path, f"SELECT * FROM {name} ORDER BY 1")
        for name in ("messages", "reports", "replies", "suppression", "settings", "campaign_meta")
    }

    store = Store.open(path)
    assert store.schema_version == store_db.SCHEMA_VERSION >= 2
    # every v1 row, every v1 column, unchanged
    for name in ("reports", "replies", "suppression", "settings", "campaign_meta"):
        assert table(path, f"SELECT * FROM {name} ORDER BY 1") == before[name], name
    v1_columns = "id, sid, mobile, text, sent_at, code, msg, count, fee, unit, uid, campaign_id"
    assert table(path, f"SELECT {v1_columns} FROM messages WHERE source = 'console' ORDER BY 1") == before["messages"]
    # the report fields moved onto the messages; the report of an unknown sid has a placeholder row
    by_sid = {r.sid: r for r in rows(store)}
    assert by_sid[101].report_status == "SUCCESS" and by_sid[102].error_msg == "MK:0001"
    assert by_sid[999].source == "report" and by_sid[999].text == "" and by_sid[999].report_status == "SUCCESS"
    assert by_sid[2**63 - 1].report_status == ""
    # existing functions see what they saw before
    assert {(r.sid, r.text) for r in store.reports_joined()} == {
        (101, "【豪霆云】会员日活动，回T退订"),
        (102, "【豪霆云】您预约的牙齿美白将于9点开始"),
        (999, None),
    }
    assert len(store.sent_messages()) == 4 and store.count_replies() == 1 and store.is_suppressed("13800138000")
    assert store.get_setting("pull_consent") is True
    # the old texts are searchable at once
    assert [r.sid for r in rows(store, text="退订")] == [101]
    assert [r.sid for r in rows(store, text="牙齿美白")] == [102]
    if os.name == "posix":
        for file in path.parent.glob(path.name + "*"):  # the store, its -wal/-shm, the backup
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    store.close()

    backup = path.with_name(f"{path.name}.bak-v1")
    assert table(backup, "PRAGMA user_version") == [(1,)]
    for name, content in before.items():
        assert table(backup, f"SELECT * FROM {name} ORDER BY 1") == content


def test_migration_is_one_transaction(tmp_path, monkeypatch):
    """A v1 store whose v2 migration fails stays a complete v1 store."""
    path = store_path(tmp_path)
    make_v1_store(path)

    def broken_index(conn):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(fts, "create_schema", broken_index)
    with pytest.raises(RuntimeError):
        Store.open(path)
    assert table(path, "PRAGMA user_version") == [(1,)]
    assert "source" not in {r[1] for r in table(path, "PRAGMA table_info(messages)")}
    assert table(path, "SELECT name FROM sqlite_master WHERE name = 'records'") == []


# --- nothing pulled is lost, each once --------------------------------------------------


def test_reports_records_and_sends_meet_on_one_row_per_sid(store):
    store.save_reports([report(5, "SUCCESS")])  # the report comes first
    assert [(r.sid, r.source, r.text) for r in rows(store)] == [(5, "report", "")]
    store.record_sent([sent(5, text="【豪霆云】您的验证码是5555", minute=0, campaign_id=2)])
    (row,) = rows(store)
    assert (row.source, row.text, row.report_status, row.campaign_id) == (
        "console",
        "【豪霆云】您的验证码是5555",
        "SUCCESS",
        2,
    )
    assert [r.sid for r in rows(store, text="5555")] == [5]  # the filled-in text is indexed
    # a record for the same sid: still one row, a final report is not undone by UNKNOWN
    assert save_records(store, [record(5, text="other", status="UNKNOWN", error="")]) == 1
    (row,) = rows(store)
    assert row.text == "【豪霆云】您的验证码是5555" and row.report_status == "SUCCESS"
    # a later final report replaces an earlier one; duplicates of everything change nothing
    store.save_reports([report(5, "FAIL", "MK:0005"), report(5, "FAIL", "MK:0005")])
    store.record_sent([sent(5)])
    assert save_records(store, [record(5)]) == 0
    assert [(r.sid, r.report_status, r.error_msg) for r in rows(store)] == [(5, "SUCCESS", "DELIVRD")]
    assert store.count_reports() == 1
    assert store._query("SELECT COUNT(*) FROM records").fetchone()[0] == 1


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["send", "report", "record"]),
            st.integers(1, 6),
            st.sampled_from(["SUCCESS", "FAIL", "UNKNOWN"]),
        ),
        max_size=25,
    )
)
def test_any_order_of_sends_reports_and_records_keeps_one_row_per_sid(tmp_path_factory, events):
    s = Store.open(store_path(tmp_path_factory.mktemp("order")))
    for kind, sid, status in events:
        if kind == "send":
            s.record_sent([sent(sid, text=f"text {sid}")])
        elif kind == "report":
            s.save_reports([report(sid, status)])
        else:
            save_records(s, [record(sid, text=f"text {sid}", status=status)])
    got = rows(s)
    assert sorted(r.sid for r in got) == sorted({sid for _, sid, _ in events})
    for row in got:
        statuses = [st_ for kind, sid, st_ in events if sid == row.sid and kind != "send"]
        finals = [x for x in statuses if x in ("SUCCESS", "FAIL")]
        if finals:
            assert row.report_status in finals  # never back to UNKNOWN once final
        elif statuses:
            assert row.report_status == "UNKNOWN"
        # the text is known as soon as a send or a record said it
        if any(kind in ("send", "record") for kind, sid, _ in events if sid == row.sid):
            assert row.text == f"text {row.sid}"
            assert [r.sid for r in rows(s, text=f"text {row.sid}")] == [row.sid]
    s.close()


def test_replies_stay_once_each(store):
    reply = Reply("r9", "13800138000", "退订", at(3), "01", "8888", "x")
    assert store.save_replies([reply, reply]) == 1 and store.save_replies([reply]) == 0


# --- full-text search -----------------------------------------------------------------------


def test_index_tokens_are_bigrams_plus_the_last_character():
    assert fts.index_tokens("回T退订") == "回t t退 退订 订"
    assert fts.index_tokens("退订。TD") == "退订 订 td d"
    assert fts.match_expression("退订") == '"退订"'
    assert fts.match_expression("退") == '"退" *'
    assert fts.match_expression("，。 !") is None


TEXTS = [
    "【豪霆云】亲爱的会员，12月优惠活动已开启，回T退订",
    "【豪霆云】您的验证码是4321。如非本人操作，请忽略本短信",
    "【豪霆云】您预约的牙齿美白将于9点开始",
    "【豪霆云】订退不是一个词",  # both characters, the other order
    "【Demo】Reply TD to opt out",
    "【豪霆云】50%_off 限时",
]


def test_fts_finds_two_character_and_rare_four_character_terms(store):
    store.record_sent([sent(i + 1, text=t, minute=i) for i, t in enumerate(TEXTS)])
    with store.reading() as conn:
        assert set(fts.matching_ids(conn, "退订")) >= {1}
    by_text = lambda q: sorted(r.sid for r in rows(store, text=q))  # noqa: E731
    assert by_text("退订") == [1]  # not 订退
    assert by_text("牙齿美白") == [3]
    assert by_text("美白将于9点") == [3]
    assert by_text("验证码是4321") == [2]
    assert by_text("td") == [5] and by_text("TD") == [5]
    assert by_text("退") == [1, 4]
    assert by_text("50%_") == [6] and by_text("%") == [6] and by_text("_off") == [6]
    assert by_text("美白牙齿") == []
    # both plans give the same answer
    for query in ("退订", "牙齿美白", "验证码", "T退"):
        via_index = ArchiveQuery(store, ArchiveFilter(text=query), drive_max=10**9)
        via_scan = ArchiveQuery(store, ArchiveFilter(text=query), drive_max=-1)
        assert via_index.plan() == "fts" and via_scan.plan() == "scan"
        assert via_index.page().rows == via_scan.page().rows


def test_rows_written_by_another_connection_are_indexed_before_a_search(tmp_path, store):
    conn = sqlite3.connect(store_path(tmp_path), isolation_level=None)
    conn.execute(
        "INSERT INTO messages (sid, mobile, text, sent_at, code) VALUES (77, '13800138000', '请回复退订', ?, 0)",
        (at(0),),
    )
    conn.close()
    assert [r.sid for r in rows(store, text="退订")] == [77]


# --- filters, sorting, keyset pages -----------------------------------------------------------


@pytest.fixture
def filled(store):
    messages = []
    for i in range(300):
        text = TEXTS[i % len(TEXTS)]
        messages.append(sent(1000 + i, text=text, mobile=f"1380013{i % 7:04d}", minute=i, campaign_id=(i % 3) or None))
    messages.append(sent(None, text="refused", minute=5, code=3))
    store.record_sent(messages)
    store.save_reports(
        [
            report(
                1000 + i,
                "FAIL" if i % 10 == 0 else "SUCCESS",
                "MK:0001" if i % 20 == 0 else ("DB:0141" if i % 10 == 0 else "DELIVRD"),
                f"1380013{i % 7:04d}",
                i + 1,
            )
            for i in range(290)
        ]
    )
    return store


def all_pages(query, size):
    out, cursor, pages = [], None, 0
    while True:
        page = query.page(cursor, size)
        out += page.rows
        pages += 1
        if page.cursor is None:
            return out, pages
        cursor = page.cursor


@pytest.mark.parametrize(
    "flt",
    [
        {},
        {"since": at(100), "until": at(199)},
        {"mobile": "13800130003"},
        {"report_status": "FAIL"},
        {"report_status": "PENDING"},
        {"error_msg": "MK:0001"},
        {"campaign_id": 2},
        {"text": "退订"},
        {"text": "牙齿美白", "mobile": "13800130002"},
        {"report_status": "FAIL", "since": at(50), "text": "验证码"},
    ],
)
@pytest.mark.parametrize("sort", archive.SORT_KEYS)
def test_keyset_pages_equal_one_sorted_filtered_list(filled, flt, sort):
    every = list(rows(filled))

    def keep(r):
        return (
            (not flt.get("since") or r.sent_at >= flt["since"])
            and (not flt.get("until") or r.sent_at <= flt["until"])
            and (not flt.get("mobile") or r.mobile == flt["mobile"])
            and (
                flt.get("report_status") in (None, r.report_status)
                or (flt.get("report_status") == "PENDING" and r.report_status in ("", "UNKNOWN"))
            )
            and (not flt.get("error_msg") or r.error_msg == flt["error_msg"])
            and (flt.get("campaign_id") in (None, r.campaign_id))
            and (not flt.get("text") or flt["text"] in r.text)
        )

    for descending in (True, False):
        query = ArchiveQuery(filled, ArchiveFilter(**flt), sort=sort, descending=descending)
        key = (lambda r: (r.sent_at, r.id)) if sort == "sent_at" else (lambda r: (getattr(r, sort), r.sent_at, r.id))
        expected = sorted((r for r in every if keep(r)), key=key, reverse=descending)
        got, pages = all_pages(query, 17)
        assert got == expected
        assert pages == max(1, -(-len(expected) // 17))  # no empty page at the end
        assert query.count() == len(expected)
    assert len(every) == 301


def test_first_page_walks_an_index_for_each_filter(filled):
    for flt, index in [
        ({}, "messages_sent"),
        ({"mobile": "1"}, "messages_mobile_sent"),
        ({"report_status": "FAIL"}, "messages_status_sent"),
        ({"error_msg": "MK:0001"}, "messages_error_sent"),
        ({"campaign_id": 1}, "messages_campaign_sent"),
    ]:
        plan = " ".join(ArchiveQuery(filled, ArchiveFilter(**flt)).explain())
        assert index in plan and "TEMP B-TREE" not in plan, (flt, plan)
        later = " ".join(ArchiveQuery(filled, ArchiveFilter(**flt)).explain(cursor=("2026-03-01 09:00:00", 5)))
        assert index in later and "TEMP B-TREE" not in later, (flt, later)


def test_sorting_by_something_unindexed_is_refused(store):
    with pytest.raises(ValueError):
        ArchiveQuery(store, sort="text")


# --- statistics ---------------------------------------------------------------------------------


def test_daily_and_campaign_stats_errors_and_messages_without_report(store):
    day1, day2 = "2026-03-01 10:00:00", "2026-03-02 10:00:00"
    store.record_sent(
        [
            SentMessage(1, "13800138000", "a", day1, 0, "", 1, "0.05", "RMB", None, 1),
            SentMessage(2, "13800138001", "b", day1, 0, "", 1, "0.05", "RMB", None, 1),
            SentMessage(3, "13800138002", "c", day1, 0, "", 1, "0.05", "RMB", None, None),
            SentMessage(4, "13800138003", "d", day2, 0, "", 1, "0.05", "RMB", None, 2),
            SentMessage(5, "13800138004", "e", day2, 0, "", 1, "0.05", "RMB", None, 2),
            SentMessage(None, "13800138005", "f", day2, 3, "余额不足", 0, "0", "RMB", None, 2),  # refused: not sent
        ]
    )
    store.save_reports(
        [
            StatusReport(1, None, day1, "DELIVRD", "13800138000", "SUCCESS"),
            StatusReport(2, None, day1, "MK:0001", "13800138001", "FAIL"),
            StatusReport(4, None, day2, "MK:0001", "13800138003", "FAIL"),
            StatusReport(5, None, day2, "", "13800138004", "UNKNOWN"),
        ]
    )
    days = archive.daily_stats(store, "2026-03-01 00:00:00", "2026-03-02 23:59:59")
    assert [(d.key, d.sent, d.delivered, d.failed, d.no_report) for d in days] == [
        ("2026-03-01", 3, 1, 1, 1),
        ("2026-03-02", 2, 0, 1, 1),
    ]
    total = archive.total_stats(days)
    # the rate is over the reported only (issue 14): 1 delivered, 2 failed, 2 awaiting a report
    assert (total.sent, total.delivered, total.failed, total.no_report, total.success_rate) == (5, 1, 2, 2, 1 / 3)
    assert [(c.key, c.sent, c.failed) for c in archive.campaign_stats(store, None, None)] == [(2, 2, 1), (1, 2, 1)]
    assert [(d.key, d.sent) for d in archive.daily_stats(store, None, None, campaign_id=2)] == [("2026-03-02", 2)]
    assert archive.top_errors(store, None, None) == [("MK:0001", 2)]
    now = datetime(2026, 3, 2, 14, 0, 0, tzinfo=BEIJING)
    assert [r.sid for r in archive.without_report(store, 2, now=now)] == [5, 3]
    assert [r.sid for r in archive.without_report(store, 5, now=now)] == [3]
    assert archive.campaigns(store) == [(2, "#2"), (1, "#1")]
    assert archive.error_codes(store) == ["MK:0001"]
