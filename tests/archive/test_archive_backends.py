"""The store API on both backends (issue 15, item 8): the local SQLite store and the team store on
a real PostgreSQL give the same answers — archive filters and keyset pages, text search (退订),
reports / replies / records stored once, the suppression list, settings, statistics equal to a
recount of the messages after every kind of write. Nothing mocked."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from gui.api.models import BEIJING, Record, Reply, StatusReport
from gui.store.archive import SORT_KEYS
from gui.store.db import IN_DOUBT_CODE, SETTLED_NOT_SENT_CODE, SentMessage

BASE = datetime(2026, 3, 1, 21, 0, 0, tzinfo=BEIJING)  # 3 hours before a Beijing midnight
TEXTS = (
    "【豪霆云】亲爱的会员，12月优惠活动已开启，回T退订",
    "【豪霆云】您的验证码是4321。如非本人操作，请忽略本短信",
    "【豪霆云】您预约的牙齿美白将于9点开始",
    "【豪霆云】订退不是一个词",  # both characters, the other order
    "【Demo】Reply TD to opt out",
    "【豪霆云】50%_off 限时",
)


def at(minutes: float) -> str:
    return (BASE + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S")


def sent(sid, minute=0, text=TEXTS[0], campaign_id=None, code=0, mobile="13800138000"):
    return SentMessage(sid, mobile, text, at(minute), code, "OK", 1, "0.0500", "RMB", None, campaign_id)


def report(sid, status="SUCCESS", error="DELIVRD", minute=1, mobile="13800138000"):
    return StatusReport(sid, None, at(minute), error, mobile, status)


def record(sid, minute, text=TEXTS[3], status="SUCCESS", error="DELIVRD"):
    return Record(sid, "13900139000", at(minute), text, "SUCCESS", status, 1, at(minute + 1), error, None)


def execute(backend, sql, args=()):
    """A statement of another writer (the engine, a repair), in the backend's own SQL dialect."""
    with backend.store.transaction() as conn:
        conn.execute(sql if backend.name == "local" else sql.replace("?", "%s"), args)


# --- stored once --------------------------------------------------------------------------------


def test_reports_records_and_sends_meet_on_one_row_per_sid(store_backend):
    b, store = store_backend, store_backend.store
    assert store.save_reports([report(5, "SUCCESS")]) == 1  # the report comes first
    assert [(r.sid, r.source, r.text) for r in b.rows()] == [(5, "report", "")]
    store.record_sent([sent(5, text="【豪霆云】您的验证码是5555", campaign_id=2)])
    (row,) = b.rows()
    assert (row.source, row.text, row.report_status, row.campaign_id) == (
        "console",
        "【豪霆云】您的验证码是5555",
        "SUCCESS",
        2,
    )
    assert [r.sid for r in b.rows(text="5555")] == [5]  # the filled-in text is searchable
    assert b.save_records([record(5, 0, text="other", status="UNKNOWN", error="")]) == 1
    (row,) = b.rows()
    assert row.text == "【豪霆云】您的验证码是5555" and row.report_status == "SUCCESS"  # final kept
    store.save_reports([report(5, "FAIL", "MK:0005"), report(5, "FAIL", "MK:0005")])
    store.record_sent([sent(5)])
    assert b.save_records([record(5, 0)]) == 0
    assert [(r.sid, r.report_status, r.error_msg) for r in b.rows()] == [(5, "SUCCESS", "DELIVRD")]
    assert store.count_reports() == 1
    assert store.save_reports([report(5, "FAIL"), report(6, "UNKNOWN"), report(6, "FAIL"), report(6, "UNKNOWN")]) == 1
    assert {r.sid: r.report_status for r in b.rows()} == {5: "FAIL", 6: "FAIL"}  # a final report always wins
    assert {r.sid: r.report_status for r in store.reports_joined()} == {5: "FAIL", 6: "UNKNOWN"}  # the last


