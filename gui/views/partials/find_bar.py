"""Ctrl+F in any table: a small find bar under the table that jumps between matching rows.

Every ``DataTableView`` has one (created on first use), so no tab needs to do anything.
The bar matches a case-insensitive piece of text against every visible cell's display
text, selects and scrolls to the first match, and steps through the others with
Enter / Shift+Enter (or F3 / Shift+F3). "Only matching rows" hides the others in the view
(not in the model: a tab's own proxy filter stays as it is). Escape closes the bar and
shows every row again.

The bar knows only the ``QTableView`` it sits on; the table (``table_view.DataTableView``)
creates it, and one Ctrl+F shortcut per window (``table_view.ensure_find_shortcut``) picks
which table's bar to open.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QWidget,
)


class FindLineEdit(QLineEdit):
    """Enter / Shift+Enter step through matches; Escape closes the bar."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self._bar.step(-1 if backwards else 1)
            return
        if key == Qt.Key.Key_Escape:
            self._bar.close_bar()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.setObjectName("find_bar")
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(6)
        label = QLabel(self.tr("Find:"), self)
        self.edit = FindLineEdit(self)
        self.edit.setObjectName("find_text")
        self.edit.setPlaceholderText(self.tr("Text in any column"))
        self.edit.setAccessibleName(self.tr("Find in table"))
        self.edit.setClearButtonEnabled(True)
        label.setBuddy(self.edit)
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("find_previous")
        self.previous_button.setText("▲")
        self.previous_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.previous_button.setAccessibleName(self.tr("Previous match"))
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("find_next")
        self.next_button.setText("▼")
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.next_button.setAccessibleName(self.tr("Next match"))
        self.only_matching = QCheckBox(self.tr("Only matching rows"), self)
        self.only_matching.setObjectName("find_only_matching")
        self.only_matching.setAccessibleName(self.tr("Show only matching rows"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("find_count")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("find_close")
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Close the find bar (Esc)"))
        self.close_button.setAccessibleName(self.tr("Close the find bar"))
        for widget in (label, self.edit, self.previous_button, self.next_button, self.only_matching):
            layout.addWidget(widget)
        layout.addWidget(self.count_label, 1)
        layout.addWidget(self.close_button)
        self.edit.textChanged.connect(self._on_text_changed)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.only_matching.toggled.connect(lambda _on: self.apply())
        self.close_button.clicked.connect(self.close_bar)
        for sequence, delta in ((QKeySequence.StandardKey.FindNext, 1), (QKeySequence.StandardKey.FindPrevious, -1)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.step(d))
        self.matches: list[int] = []
        self.current = -1
        self._hiding = False
        self._model: QAbstractItemModel | None = None
        # Rows arrive in pages and after refreshes: match again once the model settles.
        self._reapply_timer = QTimer(self)
        self._reapply_timer.setSingleShot(True)
        self._reapply_timer.setInterval(0)
        self._reapply_timer.timeout.connect(self._reapply)
        self.hide()

    # --- showing ------------------------------------------------------------------
    def open_bar(self) -> None:
        self._watch_model()
        self.show()
        self.table.updateGeometries()  # the table makes room for the bar (or takes it back)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.apply()

    def close_bar(self) -> None:
        self._show_all_rows()
        self.matches, self.current = [], -1
        self.hide()
        self.table.updateGeometries()  # the table makes room for the bar (or takes it back)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- matching -----------------------------------------------------------------
    def _watch_model(self) -> None:
        model = self.table.model()
        if model is self._model or model is None:
            return
        if self._model is not None:
            for signal in (
                self._model.modelReset,
                self._model.rowsInserted,
                self._model.rowsRemoved,
                self._model.layoutChanged,
            ):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self._reapply_timer.start)
        self._model = model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._reapply_timer.start)

    def _reapply(self) -> None:
        if self.isVisible():
            self.apply(keep_position=True)

    def find_rows(self, text: str) -> list[int]:
        """The view rows whose visible cells contain ``text`` (case-insensitive)."""
        model = self.table.model()
        needle = text.casefold()
        if model is None or not needle:
            return []
        columns = [c for c in range(model.columnCount()) if not self.table.isColumnHidden(c)]
        rows = []
        for row in range(model.rowCount()):
            for column in columns:
                value = model.index(row, column, QModelIndex()).data(Qt.ItemDataRole.DisplayRole)
                if value is not None and needle in str(value).casefold():
                    rows.append(row)
                    break
        return rows

    def _on_text_changed(self, _text: str) -> None:
        self.apply()

    def apply(self, keep_position: bool = False) -> None:
        """Match the text again, hide or show rows, select the first (or nearest) match."""
        text = self.edit.text()
        previous_row = self.matches[self.current] if keep_position and 0 <= self.current < len(self.matches) else None
        self.matches = self.find_rows(text)
        self._show_all_rows()
        if self.only_matching.isChecked() and text:
            matching = set(self.matches)
            model = self.table.model()
            for row in range(model.rowCount() if model is not None else 0):
                if row not in matching:
                    self.table.setRowHidden(row, True)
                    self._hiding = True
        if not self.matches:
            self.current = -1
        elif previous_row in self.matches:
            self.current = self.matches.index(previous_row)
        else:
            self.current = 0
        self._select_current()
        self._update_count(text)

    def step(self, delta: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + delta) % len(self.matches)
        self._select_current()
        self._update_count(self.edit.text())

    def _select_current(self) -> None:
        if not 0 <= self.current < len(self.matches):
            return
        row = self.matches[self.current]
        index = self.table.model().index(row, 0)
        # Not selectRow(): it reads the keyboard modifiers and Shift+Enter would extend the selection.
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _update_count(self, text: str) -> None:
        if not text:
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText(self.tr("No match"))
        else:
            self.count_label.setText(self.tr("{0} of {1}").format(self.current + 1, len(self.matches)))

    def _show_all_rows(self) -> None:
        # Inserted or removed rows shift hidden ones: show every row again, not just those we hid.
        if not self._hiding:
            return
        model = self.table.model()
        for row in range(model.rowCount() if model is not None else 0):
            if self.table.isRowHidden(row):
                self.table.setRowHidden(row, False)
        self._hiding = False
