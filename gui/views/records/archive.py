"""Local archive browsing (a view inside the Records tab): every message the profile's store
knows — sent from the console, synced from get_record, or known from a report — searched by
date range, number, text, report status, error code and campaign.

Filtering and sorting happen in SQL, a keyset page at a time as the table scrolls
(``gui.views.records.archive_model.ArchiveModel``).

"Sync from provider…" reads get_record over the date range into the archive
(``gui.store.sync``: resumable, idempotent) with a progress bar and Cancel.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gui.store.archive import PENDING, ArchiveFilter
from gui.views.partials.busy import BusyBar
from gui.views.partials.date_range import DateRangeEdit
from gui.views.partials.errors import show_error
from gui.views.partials.export import ask_export_path, start_export
from gui.views.partials.table_view import DataTableView
from gui.views.partials.widgets import named_button, named_label
from gui.views.records.archive_model import ArchiveModel

log = logging.getLogger(__name__)


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
        self.export_button = named_button(
            self,
            self.tr("Export…"),
            "archive_export",
            self.tr("Write every row of this search (not only the loaded ones)"),
        )
        self.sync_button = named_button(
            self,
            self.tr("Sync from provider…"),
            "archive_sync",
            self.tr(
                "Read the provider's send records (get_record) for the date range into the local archive. "
                "Interrupted syncs continue where they stopped; records already kept are not duplicated."
            ),
        )
        self.summary_label = named_label(self, "archive_summary")
        self.note_label = named_label(self, "archive_note", wrap=True)  # the outcome of the last sync or export
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
        if self.use_dates.isChecked() and not self.range_edit.check():  # reversed: refused, never swapped
            return
        self.model.set_filter(self.current_filter())

    def load_choices(self) -> None:
        """Campaign names and the error codes seen, for the filters (in a worker)."""
        from gui.store.backend import stats_module

        def read() -> tuple[list[tuple[int, str]], list[str]]:
            store = self.ctx.store()
            stats = stats_module(store)  # the local archive's or the team database's
            return stats.campaigns(store), stats.error_codes(store, 50)

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
        path = ask_export_path(self, "archive.xlsx")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path):
        """Every row of the current search (in its order) to ``path`` through the common exporter."""
        query = self.model.query
        if query is None:
            return None
        return start_export(
            self.ctx,
            self,
            self.busy,
            path,
            ArchiveModel.export_columns(),
            lambda control: query.iter_rows(control=control),
            lambda count: self.note_label.setText(self.tr("Exported {0} rows to {1}").format(count, str(path))),
            name="export_archive",
            disable=[self.export_button, self.sync_button],
        )

    # --- sync ---------------------------------------------------------------------------
    def sync(self):
        """get_record over the date range into the archive (resumable), with progress."""
        from gui.store.sync import RecordSync

        try:
            client = self.ctx.client()
        except Exception as exc:  # noqa: BLE001
            show_error(self.ctx, self, exc)
            return None
        if not self.range_edit.check():  # a reversed range: refused, never swapped
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