def test_any_order_of_sends_reports_and_records_keeps_one_row_per_sid(store_backend):
    b, store = store_backend, store_backend.store
    rng = random.Random(15)
    for round_ in range(6):
        base = round_ * 10
        events = [(rng.choice(["send", "report", "record"]), base + rng.randint(1, 6)) for _ in range(20)]
        statuses = {}
        for kind, sid in events:
            status = rng.choice(["SUCCESS", "FAIL", "UNKNOWN"])
            statuses.setdefault(sid, []).append((kind, status))
            if kind == "send":
                store.record_sent([sent(sid, text=f"text {sid}")])
            elif kind == "report":
                store.save_reports([report(sid, status)])
            else:
                b.save_records([record(sid, 0, text=f"text {sid}", status=status)])
        got = {r.sid: r for r in b.rows() if base < r.sid <= base + 6}
        assert sorted(got) == sorted(statuses)
        for sid, row in got.items():
            seen = [s for kind, s in statuses[sid] if kind != "send"]
            finals = [s for s in seen if s in ("SUCCESS", "FAIL")]
            if finals:
                assert row.report_status in finals
            elif seen:
                assert row.report_status == "UNKNOWN"
            if any(kind != "report" for kind, _ in statuses[sid]):
                assert row.text == f"text {sid}"
                assert [r.sid for r in b.rows(text=f"text {sid}")] == [sid]


def test_replies_stored_once_by_id_else_number_time_text(store_backend):
    store = store_backend.store

    def reply(id_, text="TD", reply_time="2024-05-01 11:00:00", mobile="13800138000"):
        return Reply(id_, mobile, text, reply_time, "01", "8888", "x")

    assert store.save_replies([reply("a"), reply("a"), reply("b")]) == 2
    assert store.save_replies([reply(None), reply(None)]) == 1
    assert store.save_replies([reply(None, text="TD "), reply(None, reply_time="2024-05-01 11:00:01")]) == 2
    assert store.save_replies([reply("a", text="changed")]) == 0
    assert store.count_replies() == 5
    assert [r.id for r in store.stored_replies(limit=2)] == [None, None]
    only = store.stored_replies(since="2024-05-01 11:00:01", until="2024-05-01 12:00:00")
    assert len(only) == 1 and only[0].reply_time == "2024-05-01 11:00:01" and only[0].received_at
    assert [r.id for r in store.stored_replies(mobile="13800138000", limit=10)][-2:] == ["b", "a"]


def test_reports_joined_and_sent_messages(store_backend):
    store = store_backend.store
    store.record_sent([sent(2**63 - 1, text="hello"), sent(None, code=3), sent(7, 1, text="other")])
    store.save_reports([report(2**63 - 1), report(999)])
    rows = store.reports_joined()
    assert {r.sid: r.text for r in rows} == {2**63 - 1: "hello", 999: None}
    assert [m.sid for m in store.sent_messages()] == [7, None, 2**63 - 1]
    assert store.count_recent_sends("13800138000", "other", at(0)) == 1
    assert store.reports_joined(mobile="13900000000") == []


def test_in_doubt_sends_are_settled_once(store_backend):
    b, store = store_backend, store_backend.store
    store.record_sent([sent(None, 0, code=IN_DOUBT_CODE), sent(None, 1, code=IN_DOUBT_CODE)])
    b.save_records([record(704, 0, text=TEXTS[0])])  # the provider's record came first
    first, second = store.in_doubt_messages()
    assert store.settle_message(first.id, 704, 0, "OK", 1, "0.05", "RMB")
    assert not store.settle_message(first.id, 704, 0, "OK", 1, "0.05", "RMB")  # settled already
    assert store.settle_message(second.id, None, SETTLED_NOT_SENT_CODE, "not sent")
    assert store.in_doubt_messages() == []
    by_sid = [(r.sid, r.source, r.report_status) for r in b.rows()]
    assert sorted(by_sid, key=str) == sorted([(704, "console", "SUCCESS"), (None, "console", "")], key=str)


def test_suppression_list_and_settings(store_backend):
    store = store_backend.store
    assert store.add_suppressed(["13800138000", " 13900139000 ", "", "13800138000"], "opt-out reply") == 2
    assert store.suppressed_numbers() == {"13800138000", "13900139000"}
    assert store.is_suppressed("13900139000") and not store.is_suppressed("13700137000")
    assert store.add_suppressed(["13800138000"], "again") == 0
    entries = {n: reason for n, reason, _ in store.suppression_entries()}
    assert entries == {"13800138000": "opt-out reply", "13900139000": "opt-out reply"}
    assert store.remove_suppressed(["13800138000", "13600000000"]) == 1
    assert store.suppressed_numbers() == {"13900139000"}
    assert store.get_setting("pull_consent", "ask") == "ask"
    store.set_setting("pull_consent", True)
    store.set_setting("price_per_part", Decimal("0.0500"))
    store.set_setting("last", {"中文": [1, 2]})
    assert (store.get_setting("pull_consent"), store.get_setting("price_per_part")) == (True, "0.0500")
    assert store.get_setting("last") == {"中文": [1, 2]}


