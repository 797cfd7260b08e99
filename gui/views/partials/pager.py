"""Previous / next / go-to-page controls for APIs that give pages but no total.

get_record and get_reply answer one page at a time and never say how many pages there
are: "next" is enabled only while the last page came back full (a short page is the
last one). When a total is known (the local store), it is shown and bounds the pages.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

MAX_PAGE_SIZE = 100


class Pager(QWidget):
    """Emits ``page_requested(page_num)``; the owner fetches it and calls ``page_loaded``."""

    page_requested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        page_size: int = 50,
        max_page_size: int = MAX_PAGE_SIZE,
        show_page_size: bool = True,
    ) -> None:
        super().__init__(parent)
        self.page_num = 1
        self._has_next = False
        self._total_pages: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.size_label = QLabel(self.tr("Page size"), self)
        self.page_size_spin = QSpinBox(self)
        self.page_size_spin.setObjectName("page_size")
        self.page_size_spin.setRange(1, max_page_size)
        self.page_size_spin.setValue(min(page_size, max_page_size))
        self.page_size_spin.setAccessibleName(self.tr("Rows per page"))
        self.previous_button = QPushButton(self.tr("‹ Previous"), self)
        self.previous_button.setObjectName("page_previous")
        self.next_button = QPushButton(self.tr("Next ›"), self)
        self.next_button.setObjectName("page_next")
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_label")
        self.goto_spin = QSpinBox(self)
        self.goto_spin.setObjectName("page_goto_number")
        self.goto_spin.setRange(1, 100_000)
        self.goto_spin.setAccessibleName(self.tr("Page number to go to"))
        self.goto_button = QPushButton(self.tr("Go to page"), self)
        self.goto_button.setObjectName("page_goto")
        if show_page_size:
            layout.addWidget(self.size_label)
            layout.addWidget(self.page_size_spin)
        else:
            self.size_label.hide()
            self.page_size_spin.hide()
        layout.addWidget(self.previous_button)
        layout.addWidget(self.page_label)
        layout.addWidget(self.next_button)
        layout.addWidget(self.goto_spin)
        layout.addWidget(self.goto_button)
        self.previous_button.clicked.connect(lambda: self.page_requested.emit(max(1, self.page_num - 1)))
        self.next_button.clicked.connect(lambda: self.page_requested.emit(self.page_num + 1))
        self.goto_button.clicked.connect(lambda: self.page_requested.emit(self.goto_spin.value()))
        self.refresh_buttons()

    @property
    def page_size(self) -> int:
        return self.page_size_spin.value()

    def controls(self) -> list[QWidget]:
        """The widgets to disable while a page loads."""
        return [self.page_size_spin, self.previous_button, self.next_button, self.goto_spin, self.goto_button]

    def page_loaded(self, page_num: int, row_count: int, total_rows: int | None = None) -> None:
        """Page ``page_num`` came back with ``row_count`` rows (``total_rows`` when known)."""
        self.page_num = page_num
        if total_rows is not None:
            self._total_pages = max(1, -(-total_rows // self.page_size))
            self._has_next = page_num < self._total_pages
        else:
            self._total_pages = None
            self._has_next = row_count >= self.page_size
        self.goto_spin.setValue(page_num)
        self.refresh_buttons()

    def reset(self) -> None:
        self.page_num = 1
        self._has_next = False
        self._total_pages = None
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        if self._total_pages is not None:
            self.page_label.setText(self.tr("Page {0} of {1}").format(self.page_num, self._total_pages))
            self.goto_spin.setMaximum(self._total_pages)
        else:
            self.page_label.setText(self.tr("Page {0}").format(self.page_num))
            self.goto_spin.setMaximum(100_000)
        # Only the enabled state of the buttons is ours: BusyBar restores what it disabled.
        self.previous_button.setEnabled(self.page_num > 1)
        self.next_button.setEnabled(self._has_next)
