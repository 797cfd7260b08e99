"""Dry run: rendering, parts, cost, blocked words (calls bounded by distinct values), conflicts, warnings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from gui.campaign.dryrun import DryRunOptions, dry_run, opt_out_present
from gui.campaign.importer import ImportedRow, ImportResult, LeftOutRow, RawTable
from gui.campaign.journal import DUPLICATE, PENDING, REJECTED, SUPPRESSED
from tests.campaign.fakes import FakeClient

BEIJING = timezone(timedelta(hours=8))
TEMPLATE = "【云店】#name#您好，您的积分#points#将到期，回T退订"
PRICE = Decimal("0.05")  # the operator's price per part (the dry run has no default)


def imported(rows) -> ImportResult:
    table = RawTable(path=None, kind="csv", headers=["mobile", "name", "points"], rows=[], has_header=True)
    result = ImportResult(table, 0, {"name": 1, "points": 2})
    result.rows = [
        ImportedRow(i + 2, m, m.startswith("+"), {"name": n, "points": p}) for i, (m, n, p) in enumerate(rows)
    ]
    result.rejected = [LeftOutRow(50, "123", "too_short")]
    result.duplicates = [LeftOutRow(51, "13800000000", "duplicate", "13800000000", 2)]
    result.suppressed = [LeftOutRow(52, "13900000000", "suppressed", "13900000000")]
    return result


def test_blocked_word_calls_are_bounded_by_distinct_values_never_per_row():
    client = FakeClient()
    names = ["张三", "李四", "发票王", "赵六"]
    rows = [(str(13800000000 + i), names[i % 4], str(i % 3)) for i in range(2000)]
    report = dry_run(
        imported(rows), DryRunOptions(TEMPLATE, PRICE, balance=Decimal("1000")), black_word=client.get_black_word
    )
    distinct = len(set(names)) + 3
    assert report.blocked_word_calls == len(client.black_word_calls)
    assert 1 < len(client.black_word_calls) <= 1 + distinct  # template once + packed values
    assert client.black_word_calls[0] == TEMPLATE
    blocked = [r for r in report.rows if not r.ready]
    assert len(blocked) == 500 and all(r.blocked_words == ("发票",) and r.problem == "blocked_words" for r in blocked)
    assert report.ready_count == 1500


def test_many_distinct_values_are_packed_into_few_calls():
    client = FakeClient()
    rows = [(str(13800000000 + i), f"用户{i}", "1") for i in range(3000)]
    report = dry_run(imported(rows), DryRunOptions(TEMPLATE, PRICE), black_word=client.get_black_word)
    assert report.blocked_word_calls < 3000 / 20
    assert all(len(text) <= 500 for text in client.black_word_calls)


def test_rendering_parts_cost_balance_and_planned_rows():
    long_name = "很长的名字" * 12
    rows = [("13800000001", "张三", "10"), ("13800000002", long_name, "20"), ("+447911123456", "Ann", "5")]
    report = dry_run(imported(rows), DryRunOptions(TEMPLATE, PRICE, balance=Decimal("0.1")))
    first, second, third = report.rows
    assert first.text == "【云店】张三您好，您的积分10将到期，回T退订" and first.parts == 1
    assert second.parts == 2 and second.cost == Decimal("0.10")
    assert third.international
    assert report.total_parts == 4 and report.total_cost == Decimal("0.20")
    assert report.balance_covers is False
    assert not report.can_send() and report.can_send(override_balance=True)
    assert ("balance", {"balance": "0.1", "cost": "0.20"}) in report.warnings
    assert any(key == "international" for key, _ in report.warnings)
    assert report.personalised
    planned = report.planned_rows()
    assert [(p.line, p.state) for p in planned] == [
        (2, PENDING),
        (3, PENDING),
        (4, PENDING),
        (50, REJECTED),
        (51, DUPLICATE),
        (52, SUPPRESSED),
    ]
    # Accounts counting their balance in messages: cost = parts.
    report = dry_run(imported(rows), DryRunOptions(TEMPLATE, PRICE, balance=Decimal("4"), balance_in_messages=True))
    assert report.total_cost == 4 and report.balance_covers


def test_recent_sends_conflict_from_the_store(tmp_path):
    from gui.store.db import SentMessage, Store, beijing_timestamp

    store = Store.open(tmp_path / "console.sqlite3")
    rows = [("13800000001", "张三", "10"), ("13800000002", "李四", "10")]
    text = "【云店】张三您好，您的积分10将到期，回T退订"
    store.record_sent([SentMessage(1, "13800000001", text, beijing_timestamp(), 0, "", 1, "0.05", "RMB")])
    report = dry_run(imported(rows), DryRunOptions(TEMPLATE, PRICE), recent_sends=store.count_recent_sends)
    assert [r.problem for r in report.rows] == ["recently_sent", None]
    store.close()


def test_marketing_warnings_opt_out_and_hours():
    rows = [("13800000001", "张三", "10")]
    no_opt_out = "【云店】#name#您好，积分#points#"
    night = datetime(2024, 5, 1, 21, 30, tzinfo=BEIJING)
    report = dry_run(
        imported(rows), DryRunOptions(no_opt_out, PRICE, marketing=True, start_at=night, balance=Decimal(1))
    )
    keys = [k for k, _ in report.warnings]
    assert "no_opt_out" in keys and "quiet_hours" in keys
    day = datetime(2024, 5, 1, 10, 0, tzinfo=BEIJING)
    report = dry_run(imported(rows), DryRunOptions(TEMPLATE, PRICE, marketing=True, start_at=day, balance=Decimal(1)))
    assert [k for k, _ in report.warnings] == []
    for line in ("回T退订", "拒收请回复R", "退订回T", "回复TD退订"):
        assert opt_out_present(f"【云店】优惠{line}")
    assert not opt_out_present("【云店】优惠来了")


def test_missing_variable_mapping_is_refused():
    with pytest.raises(KeyError, match="other"):
        dry_run(imported([("13800000001", "a", "1")]), DryRunOptions("【云店】#other#", PRICE))


def test_export_of_the_report(tmp_path):
    from openpyxl import load_workbook

    rows = [("13800000001", "=cmd()", "10")]
    report = dry_run(imported(rows), DryRunOptions(TEMPLATE, PRICE))
    path = tmp_path / "dry.xlsx"
    assert report.export(path) == 4
    sheet = load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["line", "mobile", "status"]
    assert values[1][1] == "13800000001" and values[1][2] == "ready"
    assert values[4][2] == SUPPRESSED


def test_without_a_price_the_cost_is_unknown_never_made_up(tmp_path):
    rows = [("13800000001", "张三", "10"), ("13800000002", "李四", "20")]
    report = dry_run(imported(rows), DryRunOptions(TEMPLATE, None, balance=Decimal("0.01")))
    assert [r.cost for r in report.rows] == [None, None]
    assert report.total_cost is None and report.total_parts == 2
    assert report.balance_covers is None and report.can_send()  # the confirmation shows the cost as unknown
    assert not any(key == "balance" for key, _ in report.warnings)
    path = tmp_path / "dry.csv"
    report.export(path)
    assert "13800000001" in path.read_text(encoding="utf-8-sig")
    with pytest.raises(TypeError):
        DryRunOptions(TEMPLATE)  # type: ignore[call-arg]  # no default price
