"""The local archive's table model: the rows of one ``gui.store.archive.ArchiveQuery``.

Filtering and sorting happen in SQL (``gui.store.archive``), never in a proxy model: the
``ArchiveModel`` holds only the rows loaded so far and asks for the next keyset page
(``canFetchMore`` / ``fetchMore``) when the view scrolls near the end, in a worker. A
million rows stay fluid because no query ever reads more than a page. The total is
counted in another worker and shown when known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from gui.i18n import QT_TRANSLATE_NOOP
from gui.store.archive import SORT_KEYS, ArchiveFilter, ArchiveQuery, ArchiveRow
from gui.store.backend import archive_query
from gui.views.partials.code_explain import code_tooltip
from gui.views.partials.report_status import report_status_colour, report_status_text
from gui.views.partials.table_model import RECORD_ROLE, Column, field_getter

if TYPE_CHECKING:
    from gui.store.db import Store

PAGE_ROWS = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArchiveView", text)


def source_text(source: str) -> str:
    return {"console": _tr("Console"), "record": _tr("Provider record"), "report": _tr("Report only")}.get(
        source, source
    )


class ArchiveColumn(NamedTuple):
    header: str  # untranslated (QT_TRANSLATE_NOOP): translated when shown
    field: str  # of ArchiveRow
    sort_key: str | None  # the SQL sort key, None: the archive cannot sort by it
    free_text: bool = False  # typed text: an export neutralises formulas in it


class ArchiveModel(QAbstractTableModel):
    """Rows of one ArchiveQuery, loaded a keyset page at a time as the view scrolls."""

    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows loaded so far
    total_known = Signal(object)  # int: rows matching the query
    failed = Signal(object)  # exception of a page or count task

    COLUMNS = (
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Sent (Beijing)"), "sent_at", "sent_at"),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Mobile"), "mobile", "mobile"),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Text"), "text", None, free_text=True),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Report status"), "report_status", "report_status"),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Error"), "error_msg", "error_msg", free_text=True),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Received (Beijing)"), "user_receive_time", None),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "sid"), "sid", None),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Parts"), "count", None),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Fee"), "fee", None),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Campaign"), "campaign_id", None),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "Source"), "source", None),
        ArchiveColumn(QT_TRANSLATE_NOOP("ArchiveView", "uid"), "uid", None),
    )

    @classmethod
    def export_columns(cls) -> list[Column]:
        """The columns as an export writes them: translated headers, raw ArchiveRow values."""
        return [Column(_tr(c.header), field_getter(c.field), free_text=c.free_text) for c in cls.COLUMNS]

    def __init__(self, ctx, parent=None, page_rows: int = PAGE_ROWS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page_rows = page_rows
        self.rows: list[ArchiveRow] = []
        self.query: ArchiveQuery | None = None
        self.filter = ArchiveFilter()
        self.sort_key, self.descending = "sent_at", True
        self.campaign_names: dict[int, str] = {}
        self._cursor: tuple | None = None
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self.total: int | None = None

    # --- query ------------------------------------------------------------------------
    def set_filter(self, flt: ArchiveFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Start over with the current filter and sort: empty model, then (once a worker has
        the store: opening it may migrate a big file) the first page and the count."""
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self.rows, self.query, self._cursor, self._exhausted, self.total = [], None, None, True, None
        self.endResetModel()
        self._set_loading(True)
        self.ctx.run(
            self.ctx.store,
            lambda store: self._start(generation, store),
            lambda exc: self._page_failed(generation, exc),  # no profile
            name="archive_open",
        )

    def _start(self, generation: int, store: Store) -> None:
        if generation != self._generation:
            return  # cleared or reloaded meanwhile
        # the local archive's query or the team database's (gui.store.backend), same rows and pages
        query = self.query = archive_query(store)(store, self.filter, self.sort_key, self.descending)
        self._exhausted = False
        self._set_loading(False)
        self.fetchMore(QModelIndex())
        self.ctx.run(query.count, lambda n: self._counted(generation, n), lambda exc: None, name="archive_count")

    def clear(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self.rows, self.query, self._cursor, self._exhausted, self.total = [], None, None, True, None
        self.endResetModel()
        self._set_loading(False)

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.total_known.emit(total)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    # --- Qt: incremental loading --------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self.query is not None and not self._exhausted and not self._loading

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        query = self.query
        if query is None or not self.canFetchMore(parent):
            return
        self._set_loading(True)
        generation, cursor, size = self._generation, self._cursor, self.page_rows
        self.ctx.run(
            lambda: query.page(cursor, size),
            lambda page: self._page_arrived(generation, page),
            lambda exc: self._page_failed(generation, exc),
            name="archive_page",
        )

    def _page_arrived(self, generation: int, page) -> None:
        if generation != self._generation:
            return  # an older query's page
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self._cursor = page.cursor
        self._exhausted = page.cursor is None
        self._set_loading(False)
        self.page_loaded.emit(len(self.rows))

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._exhausted = True  # no retry loop from the view's scrolling; Search tries again
        self._set_loading(False)
        self.failed.emit(exc)

    # --- Qt: sorting in SQL -------------------------------------------------------------
    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self.COLUMNS) and self.COLUMNS[column].sort_key in SORT_KEYS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column].sort_key if self.sortable(column) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            if self.query is not None:
                self.reload()

    # --- Qt: data -----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(self.COLUMNS[section].header)
            if role == Qt.ItemDataRole.ToolTipRole and not self.sortable(section):
                return _tr("The archive sorts by time, number, report status or error")
        elif role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def display(self, row: ArchiveRow, name: str) -> str:
        value = getattr(row, name)
        if name == "report_status":
            return report_status_text(value)
        if name == "text" and row.source == "report" and not value:
            return _tr("(not known: only a report came)")
        if name == "campaign_id":
            return self.campaign_names.get(value, f"#{value}") if value is not None else ""
        if name == "source":
            return source_text(value)
        return "" if value is None else str(value)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        name = self.COLUMNS[index.column()].field
        if role == RECORD_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, name)
        if role == Qt.ItemDataRole.ForegroundRole and name == "report_status":
            colour = report_status_colour(row.report_status)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and name in ("sid", "count", "fee"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and name == "text" and len(row.text) > 40:
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole and name == "error_msg":
            return code_tooltip(row.error_msg)  # what the carrier's code means
        return None
