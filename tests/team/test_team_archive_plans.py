"""The team archive's text plans on a real PostgreSQL (issue 18, item 3): the GIN index's matches
sorted ("tokens"), the time index row by row ("walk", handing over to the day walk when its budget
runs out), the day walk ("days") — each pages exactly as testing every row does ("scan"), for a
rare, a common and an old term, with a status, an error code, a campaign, "no report yet", dates,
both directions; the filter's key tokens follow every kind of write; the plan chosen follows the
term's share."""

from __future__ import annotations

import random

import pg
import psycopg
import pytest

from gui.api.models import Record, StatusReport
from gui.store.archive import ArchiveFilter
from gui.store.db import SentMessage
from gui.store.fts import index_tokens
from gui.store.team import TeamStore, migrate_dsn
from gui.store.team import archive as team_archive
from gui.store.team import terms as team_terms

OLD = "【豪霆云】秋装焕新季，{n}折，回T退订"  # only in the first ten days
COMMON = "【豪霆云】会员日{n}，回T退订"
CODE = "【豪霆云】您的验证码是{n}"
RARE = "【Demo】预约牙齿美白{n}"


def day_time(day: int, second: int) -> str:
    return f"2026-03-{day:02d} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"


@pytest.fixture
def archive(pg_database):
    """A month of messages: texts by day, reports, campaigns, error codes; analysed (the statistics
    the plans are chosen by)."""
    migrate_dsn(pg_database.owner_dsn, operators=[pg.OPERATOR])
    store = TeamStore.open(pg_database.operator_dsn)
    rng = random.Random(18)
    messages, reports = [], []
    for i in range(900):
        day = 1 + i * 30 // 900
        pick = rng.random()
        if day <= 10 and pick < 0.3:
            text = OLD
        elif i % 97 == 0:
            text = RARE
        elif pick < 0.6:
            text = COMMON
        else:
            text = CODE
        # several messages share a second: the id breaks the tie
        sent_at = day_time(day, rng.randrange(0, 86400, 600))
        campaign = (1 + i % 3) if text in (OLD, COMMON) else None
        messages.append(
            SentMessage(
                1000 + i,
                f"1380013{i % 9:04d}",
                text.format(n=i % 7),
                sent_at,
                0,
                "OK",
                1,
                "0.05",
                "RMB",
                None,
                campaign,
            )
        )
        draw = rng.random()
        if draw < 0.85:
            status, error = ("FAIL", rng.choice(["MK:0001", "DB:0141"])) if draw < 0.2 else ("SUCCESS", "DELIVRD")
            reports.append(StatusReport(1000 + i, None, sent_at, error, f"1380013{i % 9:04d}", status))
        elif draw < 0.9:
            reports.append(StatusReport(1000 + i, None, sent_at, "", f"1380013{i % 9:04d}", "UNKNOWN"))
    store.record_sent(messages)
    store.save_reports(reports)
    with psycopg.connect(pg_database.owner_dsn, autocommit=True) as owner:
        owner.execute("ANALYZE messages")
    try:
        yield store
    finally:
        store.close()


def all_pages(query, size):
    rows, cursor = [], None
    while True:
        page = query.page(cursor, size)
        rows += page.rows
        if page.cursor is None:
            return rows
        cursor = page.cursor


FILTERS = [
    {"text": "秋装焕新"},
    {"text": "退订"},
    {"text": "牙齿美白"},
    {"text": "验证码", "since": "2026-03-05 00:00:00", "until": "2026-03-20 13:30:00"},
    {"text": "秋装焕新", "report_status": "FAIL"},
    {"text": "秋装", "report_status": "FAIL", "since": "2026-03-02 12:00:00", "until": "2026-03-29 23:59:59"},
    {"text": "退订", "report_status": "PENDING"},
    {"text": "退订", "error_msg": "MK:0001"},
    {"text": "回T退订", "campaign_id": 2, "until": "2026-03-15 00:00:00"},
    {"text": "验证码是3", "report_status": "SUCCESS", "error_msg": "DELIVRD"},
    {"text": "无此词"},
]


@pytest.mark.parametrize("plan", team_archive.TEXT_PLANS)
def test_every_text_plan_pages_as_testing_every_row(archive, plan):
    for flt in FILTERS:
        for descending in (True, False):
            scan = team_archive.ArchiveQuery(archive, ArchiveFilter(**flt), descending=descending, drive_max=-1)
            query = team_archive.ArchiveQuery(
                archive, ArchiveFilter(**flt), descending=descending, walk_budget=37, text_plan=plan
            )
            assert (scan.plan(), query.plan()) == ("scan", plan)
            expected = all_pages(scan, 10_000)
            assert all_pages(query, 13) == expected, (plan, flt, descending)
            assert query.page(None, 7).rows == expected[:7]
            assert query.count() == len(expected)
    assert all_pages(team_archive.ArchiveQuery(archive, ArchiveFilter(text="秋装焕新"), text_plan=plan), 13)


