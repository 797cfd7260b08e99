"""The Blocked words tab: ask the gateway which of its blocked words a text contains.

The gateway's list is not published; get_black_word answers for one text at a time.
The words found are listed and highlighted in the text (every occurrence), so the
operator can rephrase before a send fails with code 4.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from gui.api import texts
from gui.theme import status_css
from gui.views.partials.busy import BusyBar
from gui.views.partials.errors import show_error
from gui.views.partials.highlighter import BlockedWordHighlighter
from gui.views.partials.tab_page import TabPage


class BlockedWordsTab(TabPage):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("blocked_words_tab")
        self.found_words: list[str] = []
        self._checked_text: str | None = None

        intro = QLabel(
            self.tr(
                "Paste a message to see whether it contains words the gateway blocks (a send with one fails "
                "with code 4). Found words are highlighted."
            ),
            self,
        )
        intro.setWordWrap(True)
        text_box = QGroupBox(self.tr("Text to check"), self)
        self.text_edit = QPlainTextEdit(text_box)
        self.text_edit.setObjectName("blocked_text_edit")
        self.text_edit.setPlaceholderText(self.tr("【Your signature】The message you want to send…"))
        self.highlighter = BlockedWordHighlighter(self.text_edit.document())
        self.count_label = QLabel(text_box)
        self.count_label.setObjectName("blocked_char_count")
        self.check_button = QPushButton(self.tr("Check"), text_box)
        self.check_button.setObjectName("check_blocked_button")
        self.check_button.setToolTip(self.tr("Ctrl+Enter"))
        self.clear_button = QPushButton(self.tr("Clear"), text_box)
        self.clear_button.setObjectName("clear_blocked_button")
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.check_button)
        text_layout = QVBoxLayout(text_box)
        text_layout.addWidget(self.text_edit, 1)
        text_layout.addLayout(buttons)

        result_box = QGroupBox(self.tr("Blocked words found"), self)
        self.result_label = QLabel(self.tr("Not checked yet."), result_box)
        self.result_label.setObjectName("blocked_result_label")
        self.result_label.setWordWrap(True)
        self.words_list = QListWidget(result_box)
        self.words_list.setObjectName("blocked_words_list")
        result_layout = QVBoxLayout(result_box)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.words_list, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(text_box)
        splitter.addWidget(result_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.busy = BusyBar(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.busy)

        self.check_button.clicked.connect(self.check)
        self.clear_button.clicked.connect(self.text_edit.clear)
        self.text_edit.textChanged.connect(self._text_changed)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.check)
        self._text_changed()

    def title(self) -> str:
        return self.tr("Blocked words")

    def _text_changed(self) -> None:
        text = self.text_edit.toPlainText()
        self.count_label.setText(self.tr("{0} characters").format(texts.char_count(text)))
        self.check_button.setEnabled(bool(text.strip()) and not self.busy.busy)
        if self._checked_text is not None and text != self._checked_text:
            # The highlight follows the words still present; the verdict may be stale.
            self.result_label.setText(self.tr("The text changed since the check; check again."))

    def check(self) -> None:
        text = self.text_edit.toPlainText()
        if not text.strip() or self.busy.busy:
            return
        client = self.ctx.client()
        task = self.ctx.run(
            lambda: client.get_black_word(text),
            lambda words: self._checked(text, words),
            self._failed,
            name="get_black_word",
        )
        self.busy.track(task, self.tr("Checking…"), [self.check_button, self.clear_button])
        task.done.connect(self._text_changed)

    def _checked(self, text: str, words: list[str]) -> None:
        self._checked_text = text
        self.found_words = list(words)
        self.highlighter.set_words(self.found_words)
        self.words_list.clear()
        if not self.found_words:
            self.result_label.setText(self.tr("No blocked words found."))
            self.result_label.setStyleSheet(status_css("ok"))
            return
        for word in self.found_words:
            count = len(texts.find_blocked(text, [word]))
            self.words_list.addItem(self.tr("{0}  (×{1})").format(word, count) if count > 1 else word)
        self.result_label.setText(
            self.tr(
                "%n blocked word(s) found, highlighted in the text. Remove or rephrase them before sending.",
                "",
                len(self.found_words),
            )
        )
        self.result_label.setStyleSheet(status_css("error", bold=True))

    def _failed(self, error) -> None:
        self.result_label.setText(self.tr("The check failed."))
        self.result_label.setStyleSheet("")
        show_error(self.ctx, self, error, self.tr("Checking the text for blocked words failed."))