# --- text search, filters, keyset pages -----------------------------------------------------------


def test_text_search_finds_two_character_and_rare_four_character_terms(store_backend):
    b = store_backend
    b.store.record_sent([sent(i + 1, i, text=t) for i, t in enumerate(TEXTS)])

    def by_text(query):
        return sorted(r.sid for r in b.rows(text=query))

    assert by_text("退订") == [1]  # not 订退
    assert by_text("牙齿美白") == [3] and by_text("美白将于9点") == [3] and by_text("验证码是4321") == [2]
    assert by_text("td") == [5] and by_text("TD") == [5]
    assert by_text("退") == [1, 4]
    assert by_text("50%_") == [6] and by_text("%") == [6] and by_text("_off") == [6]
    assert by_text("美白牙齿") == []
    for query in ("退订", "牙齿美白", "验证码", "T退"):  # with and without the index: the same rows
        via_index = b.archive.ArchiveQuery(b.store, b.archive.ArchiveFilter(text=query), drive_max=10**9)
        via_scan = b.archive.ArchiveQuery(b.store, b.archive.ArchiveFilter(text=query), drive_max=-1)
        assert via_scan.plan() == "scan" and via_index.plan() != "scan"
        assert via_index.page().rows == via_scan.page().rows


FILTERS = [
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
]


def fill(store):
    store.record_sent(
        [sent(1000 + i, i, TEXTS[i % len(TEXTS)], (i % 3) or None, mobile=f"1380013{i % 7:04d}") for i in range(300)]
        + [sent(None, 5, "refused", code=3)]
    )
    store.save_reports(
        [
            report(
                1000 + i,
                "FAIL" if i % 10 == 0 else "SUCCESS",
                "MK:0001" if i % 20 == 0 else ("DB:0141" if i % 10 == 0 else "DELIVRD"),
                i + 1,
                f"1380013{i % 7:04d}",
            )
            for i in range(290)
        ]
    )


