"""A campaign over the old 200,000-row limit (issue 17): a 300,000-row file dry-runs in the real
Campaigns tab against the sandbox, its counts filter the table at once, and the tables page
through it — the dry run's from the report, the results' from the journal a page at a time."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from gui.campaign.journal import DUPLICATE, FAILED, PENDING, SENT, PlannedRow
from gui.views.partials.paged_table import KEPT_PAGES, PAGE_ROWS
from tests.campaign.helpers import TEMPLATE

pytestmark = pytest.mark.usefixtures("qapp")

ROWS = 300_000
NAMES = ["张三", "李四", "王五", "赵六"]  # few distinct values: few blocked-word checks


def write_big_csv(path, rows: int = ROWS) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("手机号,name,service,time\n")
        for i in range(rows):
            handle.write(f"{13600000000 + i},{NAMES[i % 4]},体检,9:00\n")
        handle.write("13600000000,重复,体检,9:00\n")  # line ROWS + 2: a duplicate of line 2
        handle.write("12345,短号,体检,9:00\n")  # too short


def test_a_300k_row_file_dry_runs_and_its_table_pages_through_it(qtbot, tab, tmp_path):
    path = tmp_path / "300k.csv"
    write_big_csv(path)
    with qtbot.waitSignal(tab.file_loaded, timeout=60_000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=240_000) as finished:
        tab.start_dry_run()
    report = finished.args[0]
    assert report.status_counts() == {"ready": ROWS, "rejected": 1, "duplicate": 1, "suppressed": 0, "blocked": 0}

    page = tab.new_page
    model, proxy, view = tab.dry_model, page.dry_proxy, tab.dry_view
    assert model.rowCount() == ROWS + 2 and proxy.rowCount() == ROWS + 2
    assert page.status_chips.all_button.text() == f"All ({ROWS + 2})"
    # the last row of the file, shown by scrolling to it
    view.scrollToBottom()
    last = proxy.index(proxy.rowCount() - 1, 0)
    assert last.data() == str(ROWS + 3) and proxy.index(proxy.rowCount() - 1, 3).data() == "too short"

    started = time.perf_counter()
    page.status_chips.buttons["duplicate"].click()  # a filter is an array lookup, not a pass over the rows
    assert time.perf_counter() - started < 0.5
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == str(ROWS + 2)
    page.status_chips.buttons["ready"].click()
    assert proxy.rowCount() == ROWS
    assert proxy.index(ROWS - 1, 1).data() == str(13600000000 + ROWS - 1)
    page.status_chips.all_button.click()
    assert proxy.rowCount() == ROWS + 2


def test_the_results_of_a_300k_row_campaign_are_read_a_page_at_a_time(qtbot, tab):
    journal = tab.service.journal()
    states = {0: SENT, 1: SENT, 2: FAILED}
    rows = [
        PlannedRow(i + 2, str(13600000000 + i), "【豪霆云】你好", False, states.get(i % 1000, PENDING), "", 1)
        for i in range(ROWS)
    ]
    rows.append(PlannedRow(ROWS + 2, "13600000000", "", False, DUPLICATE, "duplicate:2"))
    cid = journal.create_campaign("big", TEMPLATE, rows)
    del rows

    with qtbot.waitSignal(tab.results_loaded, timeout=60_000):
        tab.open_results(cid)
    model, proxy = tab.results_model, tab.results_proxy
    assert model.rowCount() == ROWS + 1
    assert len(model.rows) == PAGE_ROWS  # only the first page is read
    assert proxy.index(0, 0).data() == "2"

    # a row far down is read when it is shown
    far = proxy.index(ROWS - 10, 0)
    assert far.data() == "…"
    qtbot.waitUntil(lambda: proxy.index(ROWS - 10, 0).data() == str(ROWS - 8), timeout=10_000)
    assert proxy.index(ROWS - 10, 1).data() == str(13600000000 + ROWS - 10)

    tab.status_filter.setCurrentIndex(tab.status_filter.findData("failed"))
    assert proxy.rowCount() == ROWS // 1000
    qtbot.waitUntil(lambda: proxy.index(ROWS // 1000 - 1, 0).data(Qt.ItemDataRole.DisplayRole) != "…", timeout=10_000)
    assert proxy.index(ROWS // 1000 - 1, 0).data() == str(ROWS - 1000 + 2 + 2)
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("duplicate"))
    assert proxy.rowCount() == 1
    qtbot.waitUntil(lambda: proxy.index(0, 7).data() == "duplicate of line 2", timeout=10_000)
    assert len(model.rows) <= KEPT_PAGES * PAGE_ROWS  # never every row
