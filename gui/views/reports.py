"""The Status reports tab: delivery reports kept in the profile's store, and "Fetch new".

The table always shows the store (newest first), joined to the messages the console
sent by sid, so a report appears with the text it is about. "Fetch new" pulls the
reports not fetched yet (pull_status): the provider deletes what it hands out, so the
worker that pulls commits every page to the store before anything is shown. The first
pull in a profile asks for consent (see ``gui.views.partials.pull_consent``). Pulling,
storing and reading the store happen in workers, through the profile's
``gui.services.pull.PullService``. In team mode the store is the team's: what another
console stores is read again here within seconds (``ctx.stored_watch()``), and "Fetch new"
while another console fetches says so instead of fetching.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QVBoxLayout

from gui.services.pull import PullKind
from gui.views.partials.busy import BusyBar
from gui.views.partials.code_explain import code_tooltip_column
from gui.views.partials.errors import show_error
from gui.views.partials.pager import Pager
from gui.views.partials.pull_action import PullAction
from gui.views.partials.pull_consent import spill_notes, waiting_text
from gui.views.partials.report_status import report_status_column
from gui.views.partials.row_table import make_table
from gui.views.partials.stored_news import StoredNews
from gui.views.partials.tab_page import TabPage
from gui.views.partials.table_model import Column
from gui.views.partials.widgets import STRETCH, named_button, named_label, number_filter, row

STORE_PAGE_SIZE = 200


class ReportsTab(TabPage):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("reports_tab")
        self._mobile: str | None = None

        self.fetch_button = named_button(
            self,
            self.tr("Fetch new reports"),
            "reports_fetch_new",
            self.tr(
                "Fetch the delivery reports not fetched yet (pull_status). The provider hands each report out once; "
                "the console keeps them in this profile's local store."
            ),
        )
        self.mobile_edit = number_filter(self, "reports_mobile", self.tr("All numbers"))
        self.show_button = named_button(self, self.tr("Show"), "reports_show")
        self.pager = Pager(self, page_size=STORE_PAGE_SIZE, max_page_size=1000, show_page_size=False)
        self.summary_label = named_label(self, "reports_summary", wrap=True)
        self.consent_label = named_label(self, "reports_consent", wrap=True)
        self.busy = BusyBar(self)
        self.pull_action = PullAction(self, PullKind.REPORTS, declined=lambda: self._show_consent(False))

        # Newest first, until the operator sorts by a column.
        self.model, self.proxy, self.table = make_table(
            self,
            self._columns(),
            "reports_table",
            self.tr(
                "Delivery reports kept by this console appear here, newest first. "
                "Press “Fetch new reports” to fetch the ones the provider has for you."
            ),
        )

        mobile_label = QLabel(self.tr("Mobile"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(
            row(self.fetch_button, 16, mobile_label, self.mobile_edit, self.show_button, 16, self.pager, STRETCH)
        )
        layout.addWidget(self.summary_label)
        layout.addWidget(self.consent_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)

        self.fetch_button.clicked.connect(self.fetch_new)
        self.show_button.clicked.connect(lambda: self.load_page(1))
        self.mobile_edit.returnPressed.connect(lambda: self.load_page(1))
        self.pager.page_requested.connect(self.load_page)
        ctx.profile_changed.connect(self._on_profile_changed)
        # Team mode: what other consoles store is read again here within seconds, once the tab is free.
        self.news = StoredNews(self, ctx.stored_watch().reports_stored, lambda _n: self.load_page(self.pager.page_num))

    def title(self) -> str:
        return self.tr("Status reports")

    def _columns(self) -> list[Column]:
        return [
            Column.field(self.tr("sid"), "sid", align_right=True),
            Column.field(self.tr("Mobile"), "mobile"),
            report_status_column(self.tr("Status")),
            Column.field(self.tr("Received by phone (Beijing)"), "user_receive_time"),
            code_tooltip_column(self.tr("Error"), "error_msg", free_text=True),  # its meaning as the tooltip
            Column.field(self.tr("Error detail"), "error_detail", free_text=True),
            Column.field(
                self.tr("Text sent"),
                "text",
                display=lambda text: text if text is not None else self.tr("(not sent from this console)"),
                free_text=True,
            ),
            Column.field(self.tr("Sent (Beijing)"), "sent_at"),
            Column.field(self.tr("Fetched (Beijing)"), "received_at"),
            Column.field(self.tr("uid"), "uid"),
        ]

    # --- the store ------------------------------------------------------------------
    def start_initial_load(self) -> None:
        """Read the store only: a pull in the initial load would delete reports on the server."""
        self._initial_pending = True
        self.load_page(1)

    def refresh(self) -> None:
        self.load_page(self.pager.page_num)

    def controls_while_busy(self) -> list:
        return [self.fetch_button, self.show_button, self.mobile_edit, *self.pager.controls()]

    @staticmethod
    def _read_page(service, page_num: int, mobile: str | None, limit: int):
        """Runs in a worker: touches the store only, never a widget."""
        store = service.store()
        total = store.count_reports() if not mobile else None
        rows = store.reports_joined(limit=limit, offset=(page_num - 1) * limit, mobile=mobile)
        return page_num, rows, total, service.consent(), service.waiting_in_spill()

    def load_page(self, page_num: int):
        if self.busy.busy:
            return None
        mobile = self.mobile_edit.text().strip() or None
        try:
            service = self.ctx.pull_service()  # no I/O: the store is opened in the worker
        except Exception as exc:  # noqa: BLE001 - no profile
            self._failed(exc)
            return None
        limit = self.pager.page_size
        task = self.ctx.run(
            lambda: self._read_page(service, page_num, mobile, limit),
            self._show_page,
            self._failed,
            name="reports_from_store",
        )
        self.busy.track(task, self.tr("Reading the stored reports…"), disable=self.controls_while_busy())
        task.done.connect(self.update_actions)
        return task

    def _show_page(self, page) -> None:
        page_num, rows, total, consent, waiting = page
        self.model.set_rows(rows)
        self.pager.page_loaded(page_num, len(rows), total)
        self.table.fit_columns(320)
        if total is not None:
            self.summary_label.setText(self.tr("{0} reports kept in this profile's local store.").format(total))
        else:
            self.summary_label.setText(self.tr("{0} stored reports for this number on this page.").format(len(rows)))
        self._show_consent(consent, waiting)
        self._finish_initial(True, "")

    def _show_consent(self, consent: bool | None, waiting: int = 0) -> None:
        if waiting:
            self.consent_label.setText("⚠ " + waiting_text(waiting))
            self.consent_label.show()
        elif consent is False:
            self.consent_label.setText(
                self.tr(
                    "Fetching is off for this profile (you chose not to take reports from the provider). "
                    "“Fetch new reports” asks again."
                )
            )
            self.consent_label.show()
        else:
            self.consent_label.hide()

    def _failed(self, error: BaseException) -> None:
        show_error(self.ctx, self, error, self.tr("Reading the stored reports failed."))
        self._finish_initial(False, str(error))

    # --- fetch new (pull) -------------------------------------------------------------
    def fetch_new(self) -> None:
        self.pull_action.fetch_new()

    def _pull(self):
        return self.pull_action.pull()

    def read_after_pull(self):
        """As a pull starts: the table will show the store's first page of every number, which
        the pull's worker reads once the reports are stored."""
        self.mobile_edit.clear()
        limit = self.pager.page_size
        read_page = self._read_page
        return lambda service: read_page(service, 1, None, limit)

    def show_pulled(self, outcome) -> None:
        """A pull the profile agreed to (``outcome.extra``: the store's first page, or None when
        the store could not be read)."""
        if outcome.extra is not None:
            self._show_page(outcome.extra)
        else:
            self.model.set_rows([])
            self.summary_label.setText("")
            self._show_consent(True, outcome.waiting)
        not_stored = outcome.spilled + outcome.unsaved
        if not_stored:
            # Not in the store, so not in the page just read: show them on top, marked.
            mark = self.tr("NOT STORED") if outcome.unsaved else self.tr("waiting to be stored")
            rows = [replace(r, received_at=mark) for r in outcome.items[-not_stored:]]
            self.model.set_rows(rows + list(self.model.rows))
        if outcome.elsewhere:
            text = self.tr("Another console is fetching; its results will appear here.")
        elif outcome.items:
            text = self.tr("Fetched {0} reports ({1} new).").format(len(outcome.items), outcome.new_count)
        else:
            text = self.tr("No new reports.")
        text = " ".join(filter(None, (text, spill_notes(outcome))))
        if outcome.unsaved:
            text += " " + self.tr("{0} reports could NOT be stored.").format(outcome.unsaved)
        self.summary_label.setText(f"{text} {self.summary_label.text()}")
        if outcome.error is not None:
            show_error(self.ctx, self, outcome.error, self.tr("Fetching new reports stopped part way."))

    # --- state ------------------------------------------------------------------------
    def update_actions(self) -> None:
        if not self.busy.busy:
            self.pager.refresh_buttons()

    def _on_profile_changed(self, _profile) -> None:
        self.news.clear()
        self.model.set_rows([])
        self.pager.reset()
        self.summary_label.setText("")
        self.consent_label.hide()