def keep(flt, r):
    status = flt.get("report_status")
    return (
        (not flt.get("since") or r.sent_at >= flt["since"])
        and (not flt.get("until") or r.sent_at <= flt["until"])
        and (not flt.get("mobile") or r.mobile == flt["mobile"])
        and (status in (None, r.report_status) or (status == "PENDING" and r.report_status in ("", "UNKNOWN")))
        and (not flt.get("error_msg") or r.error_msg == flt["error_msg"])
        and (flt.get("campaign_id") in (None, r.campaign_id))
        and (not flt.get("text") or flt["text"] in r.text)
    )


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_keyset_pages_equal_one_sorted_filtered_list(store_backend, sort):
    b = store_backend
    fill(b.store)
    every = b.rows()
    assert len(every) == 301
    for flt in FILTERS:
        for descending in (True, False):
            query = b.archive.ArchiveQuery(b.store, b.archive.ArchiveFilter(**flt), sort=sort, descending=descending)
            key = (
                (lambda r: (r.sent_at, r.id)) if sort == "sent_at" else (lambda r: (getattr(r, sort), r.sent_at, r.id))
            )
            expected = sorted((r for r in every if keep(flt, r)), key=key, reverse=descending)
            got, cursor, pages = [], None, 0
            while True:
                page = query.page(cursor, 17)
                got += page.rows
                pages += 1
                if page.cursor is None:
                    break
                cursor = page.cursor
            assert got == expected, (flt, descending)
            assert pages == max(1, -(-len(expected) // 17))
            assert query.count() == len(expected)


# --- statistics ----------------------------------------------------------------------------------


def mixed_writes(b) -> None:
    """Every path that writes messages or their reports, and another writer's statements."""
    store = b.store
    store.record_sent([sent(100 + i, i * 7, TEXTS[i % 4], (i % 3) or None) for i in range(60)])  # over midnight
    store.record_sent([sent(None, 30, code=3), sent(None, 31, code=IN_DOUBT_CODE), sent(None, 32, code=IN_DOUBT_CODE)])
    store.save_reports(
        [report(100 + i, "SUCCESS" if i % 5 else "FAIL", "MK:0001" if i % 10 else "DB:0141") for i in range(40)]
    )
    store.save_reports([report(100, "UNKNOWN", ""), report(101, "FAIL", "UNDELIV")])
    store.save_reports([report(900 + i, "SUCCESS", minute=100 + i) for i in range(5)])  # placeholders
    b.save_records([record(700 + i, -1440 - i * 30) for i in range(8)])
    b.save_records([record(900, -600, TEXTS[2]), record(901, 10, status="FAIL", error="MK:0005")])
    b.save_records([record(100 + i, i * 7, status="FAIL", error="EXPIRED") for i in range(38, 50)])
    store.record_sent([sent(902, 20, TEXTS[1], 2), sent(703, 5, TEXTS[0], 1)])
    doubtful = store.in_doubt_messages()
    assert store.settle_message(doubtful[0].id, 704, 0, "OK", 1, "0.05", "RMB")  # merges the synced row
    assert store.settle_message(doubtful[1].id, None, SETTLED_NOT_SENT_CODE, "not sent")
    execute(b, "UPDATE messages SET sent_at = ?, campaign_id = 2 WHERE sid = 101", (at(-2000),))
    execute(b, "DELETE FROM messages WHERE sid = 102")


def regrouped(rows, since, until, campaign_id=None):
    """The statistics as grouping the messages gives them (the reference)."""
    chosen = [
        r
        for r in rows
        if (since is None or r.sent_at >= since)
        and (until is None or r.sent_at <= until)
        and (campaign_id is None or r.campaign_id == campaign_id)
    ]
    days, campaigns, errors = {}, {}, {}
    for r in chosen:
        if r.report_status == "FAIL":
            errors[r.error_msg] = errors.get(r.error_msg, 0) + 1
        if r.code != 0:
            continue
        for table, key in ((days, r.sent_at[:10]), (campaigns, r.campaign_id)):
            if table is campaigns and key is None:
                continue
            s = table.setdefault(key, [0, 0, 0, 0])
            s[0] += 1
            s[1] += r.report_status == "SUCCESS"
            s[2] += r.report_status == "FAIL"
            s[3] += r.report_status in ("", "UNKNOWN")
    return (
        [(k, *v) for k, v in sorted(days.items())],
        [(k, *v) for k, v in sorted(campaigns.items(), reverse=True)],
        sorted(errors.items(), key=lambda item: (-item[1], item[0]))[:10],
    )


RANGES = [
    (None, None),
    (at(0), None),
    (None, at(200)),
    ("2026-03-01 00:00:00", "2026-03-03 23:59:59"),
    ("2026-03-01 22:30:00", "2026-03-02 01:15:00"),
    ("2026-03-02 00:00:00", "2026-03-02 00:59:59"),
    ("2026-03-02 00:30:00", "2026-03-02 00:40:00"),
    ("2026-03-03 00:00:00", "2026-03-01 00:00:00"),
    ("2026", "2027"),
]


def stats_tuples(rows):
    return [(s.key, s.sent, s.delivered, s.failed, s.no_report) for s in rows]


def test_statistics_equal_a_recount_after_every_kind_of_write(store_backend):
    b = store_backend
    stored, recount = b.counters()
    assert stored == recount == []
    mixed_writes(b)
    stored, recount = b.counters()
    assert stored == recount and len({row[0] for row in stored}) == 3
    every = b.rows()
    for since, until in RANGES:
        for campaign in (None, 2):
            days, campaigns, errors = regrouped(every, since, until, campaign)
            assert stats_tuples(b.archive.daily_stats(b.store, since, until, campaign)) == days, (since, until)
            assert b.archive.top_errors(b.store, since, until, campaign) == errors, (since, until)
        assert stats_tuples(b.archive.campaign_stats(b.store, since, until)) == regrouped(every, since, until)[1]
    assert b.archive.campaigns(b.store) == [(2, "#2"), (1, "#1")]
    codes = b.archive.error_codes(b.store)  # most frequent first (ties in any order)
    frequency = dict(regrouped(every, None, None)[2])
    assert sorted(codes) == sorted(frequency) and [frequency[c] for c in codes] == sorted(frequency.values())[::-1]
    now = datetime(2026, 3, 2, 14, 0, 0, tzinfo=BEIJING)
    unreported = [r.sid for r in b.archive.without_report(b.store, 2, now=now)]
    expected = [
        r.sid
        for r in sorted(every, key=lambda r: (r.sent_at, r.id), reverse=True)
        if r.sid and r.code == 0 and r.report_status in ("", "UNKNOWN") and r.sent_at <= "2026-03-02 12:00:00"
    ]
    assert unreported == expected and unreported
