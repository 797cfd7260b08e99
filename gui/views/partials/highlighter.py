"""Highlight blocked words in a text box (compose and blocked-words tabs).

The gateway's get_black_word answers with the words it found; where they sit in the
text is found locally, every occurrence of each word, so the operator sees all of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from gui.api.texts import find_blocked, utf16_offset
from gui.theme import status_colour


def occurrences(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """(start, length) in UTF-16 units (Qt's positions) of every occurrence of any word,
    case-insensitive, overlapping occurrences merged."""
    return [
        (utf16_offset(text, start), utf16_offset(text, end) - utf16_offset(text, start))
        for start, end in find_blocked(text, words)
    ]


class BlockedWordHighlighter(QSyntaxHighlighter):
    """Marks the words given to ``set_words`` wherever they occur (red on pale red, underlined)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._words: list[str] = []
        self._format = QTextCharFormat()
        # Read on the current palette: pale red on a light window, deep red on a dark one.
        self._format.setBackground(status_colour("highlight_bg"))
        self._format.setForeground(status_colour("highlight_fg"))
        self._format.setFontUnderline(True)
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self._format.setUnderlineColor(status_colour("error"))

    @property
    def words(self) -> list[str]:
        return list(self._words)

    def set_words(self, words: Iterable[str]) -> None:
        words = sorted({w for w in words if w}, key=len, reverse=True)
        if words != self._words:
            self._words = words
            self.rehighlight()

    def clear(self) -> None:
        self.set_words([])

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        # A blocked word spanning two lines (blocks) is not marked; words are short.
        for start, length in occurrences(text, self._words):
            self.setFormat(start, length, self._format)

    def highlighted_spans(self) -> list[tuple[int, int]]:
        """(document position, length) of every marked range (for tests and tooltips)."""
        return occurrences(self.document().toPlainText(), self._words)
