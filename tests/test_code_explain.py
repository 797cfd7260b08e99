"""Every carrier code and API code has an explanation (issue 14, item 2): one lookup
(``gui.views.partials.code_explain.explain_code``) as the tooltip of every column showing a
code — Records (online and archive), Status reports, Compose results — and the Statistics'
"Meaning" column, in English and in Chinese (pytest-qt, real widgets)."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from PySide6.QtCore import Qt

from gui.api.errors import ERROR_TEXTS
from gui.api.models import BEIJING, WIRE_TIME_FORMAT, StatusReport
from gui.sandbox.models import CARRIER_FAILURES
from gui.store.db import SentMessage
from gui.store.io_guard import allow_gui_thread_io
from gui.views.partials.code_explain import code_tooltip, explain_code

TOOLTIP = Qt.ItemDataRole.ToolTipRole
EN = {
    "UNDELIV": "UNDELIV: Could not be delivered",
    "MK:0005": "MK:0005: The phone's message storage is full",
    "DB:0141": "DB:0141: The number is on the carrier's blacklist",
}
ZH = {
    "UNDELIV": "UNDELIV: 无法送达",
    "MK:0005": "MK:0005: 手机短信存储已满",
    "DB:0141": "DB:0141: 号码在运营商黑名单中",
}


def column(model, header: str) -> int:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return headers.index(header)


def tooltips_of_tables(app_ctx, qtbot, error_header: str, code_header: str) -> dict:
    """The tooltips the code columns of the Records, Status reports and Compose tabs show."""
    from gui.views.compose import ComposeTab
    from gui.views.records import RecordsTab
    from gui.views.reports import ReportsTab

    found = {}
    records, reports, compose = RecordsTab(app_ctx), ReportsTab(app_ctx), ComposeTab(app_ctx)
    for widget in (records, reports, compose):
        qtbot.addWidget(widget)
    rows = [SimpleNamespace(error_msg=code, report_status="FAIL") for code in EN]
    for name, model in (("records", records.model), ("reports", reports.model)):
        model.set_rows(rows)
        col = column(model, error_header)
        found[name] = [model.index(i, col).data(TOOLTIP) for i in range(len(rows))]
    compose.results_model.set_rows([SimpleNamespace(code=4, state="failed"), SimpleNamespace(code=-2, state="failed")])
    col = column(compose.results_model, code_header)
    found["compose"] = [compose.results_model.index(i, col).data(TOOLTIP) for i in range(2)]
    return found


def test_codes_are_explained_in_english(qtbot, app_ctx):
    assert {code: code_tooltip(code) for code in EN} == EN
    assert explain_code(4) == ERROR_TEXTS[4][1] and explain_code(-2) == ERROR_TEXTS[-2][1]
    assert code_tooltip(0) == "0: OK."
    assert explain_code(9999).startswith("The provider answered with an unknown error code 9999")
    assert explain_code("XY:1234") == "A carrier code with no known explanation: ask the provider what it means"
    assert explain_code("MK:0099") == "A problem on the phone's side (off, full, suspended)"  # its prefix says
    assert code_tooltip("") is None and code_tooltip(None) is None
    for code, _detail in CARRIER_FAILURES:  # every code the sandbox produces is known by name
        assert "no known explanation" not in explain_code(code) and explain_code(code) != ""
    found = tooltips_of_tables(app_ctx, qtbot, "Error", "Code")
    assert found["records"] == found["reports"] == list(EN.values())
    assert found["compose"] == [f"4: {ERROR_TEXTS[4][1]}", f"-2: {ERROR_TEXTS[-2][1]}"]


def test_codes_are_explained_in_chinese(zh_cn, qtbot, app_ctx):
    assert {code: code_tooltip(code) for code in ZH} == ZH
    assert explain_code(4) == ERROR_TEXTS[4][0] and explain_code(-2) == ERROR_TEXTS[-2][0]
    found = tooltips_of_tables(app_ctx, qtbot, "错误", "错误码")
    assert found["records"] == found["reports"] == list(ZH.values())
    assert found["compose"] == [f"4: {ERROR_TEXTS[4][0]}", f"-2: {ERROR_TEXTS[-2][0]}"]


def test_the_archive_and_the_statistics_explain_their_codes(qtbot, app_ctx, sandbox):
    from gui.views.records.archive import ArchiveView
    from gui.views.records.stats import StatsView

    sandbox.reset(demo=False)
    day = datetime(2026, 3, 10, 9, 0, 0, tzinfo=BEIJING)
    codes = list(EN)
    with allow_gui_thread_io():
        store = app_ctx.store()
        store.record_sent(
            [
                SentMessage(
                    70_000 + i,
                    f"1390000{i:04d}",
                    "【豪霆云】您好",
                    (day + timedelta(minutes=i)).strftime(WIRE_TIME_FORMAT),
                    0,
                    "",
                    1,
                    "0.05",
                    "RMB",
                )
                for i in range(len(codes))
            ]
        )
        store.save_reports(
            [
                StatusReport(
                    70_000 + i,
                    None,
                    (day + timedelta(minutes=i)).strftime(WIRE_TIME_FORMAT),
                    code,
                    f"1390000{i:04d}",
                    "FAIL",
                )
                for i, code in enumerate(codes)
            ]
        )
    archive = ArchiveView(app_ctx)
    qtbot.addWidget(archive)
    archive.use_dates.setChecked(False)
    archive.show()
    qtbot.waitUntil(lambda: archive.model.query is not None and archive.model.rowCount() == 3, timeout=15_000)
    col = [c.field for c in archive.model.COLUMNS].index("error_msg")
    shown = {archive.model.index(r, col).data(): archive.model.index(r, col).data(TOOLTIP) for r in range(3)}
    assert shown == EN

    stats = StatsView(app_ctx)
    qtbot.addWidget(stats)
    stats._loaded_once = True
    stats.range_edit.set_range(day.replace(hour=0), day.replace(hour=23))
    task = stats.refresh()
    with qtbot.waitSignal(task.done, timeout=15_000):
        pass
    meaning = column(stats.errors_model, "Meaning")
    rows = {
        stats.errors_model.index(r, 0).data(): (
            stats.errors_model.index(r, 0).data(TOOLTIP),
            stats.errors_model.index(r, meaning).data(),
        )
        for r in range(stats.errors_model.rowCount())
    }
    assert rows == {code: (text, text.split(": ", 1)[1]) for code, text in EN.items()}
