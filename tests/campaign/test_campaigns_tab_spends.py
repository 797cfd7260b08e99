"""pytest-qt: every send of the Campaigns tab is confirmed first, and Cancel sends nothing.

Test send, Retry failed rows and Resume from Past campaigns, against the sandbox over real
HTTP; what the gateway accepted (``sandbox.accepted_log()``) is the truth.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.campaign.helpers import TEMPLATE, answer_spend

pytestmark = pytest.mark.usefixtures("qapp")

BASE = 13512340000


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.campaigns import CampaignsTab

    page = CampaignsTab(app_ctx)
    qtbot.addWidget(page)
    page.show()
    yield page
    if page._task is not None:
        page.cancel_now()
        qtbot.waitUntil(lambda: page._task is None, timeout=10000)


@pytest.fixture
def boxes(monkeypatch):
    """The static message boxes the tab opens, recorded instead of blocking the test."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            lambda _parent, title, text, *_, kind=kind: (
                shown.append((kind, title, text)) or QMessageBox.StandardButton.Ok
            ),
        )
    return shown


def dry_run_ready(qtbot, tab, tmp_path, n: int = 5) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "手机号,name,service,time\n" + "".join(f"{BASE + i},客户{i},体检,9:00\n" for i in range(n)), encoding="utf-8"
    )
    with qtbot.waitSignal(tab.file_loaded, timeout=10000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20000):
        tab.start_dry_run()


def test_a_test_send_to_a_refused_number_says_why_and_plans_nothing(qtbot, tab, app_ctx, tmp_path, boxes):
    dry_run_ready(qtbot, tab, tmp_path)
    tab.own_number_edit.setText("1.38001E+10")
    tab.start_test_send()
    qtbot.waitUntil(lambda: bool(boxes), timeout=10000)
    kind, title, text = boxes[0]
    assert kind == "warning" and title == "Test send"
    assert text.startswith("“1.38001E+10” is not a number the test can go to: ")
    assert "scientific" in text or "digits" in text  # the normaliser's reason in words
    assert tab.spend_dialog is None and not tab._asking
    assert app_ctx.settings.value("campaign/own_number") in (None, "")  # a refused number is not kept
    assert app_ctx.sandbox.accepted_log() == []


def test_a_test_send_goes_to_the_normalised_number_and_says_so(qtbot, tab, app_ctx, tmp_path, boxes):
    dry_run_ready(qtbot, tab, tmp_path)
    tab.own_number_edit.setText("+86 138-0013-8000")
    tab.start_test_send()
    plan = answer_spend(qtbot, tab, accept=True)
    assert plan.samples[0].mobile == "13800138000"
    qtbot.waitUntil(lambda: bool(boxes), timeout=10000)
    kind, _title, text = boxes[0]
    assert kind == "information" and "sent to 13800138000 " in text
    assert [a.mobile for a in app_ctx.sandbox.accepted_log()] == ["13800138000"]
    assert app_ctx.settings.value("campaign/own_number") == "+86 138-0013-8000"
