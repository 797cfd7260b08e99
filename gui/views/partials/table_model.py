"""Table models for rows held in memory (Vorta style).

``RowTableModel`` shows a list of records (dataclasses or dicts) through a list of
``Column`` descriptions. It answers ``SORT_ROLE`` with a value that sorts right
(numbers as numbers, times as their ISO text) and ``RECORD_ROLE`` with the record
itself, so views act on records, not on display strings. Wrap it in
``make_sort_proxy`` for sorting and filtering.

A ``Column`` is also what an export writes (``gui.store.export.export_records``): its
header, its raw value, and its role: ``free_text=True`` for text anyone could have typed
(messages, replies, error details), which the export keeps from reading as a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

Getter = Callable[[Any], Any]


def field_getter(name: str) -> Getter:
    def get(record: Any) -> Any:
        if isinstance(record, dict):
            return record.get(name)
        return getattr(record, name, None)

    return get


@dataclass
class Column:
    """One column: its header (already translated), how to read and show its value."""

    header: str
    get: Getter
    display: Callable[[Any], str] | None = None  # value -> text; default str()
    sort_key: Callable[[Any], Any] | None = None  # value -> sortable
    align_right: bool = False
    foreground: Callable[[Any], QColor | None] | None = None  # record -> colour
    tooltip: Callable[[Any], str | None] | None = None  # record -> tooltip
    free_text: bool = False  # typed text: an export neutralises formulas in it

    @classmethod
    def field(cls, header: str, name: str, **kwargs: Any) -> Column:
        return cls(header, field_getter(name), **kwargs)


def _default_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _default_sort(value: Any) -> Any:
    # Mixed None / numbers / text must still compare: sort by (kind, value).
    if value is None:
        return (0, 0)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return (1, float(value))
    return (2, str(value))


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    # --- content ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def update_row(self, row: int, record: Any) -> None:
        self.rows[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def record(self, row: int) -> Any:
        return self.rows[row]

    # --- Qt model API -------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == RECORD_ROLE:
            return record
        value = column.get(record)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (column.display or _default_text)(value)
        if role == SORT_ROLE:
            return _default_sort(column.sort_key(value) if column.sort_key else value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            colour = column.foreground(record)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip:
                return column.tooltip(record)
            text = (column.display or _default_text)(value)
            return text if len(text) > 40 else None
        return None


class RowSortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; filters on a case-insensitive substring over every column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


def make_sort_proxy(model: RowTableModel, parent: QObject | None = None) -> RowSortProxy:
    proxy = RowSortProxy(parent)
    proxy.setSourceModel(model)
    return proxy
