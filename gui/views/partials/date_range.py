"""A from/to date-time range in Beijing time, with quick choices (today, yesterday, last 7 days).

The provider's clock is Beijing time (UTC+8) whatever the operator's own zone, so the
editors show and take Beijing wall-clock times and say so; ``wire_range()`` gives the
two ``yyyy-MM-dd HH:mm:ss`` strings the API wants, with no conversion in between.

A range whose start is after its end is refused, never swapped: the widget says so next to
the editors while it is reversed, and ``check()`` (which every search, sync and statistic
calls before asking for anything) returns False and puts the cursor on the start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.api.models import beijing_now
from gui.theme import status_css

QT_WIRE_FORMAT = "yyyy-MM-dd HH:mm:ss"


def _qdatetime(moment: datetime) -> QDateTime:
    # A naive QDateTime holding Beijing wall-clock time: shown as is, read back as is.
    return QDateTime.fromString(moment.strftime("%Y-%m-%d %H:%M:%S"), QT_WIRE_FORMAT)


def day_range(days_back: int, span_days: int = 1, now: datetime | None = None) -> tuple[datetime, datetime]:
    """[start of the day ``days_back`` days ago, end of that day + span_days - 1], Beijing time."""
    today = (now or beijing_now()).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    start = today - timedelta(days=days_back)
    end = start + timedelta(days=span_days) - timedelta(seconds=1)
    return start, end


class DateRangeEdit(QWidget):
    """From / To editors, quick-choice buttons and a "Beijing time" note."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, now: Callable[[], datetime] = beijing_now) -> None:
        super().__init__(parent)
        self._now = now
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.start_edit = QDateTimeEdit(self)
        self.end_edit = QDateTimeEdit(self)
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat(QT_WIRE_FORMAT)
            edit.setCalendarPopup(True)
            edit.dateTimeChanged.connect(lambda *_: self._edited())
        self.start_edit.setObjectName("range_start")
        self.end_edit.setObjectName("range_end")
        self.start_edit.setAccessibleName(self.tr("Start of the time range (Beijing time)"))
        self.end_edit.setAccessibleName(self.tr("End of the time range (Beijing time)"))
        self.today_button = QPushButton(self.tr("Today"), self)
        self.yesterday_button = QPushButton(self.tr("Yesterday"), self)
        self.week_button = QPushButton(self.tr("Last 7 days"), self)
        self.today_button.setObjectName("range_today")
        self.yesterday_button.setObjectName("range_yesterday")
        self.week_button.setObjectName("range_week")
        self.today_button.clicked.connect(self.set_today)
        self.yesterday_button.clicked.connect(lambda: self._set(*day_range(1, 1, self._now())))
        self.week_button.clicked.connect(lambda: self._set(*day_range(6, 7, self._now())))
        zone = QLabel(self.tr("Beijing time (UTC+8)"), self)
        zone.setToolTip(self.tr("The provider keeps its records in Beijing time, whatever this computer's time zone."))
        layout.addWidget(QLabel(self.tr("From"), self))
        layout.addWidget(self.start_edit)
        layout.addWidget(QLabel(self.tr("to"), self))
        layout.addWidget(self.end_edit)
        layout.addWidget(zone)
        layout.addWidget(self.today_button)
        layout.addWidget(self.yesterday_button)
        layout.addWidget(self.week_button)
        self.problem_label = QLabel(self)  # its text only while it is said (see _say_reversed)
        self.problem_label.setObjectName("range_problem")
        self.problem_label.setStyleSheet(status_css("error", bold=True))
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self.set_today()

    def _edited(self) -> None:
        self._say_reversed(self.is_reversed())  # said while reversed, gone once right
        self.changed.emit()

    def _say_reversed(self, reversed_range: bool) -> None:
        text = self.tr("The start is after the end: choose a start before the end.") if reversed_range else ""
        self.problem_label.setText(text)
        self.problem_label.setVisible(reversed_range)

    def set_today(self) -> None:
        self._set(*day_range(0, 1, self._now()))

    def _set(self, start: datetime, end: datetime) -> None:
        self.blockSignals(True)
        self.start_edit.setDateTime(_qdatetime(start))
        self.end_edit.setDateTime(_qdatetime(end))
        self.blockSignals(False)
        self._say_reversed(self.is_reversed())
        self.changed.emit()

    def set_range(self, start: datetime, end: datetime) -> None:
        self._set(start, end)

    def wire_range(self) -> tuple[str, str]:
        """(start, end) as the API's Beijing-time strings, as entered (``check()`` first)."""
        start = self.start_edit.dateTime().toString(QT_WIRE_FORMAT)
        end = self.end_edit.dateTime().toString(QT_WIRE_FORMAT)
        return start, end

    def is_reversed(self) -> bool:
        start, end = self.wire_range()
        return start > end

    def check(self) -> bool:
        """True when the range may be asked for; a reversed one is refused with the message shown."""
        reversed_range = self.is_reversed()
        self._say_reversed(reversed_range)
        if reversed_range:
            self.start_edit.setFocus()
        return not reversed_range

    def set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.start_edit, self.end_edit, self.today_button, self.yesterday_button, self.week_button):
            widget.setEnabled(enabled)
