"""Blocked words tab against the sandbox over HTTP: check, highlight, errors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tab_helpers import close_box, error_text, load_tab, wait_error


@pytest.fixture
def tab(qtbot, app_ctx):
    from gui.views.blocked_words import BlockedWordsTab

    page = BlockedWordsTab(app_ctx)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    load_tab(qtbot, page)  # nothing to fetch: succeeds at once
    return page


def check(qtbot, tab, text: str) -> None:
    tab.text_edit.setPlainText(text)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy.busy and tab.check_button.isEnabled(), timeout=10_000)


def test_check_lists_and_highlights_every_occurrence(qtbot, tab, sandbox):
    check(qtbot, tab, "【豪霆云】这是一条发票测试短信，再说一次发票")
    assert tab.found_words == ["发票", "测试"]
    items = [tab.words_list.item(i).text() for i in range(tab.words_list.count())]
    assert items == ["发票  (×2)", "测试"]
    assert "2 blocked word(s) found" in tab.result_label.text()
    text = tab.text_edit.toPlainText()
    spans = tab.highlighter.highlighted_spans()
    # 发票测试 merge into one highlighted run, the second 发票 is marked too
    assert [(text[s : s + n]) for s, n in spans] == ["发票测试", "发票"]
    # the highlight is really applied to the document's layout
    block = tab.text_edit.document().firstBlock()
    formats = block.layout().formats()
    assert any(f.start == text.index("发票") and f.length == 4 for f in formats)
    assert sandbox.call_count("sms/get_black_word") == 1


def test_clean_text_says_so(qtbot, tab):
    check(qtbot, tab, "【豪霆云】您的验证码是1234")
    assert tab.found_words == []
    assert tab.words_list.count() == 0
    assert tab.result_label.text() == "No blocked words found."
    assert tab.highlighter.highlighted_spans() == []


def test_ctrl_enter_checks_and_edits_mark_the_verdict_stale(qtbot, tab):
    tab.text_edit.setPlainText("赌博网站")
    tab.text_edit.setFocus()
    qtbot.keyClick(tab.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.found_words == ["赌博"], timeout=10_000)
    tab.text_edit.appendPlainText("x")
    assert "changed since the check" in tab.result_label.text()


def test_invalid_apikey_is_explained(qtbot, tab, sandbox):
    sandbox.control.set(apikey="another-key-entirely")
    check(qtbot, tab, "【豪霆云】发票")
    box = wait_error(qtbot)
    text = error_text(box)
    assert "-1" in text and "API key is not valid" in text
    assert tab.result_label.text() == "The check failed."
    close_box(box)


def test_check_does_not_block_the_gui_thread(qtbot, tab, sandbox):
    from PySide6.QtCore import QElapsedTimer, QTimer

    sandbox.control.set(latency_ms=1200)
    clock, gaps, last = QElapsedTimer(), [], [0]
    clock.start()

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(beat)
    timer.start()
    check(qtbot, tab, "【豪霆云】测试")
    timer.stop()
    assert tab.found_words == ["测试"]
    assert clock.elapsed() >= 1000  # the latency really happened
    assert max(gaps) < 500, max(gaps)
