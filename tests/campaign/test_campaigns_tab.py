"""pytest-qt: the Campaigns tab from import to a finished campaign against the sandbox."""

from __future__ import annotations

from collections import Counter

import pytest
from tab_helpers import load_tab

from gui.campaign.journal import PENDING, RUNNING, SENT, PlannedRow
from gui.store.io_guard import allow_gui_thread_io
from tests.campaign.helpers import TEMPLATE, answer_spend, render

pytestmark = pytest.mark.usefixtures("qapp")


def write_gbk_csv(path, n: int) -> None:
    lines = ["手机号,name,service,time"]
    for i in range(n):
        lines.append(f"{13612340000 + i},客户{i},体检,{8 + i % 10}:00")
    lines.append("1.38001E+10,坏号,体检,9:00")  # lost digits: rejected
    lines.append(f"{13612340000},重复,体检,9:00")  # duplicate of the first row
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def test_import_dry_run_send_and_results(qtbot, tab, app_ctx, tmp_path):
    sandbox = app_ctx.sandbox
    path = tmp_path / "list.csv"
    write_gbk_csv(path, 1500)
    with allow_gui_thread_io():
        app_ctx.store().add_suppressed(["13612340007"], "opt-out")

    with qtbot.waitSignal(tab.file_loaded, timeout=10000):
        tab.load_file(path)
    assert tab.number_column.currentIndex() == 0
    tab.template_edit.setPlainText(TEMPLATE)
    assert set(tab._variable_boxes) == {"name", "service", "time"}
    assert all(box.currentData() is not None for box in tab._variable_boxes.values())  # guessed by header
    tab.price_edit.setText("0.05")  # the operator's price per part (never guessed by the console)

    with qtbot.waitSignal(tab.dry_run_finished, timeout=20000) as blocker:
        tab.start_dry_run()
    report = blocker.args[0]
    assert report.ready_count == 1499
    assert [r.reason for r in report.rejected] == ["scientific_lost_digits"]
    assert len(report.duplicates) == 1 and len(report.suppressed) == 1
    assert report.blocked_word_calls < 1500 / 10
    assert tab.dry_model.rowCount() == 1502  # every row of the file; the sendable ones under their count:
    tab.new_page.status_chips.buttons["ready"].click()
    assert tab.new_page.dry_proxy.rowCount() == 1499
    tab.new_page.status_chips.all_button.click()
    assert "1499" in tab.summary_label.text()
    assert tab.start_button.isEnabled()

    with qtbot.waitSignal(tab.campaign_finished, timeout=60000) as finished:
        tab.start_campaign()
        plan = answer_spend(qtbot, tab)
    assert plan.recipients == 1499 and plan.parts == report.total_parts
    assert plan.cost == report.total_cost and len(plan.samples) == 3
    assert plan.samples[0].mobile == "13612340000" and plan.samples[0].text == report.ready_rows[0].text
    outcome = finished.args[0]
    assert outcome.state == "finished", outcome.error

    accepted = [a for a in sandbox.accepted_log() if a.mobile.startswith("136123")]
    per_number = Counter(a.mobile for a in accepted)
    assert len(per_number) == 1499 and max(per_number.values()) == 1
    assert "13612340007" not in per_number
    assert tab.progress_bar.value() == 1499
    assert "sent 1499" in tab.counts_label.text()
    # the balance everyone shows is re-read after the campaign, not the one from before it
    spent_balance = sandbox.state.account["balance"]
    qtbot.waitUntil(lambda: app_ctx.account is not None and app_ctx.account.balance == spent_balance, timeout=10_000)

    qtbot.waitUntil(lambda: tab.past_model.rowCount() == 1, timeout=5000)
    info = tab.past_model.record(0)
    assert info.counts[SENT] == 1499 and info.state == "finished"
    qtbot.waitUntil(lambda: tab.results_model.rowCount() == 1502, timeout=5000)

    tab.status_filter.setCurrentIndex(tab.status_filter.findData("suppressed"))
    assert tab.results_proxy.rowCount() == 1
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("sent"))
    assert tab.results_proxy.rowCount() == 1499
    out = tmp_path / "results.csv"
    task = tab.export_results(out)
    with qtbot.waitSignal(task.done, timeout=10000):
        pass
    text = out.read_text(encoding="utf-8-sig")
    assert text.count("\n") == 1500 and "13612340001" in text


