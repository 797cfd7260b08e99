"""A table view with the habits operators expect: sortable, copy of the selected rows,
a context menu, and a sentence explaining what will appear while the table is empty."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from gui.views.partials.table_model import RECORD_ROLE


class DataTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self.copy_action = QAction(self.tr("Copy selected rows"), self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.addAction(self.copy_action)
        self.extra_actions: list[QAction] = []
        self._empty_text = ""

    # --- empty state --------------------------------------------------------------
    def set_empty_text(self, text: str) -> None:
        """What the operator will see here and how to get it, shown while there are no rows."""
        self._empty_text = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self._empty_text and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._empty_text)
            painter.end()

    # --- selection ----------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.selectionModel().selectedRows()}) if self.selectionModel() else []

    def selected_records(self) -> list[Any]:
        model = self.model()
        return [model.index(row, 0).data(RECORD_ROLE) for row in self.selected_rows()]

    def all_records(self) -> list[Any]:
        model = self.model()
        return [model.index(row, 0).data(RECORD_ROLE) for row in range(model.rowCount())]

    def selection_as_text(self) -> str:
        """The selected rows as tab-separated text with a header line (pastes into Excel)."""
        model = self.model()
        if model is None:
            return ""
        columns = [c for c in range(model.columnCount()) if not self.isColumnHidden(c)]
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        for row in self.selected_rows():
            cells = []
            for column in columns:
                value = model.index(row, column, QModelIndex()).data(Qt.ItemDataRole.DisplayRole)
                cells.append(str(value or "").replace("\t", " ").replace("\n", " "))
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def copy_selection(self) -> None:
        if self.selected_rows():
            QGuiApplication.clipboard().setText(self.selection_as_text())

    def _show_menu(self, pos) -> None:
        menu = QMenu(self)
        self.copy_action.setEnabled(bool(self.selected_rows()))
        menu.addAction(self.copy_action)
        if self.extra_actions:
            menu.addSeparator()
            for action in self.extra_actions:
                menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(pos))
