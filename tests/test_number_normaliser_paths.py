"""Every path that reads phone numbers refuses digits lost to scientific notation.

Excel shows 13800138000 as ``1.38001E+10``; a file saved that way holds only those digits.
Guessing the rest (13800100000) would text a stranger, so the one normaliser
(``gui.api.numbers.normalize_number``) rejects such a form as ``scientific_lost_digits``
and every path shows that reason: Compose's number list (pasted), its single number and
its personalised rows, and the suppression dialog (typed and imported). The tests drive
the real widgets against the sandbox and count what the gateway accepted.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from tab_helpers import open_compose, visible_boxes, wait_dialog

from gui.api.numbers import REASONS
from gui.store.io_guard import allow_gui_thread_io

LEFT = Qt.MouseButton.LeftButton
OTP_TEMPLATE = 1000001  # 【豪霆云】您的验证码是#code#。如非本人操作，请忽略本短信
LOST = "1.38001E+10"  # 13800138000 as Excel's General format shows and saves it
REASON = REASONS["scientific_lost_digits"]
GUESS = "13800100000"  # what the old normaliser made of LOST: a stranger's number


def sends(sandbox) -> int:
    return sum(sandbox.call_count(e) for e in ("sms/single_send", "sms/batch_send", "sms/multi_send"))


def test_every_number_reason_has_a_text_to_translate():
    from gui.views.partials.number_list_edit import REASON_TEXTS, reason_text

    # The views translate reason ids in context "NumberReasons" from these English sources.
    assert set(REASON_TEXTS) == set(REASONS)
    assert all(REASON_TEXTS[reason] == text for reason, text in REASONS.items())
    assert reason_text("scientific_lost_digits") == REASON


def test_the_views_reason_text_follows_the_ui_language(qapp):
    """number_list_edit's reason_text is the plain table's, in the language the UI shows."""
    from PySide6.QtCore import QLocale

    from gui.api.numbers import REASONS_ZH
    from gui.i18n import install_translators, ui_language
    from gui.views.partials.number_list_edit import reason_text

    assert ui_language() == "en" and reason_text("too_short") == REASONS["too_short"]
    previous = QLocale()
    translators = install_translators(qapp, "zh_CN")
    try:
        assert ui_language() == "zh_CN"
        assert all(reason_text(reason) == REASONS_ZH[reason] for reason in REASONS)
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(previous)
    assert ui_language() == "en" and reason_text("too_short") == REASONS["too_short"]


# ------------------------------------------------------------------------ Compose
@pytest.fixture
def compose(qtbot, app_ctx):
    tab = open_compose(qtbot, app_ctx)
    template = next(t for t in tab.own_templates if t.tpl_id == OTP_TEMPLATE)
    tab.use_template(template, False)
    tab.variable_form.edits["code"].setText("2468")
    return tab


def paste(qtbot, edit, text: str) -> None:
    """Put ``text`` on the clipboard and paste it into ``edit`` (Ctrl+V)."""
    QGuiApplication.clipboard().setText(text)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_compose_number_list_refuses_a_pasted_lost_number_and_sends_only_the_rest(qtbot, compose, sandbox):
    compose.set_mode("batch")
    paste(qtbot, compose.number_list.edit, f"{LOST}\n１．３８００１３８Ｅ＋１０, 13900139000")
    compose.number_list.parse_now()
    assert compose.number_list.numbers() == ["13900139000"]
    problems = compose.number_list.problem_texts()
    assert f"{LOST} — {REASON}" in problems
    assert f"１．３８００１３８Ｅ＋１０ — {REASON}" in problems
    assert "2 invalid (not sent)" in compose.number_list.summary.text()

    compose.results = []
    qtbot.mouseClick(compose.send_button, LEFT)
    dialog = wait_dialog(qtbot, "spend_confirm_dialog")
    assert "Recipients: 1" in dialog.summary.text()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: bool(compose.results) and not compose.busy.busy, timeout=15_000)
    assert [m.mobile for m in sandbox.accepted_log()] == ["13900139000"]


def test_compose_number_list_of_only_lost_numbers_sends_nothing(qtbot, compose, sandbox):
    compose.set_mode("batch")
    paste(qtbot, compose.number_list.edit, f"{LOST}, 1.3800138E+10  1.38e10")
    compose.number_list.parse_now()
    assert compose.number_list.numbers() == []
    assert [raw for raw, _reason in compose.number_list.result().rejected] == [LOST, "1.3800138E+10", "1.38e10"]
    assert {reason for _raw, reason in compose.number_list.result().rejected} == {"scientific_lost_digits"}
    qtbot.mouseClick(compose.send_button, LEFT)
    qtbot.waitUntil(lambda: not compose.busy.busy, timeout=15_000)
    assert not visible_boxes("spend_confirm_dialog")
    assert sends(sandbox) == 0 and sandbox.accepted_log() == []


def test_compose_single_number_refuses_a_lost_number_with_the_reason(qtbot, compose, sandbox):
    compose.set_mode("single")
    paste(qtbot, compose.single_edit, LOST)
    compose.update_preview()
    assert REASON in compose.single_status.text()
    assert compose.recipients() == []
    qtbot.mouseClick(compose.send_button, LEFT)
    qtbot.waitUntil(lambda: not compose.busy.busy, timeout=15_000)
    assert not visible_boxes("spend_confirm_dialog")
    assert f"“{LOST}” is not a valid number: {REASON}." in compose.message_label.text()
    assert sends(sandbox) == 0 and sandbox.accepted_log() == []


def test_compose_personalised_rows_refuse_a_lost_number(qtbot, compose, sandbox):
    compose.set_mode("personal")
    compose.paste_rows(f"{LOST}\t1111\n13900139000\t2222")
    compose.update_preview()
    assert compose.recipients() == ["13900139000"]
    assert f"Row 1: “{LOST}” — {REASON}" in compose.personal_status.text()
    assert GUESS not in compose.personal_status.text()


# ------------------------------------------------------------------------ suppression list
@pytest.fixture
def suppression(qtbot, app_ctx):
    from gui.views.suppression_dialog import SuppressionDialog

    window = SuppressionDialog(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.busy.busy, timeout=15_000)
    return window


def suppressed(app_ctx) -> set[str]:
    with allow_gui_thread_io():
        return set(app_ctx.store().suppressed_numbers())


def test_suppression_dialog_refuses_a_pasted_lost_number(qtbot, suppression, app_ctx, sandbox):
    paste(qtbot, suppression.numbers_edit, f"{LOST}, 13900139000")
    qtbot.mouseClick(suppression.add_button, LEFT)
    qtbot.waitUntil(lambda: suppression.model.rowCount() == 1 and not suppression.busy.busy, timeout=15_000)
    assert [e.number for e in suppression.entries()] == ["13900139000"]
    assert suppressed(app_ctx) == {"13900139000"}
    assert "1 entries are not phone numbers" in suppression.message_label.text()
    assert suppression.rejected_view.toPlainText() == f"Line 1: “{LOST}” — {REASON}"
    assert sandbox.accepted_log() == []


def test_suppression_dialog_refuses_only_lost_numbers_and_adds_nothing(qtbot, suppression, app_ctx, sandbox):
    paste(qtbot, suppression.numbers_edit, "1.3800138E+10")
    qtbot.mouseClick(suppression.add_button, LEFT)
    qtbot.waitUntil(lambda: suppression.rejected_view.isVisible() and not suppression.busy.busy, timeout=15_000)
    assert suppression.entries() == [] and suppressed(app_ctx) == set()
    assert "0 numbers added" in suppression.message_label.text()
    assert REASON in suppression.rejected_view.toPlainText()
    assert sandbox.accepted_log() == []


def test_suppression_import_refuses_lost_numbers_in_the_operators_language(
    qtbot, suppression, app_ctx, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(app_ctx, "language", "zh_CN")
    path = tmp_path / "opt-outs.csv"
    path.write_text(f"13900139000\n{LOST}\n1.38001380E+10\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(suppression.import_button, LEFT)
    qtbot.waitUntil(lambda: suppression.model.rowCount() == 1 and not suppression.busy.busy, timeout=15_000)
    assert suppressed(app_ctx) == {"13900139000"}
    lines = suppression.rejected_view.toPlainText().splitlines()
    assert [line.split("：")[0] if "：" in line else line.split(":")[0] for line in lines] == ["Line 2", "Line 3"]
    assert all("科学计数法" in line for line in lines), lines
