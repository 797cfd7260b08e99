"""The dry run shows every row (issue 13, item 3): sendable, rejected, duplicate, suppressed and
blocked rows with their reasons in the UI's language, counts that filter the table, the export
of every row, old journals' English reasons read as ids, and a new file that clears the old
dry run (item 6). The real Campaigns tab against the sandbox over HTTP."""

from __future__ import annotations

import csv

import pytest

from gui.api.numbers import REASONS, REASONS_ZH
from gui.campaign.dryrun_lines import EXPORT_HEADERS, export_columns
from gui.campaign.journal import DUPLICATE, PENDING, REJECTED, SUPPRESSED, PlannedRow
from gui.campaign.reasons import IMPORT_REASONS, IMPORT_REASONS_ZH, reason_id, row_reason_text
from gui.store.export import free_text_indices
from gui.store.io_guard import allow_gui_thread_io
from tests.campaign.helpers import TEMPLATE

pytestmark = pytest.mark.usefixtures("qapp")

OPT_OUT_NOTE = "opt-out reply: T"
# line -> (status, English reason, Chinese reason) of one_of_each()
EXPECTED = {
    2: ("ready", "", ""),
    3: ("rejected", REASONS["scientific_lost_digits"], REASONS_ZH["scientific_lost_digits"]),
    4: ("duplicate", "duplicate of line 2", "与第 2 行重复"),
    5: ("suppressed", f"on the suppression list: {OPT_OUT_NOTE}", f"在屏蔽名单中：{OPT_OUT_NOTE}"),
    6: ("blocked", "contains blocked words: 发票", "含屏蔽词：发票"),
}


