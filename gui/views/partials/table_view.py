"""A table view with the habits operators expect: sortable, copy of the selected rows,
a context menu, Ctrl+F to find rows (``find_bar.FindBar``), and a sentence explaining what
will appear while the table is empty.

One Ctrl+F shortcut per window (``ensure_find_shortcut``) picks the table: the one
holding the focus, else the largest table visible in the window — so in the main window
it is the current tab's table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QMenu, QTableView, QWidget

from gui.views.partials.table_model import RECORD_ROLE

if TYPE_CHECKING:  # imported with the first Ctrl+F, not with every table
    from gui.views.partials.find_bar import FindBar

_SHORTCUT_PROPERTY = "_sms_find_shortcut"


class DataTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self._find_bar: FindBar | None = None
        self._in_geometry_update = False
        super().__init__(parent)
        self._own_viewport()
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
        # Ctrl+F itself is one shortcut per window (ensure_find_shortcut), so several tables
        # in one window never make it ambiguous; the menu entry just names the key.
        self.find_action = QAction(self.tr("Find…"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.find_action.triggered.connect(self.open_find_bar)
        self.extra_actions: list[QAction] = []
        self._empty_text = ""

    def _own_viewport(self) -> None:
        """A viewport made here, dressed as Qt dresses its own. Qt's own is a plain QWidget made
        in C++, and PySide turning such a pointer into a Python object the first time makes every
        QtWidgets class's Python type and enums (~8 ms, once per process): the first paint of
        the first table (start-up's Compose) paid it. A viewport made in Python is known as it is."""
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        self.setViewport(viewport)

    # --- columns ------------------------------------------------------------------
    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt API
        super().setModel(model)
        self.fit_headers()

    def fit_headers(self) -> None:
        """Widen every column to at least its header text, so no header is cut off (in any
        language); a tab that sizes its columns itself does so afterwards and wins."""
        header = self.horizontalHeader()
        model = self.model()
        if model is None:
            return
        for column in range(model.columnCount()):
            wanted = header.sectionSizeHint(column)
            if header.sectionSize(column) < wanted:
                header.resizeSection(column, wanted)

    def fit_columns(self, max_width: int) -> None:
        """Size the columns to their contents, none wider than ``max_width`` (a long text
        shows whole in its tooltip)."""
        self.resizeColumnsToContents()
        model = self.model()
        for column in range(model.columnCount() if model is not None else 0):
            self.setColumnWidth(column, min(self.columnWidth(column), max_width))

    # --- find (Ctrl+F) ------------------------------------------------------------
    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from gui.views.partials.find_bar import FindBar

            self._find_bar = FindBar(self)
        return self._find_bar

    def open_find_bar(self) -> None:
        self.find_bar.open_bar()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        ensure_find_shortcut(self.window())

    def updateGeometries(self) -> None:
        # QTableView resets the viewport margins to the headers' sizes here; keep room
        # at the bottom for the find bar while it is open.
        if self._in_geometry_update:
            return
        self._in_geometry_update = True
        try:
            super().updateGeometries()
            bar = self._find_bar
            margins = self.viewportMargins()
            height = bar.sizeHint().height() if bar is not None and not bar.isHidden() else 0
            if margins.bottom() != height:
                self.setViewportMargins(margins.left(), margins.top(), margins.right(), height)
            if height and bar is not None:
                frame = self.frameWidth()
                viewport = self.viewport().geometry()
                bar.setGeometry(frame, viewport.bottom() + 1, viewport.right() + 1 - frame, height)
                bar.raise_()
        finally:
            self._in_geometry_update = False

    # --- empty state --------------------------------------------------------------
    def set_empty_text(self, text: str) -> None:
        """What the operator will see here and how to get it, shown while there are no rows."""
        self._empty_text = text
        self.viewport().update()

    def empty_text(self) -> str:
        return self._empty_text

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

    def _show_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        self.copy_action.setEnabled(bool(self.selected_rows()))
        menu.addAction(self.copy_action)
        menu.addAction(self.find_action)
        if self.extra_actions:
            menu.addSeparator()
            for action in self.extra_actions:
                menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(pos))


# --- one Ctrl+F per window ------------------------------------------------------------
def ensure_find_shortcut(window: QWidget) -> None:
    """Give ``window`` (a main window or dialog) one Ctrl+F that opens the right table's find bar."""
    if window is None or window.property(_SHORTCUT_PROPERTY):
        return
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), window)
    shortcut.setObjectName("find_shortcut")
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: open_find_in(window))
    window.setProperty(_SHORTCUT_PROPERTY, True)


def target_table(window: QWidget) -> DataTableView | None:
    """The table Ctrl+F should search in ``window``: the focused one, else the largest visible one."""
    focus = QApplication.focusWidget()
    while focus is not None:
        if isinstance(focus, DataTableView) and focus.window() is window:
            return focus
        focus = focus.parentWidget()
    tables = [t for t in window.findChildren(DataTableView) if t.isVisible() and t.window() is window]
    if not tables:
        return None
    return max(tables, key=lambda t: t.width() * t.height())


def open_find_in(window: QWidget) -> bool:
    table = target_table(window)
    if table is None:
        return False
    table.open_find_bar()
    return True