def test_the_walk_hands_over_to_the_day_walk_when_its_budget_runs_out(archive):
    """An old term: the newest rows hold none of it; the walk tests its budget, then walks the days."""
    flt = ArchiveFilter(text="秋装焕新")
    scan = team_archive.ArchiveQuery(archive, flt, drive_max=-1).page(None, 50).rows
    for budget in (1, 30, 600, 10_000):
        walk = team_archive.ArchiveQuery(archive, flt, walk_budget=budget, text_plan="walk")
        assert walk.page(None, 50).rows == scan, budget


def test_the_day_walk_probes_windows_instead_of_every_empty_day(archive):
    query = team_archive.ArchiveQuery(archive, ArchiveFilter(text="秋装焕新"), text_plan="days")
    with archive.reading() as conn:
        walk = team_archive.DayWalk(conn, query.days(), ["秋装", "焕新"], [], [], [], True)
        rows = walk.rows(5)
    assert len(rows) == 5 and max(r[4] for r in rows) < "2026-03-11"
    assert walk.fetches <= 3 and walk.probes <= 12  # 20 empty days passed by probes, not fetches


def test_key_tokens_follow_reports_records_and_other_writers(archive):
    """A message's status, error code, campaign and day are in its tokens whichever write changed
    them: every plan finds it by its new keys and never by its old ones."""
    archive.save_reports([StatusReport(1001, None, None, "UNDELIV", "1", "FAIL")])
    archive.save_records(
        [
            Record(
                5001,
                "13900139000",
                day_time(31, 100),
                "【Demo】新记录秋装焕新",
                "SUCCESS",
                "FAIL",
                1,
                None,
                "EXPIRED",
                None,
            )
        ]
    )
    with archive.transaction() as conn:
        conn.execute("UPDATE messages SET campaign_id = 9, sent_at = %s WHERE sid = 1002", (day_time(31, 50),))

    def sids(**flt):
        found = set()
        for plan in team_archive.TEXT_PLANS:
            query = team_archive.ArchiveQuery(archive, ArchiveFilter(**flt), walk_budget=5, text_plan=plan)
            found.add(tuple(r.sid for r in all_pages(query, 3)))
        assert len(found) == 1, flt
        return list(found.pop())

    text = archive._query("SELECT text FROM messages WHERE sid = 1001")[0][0]
    assert 1001 in sids(text=text[-6:], report_status="FAIL", error_msg="UNDELIV")
    assert 5001 in sids(text="秋装焕新", report_status="FAIL", error_msg="EXPIRED", since=day_time(31, 0))
    moved = archive._query("SELECT text FROM messages WHERE sid = 1002")[0][0]
    assert sids(text=moved[-4:], campaign_id=9, since=day_time(31, 0)) == [1002]
    assert 1002 not in sids(text=moved[-4:], until=day_time(30, 86399))
    # every row: its text's tokens, then exactly its keys (none left over from before)
    for text, sent_at, status, error, campaign, tokens in archive._query(
        "SELECT text, sent_at, report_status, error_msg, campaign_id, tokens FROM messages"
    ):
        keys = [f"@{sent_at[:10]}", f"#s:{status}"] + ([f"#e:{error}"] if error else [])
        keys += [f"#c:{campaign}"] if campaign is not None else []
        assert list(tokens) == index_tokens(text).split() + keys


def test_the_plan_follows_the_terms_share(archive, monkeypatch):
    """Rare: the index's matches; common: the time index; in between: day by day — the same rows."""
    team_terms._cache.clear()
    monkeypatch.setattr(team_archive, "RARE_MATCHES", 40)
    shares = team_terms.element_frequencies(archive)
    assert shares["退订"] > team_archive.WALK_SHARE > shares["秋装"] > 40 / 900
    for text, plan in (("退订", "walk"), ("秋装焕新", "days"), ("牙齿美白", "tokens"), ("退", "scan")):
        query = team_archive.ArchiveQuery(archive, ArchiveFilter(text=text))
        assert query.plan() == plan, text
        expected = all_pages(team_archive.ArchiveQuery(archive, ArchiveFilter(text=text), drive_max=-1), 500)
        assert all_pages(query, 17) == expected
    number = team_archive.ArchiveQuery(archive, ArchiveFilter(text="退订", mobile="13800130001"))
    assert number.plan() == "number" and number.page().rows
    by_number = team_archive.ArchiveQuery(archive, ArchiveFilter(text="秋装焕新"), sort="mobile")
    assert by_number.plan() == "tokens"