def one_of_each(path) -> None:
    """A file with a row of each status: lines 2 (ready) to 6 (blocked word), see EXPECTED."""
    lines = [
        "手机号,name,service,time",
        "13612340000,张三,体检,9:00",
        "1.38001E+10,坏号,体检,9:00",
        "13612340000,重复,体检,9:00",
        "13612340001,退订者,体检,9:00",
        "13612340002,发票,体检,9:00",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def dry_run(qtbot, tab, path):
    with qtbot.waitSignal(tab.file_loaded, timeout=10_000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    tab.own_number_edit.setText("13800138000")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20_000) as finished:
        tab.start_dry_run()
    return finished.args[0]


def shown(tab) -> dict[int, tuple[str, str]]:
    """line -> (status, reason) as the dry run's table shows them (after its filter)."""
    proxy = tab.new_page.dry_proxy
    return {
        int(proxy.index(r, 0).data()): (proxy.index(r, 2).data(), proxy.index(r, 3).data())
        for r in range(proxy.rowCount())
    }


@pytest.fixture
def file_of_each(app_ctx, tmp_path):
    with allow_gui_thread_io():
        app_ctx.store().add_suppressed(["13612340001"], OPT_OUT_NOTE)
    path = tmp_path / "each.csv"
    one_of_each(path)
    return path


def test_every_row_is_shown_with_its_status_and_reason(qtbot, tab, file_of_each):
    from gui.views.campaigns.common import status_word

    report = dry_run(qtbot, tab, file_of_each)
    assert report.status_counts() == {"ready": 1, "rejected": 1, "duplicate": 1, "suppressed": 1, "blocked": 1}
    assert shown(tab) == {line: (status_word(status), en) for line, (status, en, _zh) in EXPECTED.items()}
    assert status_word("blocked") == "blocked words"
    assert tab.test_send_button.isEnabled() and tab.start_button.isEnabled()


def test_the_reasons_are_in_chinese_in_a_chinese_ui(qtbot, tab, file_of_each, zh_cn):
    from gui.views.campaigns.common import status_word

    dry_run(qtbot, tab, file_of_each)
    assert shown(tab) == {line: (status_word(status), zh) for line, (status, _en, zh) in EXPECTED.items()}
    assert shown(tab)[2][0] == "可发送" and shown(tab)[4][0] == "重复"


def test_each_count_filters_the_table_to_its_rows(qtbot, tab, file_of_each):
    dry_run(qtbot, tab, file_of_each)
    chips = tab.new_page.status_chips
    assert chips.isVisibleTo(tab) and chips.all_button.text() == "All (5)"
    for line, (status, _en, _zh) in EXPECTED.items():
        button = chips.buttons[status]
        assert button.text().endswith("(1)") and button.isEnabled()
        button.click()
        assert list(shown(tab)) == [line], status
        assert button.isChecked() and not chips.all_button.isChecked()
        button.click()  # again: every row
        assert len(shown(tab)) == 5 and chips.all_button.isChecked()
    chips.buttons["duplicate"].click()
    chips.all_button.click()
    assert len(shown(tab)) == 5 and not chips.buttons["duplicate"].isChecked()


def test_the_text_column_takes_the_room_and_shows_the_whole_text_as_a_tooltip(qtbot, tab, file_of_each):
    from PySide6.QtCore import Qt

    report = dry_run(qtbot, tab, file_of_each)
    model, header = tab.dry_model, tab.dry_view.horizontalHeader()
    text_column = model.columnCount() - 1
    assert model.headerData(text_column, Qt.Orientation.Horizontal) == "Text"
    assert header.stretchLastSection()  # the text, not the international column, stretches
    ready = next(i for i, line in enumerate(model.rows) if line.status == "ready")
    text = report.ready_rows[0].text
    assert model.index(ready, text_column).data(Qt.ItemDataRole.ToolTipRole) == text


def test_the_dry_run_export_holds_every_row_with_reasons_in_the_ui_language(qtbot, tab, file_of_each, tmp_path, zh_cn):
    dry_run(qtbot, tab, file_of_each)
    out = tmp_path / "dry.csv"
    task = tab.export_dry_run(out)
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert task.error is None, task.error
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert tuple(written[0]) == EXPORT_HEADERS
    rows = {int(r[0]): dict(zip(EXPORT_HEADERS, r, strict=True)) for r in written[1:]}
    assert set(rows) == set(EXPECTED)
    for line, (status, _en, zh) in EXPECTED.items():
        # the status keeps its old words (a blocked row is "rejected"), the reason is the UI's
        assert rows[line]["status"] == {"blocked": "rejected"}.get(status, status)
        assert rows[line]["reason"] == zh
    assert rows[6]["blocked words"] == "发票" and rows[2]["cost"] == "0.05" and rows[2]["parts"] == "1"
    assert rows[3]["mobile"] == "1.38001E+10" and rows[3]["text"] == ""


def test_the_dry_run_export_neutralises_free_text_by_role():
    columns = export_columns()
    assert [c.header for c in columns] == list(EXPORT_HEADERS)
    assert free_text_indices(columns) == {1, 3, 7, 8}  # the numbers DryRunReport.export used to spell out


def test_a_new_file_clears_the_old_dry_run_and_disables_test_send(qtbot, tab, file_of_each, tmp_path):
    dry_run(qtbot, tab, file_of_each)
    page = tab.new_page
    assert page.report is not None and tab.test_send_button.isEnabled() and tab.export_dry_button.isEnabled()
    other = tmp_path / "other.csv"
    other.write_text("手机号,name,service,time\n13612349999,李四,体检,9:00\n", encoding="utf-8")

    with qtbot.waitSignal(tab.file_loaded, timeout=10_000):
        tab.load_file(other)
        # at once, before the new file is even read: nothing of the old dry run is left
        assert page.report is None and tab.dry_model.rowCount() == 0
        assert not tab.test_send_button.isEnabled() and not tab.start_button.isEnabled()
        assert not tab.export_dry_button.isEnabled()
        assert tab.summary_label.text() == "" and tab.warnings_label.text() == ""
        assert not page.status_chips.isVisibleTo(tab)
    assert not tab.test_send_button.isEnabled() and not tab.start_button.isEnabled()
    tab.test_send_button.click()  # disabled: nothing happens, nothing is sent
    assert page.report is None

    with qtbot.waitSignal(tab.dry_run_finished, timeout=20_000):
        tab.start_dry_run()
    assert tab.test_send_button.isEnabled() and tab.start_button.isEnabled()
    assert [line.mobile for line in tab.dry_model.rows] == ["13612349999"]


def test_an_old_journal_with_english_reasons_shows_chinese_in_past_campaigns(qtbot, tab, tmp_path, zh_cn):
    old_texts = {
        2: (REJECTED, "the number was shortened by scientific notation (format the column as text and export again)"),
        3: (REJECTED, "too short"),
        4: (DUPLICATE, "duplicate of line 2"),
        5: (SUPPRESSED, "on the suppression list"),
        6: (REJECTED, "contains blocked words: 发票, 代开"),
        7: (REJECTED, "the same text was sent to this number in the last 5 minutes"),
        8: (REJECTED, "a text no version of the console wrote"),
    }
    rows = [
        PlannedRow(line, f"1361234{line:04d}", "", False, state, reason) for line, (state, reason) in old_texts.items()
    ]
    rows.append(PlannedRow(9, "13612340009", "【豪霆云】你好", False, PENDING, "", 1))
    journal = tab.service.journal()
    cid = journal.create_campaign("old", TEMPLATE, rows)
    assert {r.line: r.reason for r in journal.rows(cid)}[4] == "duplicate:2"  # read back as the id

    with qtbot.waitSignal(tab.results_loaded, timeout=10_000):
        tab.open_results(cid)
    model = tab.results_model
    reasons = {r["line"]: r["reason"] for r in model.rows}
    assert reasons == {
        2: REASONS_ZH["scientific_lost_digits"],
        3: REASONS_ZH["too_short"],
        4: "与第 2 行重复",
        5: "在屏蔽名单中",
        6: "含屏蔽词：发票, 代开",
        7: IMPORT_REASONS_ZH["recently_sent"],
        8: "a text no version of the console wrote",  # unknown: as it is
        9: "",
    }
    out = tmp_path / "results.csv"
    task = tab.export_results(out)
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    with open(out, encoding="utf-8-sig", newline="") as handle:
        written = {row["line"]: row["reason"] for row in csv.DictReader(handle)}
    assert written["4"] == "与第 2 行重复" and written["3"] == REASONS_ZH["too_short"]


def test_new_campaigns_store_reason_ids(qtbot, tab, file_of_each):
    report = dry_run(qtbot, tab, file_of_each)
    planned = {p.line: (p.state, p.reason) for p in report.planned_rows()}
    assert planned == {
        2: (PENDING, ""),
        3: (REJECTED, "scientific_lost_digits"),
        4: (DUPLICATE, "duplicate:2"),
        5: (SUPPRESSED, f"suppressed_note:{OPT_OUT_NOTE}"),
        6: (REJECTED, "blocked_words:发票"),
    }


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("duplicate of line 12", "duplicate:12"),
        ("duplicate:12", "duplicate:12"),
        ("on the suppression list", "suppressed"),
        ("contains blocked words: 发票", "blocked_words:发票"),
        (
            "the number was shortened by scientific notation (format the column as text and export again)",
            "scientific_lost_digits",
        ),
        (REASONS["scientific_lost_digits"], "scientific_lost_digits"),
        ("invalid number", "invalid"),
        ("a variable column is empty", "missing_value"),
        ("not in the provider's records: not sent", "not_in_records_not_sent"),
        ("余额不足", "余额不足"),
        ("", ""),
    ],
)
def test_old_english_reasons_read_back_as_ids(stored, expected):
    assert reason_id(stored) == expected


