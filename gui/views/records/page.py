"""The Records tab: the provider's send records (get_record), page by page, and their export.

get_record answers one page at a time and never says how many there are: "Next" stays
enabled while pages come back full. Every page fetched for the current query is kept,
so "Export" writes all of them (in page order), not only the one on screen.

Beside the provider's records, two sub-views read the profile's local store:
``gui.views.records.archive`` (the archive) and ``gui.views.records.stats`` (statistics).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from gui.views.partials.busy import BusyBar
from gui.views.partials.code_explain import code_tooltip_column
from gui.views.partials.date_range import DateRangeEdit
from gui.views.partials.errors import show_load_error
from gui.views.partials.export import ask_export_path, start_export
from gui.views.partials.pager import Pager
from gui.views.partials.report_status import report_status_column
from gui.views.partials.row_table import make_table
from gui.views.partials.tab_page import TabPage
from gui.views.partials.table_model import Column
from gui.views.partials.widgets import STRETCH, named_button, named_label, number_filter, row
from gui.views.records.archive import ArchiveView
from gui.views.records.stats import StatsView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordQuery:
    start: str
    end: str
    mobile: str | None
    page_size: int


class RecordsTab(TabPage):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("records_tab")
        self._query: RecordQuery | None = None
        self._pages: dict[int, list] = {}  # page_num -> records, for the current query

        self.range_edit = DateRangeEdit(self)
        self.mobile_edit = number_filter(self, "records_mobile", self.tr("All numbers"))
        self.search_button = named_button(self, self.tr("Search"), "records_search")
        self.search_button.setDefault(True)
        self.mobile_edit.returnPressed.connect(self.search)
        self.pager = Pager(self, page_size=50)
        self.export_button = named_button(
            self,
            self.tr("Export…"),
            "records_export",
            self.tr("Write every page fetched for this search to an Excel or CSV file"),
        )
        self.summary_label = named_label(self, "records_summary")
        self.busy = BusyBar(self)

        # Newest first, until the operator sorts by a column.
        self.model, self.proxy, self.table = make_table(
            self,
            self._columns(),
            "records_table",
            self.tr("Messages sent from this account appear here: pick a time range (Beijing time) and press Search."),
        )

        mobile_label = QLabel(self.tr("Mobile"), self)
        second = row(mobile_label, self.mobile_edit, self.search_button, 16, self.pager, STRETCH, self.export_button)
        online = QWidget(self)
        layout = QVBoxLayout(online)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row(self.range_edit, STRETCH))
        layout.addLayout(second)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        # Sub-views: the provider's records (above), the local archive and its statistics
        # (each reads the store the first time it is shown).
        self.archive_view, self.stats_view = ArchiveView(ctx, self), StatsView(ctx, self)
        self.views = QTabWidget(self)
        self.views.setObjectName("records_views")
        self.views.addTab(online, self.tr("Online (provider)"))
        self.views.addTab(self.archive_view, self.tr("Local archive"))
        self.views.addTab(self.stats_view, self.tr("Statistics"))
        QVBoxLayout(self).addWidget(self.views)

        self.search_button.clicked.connect(self.search)
        self.pager.page_requested.connect(self.fetch_page)
        self.export_button.clicked.connect(self.export)
        ctx.profile_changed.connect(self._on_profile_changed)
        self._update_actions()

    def title(self) -> str:
        return self.tr("Records")

    def _columns(self) -> list[Column]:
        right = {"align_right": True}
        return [
            Column.field(self.tr("sid"), "sid", **right),
            Column.field(self.tr("Mobile"), "mobile"),
            Column.field(self.tr("Sent (Beijing)"), "send_time"),
            Column.field(self.tr("Text"), "text", free_text=True),
            Column.field(self.tr("Send status"), "send_status"),
            report_status_column(self.tr("Report status")),
            Column.field(self.tr("Parts"), "fee", **right),
            Column.field(self.tr("Received (Beijing)"), "user_receive_time"),
            code_tooltip_column(self.tr("Error"), "error_msg", free_text=True),  # its meaning as the tooltip
            Column.field(self.tr("uid"), "uid"),
        ]

    # --- loading ------------------------------------------------------------------
    def start_initial_load(self) -> None:
        """Today's first page."""
        self.ctx.connectivity.in_background(self)  # nobody clicked: a gateway out of reach is the banner's
        self._initial_pending = True
        self.range_edit.set_today()
        self.search()

    def refresh(self) -> None:
        if self.views.currentWidget() is self.archive_view:
            self.archive_view.search()
        elif self.views.currentWidget() is self.stats_view:
            self.stats_view.refresh()
        else:
            self.fetch_page(self.pager.page_num if self._query else 1)

    def _current_query(self) -> RecordQuery:
        start, end = self.range_edit.wire_range()
        mobile = self.mobile_edit.text().strip() or None
        return RecordQuery(start, end, mobile, self.pager.page_size)

    def search(self) -> None:
        self._query = None  # a new search: forget the pages of the last one
        self.fetch_page(1)

    def fetch_page(self, page_num: int) -> None:
        if self.busy.busy or not self.range_edit.check():  # a reversed range: refused, never swapped
            return
        query = self._current_query()
        if query != self._query:
            self._query, self._pages = query, {}
            self.pager.reset()
        try:
            client = self.ctx.client()
        except RuntimeError as exc:
            self._failed(exc)
            return

        def fetch():
            return client.get_record(query.start, query.end, page_num, query.page_size, query.mobile)

        task = self.ctx.run(
            fetch, lambda records: self._show_page(query, page_num, records), self._failed, name="get_record"
        )
        self.busy.track(
            task,
            self.tr("Loading page {0} of the records…").format(page_num),
            disable=[self.search_button, self.export_button, self.range_edit, self.mobile_edit, *self.pager.controls()],
        )
        task.done.connect(self._update_actions)

    def _show_page(self, query: RecordQuery, page_num: int, records: list) -> None:
        if query != self._query:
            return  # the operator changed the search meanwhile
        self.ctx.connectivity.reached(self)
        self._pages[page_num] = list(records)
        self.model.set_rows(records)
        self.pager.page_loaded(page_num, len(records))
        self.table.fit_columns(320)
        self._update_summary()
        self._finish_initial(True, "")

    def _failed(self, error: BaseException) -> None:
        show_load_error(self.ctx, self, error, self.tr("Loading the send records failed."))
        self._finish_initial(False, str(error))

    def _update_summary(self) -> None:
        if self._query is None:
            self.summary_label.setText("")
            return
        fetched = sum(len(rows) for rows in self._pages.values())
        pages = ", ".join(str(p) for p in sorted(self._pages))
        self.summary_label.setText(
            self.tr(
                "{0} records on this page · fetched for this search: {1} records (pages {2}) — Export writes "
                "all of them"
            ).format(self.model.rowCount(), fetched, pages or "–")
        )

    def _update_actions(self) -> None:
        self.export_button.setEnabled(any(self._pages.values()) and not self.busy.busy)
        self.pager.refresh_buttons()

    def _on_profile_changed(self, _profile) -> None:
        self._query, self._pages = None, {}
        self.model.set_rows([])
        self.pager.reset()
        self._update_summary()
        self._update_actions()

    # --- export -------------------------------------------------------------------
    def fetched_records(self) -> list:
        """Every record of the pages fetched for the current search, page order, each sid once."""
        seen, out = set(), []
        for page in sorted(self._pages):
            for record in self._pages[page]:
                key = record.sid or id(record)
                if key not in seen:
                    seen.add(key)
                    out.append(record)
        return out

    def export(self) -> None:
        path = ask_export_path(self, "records.xlsx")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path):
        """Write the fetched pages to ``path`` (.xlsx or .csv) in a worker; returns the task."""
        records = self.fetched_records()
        task = start_export(
            self.ctx,
            self,
            self.busy,
            path,
            self.model.columns,
            lambda _control: records,
            lambda count: self._exported(path, count),
            name="export_records",
            disable=[self.search_button, self.export_button, *self.pager.controls()],
            total=len(records),
        )
        task.done.connect(self._update_actions)
        return task

    def _exported(self, path: Path, count: int) -> None:
        self.summary_label.setText(self.tr("Exported {0} records to {1}").format(count, str(path)))
