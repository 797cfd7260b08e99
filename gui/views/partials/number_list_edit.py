"""A box for pasting or typing phone numbers, with the problems listed beside it.

Any separators work (comma, 、, ;, newline, tab, spaces); +86, spaces and dashes inside a
number are tolerated (``gui.api.numbers`` decides). Invalid entries are listed with
their reason, duplicates with the number they repeat, in the operator's language.
Parsing is debounced so typing stays smooth; ``numbers()`` always parses what is there.
A quick send is one call of at most 1000 numbers; beyond ``parse_limit`` entries the
box does not parse at all (a pasted spreadsheet of 50 000 numbers must not freeze the
window) and says where such lists belong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from gui.api import numbers
from gui.api.numbers import REASONS, NumberList, parse_number_list, split_numbers
from gui.i18n import ui_language
from gui.theme import status_colour, status_css

if TYPE_CHECKING:  # the problems' list is built (and QListWidget imported) when there is a first problem
    from PySide6.QtWidgets import QListWidget

# reason id -> English text: the plain layers' one table (its Chinese twin is REASONS_ZH).
REASON_TEXTS = REASONS


def reason_text(reason: str) -> str:
    """A rejection reason id in the operator's language (gui.api.numbers.reason_text)."""
    return numbers.reason_text(reason, ui_language())


class NumberListEdit(QWidget):
    """``numbers_changed(list[str])`` after each (debounced) parse."""

    numbers_changed = Signal(list)

    DEBOUNCE_MS = 250

    def __init__(self, parse_limit: int = 1000, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parse_limit = parse_limit
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("numbers_edit")
        self.edit.setPlaceholderText(
            self.tr(
                "Paste or type numbers, separated by commas, spaces or new lines.\n"
                "+86, spaces and dashes are fine: +86 138-0013-8000"
            )
        )
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(self.tr("Numbers to send to"))
        self.summary = QLabel(self)
        self.summary.setObjectName("numbers_summary")
        self.summary.setWordWrap(True)
        self._problems: QListWidget | None = None  # see problems
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.edit, 1)
        self._layout.addWidget(self.summary)
        self._result = NumberList([], [], [])
        self._over_limit = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.parse_now)
        self.edit.textChanged.connect(self._timer.start)
        self.parse_now()

    # --- public -------------------------------------------------------------------
    def numbers(self) -> list[str]:
        """The valid, unique, normalised numbers of what is in the box now."""
        if self._timer.isActive():
            self.parse_now()
        return list(self._result.valid)

    def result(self) -> NumberList:
        if self._timer.isActive():
            self.parse_now()
        return self._result

    @property
    def over_limit(self) -> int:
        """How many entries the box holds when that is more than ``parse_limit`` (else 0)."""
        if self._timer.isActive():
            self.parse_now()
        return self._over_limit

    def set_numbers(self, numbers: list[str]) -> None:
        self.edit.setPlainText("\n".join(numbers))
        self.parse_now()

    def clear(self) -> None:
        self.set_numbers([])

    @property
    def problems(self) -> QListWidget:
        """The numbers left out, with the reason, below the summary; hidden while there are none.
        Built on first use: most sends have no problem to list, and a start-up shows none."""
        if self._problems is None:
            from PySide6.QtWidgets import QListWidget

            problems = QListWidget(self)
            problems.setObjectName("numbers_problems")
            problems.setAccessibleName(self.tr("Numbers left out, with the reason"))
            problems.setMaximumHeight(90)
            problems.hide()
            self._layout.addWidget(problems)
            self._problems = problems
        return self._problems

    # --- parsing ------------------------------------------------------------------
    def parse_now(self) -> None:
        self._timer.stop()
        text = self.edit.toPlainText()
        # Counting entries is cheap; validating tens of thousands with phonenumbers is not.
        rough = len(split_numbers(text)) if len(text) < 200_000 else len(text) // 11
        if rough > self.parse_limit:
            self._over_limit = rough
            self._result = NumberList([], [], [])
        else:
            self._over_limit = 0
            self._result = parse_number_list(text)
        self._show()
        self.numbers_changed.emit(list(self._result.valid))

    def _show(self) -> None:
        if self._problems is not None:
            self._problems.clear()
        if self._over_limit:
            self.summary.setText(
                self.tr(
                    "About {0} numbers: a quick send takes at most {1}. Use the Campaigns tab for larger lists "
                    "and for numbers from a file."
                ).format(self._over_limit, self.parse_limit)
            )
            self.summary.setStyleSheet(status_css("error"))
            if self._problems is not None:
                self._problems.hide()
            return
        valid, rejected, duplicates = self._result
        pieces = [self.tr("%n valid number(s)", "", len(valid))]
        if rejected:
            pieces.append(self.tr("%n invalid (not sent)", "", len(rejected)))
        if duplicates:
            pieces.append(self.tr("%n duplicate(s) removed", "", len(duplicates)))
        self.summary.setText(" · ".join(pieces))
        self.summary.setStyleSheet(status_css("warning") if rejected else "")
        if not (rejected or duplicates):
            if self._problems is not None:
                self._problems.hide()
            return
        from PySide6.QtWidgets import QListWidgetItem

        for raw, reason in rejected:
            item = QListWidgetItem(self.tr("{0} — {1}").format(raw, reason_text(reason)))
            item.setForeground(status_colour("error"))
            self.problems.addItem(item)
        for number in duplicates:
            self.problems.addItem(QListWidgetItem(self.tr("{0} — duplicate, sent once").format(number)))
        self.problems.show()

    def problem_texts(self) -> list[str]:
        problems = self._problems
        return [] if problems is None else [problems.item(i).text() for i in range(problems.count())]