def test_every_reason_has_both_texts_and_a_parameter_where_it_needs_one():
    assert set(IMPORT_REASONS) == set(IMPORT_REASONS_ZH)
    for key, english in IMPORT_REASONS.items():
        assert ("{0}" in english) == ("{0}" in IMPORT_REASONS_ZH[key]), key
    assert row_reason_text("duplicate:7", "zh_CN") == "与第 7 行重复"
    assert row_reason_text("duplicate:7") == "duplicate of line 7"
    assert row_reason_text("too_short", "zh") == REASONS_ZH["too_short"]


def test_the_summary_counts_every_row_that_will_not_be_sent(qtbot, tab, file_of_each, zh_cn):
    """Review find: the summary said "not sendable: 1" beside 4 rows that are not sent (only the
    blocked-word row counted); the counts' brackets differed between All and the rest."""
    report = dry_run(qtbot, tab, file_of_each)
    summary = tab.summary_label.text()
    assert "可发送：1" in summary or "1" in summary.split("·")[0]
    not_sendable = summary.split("·")[1]
    assert "4" in not_sendable and str(report.not_ready_count) in not_sendable, summary
    chips = tab.new_page.status_chips
    assert chips.all_button.text() == "全部（5）"
    assert all(button.text().endswith("（1）") for button in chips.buttons.values())
    assert tab.warnings_label.isHidden() == (tab.warnings_label.text() == "")
    assert tab.new_page.dry_view.verticalHeader().isHidden()  # the Line column numbers the rows


def test_the_estimate_counts_the_ramp_up_and_never_says_zero():
    """Review find: 2,001 rows were estimated at "0 s" (three full requests, four in flight);
    the engine starts with small requests two at a time."""
    from gui.campaign.dryrun import estimate_seconds, format_duration

    assert estimate_seconds(2001, 0, seconds_per_request=1.0, concurrency=4) == 4 / 2 + 2 / 4
    assert estimate_seconds(40, 0, seconds_per_request=1.0, concurrency=4) == 1 / 2
    assert estimate_seconds(2001, 0, seconds_per_request=1.0, concurrency=4, chunk_size=100) == 21 / 4  # no ramp
    assert format_duration(0.2) == "< 1 s" and format_duration(0) == "0 s" and format_duration(61) == "1 min 01 s"
