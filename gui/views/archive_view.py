"""Local archive browsing (a view inside the Records tab): every message the profile's store
knows — sent from the console, synced from get_record, or known from a report — searched by
date range, number, text, report status, error code and campaign.

Filtering and sorting happen in SQL (``gui.store.archive``), never in a proxy model: the
``ArchiveModel`` holds only the rows loaded so far and asks for the next keyset page
(``canFetchMore`` / ``fetchMore``) when the view scrolls near the end, in a worker. A
million rows stay fluid because no query ever reads more than a page. The total is
counted in another worker and shown when known.

"Sync from provider…" reads get_record over the date range into the archive
(``gui.store.sync``: resumable, idempotent) with a progress bar and Cancel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gui.i18n import QT_TRANSLATE_NOOP
from gui.store.archive import PENDING, SORT_KEYS, ArchiveFilter, ArchiveQuery, ArchiveRow
from gui.views.partials.busy import BusyBar
from gui.views.partials.date_range import DateRangeEdit
from gui.views.partials.errors import show_error
from gui.views.partials.table_model import RECORD_ROLE
from gui.views.partials.table_view import DataTableView

if TYPE_CHECKING:
    from gui.store.db import Store

log = logging.getLogger(__name__)

PAGE_ROWS = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArchiveView", text)


def source_text(source: str) -> str:
    return {"console": _tr("Console"), "record": _tr("Provider record"), "report": _tr("Report only")}.get(
        source, source
    )


class ArchiveModel(QAbstractTableModel):
    """Rows of one ArchiveQuery, loaded a keyset page at a time as the view scrolls."""

    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows loaded so far
    total_known = Signal(object)  # int: rows matching the query
    failed = Signal(object)  # exception of a page or count task

    # (header, ArchiveRow field, sort key in SQL or None)
    COLUMNS = (
        (QT_TRANSLATE_NOOP("ArchiveView", "Sent (Beijing)"), "sent_at", "sent_at"),
        (QT_TRANSLATE_NOOP("ArchiveView", "Mobile"), "mobile", "mobile"),
        (QT_TRANSLATE_NOOP("ArchiveView", "Text"), "text", None),
        (QT_TRANSLATE_NOOP("ArchiveView", "Report status"), "report_status", "report_status"),
        (QT_TRANSLATE_NOOP("ArchiveView", "Error"), "error_msg", "error_msg"),
        (QT_TRANSLATE_NOOP("ArchiveView", "Received (Beijing)"), "user_receive_time", None),
        (QT_TRANSLATE_NOOP("ArchiveView", "sid"), "sid", None),
        (QT_TRANSLATE_NOOP("ArchiveView", "Parts"), "count", None),
        (QT_TRANSLATE_NOOP("ArchiveView", "Fee"), "fee", None),
        (QT_TRANSLATE_NOOP("ArchiveView", "Campaign"), "campaign_id", None),
        (QT_TRANSLATE_NOOP("ArchiveView", "Source"), "source", None),
        (QT_TRANSLATE_NOOP("ArchiveView", "uid"), "uid", None),
    )

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
        query = self.query = ArchiveQuery(store, self.filter, self.sort_key, self.descending)
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
        return 0 <= column < len(self.COLUMNS) and self.COLUMNS[column][2] in SORT_KEYS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column][2] if self.sortable(column) else None
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
                return _tr(self.COLUMNS[section][0])
            if role == Qt.ItemDataRole.ToolTipRole and not self.sortable(section):
                return _tr("The archive sorts by time, number, report status or error")
        elif role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def display(self, row: ArchiveRow, name: str) -> str:
        from gui.views.records import report_status_text

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
        name = self.COLUMNS[index.column()][1]
        if role == RECORD_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, name)
        if role == Qt.ItemDataRole.ForegroundRole and name == "report_status":
            from gui.views.records import report_status_colour

            colour = report_status_colour(row.report_status)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and name in ("sid", "count", "fee"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and name == "text" and len(row.text) > 40:
            return row.text
        return None


class ArchiveView(QWidget):
    """Filters, the archive table, export and sync. Lives in the Records tab."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("archive_view")
        self._loaded_once = False

        self.use_dates = QCheckBox(self.tr("Dates"), self)
        self.use_dates.setObjectName("archive_use_dates")
        self.use_dates.setToolTip(self.tr("Limit the search to the date range (otherwise: all the archive)"))
        self.range_edit = DateRangeEdit(self)
        self.range_edit.week_button.click()
        self.mobile_edit = self._line_edit("archive_mobile", self.tr("Any number"), 150)
        self.text_edit = self._line_edit("archive_text", self.tr("Text contains…"), 200)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("archive_status")
        for label, value in (
            (self.tr("Any report"), None),
            (self.tr("✔ Delivered"), "SUCCESS"),
            (self.tr("✖ Failed"), "FAIL"),
            (self.tr("… No report yet"), PENDING),
        ):
            self.status_combo.addItem(label, value)
        self.error_combo = QComboBox(self)
        self.error_combo.setObjectName("archive_error")
        self.error_combo.setEditable(True)
        error_edit = self.error_combo.lineEdit()
        assert error_edit is not None  # an editable combo box has one
        error_edit.setPlaceholderText(self.tr("Any error"))
        self.error_combo.setMinimumWidth(110)
        self.campaign_combo = QComboBox(self)
        self.campaign_combo.setObjectName("archive_campaign")
        self.campaign_combo.addItem(self.tr("Any campaign"), None)
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.setObjectName("archive_search")
        self.search_button.setDefault(True)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("archive_export")
        self.export_button.setToolTip(self.tr("Write every row of this search (not only the loaded ones)"))
        self.sync_button = QPushButton(self.tr("Sync from provider…"), self)
        self.sync_button.setObjectName("archive_sync")
        self.sync_button.setToolTip(
            self.tr(
                "Read the provider's send records (get_record) for the date range into the local archive. "
                "Interrupted syncs continue where they stopped; records already kept are not duplicated."
            )
        )
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("archive_summary")
        self.note_label = QLabel(self)  # the outcome of the last sync or export
        self.note_label.setObjectName("archive_note")
        self.note_label.setWordWrap(True)
        self.busy = BusyBar(self)

        self.model = ArchiveModel(ctx, self)
        self.table = DataTableView(self)
        self.table.setObjectName("archive_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.set_empty_text(
            self.tr(
                "The local archive keeps every message, report and record this profile has seen. "
                "Search it here, or press “Sync from provider…” to copy the provider's records for the date range."
            )
        )

        first = QHBoxLayout()
        first.addWidget(self.use_dates)
        first.addWidget(self.range_edit)
        first.addStretch(1)
        second = QHBoxLayout()
        for widget in (
            self.mobile_edit,
            self.text_edit,
            self.status_combo,
            self.error_combo,
            self.campaign_combo,
            self.search_button,
        ):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.sync_button)
        second.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)
        summary = QHBoxLayout()
        summary.addWidget(self.summary_label)
        summary.addWidget(self.note_label, 1)
        layout.addLayout(summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)

        self.search_button.clicked.connect(self.search)
        for edit in (self.mobile_edit, self.text_edit):
            edit.returnPressed.connect(self.search)
        error_edit.returnPressed.connect(self.search)
        self.export_button.clicked.connect(self.export)
        self.sync_button.clicked.connect(self.sync)
        self.model.page_loaded.connect(lambda _n: self._update_summary())
        self.model.total_known.connect(lambda _n: self._update_summary())
        self.model.loading_changed.connect(lambda _b: self._update_summary())
        self.model.failed.connect(lambda exc: show_error(self.ctx, self, exc, self.tr("Reading the archive failed.")))
        ctx.profile_changed.connect(self._on_profile_changed)

    def _line_edit(self, name: str, placeholder: str, width: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.setMaximumWidth(width)
        return edit

    # --- searching ----------------------------------------------------------------------
    def current_filter(self) -> ArchiveFilter:
        since = until = None
        if self.use_dates.isChecked():
            since, until = self.range_edit.wire_range()
        error = self.error_combo.currentText().strip() or None
        return ArchiveFilter(
            since=since,
            until=until,
            mobile=self.mobile_edit.text().strip() or None,
            text=self.text_edit.text().strip() or None,
            report_status=self.status_combo.currentData(),
            error_msg=error,
            campaign_id=self.campaign_combo.currentData(),
        )

    def ensure_loaded(self) -> None:
        """First time the view is shown: the newest rows and the filters' choices."""
        if not self._loaded_once:
            self._loaded_once = True
            self.load_choices()
            self.search()

    def search(self) -> None:
        self.model.set_filter(self.current_filter())

    def load_choices(self) -> None:
        """Campaign names and the error codes seen, for the filters (in a worker)."""
        from gui.store import archive

        def read() -> tuple[list[tuple[int, str]], list[str]]:
            store = self.ctx.store()
            return archive.campaigns(store), archive.error_codes(store, 50)

        self.ctx.run(
            read, self._show_choices, lambda exc: log.warning("archive choices: %s", exc), name="archive_choices"
        )

    def _show_choices(self, choices) -> None:
        campaigns, errors = choices
        current = self.campaign_combo.currentData()
        self.campaign_combo.blockSignals(True)
        self.campaign_combo.clear()
        self.campaign_combo.addItem(self.tr("Any campaign"), None)
        for campaign_id, name in campaigns:
            self.campaign_combo.addItem(f"{name} (#{campaign_id})" if not name.startswith("#") else name, campaign_id)
        self.campaign_combo.setCurrentIndex(max(self.campaign_combo.findData(current), 0))
        self.campaign_combo.blockSignals(False)
        self.model.campaign_names = dict(campaigns)
        text = self.error_combo.currentText()
        self.error_combo.clear()
        self.error_combo.addItems([""] + errors)
        self.error_combo.setEditText(text)

    def _update_summary(self) -> None:
        loaded, total = len(self.model.rows), self.model.total
        if self.model.query is None:
            text = ""
        elif total is None:
            text = self.tr("{0} rows loaded; counting…").format(loaded)
        else:
            text = (
                self.tr("{0} of {1} matching rows loaded (scroll for more)").format(loaded, total)
                if loaded < total
                else self.tr("{0} matching rows").format(total)
            )
        if self.model.loading:
            text += " · " + self.tr("loading…")
        self.summary_label.setText(text)

    def _on_profile_changed(self, _profile) -> None:
        self.model.clear()
        self._loaded_once = False
        if self.isVisible():
            self.ensure_loaded()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    # --- export -------------------------------------------------------------------------
    def export(self) -> None:
        from gui.views.records import ask_export_path

        path = ask_export_path(self, "archive.xlsx")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path):
        """Every row of the current search (in its order) to ``path`` through the common exporter."""
        from gui.store.export import export_table

        if self.model.query is None:
            return None
        query = self.model.query
        names = [name for _h, name, _k in ArchiveModel.COLUMNS]
        headers = [_tr(h) for h, _n, _k in ArchiveModel.COLUMNS]
        free_text = {names.index("text"), names.index("error_msg")}

        def write(control):
            rows = ([getattr(r, n) for n in names] for r in query.iter_rows(control=control))
            return export_table(path, headers, rows, free_text, control=control)

        task = self.ctx.run(
            write,
            lambda count: self.note_label.setText(self.tr("Exported {0} rows to {1}").format(count, str(path))),
            lambda exc: show_error(self.ctx, self, exc, self.tr("The export failed.")),
            name="export_archive",
            with_control=True,
        )
        self.busy.track(
            task,
            self.tr("Writing {0}…").format(path.name),
            disable=[self.export_button, self.sync_button],
            cancellable=True,
        )
        return task

    # --- sync ---------------------------------------------------------------------------
    def sync(self):
        """get_record over the date range into the archive (resumable), with progress."""
        from gui.store.sync import RecordSync

        try:
            client = self.ctx.client()
        except Exception as exc:  # noqa: BLE001
            show_error(self.ctx, self, exc)
            return None
        start, end = self.range_edit.wire_range()

        def run(control):
            store = self.ctx.store()
            return RecordSync(store, client.get_record).run(start, end, progress=control.progress, control=control)

        task = self.ctx.run(
            run,
            self._synced,
            lambda exc: show_error(
                self.ctx, self, exc, self.tr("The sync stopped. What was read is kept: Sync again to continue.")
            ),
            on_progress=self._sync_progress,
            name="archive_sync",
            with_control=True,
        )
        self.busy.track(
            task,
            self.tr("Reading the provider's records {0} – {1}…").format(start, end),
            disable=[self.sync_button, self.export_button],
            cancellable=True,
        )
        self.busy.set_progress(0, 1)
        return task

    def _sync_progress(self, progress) -> None:
        self.busy.set_progress(progress.day_index, progress.days)
        self.busy.message.setText(
            self.tr("Day {0} ({1} of {2}), page {3}: {4} records read, {5} new").format(
                progress.day, progress.day_index + 1, progress.days, progress.page, progress.fetched, progress.new
            )
        )

    def _synced(self, result) -> None:
        if result.cancelled:
            text = self.tr("Sync cancelled after {0} records ({1} new). Sync again to continue.")
        else:
            text = self.tr("Synced {0} records ({1} new to the archive).")
        self.note_label.setText(text.format(result.fetched, result.new))
        self.load_choices()
        self.search()