def test_interrupted_campaign_is_offered_and_resumed(qtbot, tab, app_ctx):
    journal = tab.service.journal()
    rows = [PlannedRow(i + 2, str(13512340000 + i), render(i), False, PENDING, "", 1) for i in range(300)]
    cid = journal.create_campaign("interrupted", TEMPLATE, rows)
    journal.set_state(cid, RUNNING)  # as a killed console leaves it

    with qtbot.waitSignal(tab.initial_load_finished, timeout=10000) as loaded:
        tab.start_initial_load()
    assert loaded.args[0] is True
    assert tab.resume_banner.isVisibleTo(tab)
    assert "interrupted" in tab.resume_label.text()
    assert app_ctx.sandbox.call_count("sms/multi_send") == 0  # the initial load never sends

    with qtbot.waitSignal(tab.campaign_finished, timeout=30000) as finished:
        tab.resume_banner_button.click()
        plan = answer_spend(qtbot, tab)
        assert plan.recipients == 300 and plan.campaign_id == cid
    assert finished.args[0].state == "finished"
    sent = Counter(a.mobile for a in app_ctx.sandbox.accepted_log() if a.mobile.startswith("135123"))
    assert len(sent) == 300 and max(sent.values()) == 1
    assert not tab.resume_banner.isVisibleTo(tab)


def test_pause_resume_and_cancel_from_the_tab(qtbot, tab, app_ctx):
    app_ctx.sandbox.control.set(latency_ms=100)
    app_ctx.settings.setValue("campaign/chunk_size", 100)
    journal = tab.service.journal()
    rows = [PlannedRow(i + 2, str(13412340000 + i), render(i), False, PENDING, "", 1) for i in range(3000)]
    cid = journal.create_campaign("long", TEMPLATE, rows)
    tab.run_campaign(cid)
    answer_spend(qtbot, tab)
    qtbot.waitUntil(lambda: journal.counts(cid).get(SENT, 0) > 0, timeout=10000)
    tab.pause_campaign()
    qtbot.waitUntil(lambda: tab.resume_button.isEnabled(), timeout=10000)
    paused_at = journal.counts(cid).get(SENT, 0)
    qtbot.wait(300)
    assert journal.counts(cid).get(SENT, 0) == paused_at  # nothing goes out while paused
    tab.resume_campaign()
    with qtbot.waitSignal(tab.campaign_finished, timeout=30000) as finished:
        qtbot.waitUntil(lambda: journal.counts(cid).get(SENT, 0) > paused_at, timeout=10000)
        tab.cancel_now()
    assert finished.args[0].state == "cancelled"
    counts = journal.counts(cid)
    sent = Counter(a.mobile for a in app_ctx.sandbox.accepted_log() if a.mobile.startswith("134123"))
    assert counts[SENT] == len(sent) and max(sent.values()) == 1
    assert counts.get(PENDING, 0) == 3000 - counts[SENT]


@pytest.fixture
def other_sandbox():
    """A second gateway: the account of the profile the operator switches to."""
    from gui.sandbox.server import SandboxServer

    with SandboxServer(port=0) as server:
        yield server


def dry_run_ready(qtbot, tab, tmp_path, n: int) -> None:
    path = tmp_path / "list.csv"
    write_gbk_csv(path, n)
    with qtbot.waitSignal(tab.file_loaded, timeout=10000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20000) as blocker:
        tab.start_dry_run()
    assert blocker.args[0].ready_count == n


def test_a_plan_is_never_sent_from_the_profile_switched_to(qtbot, other_sandbox, tab, app_ctx, tmp_path):
    from tab_helpers import close_box, error_text, wait_error

    from gui.profiles import Profile

    dry_run_ready(qtbot, tab, tmp_path, 20)
    tab.start_campaign()
    qtbot.waitUntil(lambda: tab.spend_dialog is not None and tab.spend_dialog.isVisible(), timeout=20000)
    assert tab.spend_dialog.plan.recipients == 20
    # the operator switches to another account while the confirmation of the first is open
    app_ctx.set_profile(Profile("other", other_sandbox.base_url, sandbox=True), other_sandbox.apikey)
    answer_spend(qtbot, tab, accept=True)

    qtbot.waitUntil(lambda: tab._task is None, timeout=20000)
    assert app_ctx.sandbox.accepted_log() == [] and other_sandbox.accepted_log() == []
    assert app_ctx.sandbox.call_count("sms/multi_send") == 0 and other_sandbox.call_count("sms/multi_send") == 0
    box = wait_error(qtbot)  # refused in words
    assert "The profile was switched after this send was worked out" in error_text(box)
    assert "nothing was sent" in error_text(box)
    close_box(box)


