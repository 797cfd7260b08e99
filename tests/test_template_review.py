"""Templates checked before review, and review results announced (issue 14 item 3).

Against the sandbox over HTTP: the add/edit dialog asks get_black_word and compares the
signature with the approved templates' before it submits, says what review would reject,
and submits after a warning only on "Submit anyway"; while the Templates tab is shown,
templates in review are read again and an approval or a rejection reaches the status bar.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tab_helpers import load_tab, select_row_where, table_records, wait_dialog

from gui.api.models import Template
from gui.services.template_review import TemplatePreflight, approved_signatures, review_outcomes
from gui.services.templates import TemplateCatalog

INVOICE_TEXT = "【豪霆云】代开发票请联系#tel#"  # the issue's example: green "格式正确", then rejected
INVOICE_ONLY = "【豪霆云】您的发票#no#已开具"


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.templates import TemplatesTab

    page = TemplatesTab(app_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    load_tab(qtbot, page)
    return page


def open_add_dialog(qtbot, tab, text: str):
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "template_dialog")
    dialog.content_edit.setPlainText(text)
    return dialog


def submit_and_wait_for_warning(qtbot, dialog) -> str:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "Submit anyway", timeout=10_000)
    assert dialog.review_label.isVisible()
    return dialog.review_label.text()


# --- the service --------------------------------------------------------------------
def test_preflight_finds_blocked_words_and_an_unregistered_signature(direct):
    preflight = TemplatePreflight(TemplateCatalog(lambda: direct), direct.get_black_word)
    invoice = preflight.check(INVOICE_TEXT)
    assert invoice.blocked_words == ("代开", "发票")
    assert invoice.signature == "豪霆云" and not invoice.signature_unregistered
    assert not invoice.clean
    stranger = preflight.check("【无名公司】您的订单#order#已发货")
    assert stranger.blocked_words == ()
    assert stranger.signature_unregistered and not stranger.clean
    assert "豪霆云" in stranger.known_signatures and "Demo" in stranger.known_signatures
    assert preflight.check("【豪霆云】您的订单#order#已发货").clean


def test_approved_signatures_and_review_outcomes():
    own = [
        Template(1, "【甲】a", "SUCCESS", None),
        Template(2, "【乙】b", "CHECKING", None),
        Template(3, "【#company#】c", "SUCCESS", None),
        Template(4, "【甲】d", "SUCCESS", None),
    ]
    assert approved_signatures(own) == ["甲"]
    after = [
        Template(1, "【甲】a", "SUCCESS", None),
        Template(2, "【乙】b", "FAIL", "签名乙未报备,请先报备签名"),
        Template(5, "【丙】e", "SUCCESS", None),  # new: not announced as reviewed
    ]
    (outcome,) = review_outcomes(own, after)
    assert (outcome.tpl_id, outcome.approved, outcome.reason) == (2, False, "签名乙未报备,请先报备签名")
    assert review_outcomes(after, after) == []


# --- the dialog ---------------------------------------------------------------------
def test_dialog_warns_about_a_blocked_word_and_submits_only_anyway(qtbot, tab, sandbox):
    dialog = open_add_dialog(qtbot, tab, INVOICE_ONLY)
    assert "Looks right" in dialog.check_label.text()  # the format is right: only review objects
    warning = submit_and_wait_for_warning(qtbot, dialog)
    assert "“发票” is a blocked word: review will reject this template." in warning
    assert "signature" not in warning  # 【豪霆云】 is on approved templates
    assert dialog.isVisible()
    assert sandbox.call_count("tpl/add") == 0
    assert sandbox.call_count("sms/get_black_word") == 1
    assert tab.dialog is dialog
    # the second, explicit click submits: review will decide
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "in review" in tab.status_label.text(), timeout=10_000)
    assert sandbox.call_count("tpl/add") == 1
    assert sandbox.call_count("sms/get_black_word") == 1
    assert any(t.tpl_content == INVOICE_ONLY for t in sandbox.state.templates.values())


def test_the_issues_example_names_both_blocked_words(qtbot, tab, sandbox):
    dialog = open_add_dialog(qtbot, tab, INVOICE_TEXT)
    warning = submit_and_wait_for_warning(qtbot, dialog)
    assert "“代开”、“发票” are blocked words: review will reject this template." in warning
    assert sandbox.call_count("tpl/add") == 0
    dialog.reject()


def test_dialog_warns_about_an_unregistered_signature_and_an_edit_is_checked_again(qtbot, tab, sandbox):
    dialog = open_add_dialog(qtbot, tab, "【无名公司】您的订单#order#已发货")
    warning = submit_and_wait_for_warning(qtbot, dialog)
    assert "The signature 【无名公司】 is not on any approved template: review may reject it." in warning
    assert "blocked word" not in warning
    assert sandbox.call_count("tpl/add") == 0
    # an edit after the warning: Submit is Submit again, and the new text is checked first
    dialog.content_edit.setPlainText("【无名公司】您的订单#order#今天发货")
    assert dialog.ok_button.text() == "Submit for review"
    assert not dialog.review_label.isVisible()
    submit_and_wait_for_warning(qtbot, dialog)
    assert sandbox.call_count("tpl/add") == 0
    assert sandbox.call_count("sms/get_black_word") == 2
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sandbox.call_count("tpl/add") == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "in review" in tab.status_label.text(), timeout=10_000)


def test_a_clean_template_is_checked_then_submitted_in_one_click(qtbot, tab, sandbox):
    dialog = open_add_dialog(qtbot, tab, "【豪霆云】您的订单#order#已发货，请注意查收")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):  # after the check, no second click
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sandbox.call_count("tpl/add") == 1, timeout=10_000)
    assert sandbox.call_count("sms/get_black_word") == 1


def test_an_edit_is_checked_too(qtbot, tab, sandbox):
    select_row_where(tab.own_table, lambda t: t.tpl_id == 1000002)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, "template_dialog")
    dialog.content_edit.setPlainText("【豪霆云】尊敬的#name#，您的发票#order#已开具。")
    assert "“发票” is a blocked word" in submit_and_wait_for_warning(qtbot, dialog)
    assert sandbox.call_count("tpl/update") == 0
    dialog.reject()


def test_a_failed_check_is_said_and_submitting_stays_possible(qtbot, tab, sandbox, short_client):
    sandbox.control.set(api_error_next=[-50] * 5, fault_endpoints="sms/get_black_word")
    dialog = open_add_dialog(qtbot, tab, "【豪霆云】您的订单#order#已发货，请注意查收")
    warning = submit_and_wait_for_warning(qtbot, dialog)
    assert "could not be checked" in warning
    assert sandbox.call_count("tpl/add") == 0
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sandbox.call_count("tpl/add") == 1, timeout=10_000)


# --- review results -----------------------------------------------------------------
def test_the_review_timer_runs_only_while_shown_with_templates_in_review(qtbot, tab):
    assert any(t.check_status == "CHECKING" for t in tab.own_templates)  # the demo's one
    assert tab.reviews.timer.isActive()
    assert tab.reviews.timer.interval() == 60_000
    tab.hide()
    assert not tab.reviews.timer.isActive()
    tab.show()
    assert tab.reviews.timer.isActive()
    tab.set_templates([t for t in tab.own_templates if t.check_status != "CHECKING"], tab.default_templates)
    assert not tab.reviews.timer.isActive()


def test_an_approval_and_a_rejection_are_announced_in_the_status_bar_without_a_click(qtbot, main_window, sandbox):
    from gui.views.templates import TemplatesTab

    rejected = sandbox.state.add_template("【豪霆云】代开发票，请联系#tel#", sandbox.clock.time(), review_delay=120)
    templates = main_window.findChild(TemplatesTab, "templates_tab")
    main_window.tabs.setCurrentWidget(templates)
    with qtbot.waitSignal(templates.initial_load_finished, timeout=15_000):
        main_window.start_initial_loads()
    checking = [t.tpl_id for t in templates.own_templates if t.check_status == "CHECKING"]
    assert rejected.tpl_id in checking and len(checking) == 2
    approved = next(i for i in checking if i != rejected.tpl_id)
    reads = sandbox.call_count("tpl/get")
    announced: list[str] = []
    templates.review_announced.connect(announced.append)
    templates.reviews.timer.setInterval(100)  # a minute in the real console
    qtbot.wait(350)
    assert announced == []  # still in review: read again, nothing to say
    assert sandbox.call_count("tpl/get") > reads
    sandbox.advance(3700)  # the sandbox's review delays pass
    qtbot.waitUntil(lambda: len(announced) == 2, timeout=10_000)
    assert announced[0] == f"Template {approved} was approved."
    assert announced[1].startswith(f"Template {rejected.tpl_id} was rejected: 模板包含屏蔽词")
    assert main_window.statusBar().currentMessage() == announced[1]
    statuses = {t.tpl_id: t.check_status for t in table_records(templates.own_table)}
    assert (statuses[approved], statuses[rejected.tpl_id]) == ("SUCCESS", "FAIL")
    assert not templates.reviews.timer.isActive()  # nothing left in review


def test_no_review_reads_while_another_tab_is_shown(qtbot, main_window, sandbox):
    from gui.views.templates import TemplatesTab

    templates = main_window.findChild(TemplatesTab, "templates_tab")
    main_window.tabs.setCurrentWidget(templates)
    with qtbot.waitSignal(templates.initial_load_finished, timeout=15_000):
        main_window.start_initial_loads()
    templates.reviews.timer.setInterval(50)
    main_window.tabs.setCurrentIndex(0)
    assert not templates.reviews.timer.isActive()
    reads = sandbox.call_count("tpl/get")
    qtbot.wait(300)
    assert sandbox.call_count("tpl/get") == reads
