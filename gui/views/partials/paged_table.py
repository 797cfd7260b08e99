"""Tables of up to a million rows that never hold (or filter) every row on the GUI thread.

``PagedRowsModel`` shows ``total`` rows and holds only the pages the view has shown: a page it
has not got is read by ``fetch(start, count)`` in a worker (the journal, as the archive reads
its store) and shown when it arrives; a few pages are kept, the oldest forgotten.
``PositionFilterProxy`` shows the source rows at a sorted array of positions (a status's
rows, worked out in a worker as a compact array) or every row: filtering costs nothing on the
GUI thread, where a QSortFilterProxyModel would ask every row for its text. Neither sorts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from gui.views.partials.table_model import RECORD_ROLE, Column, RowTableModel

PAGE_ROWS = 500
KEPT_PAGES = 40

Fetch = Callable[[int, int], Sequence[Any]]  # (first row, count) -> records, called in a worker


class PagedRowsModel(RowTableModel):
    """``total`` rows read a page at a time through ``fetch`` (see the module's docstring)."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self._run: Callable[..., Any] | None = None  # ctx.run: (work, on_done, on_error, name=...)
        self._fetch: Fetch | None = None
        self._memory: Sequence[Any] | None = None  # rows held in memory (set_rows)
        self._total = 0
        self._pages: OrderedDict[int, Sequence[Any]] = OrderedDict()
        self._asked: set[int] = set()
        self._generation = 0
        self.page_rows = PAGE_ROWS

    def show_pages(
        self,
        total: int,
        fetch: Fetch | None,
        first_page: Sequence[Any] = (),
        memory: Sequence[Any] | None = None,
        run: Callable[..., Any] | None = None,
    ) -> None:
        """Show ``total`` rows read by ``fetch`` in workers started by ``run`` (``ctx.run``);
        ``first_page``: rows 0… already read (by the worker that counted)."""
        self.beginResetModel()
        self._generation += 1
        self._total, self._fetch, self._memory, self._run = total, fetch, memory, run
        self._pages.clear()
        self._asked.clear()
        for start in range(0, len(first_page), self.page_rows):
            self._pages[start // self.page_rows] = list(first_page[start : start + self.page_rows])
        self.endResetModel()

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Rows held in memory (a dry run's, built in its worker): shown as they are, not copied."""
        self.show_pages(len(rows), None, memory=rows)

    @property
    def rows(self) -> list[Any]:
        """The rows read so far, in row order (all of them when they fit in the kept pages)."""
        if self._memory is not None:
            return list(self._memory)
        return [record for page in sorted(self._pages) for record in self._pages[page]]

    @rows.setter
    def rows(self, value: list[Any]) -> None:
        pass  # RowTableModel's own list is not used: the pages are

    def record(self, row: int) -> Any:
        if self._memory is not None:
            return self._memory[row]
        page_no, offset = divmod(row, self.page_rows)
        page = self._pages.get(page_no)
        if page is None:
            self._ask(page_no)
            return None
        self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._total:
            return None
        record = self.record(index.row())
        if record is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == RECORD_ROLE:
            return record
        return self.cell(record, index.column(), role)

    def cell(self, record: Any, column_no: int, role: int) -> Any:
        column = self.columns[column_no]
        value = column.get(record)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _text(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip:
                return column.tooltip(record)
            text = _text(column, value)
            return text if len(text) > 40 else None
        return None

    def _ask(self, page_no: int) -> None:
        fetch, run = self._fetch, self._run
        if fetch is None or run is None or page_no in self._asked:
            return
        self._asked.add(page_no)
        generation, start, size = self._generation, page_no * self.page_rows, self.page_rows
        run(
            lambda: fetch(start, size),
            lambda rows: self._arrived(generation, page_no, rows),
            lambda _exc: self._asked.discard(page_no) if generation == self._generation else None,
            name="table_page",
        )

    def _arrived(self, generation: int, page_no: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return  # a page of what was shown before
        self._asked.discard(page_no)
        self._pages[page_no] = rows
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        first = page_no * self.page_rows
        last = min(self._total, first + len(rows)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))


def _text(column: Column, value: Any) -> str:
    if column.display is not None:
        return column.display(value)
    return "" if value is None else str(value)


class PositionFilterProxy(QAbstractProxyModel):
    """The source rows at ``positions`` (ascending), or every row (see the module's docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._positions: Sequence[int] | None = None

    def setSourceModel(self, model: Any) -> None:  # noqa: N802 - Qt API
        super().setSourceModel(model)
        model.modelReset.connect(self._source_reset)
        model.dataChanged.connect(self._source_changed)

    def set_positions(self, positions: Sequence[int] | None) -> None:
        """Show the rows at ``positions`` (None: every row)."""
        self.beginResetModel()
        self._positions = positions
        self.endResetModel()

    def _source_reset(self) -> None:
        self.set_positions(None)

    def _source_changed(self, *_args: Any) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, self.columnCount() - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() or self.sourceModel() is None:
            return 0
        return len(self._positions) if self._positions is not None else self.sourceModel().rowCount()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.sourceModel() is None else self.sourceModel().columnCount()

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if parent.isValid() or not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _index: Any = None) -> Any:
        return QModelIndex()

    def mapToSource(self, proxy_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if not proxy_index.isValid() or self.sourceModel() is None:
            return QModelIndex()
        row = proxy_index.row()
        source_row = self._positions[row] if self._positions is not None else row
        return self.sourceModel().index(source_row, proxy_index.column())

    def mapFromSource(self, source_index: QModelIndex | QPersistentModelIndex) -> QModelIndex:  # noqa: N802
        if not source_index.isValid():
            return QModelIndex()
        row = source_index.row()
        if self._positions is not None:
            found = bisect_left(self._positions, row)
            if found >= len(self._positions) or self._positions[found] != row:
                return QModelIndex()
            row = found
        return self.index(row, source_index.column())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        source = self.sourceModel()
        return source.headerData(section, orientation, role) if source is not None else None