def test_the_service_is_made_without_touching_the_disk_on_the_gui_thread(qtbot, tab, app_ctx):
    from gui.profiles import Profile

    folder = app_ctx.paths.data_dir / "profiles" / "fresh"
    # hidden: a shown tab re-reads the new profile's price in a worker at once, and that worker
    # may make the folder before the assertion below looks (a race, not the GUI thread's doing)
    tab.hide()
    app_ctx.set_profile(Profile("fresh", app_ctx.sandbox.base_url, sandbox=True), app_ctx.sandbox.apikey)
    assert tab.service is not None and not folder.exists()  # the profile's folder is made by the first worker
    with qtbot.waitSignal(tab.campaigns_listed, timeout=10000) as listed:
        tab.refresh()
    assert listed.args[0] == [] and (folder / "console.sqlite3").exists()


def test_a_price_set_in_compose_later_is_shown_when_the_tab_is_shown_again(qtbot, tab, app_ctx):
    from decimal import Decimal

    from gui.services.profile_settings import ProfileSettings

    load_tab(qtbot, tab)
    assert tab.price_edit.text() == ""  # no price yet: empty and required
    tab.hide()
    with allow_gui_thread_io():
        store = app_ctx.store()
    ProfileSettings(store).set_price(Decimal("0.043"), "RMB", "learned")  # as Compose does after a send
    with qtbot.waitSignal(tab.price_shown, timeout=10000):
        tab.show()
    assert tab.price_edit.text() == "0.043"


def test_the_price_re_read_never_overwrites_what_the_operator_typed(qtbot, tab, app_ctx):
    from decimal import Decimal

    from gui.services.profile_settings import ProfileSettings

    load_tab(qtbot, tab)
    tab.hide()
    with allow_gui_thread_io():
        store = app_ctx.store()
    ProfileSettings(store).set_price(Decimal("0.043"), "RMB", "learned")
    tab.price_edit.setText("0.06")  # being typed
    tab.show()
    qtbot.wait(300)
    assert tab.price_edit.text() == "0.06"
    tab.price_edit.setText("")
    tab.price_edit.setModified(True)  # the operator emptied the field on purpose
    tab.hide()
    tab.show()
    qtbot.wait(300)
    assert tab.price_edit.text() == ""


def test_a_new_dry_run_leaves_no_orphan_draft_behind(qtbot, tab, app_ctx, tmp_path):
    """A start asked for and cancelled saved a draft; a new dry run used to save another one,
    leaving the first in Past campaigns for ever. It is replaced, and nothing was sent."""
    dry_run_ready(qtbot, tab, tmp_path, 20)
    tab.start_campaign()
    qtbot.waitUntil(lambda: tab.spend_dialog is not None and tab.spend_dialog.isVisible(), timeout=20000)
    answer_spend(qtbot, tab, accept=False)
    with qtbot.waitSignal(tab.campaigns_listed, timeout=10000):
        tab.refresh()
    qtbot.waitUntil(lambda: [c.state for c in tab.past_model.rows] == ["draft"], timeout=10000)

    with (
        qtbot.waitSignal(tab.campaigns_listed, timeout=20000, check_params_cb=lambda campaigns: campaigns == []),
        qtbot.waitSignal(tab.dry_run_finished, timeout=20000),
    ):
        tab.start_dry_run()  # the same file again: the cancelled draft goes
    tab.start_campaign()
    qtbot.waitUntil(lambda: tab.spend_dialog is not None and tab.spend_dialog.isVisible(), timeout=20000)
    answer_spend(qtbot, tab, accept=False)
    with qtbot.waitSignal(tab.campaigns_listed, timeout=10000) as listed:
        tab.refresh()
    assert [c.state for c in listed.args[0]] == ["draft"]  # one, the latest
    assert app_ctx.sandbox.accepted_log() == []
