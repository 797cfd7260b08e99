"""The Campaigns tab: import a list, dry-run it, send it exactly once, look at the results.

Three pages:
- **New campaign**: a CSV/XLSX file, the number column and a column per template
  variable, the template, a dry run (summary, warnings and a row table; exportable), an
  optional test send to the operator's own number, then Start.
- **Running**: progress bar with sent / failed / in doubt, rate and time left; pause,
  resume, cancel.
- **Past campaigns**: every campaign with its totals; open its results (filter by
  status, export), resume an interrupted one, retry the failed rows as a new campaign.

Everything that reads the journal, the store or the provider goes through the campaign
service (``gui.services.campaigns.CampaignService``, one per profile, owner of the
journal) in ``ctx.run`` workers. Every path that sends — start, resume with rows left,
retry of the failed rows, the test send — is plan (worker) → ``confirm_spend`` → the
service's send with the approval (worker); Cancel in the confirmation sends nothing.
A run goes on in ONE worker with a TaskControl; its progress reaches the GUI through
``TaskControl.progress`` (coalesced to about ten updates a second). Pause and cancel reach
the running engine through the service. Quitting the console stops the engine resumably;
"Cancel" ends the campaign. The initial load only reads the journal (no sending): if an
unfinished campaign is found, a banner offers to resume it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.context import ProfileChanged
from gui.services.campaigns import (
    CampaignConfig,
    CampaignService,
    DryRunRequest,
    InvalidTestNumber,
    NothingToSend,
    PriceUnknown,
    profile_journal,
)
from gui.services.profile_settings import LEGACY_CAMPAIGN_PRICE_KEY, ProfileSettings, parse_price
from gui.theme import status_css
from gui.views.partials.busy import BusyBar
from gui.views.partials.errors import show_error
from gui.views.partials.number_list_edit import reason_text as number_reason_text
from gui.views.partials.spend_confirm import confirm_spend
from gui.views.partials.tab_page import TabPage
from gui.views.partials.table_model import Column, RowTableModel, make_sort_proxy
from gui.views.partials.table_view import DataTableView

log = logging.getLogger(__name__)

GRACE_KEY = "campaign/grace_seconds"
UID_KEY = "campaign/use_uid"
CHUNK_KEY = "campaign/chunk_size"  # at most 1000 (the API's limit); smaller only for tests
OWN_NUMBER_KEY = "campaign/own_number"
DRY_RUN_TABLE_LIMIT = 200_000

STATUS_WORDS = {
    "pending": QT_TRANSLATE_NOOP("CampaignsTab", "not sent"),
    "sending": QT_TRANSLATE_NOOP("CampaignsTab", "sending"),
    "in_doubt": QT_TRANSLATE_NOOP("CampaignsTab", "in doubt"),
    "sent": QT_TRANSLATE_NOOP("CampaignsTab", "sent"),
    "failed": QT_TRANSLATE_NOOP("CampaignsTab", "failed"),
    "suppressed": QT_TRANSLATE_NOOP("CampaignsTab", "suppressed"),
    "duplicate": QT_TRANSLATE_NOOP("CampaignsTab", "duplicate"),
    "rejected": QT_TRANSLATE_NOOP("CampaignsTab", "rejected"),
    "ready": QT_TRANSLATE_NOOP("CampaignsTab", "ready"),
}
CAMPAIGN_STATES = {
    "draft": QT_TRANSLATE_NOOP("CampaignsTab", "draft"),
    "running": QT_TRANSLATE_NOOP("CampaignsTab", "running"),
    "paused": QT_TRANSLATE_NOOP("CampaignsTab", "paused"),
    "settling": QT_TRANSLATE_NOOP("CampaignsTab", "settling rows in doubt"),
    "cancelled": QT_TRANSLATE_NOOP("CampaignsTab", "cancelled"),
    "finished": QT_TRANSLATE_NOOP("CampaignsTab", "finished"),
    "stopped": QT_TRANSLATE_NOOP("CampaignsTab", "stopped (resumable)"),
    "interrupted": QT_TRANSLATE_NOOP("CampaignsTab", "interrupted"),
}


def _tr(text: object) -> str:
    return QCoreApplication.translate("CampaignsTab", str(text))


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else ""


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    from gui.campaign.dryrun import format_duration

    return format_duration(seconds)


class CampaignsTab(TabPage):
    file_loaded = Signal(object)  # RawTable
    dry_run_finished = Signal(object)  # DryRunReport
    campaign_started = Signal(object)  # the campaign id; None for a retry until its new campaign exists
    campaign_finished = Signal(object)  # RunOutcome
    campaigns_listed = Signal(object)  # list[CampaignInfo]
    results_loaded = Signal(int)
    settlement_finished = Signal(object)  # CampaignSettlement
    price_shown = Signal(object)  # Price: the profile's price, re-read into the empty field

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("campaigns_tab")
        self.service: CampaignService | None = None  # the active profile's; owns its journal
        self._table = None  # RawTable of the chosen file
        self._report = None  # last DryRunReport
        self._retry_source: int | None = None  # the campaign a running retry copies its failed rows from
        self._draft_id: int | None = None  # the campaign saved from the last dry run, not started yet
        self._task = None  # the run's task
        self._asking = False  # a plan is being worked out or its confirmation is open
        self.spend_dialog: Any = None  # the open spend confirmation (tests answer it)
        self._running_id: int | None = None
        self._results_id: int | None = None
        self._settle_task = None
        self._settling_id: int | None = None  # a run of this campaign waits until settling is over
        self._retired: list[CampaignService] = []  # left by a profile switch; closed once unused
        self._variable_boxes: dict[str, QComboBox] = {}
        self._build()
        self.service = self._make_service()
        ctx.profile_changed.connect(lambda *_: self._profile_changed())

    def title(self) -> str:
        return self.tr("Campaigns")

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.resume_banner = QFrame(self)
        self.resume_banner.setObjectName("resume_banner")
        self.resume_banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner = QHBoxLayout(self.resume_banner)
        self.resume_label = QLabel(self.resume_banner)
        self.resume_label.setWordWrap(True)
        self.resume_banner_button = QPushButton(self.tr("Resume"), self.resume_banner)
        self.resume_banner_button.clicked.connect(self._resume_from_banner)
        banner.addWidget(self.resume_label, 1)
        banner.addWidget(self.resume_banner_button)
        self.resume_banner.hide()
        layout.addWidget(self.resume_banner)

        self.pages = QTabWidget(self)
        self.pages.setObjectName("campaign_pages")
        self.pages.addTab(self._build_new_page(), self.tr("New campaign"))
        self.pages.addTab(self._build_running_page(), self.tr("Running"))
        self.pages.addTab(self._build_past_page(), self.tr("Past campaigns"))
        layout.addWidget(self.pages)
        self.busy = BusyBar(self)
        layout.addWidget(self.busy)

    def _build_new_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        top = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("Choose file…"), page)
        self.choose_button.setToolTip(
            self.tr("A CSV (UTF-8 or GBK, comma, tab or semicolon) or XLSX file, at most 200,000 rows")
        )
        self.choose_button.clicked.connect(self._choose_file)
        self.file_label = QLabel(self.tr("No file chosen."), page)
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        outer.addLayout(top)

        form_box = QGroupBox(self.tr("Columns and text"), page)
        form = QFormLayout(form_box)
        self.number_column = QComboBox(form_box)
        self.number_column.setObjectName("number_column")
        form.addRow(self.tr("Number column:"), self.number_column)
        self.template_edit = QPlainTextEdit(form_box)
        self.template_edit.setObjectName("template_edit")
        self.template_edit.setPlaceholderText(self.tr("【Signature】Text with #variables# from the columns"))
        self.template_edit.setMaximumHeight(90)
        self.template_edit.textChanged.connect(self._template_changed)
        form.addRow(self.tr("Text:"), self.template_edit)
        self.variables_box = QWidget(form_box)
        self.variables_form = QFormLayout(self.variables_box)
        self.variables_form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Variables:"), self.variables_box)
        options = QHBoxLayout()
        self.marketing_check = QCheckBox(self.tr("Marketing text"), form_box)
        self.messages_check = QCheckBox(self.tr("Balance counts messages"), form_box)
        # The profile's one price per part (ProfileSettings): empty until known, never guessed.
        self.price_edit = QLineEdit(form_box)
        self.price_edit.setObjectName("campaign_price")
        self.price_edit.setPlaceholderText(self.tr("required"))
        self.price_edit.setToolTip(
            self.tr("Your account's price for one message part, as on your bill. The console never guesses it.")
        )
        self.price_edit.setAccessibleName(self.tr("Price per part"))
        self.price_edit.setMaximumWidth(90)
        self.price_edit.editingFinished.connect(self._price_edited)
        options.addWidget(self.marketing_check)
        options.addWidget(self.messages_check)
        options.addWidget(QLabel(self.tr("Price per part:"), form_box))
        options.addWidget(self.price_edit)
        options.addStretch(1)
        form.addRow(options)
        self.price_hint = QLabel(form_box)
        self.price_hint.setObjectName("price_hint")
        self.price_hint.setWordWrap(True)
        self.price_hint.setStyleSheet(status_css("warning"))
        self.price_hint.hide()
        form.addRow(self.price_hint)
        outer.addWidget(form_box)

        actions = QHBoxLayout()
        self.dry_run_button = QPushButton(self.tr("Dry run"), page)
        self.dry_run_button.clicked.connect(self.start_dry_run)
        self.export_dry_button = QPushButton(self.tr("Export dry run…"), page)
        self.export_dry_button.clicked.connect(self._export_dry_run)
        self.own_number_edit = QLineEdit(str(self.ctx.settings.value(OWN_NUMBER_KEY, "") or ""), page)
        self.own_number_edit.setPlaceholderText(self.tr("Your own number"))
        self.own_number_edit.setMaximumWidth(160)
        self.test_send_button = QPushButton(self.tr("Test send"), page)
        self.test_send_button.clicked.connect(self.start_test_send)
        self.override_check = QCheckBox(self.tr("Send even if the balance looks too low"), page)
        self.start_button = QPushButton(self.tr("Start campaign"), page)
        self.start_button.setObjectName("start_campaign")
        self.start_button.clicked.connect(self.start_campaign)
        for w in (
            self.dry_run_button,
            self.export_dry_button,
            self.own_number_edit,
            self.test_send_button,
            self.override_check,
            self.start_button,
        ):
            actions.addWidget(w)
        actions.addStretch(1)
        outer.addLayout(actions)
        self.export_dry_button.setEnabled(False)
        self.test_send_button.setEnabled(False)
        self.start_button.setEnabled(False)

        self.summary_label = QLabel(page)
        self.summary_label.setObjectName("dry_run_summary")
        self.summary_label.setWordWrap(True)
        outer.addWidget(self.summary_label)
        self.warnings_label = QLabel(page)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet(status_css("warning"))
        outer.addWidget(self.warnings_label)

        self.dry_model = RowTableModel(
            [
                Column.field(self.tr("Line"), "line", align_right=True),
                Column.field(self.tr("Number"), "mobile"),
                Column(self.tr("Status"), lambda r: _tr("ready") if r.ready else r.problem_text),
                Column.field(self.tr("Text"), "text"),
                Column.field(self.tr("Parts"), "parts", align_right=True),
                Column.field(self.tr("Cost"), "cost", align_right=True),
                Column(self.tr("International"), lambda r: self.tr("yes") if r.international else ""),
            ],
            self,
        )
        self.dry_view = DataTableView(page)
        self.dry_view.setAccessibleName(self.tr("Dry run"))
        self.dry_view.setModel(make_sort_proxy(self.dry_model, self))
        self.dry_view.set_empty_text(
            self.tr(
                "Choose a file, write the text, then run a dry run: every row "
                "is shown here with its text, parts and cost before anything is sent."
            )
        )
        outer.addWidget(self.dry_view, 1)
        return page

    def _build_running_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.running_title = QLabel(self.tr("No campaign is running."), page)
        layout.addWidget(self.running_title)
        self.progress_bar = QProgressBar(page)
        self.progress_bar.setObjectName("campaign_progress")
        layout.addWidget(self.progress_bar)
        self.counts_label = QLabel(page)
        self.counts_label.setObjectName("campaign_counts")
        layout.addWidget(self.counts_label)
        buttons = QHBoxLayout()
        self.pause_button = QPushButton(self.tr("Pause"), page)
        self.pause_button.clicked.connect(self.pause_campaign)
        self.resume_button = QPushButton(self.tr("Resume"), page)
        self.resume_button.clicked.connect(self.resume_campaign)
        self.cancel_button = QPushButton(self.tr("Cancel campaign"), page)
        self.cancel_button.clicked.connect(self.cancel_campaign)
        for b in (self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(b)
            b.setEnabled(False)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def _build_past_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        splitter = QSplitter(page)
        splitter.setOrientation(splitter.orientation().Vertical)
        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.past_model = RowTableModel(
            [
                Column.field(self.tr("Id"), "id", align_right=True),
                Column.field(self.tr("Name"), "name"),
                Column(self.tr("Created"), lambda c: _when(c.created_at)),
                Column(self.tr("State"), lambda c: _tr(CAMPAIGN_STATES.get(c.state, c.state))),
                Column(self.tr("Planned"), lambda c: c.planned, align_right=True),
                Column(self.tr("Sent"), lambda c: c.counts.get("sent", 0), align_right=True),
                Column(self.tr("Failed"), lambda c: c.counts.get("failed", 0), align_right=True),
                Column(self.tr("In doubt"), lambda c: c.counts.get("sending", 0), align_right=True),
                Column(self.tr("Not sent"), lambda c: c.counts.get("pending", 0), align_right=True),
                Column(
                    self.tr("Left out"),
                    lambda c: sum(c.counts.get(s, 0) for s in ("suppressed", "duplicate", "rejected")),
                    align_right=True,
                ),
                Column(self.tr("Parts"), lambda c: c.total_parts, align_right=True),
                Column(self.tr("Fee"), lambda c: c.total_fee, align_right=True),
            ],
            self,
        )
        self.past_view = DataTableView(top)
        self.past_view.setObjectName("past_campaigns")
        self.past_view.setAccessibleName(self.tr("Past campaigns"))
        self.past_view.setModel(make_sort_proxy(self.past_model, self))
        self.past_view.set_empty_text(self.tr("Campaigns you send appear here with their totals."))
        self.past_view.doubleClicked.connect(lambda *_: self.open_results())
        top_layout.addWidget(self.past_view)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"), top)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton(self.tr("Open results"), top)
        self.open_button.clicked.connect(lambda: self.open_results())
        self.resume_past_button = QPushButton(self.tr("Resume"), top)
        self.resume_past_button.clicked.connect(self._resume_selected)
        self.retry_button = QPushButton(self.tr("Retry failed rows"), top)
        self.retry_button.clicked.connect(self._retry_selected)
        self.settle_button = QPushButton(self.tr("Settle in-doubt rows"), top)
        self.settle_button.setObjectName("settle_in_doubt")
        self.settle_button.setToolTip(
            self.tr(
                "Look up the rows in doubt in the provider's records (nothing is sent): rows found are marked sent, "
                "rows not found after the grace period are marked not sent."
            )
        )
        self.settle_button.clicked.connect(self._settle_selected)
        self.settle_button.setEnabled(False)
        for b in (
            self.refresh_button,
            self.open_button,
            self.resume_past_button,
            self.retry_button,
            self.settle_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        top_layout.addLayout(buttons)
        self.settle_label = QLabel(top)
        self.settle_label.setObjectName("settle_result")
        self.settle_label.setWordWrap(True)
        self.settle_label.hide()
        top_layout.addWidget(self.settle_label)
        self.past_view.selectionModel().selectionChanged.connect(lambda *_: self._update_settle_button())

        bottom = QWidget(splitter)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.results_title = QLabel(bottom)
        self.status_filter = QComboBox(bottom)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setAccessibleName(self.tr("Show the rows with this status"))
        self.status_filter.addItem(self.tr("All rows"), None)
        for key in ("sent", "failed", "in_doubt", "pending", "suppressed", "duplicate", "rejected"):
            self.status_filter.addItem(_tr(STATUS_WORDS[key]), key)
        self.status_filter.currentIndexChanged.connect(self._apply_status_filter)
        self.export_results_button = QPushButton(self.tr("Export results…"), bottom)
        self.export_results_button.clicked.connect(self._export_results)
        filters.addWidget(self.results_title, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.export_results_button)
        bottom_layout.addLayout(filters)
        self.results_model = RowTableModel(
            [
                Column.field(self.tr("Line"), "line", align_right=True),
                Column.field(self.tr("Number"), "mobile"),
                Column(self.tr("Status"), lambda r: _tr(STATUS_WORDS.get(r["status"], r["status"]))),
                Column.field(self.tr("sid"), "sid"),
                Column.field(self.tr("Fee"), "fee", align_right=True),
                Column.field(self.tr("Parts"), "parts", align_right=True),
                Column.field(self.tr("Code"), "code", align_right=True),
                Column.field(self.tr("Reason"), "reason"),
                Column.field(self.tr("Text"), "text"),
            ],
            self,
        )
        self.results_proxy = make_sort_proxy(self.results_model, self)
        self.results_proxy.setFilterKeyColumn(2)
        self.results_view = DataTableView(bottom)
        self.results_view.setObjectName("campaign_results")
        self.results_view.setAccessibleName(self.tr("Results of the open campaign"))
        self.results_view.setModel(self.results_proxy)
        self.results_view.set_empty_text(self.tr("Open a campaign to see every row's result."))
        bottom_layout.addWidget(self.results_view)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout.addWidget(splitter)
        return page

    # ------------------------------------------------------------------ service
    def _config(self) -> CampaignConfig:
        """The sending settings (QSettings is read here, on the GUI thread)."""
        value = self.ctx.settings.value
        return CampaignConfig(
            grace_seconds=float(str(value(GRACE_KEY, 90.0))),
            chunk_size=int(str(value(CHUNK_KEY, 1000))),  # the service keeps it within 1..1000
            use_uid=str(value(UID_KEY, "false")).lower() == "true",
        )

    def _make_service(self) -> CampaignService | None:
        ctx = self.ctx
        if ctx.profile is None:
            return None
        name = ctx.profile.name
        # Bound to the profile active now: once the operator switched, the service refuses
        # (ProfileChanged) instead of mixing one profile's journal with another's account.
        client = ctx.bound(lambda: ctx.client())
        store = ctx.bound(lambda: ctx.store())
        return CampaignService(
            profile_journal(ctx.paths.profile_dir, name),  # opened by the first worker that needs it
            client,
            ctx.spend_gate,
            lambda: ProfileSettings(store()),
            store=store,
            config=self._config(),
            account_service=ctx.account_service(),
        )

    def _service(self) -> CampaignService:
        if self.service is None:
            raise RuntimeError("no active profile")
        self.service.set_config(self._config())
        return self.service

    def _refused_after_switch(self, error: BaseException) -> bool:
        """Say so when a send was refused because the operator switched profile meanwhile."""
        if not isinstance(error, ProfileChanged):
            return False
        show_error(
            self.ctx,
            self,
            error,
            self.tr(
                "The profile was switched after this send was worked out, so it was refused: nothing was sent, "
                "from either account. Check the active profile and start again."
            ),
        )
        return True

    def _profile_changed(self) -> None:
        old, self.service = self.service, self._make_service()
        self._draft_id = None
        self.price_edit.clear()
        self.price_edit.setModified(False)  # the new profile's field: untouched, filled with its price
        if old is not None:
            self._retired.append(old)
        self._release_retired()
        if self.isVisible():
            self.reread_price()

    def _release_retired(self) -> None:
        """Close the journals of services a profile switch left, once no run, settling or
        confirmation of this tab uses them (release() refuses while one runs or settles)."""
        if self._task is not None or self._settle_task is not None or self._asking or not self._retired:
            return
        retired, self._retired = self._retired, []
        for service in retired:
            self.ctx.run(
                service.release,
                None,
                lambda e: log.warning("closing the journal failed: %s", e),
                name="campaign_release",
            )

    # ------------------------------------------------------------------ initial load
    def start_initial_load(self) -> None:
        """Settle the price per part and list past campaigns; never sends anything."""
        if self.service is None:
            self.initial_load_finished.emit(True, "")
            return
        service = self.service
        profile_price = self.ctx.profile.price_per_part if self.ctx.profile is not None else None
        legacy_price = self.ctx.settings.value(LEGACY_CAMPAIGN_PRICE_KEY) or None

        def load():
            # Import the engine (and phonenumbers under it) here, off the GUI thread: a
            # first import inside "Start" would freeze the window for a moment.
            import gui.api.client
            import gui.campaign.engine
            import gui.campaign.importer  # noqa: F401

            price = service.migrate_price(profile_price=profile_price, legacy_campaign_price=legacy_price)
            return price, service.campaigns()

        def done(result) -> None:
            price, campaigns = result
            if price is not None and not self.price_edit.text().strip():
                self.price_edit.setText(format(price.per_part, "f"))
            self._show_campaigns(campaigns)
            self.initial_load_finished.emit(True, "")

        def failed(error) -> None:
            self.initial_load_finished.emit(False, str(error))

        self.ctx.run(load, done, failed, name="campaigns_list")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reread_price()

    def _price_field_free(self) -> bool:
        """Empty and not touched by the operator: the profile's price may be shown in it."""
        return not self.price_edit.text().strip() and not self.price_edit.isModified()

    def reread_price(self) -> None:
        """Show the profile's one price (learned or typed in Compose since the first load) in
        the empty, untouched field; read in a worker, never over what the operator typed."""
        if self.service is None or not self._price_field_free():
            return
        service = self.service

        def done(price) -> None:
            if price is not None and service is self.service and self._price_field_free():
                self.price_edit.setText(format(price.per_part, "f"))
                self.price_hint.hide()
                self.price_shown.emit(price)

        self.ctx.run(
            service.price,
            done,
            lambda e: log.info("the price per part could not be read: %s", e),
            name="campaign_price_read",
        )

    def _price_edited(self) -> None:
        """The operator typed a price: it becomes the profile's one price per part."""
        value = parse_price(self.price_edit.text())
        if value is None or self.service is None:
            return
        self.price_hint.hide()
        service = self.service
        self.ctx.run(
            lambda: service.set_price(value),
            None,
            lambda e: show_error(self.ctx, self, e, self.tr("The price per part could not be saved.")),
            name="campaign_price",
        )

    def _ask_price(self) -> None:
        """The price is unknown: say so next to the empty field and put the cursor there."""
        self.price_hint.setText(
            self.tr(
                "Enter your account's price per part (the price of one message part, as on your bill) first. "
                "The dry run and the confirmation before sending show the cost with it; the console never "
                "guesses it."
            )
        )
        self.price_hint.show()
        self.price_edit.setFocus()

    def refresh(self) -> None:
        """List past campaigns again (a worker reads the journal)."""
        if self.service is None:
            return
        service = self.service
        self.ctx.run(
            service.campaigns, self._show_campaigns, lambda e: show_error(self.ctx, self, e), name="campaigns_list"
        )

    def _show_campaigns(self, campaigns) -> None:
        self.past_model.set_rows(campaigns)
        self._update_settle_button()
        unfinished = [c for c in campaigns if c.unfinished and c.id != self._running_id]
        if unfinished and self._task is None:
            c = unfinished[0]
            self.resume_label.setText(
                self.tr(
                    "The campaign “{0}” was interrupted: {1} rows not sent yet, {2} in doubt. Resume it? Rows with a "
                    "result are never sent again; rows in doubt are looked up in the provider's records first."
                ).format(c.name, c.counts.get("pending", 0), c.counts.get("sending", 0))
            )
            self.resume_banner.setProperty("campaign_id", c.id)
            self.resume_banner.show()
        else:
            self.resume_banner.hide()
        self.campaigns_listed.emit(campaigns)

    # ------------------------------------------------------------------ new campaign
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the recipients' file"), "", self.tr("Spreadsheets (*.csv *.xlsx *.txt)")
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        if self.service is None:
            return
        service = self.service
        path = Path(path)
        self.file_label.setText(self.tr("Reading {0}…").format(path.name))
        task = self.ctx.run(lambda: service.read_file(path), self._file_read, self._file_failed, name="campaign_read")
        self.busy.track(task, self.tr("Reading the file…"), [self.choose_button, self.dry_run_button])

    def _file_read(self, table) -> None:
        from gui.campaign.importer import guess_number_column

        self._table = table
        self._report = None
        self.start_button.setEnabled(False)
        self.file_label.setText(
            self.tr("{0}: {1} rows, {2} columns").format(table.path.name, len(table.rows), len(table.headers))
        )
        self.number_column.clear()
        for i, header in enumerate(table.headers):
            self.number_column.addItem(header, i)
        guess = guess_number_column(table)
        if guess is not None:
            self.number_column.setCurrentIndex(guess)
        self._template_changed()
        self.file_loaded.emit(table)

    def _file_failed(self, error) -> None:
        from gui.campaign.importer import ImportRefused

        self.file_label.setText(self.tr("No file chosen."))
        if isinstance(error, ImportRefused):
            QMessageBox.warning(self, self.tr("The file cannot be imported"), self._refusal_text(error))
        else:
            show_error(self.ctx, self, error, self.tr("Reading the file failed."))

    def _refusal_text(self, error) -> str:
        p = error.params
        texts = {
            "too_many_rows": self.tr(
                "The file has more than {0} rows. A campaign holds at most {0} rows: split the "
                "file and import the parts one after the other."
            ).format(p.get("limit")),
            "unknown_format": self.tr("Only CSV and XLSX files can be imported."),
            "encoding": self.tr("The file is neither UTF-8 nor GBK text. Save it as “CSV UTF-8” and try again."),
            "empty": self.tr("The file has no rows."),
        }
        return texts.get(error.problem, error.message)

    def _template_changed(self) -> None:
        from gui.api.texts import template_variables
        from gui.campaign.importer import guess_variable_columns

        names = template_variables(self.template_edit.toPlainText())
        if names == list(self._variable_boxes):
            return
        while self.variables_form.rowCount():
            self.variables_form.removeRow(0)
        self._variable_boxes = {}
        guessed: dict[str, int] = guess_variable_columns(self._table, names) if self._table is not None else {}
        for name in names:
            box = QComboBox(self.variables_box)
            box.setObjectName(f"variable_{name}")
            box.setAccessibleName(self.tr("Column for #{0}#").format(name))
            box.addItem(self.tr("(choose a column)"), None)
            if self._table is not None:
                for i, header in enumerate(self._table.headers):
                    box.addItem(header, i)
            if name in guessed:
                box.setCurrentIndex(guessed[name] + 1)
            self.variables_form.addRow(f"#{name}#", box)
            self._variable_boxes[name] = box
        self.start_button.setEnabled(False)

    def set_variable_column(self, name: str, column: int) -> None:
        self._variable_boxes[name].setCurrentIndex(column + 1)

    def start_dry_run(self) -> None:
        if self._table is None:
            QMessageBox.information(self, self.tr("Dry run"), self.tr("Choose a file first."))
            return
        template = self.template_edit.toPlainText().strip()
        if not template:
            QMessageBox.information(self, self.tr("Dry run"), self.tr("Write the text first."))
            return
        mapping = {name: box.currentData() for name, box in self._variable_boxes.items()}
        missing = [name for name, col in mapping.items() if col is None]
        if missing:
            QMessageBox.information(
                self,
                self.tr("Dry run"),
                self.tr("Choose a column for: {0}").format(", ".join(f"#{m}#" for m in missing)),
            )
            return
        price = parse_price(self.price_edit.text())
        if price is None:
            self._ask_price()
            return
        self.price_hint.hide()
        table = self._table
        request = DryRunRequest(
            template,
            self.number_column.currentData() or 0,
            mapping,
            marketing=self.marketing_check.isChecked(),
            balance_in_messages=self.messages_check.isChecked(),
        )
        service = self._service()

        def work(control):
            service.set_price(price)  # the field is the profile's one price
            return service.dry_run(table, request, should_stop=control.check)

        task = self.ctx.run(work, self._dry_run_done, self._dry_run_failed, name="campaign_dry_run", with_control=True)
        self.busy.track(
            task,
            self.tr("Dry run: checking every row…"),
            [self.dry_run_button, self.start_button, self.choose_button],
            cancellable=True,
        )

    def _dry_run_done(self, report) -> None:
        self._report = report
        self._draft_id = None
        self.dry_model.set_rows(report.rows[:DRY_RUN_TABLE_LIMIT])
        cost = self.tr("unknown") if report.total_cost is None else format(report.total_cost, "f")
        balance = self.tr("unknown") if report.options.balance is None else format(report.options.balance, "f")
        self.summary_label.setText(
            self.tr(
                "Ready: {0} · not sendable: {1} · rejected: {2} · duplicates: {3} · suppressed: {4} · parts: {5} · "
                "cost: {6} (balance {7}) · estimated duration: {8} · blocked-word checks: {9}"
            ).format(
                report.ready_count,
                report.not_ready_count,
                len(report.rejected),
                len(report.duplicates),
                len(report.suppressed),
                report.total_parts,
                cost,
                balance,
                _duration(report.estimated_seconds),
                report.blocked_word_calls,
            )
        )
        self.warnings_label.setText("\n".join(self._warning_texts(report)))
        self.export_dry_button.setEnabled(True)
        self.test_send_button.setEnabled(report.ready_count > 0)
        self.start_button.setEnabled(report.ready_count > 0 and self._task is None)
        self.dry_run_finished.emit(report)

    def _warning_texts(self, report) -> list[str]:
        words = {
            "no_opt_out": self.tr("Marketing texts must carry an opt-out line such as 回T退订 or 拒收请回复R."),
            "quiet_hours": self.tr(
                "Marketing texts should only be sent between 08:00 and 20:00 (Beijing time); "
                "this campaign would send at {start}–{end}."
            ),
            "international": self.tr("{count} international numbers are sent one per call."),
            "template_blocked": self.tr("The text itself contains blocked words: {words}."),
            "balance": self.tr(
                "The balance ({balance}) does not cover the estimated cost ({cost}). Sending is "
                "refused unless you tick the override."
            ),
            "balance_unknown": self.tr("The balance could not be read; check it before sending."),
        }
        return [words.get(key, key).format(**params) for key, params in report.warnings]

    def _dry_run_failed(self, error) -> None:
        from gui.workers import TaskCancelled

        if isinstance(error, TaskCancelled):
            return
        if isinstance(error, PriceUnknown):
            self._ask_price()
            return
        if isinstance(error, KeyError):
            QMessageBox.warning(
                self, self.tr("Dry run"), self.tr("These variables have no column: {0}").format(str(error).strip("'"))
            )
            return
        show_error(self.ctx, self, error, self.tr("The dry run failed."))

    def _export_dry_run(self) -> None:
        if self._report is None:
            return
        path = self._ask_export_path(self.tr("Export the dry run"), "dry-run")
        if path:
            self.export_dry_run(path)

    def export_dry_run(self, path: str | Path):
        report = self._report
        if report is None:
            return None
        return self.ctx.run(
            lambda: report.export(path),
            None,
            lambda e: show_error(self.ctx, self, e, self.tr("Export failed.")),
            name="dry_run_export",
        )

    def _ask_export_path(self, caption: str, stem: str) -> str:
        path, selected = QFileDialog.getSaveFileName(
            self, caption, f"{stem}.xlsx", self.tr("Excel workbook (*.xlsx);;CSV with BOM (*.csv)")
        )
        if path and not Path(path).suffix:
            path += ".csv" if "csv" in selected.lower() else ".xlsx"
        return path

    # ------------------------------------------------------------------ spending: plan → confirm → send
    def _ask_then(
        self,
        plan_work: Callable[[], Any],
        on_approved: Callable[[Any, Any], None],
        title: str,
        on_planned: Callable[[Any], None] | None = None,
    ) -> None:
        """Work out a plan in a worker, show the spend confirmation, then ``on_approved(plan, approval)``.

        A plan of None means nothing can be sent (resuming a campaign with no row left):
        ``on_approved(None, None)`` runs without asking.
        """
        if self._asking or self._task is not None:
            return
        self._asking = True

        def planned(plan) -> None:
            if on_planned is not None:
                on_planned(plan)
            if plan is None:
                self._asking = False
                on_approved(None, None)
                self._release_retired()
                return

            def approved(approval) -> None:
                self._asking = False
                self.spend_dialog = None
                on_approved(plan, approval)
                self._release_retired()

            def cancelled() -> None:
                self._asking = False
                self.spend_dialog = None
                self._update_start_button()
                self._release_retired()

            self.spend_dialog = confirm_spend(self, self.ctx.spend_gate, plan, approved, cancelled)

        def failed(error) -> None:
            self._asking = False
            self._update_start_button()
            self._release_retired()
            if isinstance(error, NothingToSend):
                QMessageBox.information(self, title, self.tr("There is no row to send."))
            elif isinstance(error, InvalidTestNumber):  # refused before anything is planned
                QMessageBox.warning(
                    self,
                    title,
                    self.tr("“{0}” is not a number the test can go to: {1}").format(
                        error.number, number_reason_text(error.reason)
                    ),
                )
            elif not self._refused_after_switch(error):
                show_error(self.ctx, self, error, self.tr("What the send would cost could not be worked out."))

        task = self.ctx.run(plan_work, planned, failed, name="campaign_plan")
        self.busy.track(task, self.tr("Working out what it sends and costs…"), [self.start_button])

    def _update_start_button(self) -> None:
        report = self._report
        self.start_button.setEnabled(
            report is not None and report.ready_count > 0 and self._task is None and not self._asking
        )

    def start_test_send(self) -> None:
        number = self.own_number_edit.text().strip()
        if not number or self._report is None or not self._report.ready_rows:
            QMessageBox.information(self, self.tr("Test send"), self.tr("Enter your own number first."))
            return
        text = self._report.ready_rows[0].text
        service = self._service()
        sent_to: list[str] = []  # the normalised number the plan sends to

        def planned(plan) -> None:
            # a number the normaliser accepted (the plan refuses others: InvalidTestNumber)
            self.ctx.settings.setValue(OWN_NUMBER_KEY, number)
            sent_to[:] = [plan.samples[0].mobile]

        def done(result) -> None:
            if result.ok:
                QMessageBox.information(
                    self,
                    self.tr("Test send"),
                    self.tr(
                        "The first row's text was sent to {0} (sid {1}). Check it on your phone, then start the "
                        "campaign."
                    ).format(sent_to[0] if sent_to else number, result.sid),
                )
            else:
                QMessageBox.warning(
                    self,
                    self.tr("Test send"),
                    self.tr("The provider refused the test: {0} ({1})").format(result.msg, result.code),
                )

        def failed(error) -> None:
            if not self._refused_after_switch(error):
                show_error(self.ctx, self, error, self.tr("The test send failed."))

        def send(_plan, approval) -> None:
            task = self.ctx.run(lambda: service.test_send(approval), done, failed, name="test_send")
            self.ctx.track_send(task)  # money leaves: the profile is not switched under it
            self.busy.track(task, self.tr("Sending the test message…"), [self.test_send_button, self.start_button])

        self._ask_then(lambda: service.plan_test_send(number, text), send, self.tr("Test send"), planned)

    def start_campaign(self) -> None:
        """Save the dry run as a campaign, show what it spends, and send it once confirmed."""
        report = self._report
        if report is None or self._task is not None or self._asking:
            return
        if not report.can_send(self.override_check.isChecked()):
            QMessageBox.warning(
                self,
                self.tr("Start campaign"),
                self.tr(
                    "The balance does not cover the estimated cost. Top up, or tick “Send even if the balance looks "
                    "too low” if your account counts its balance differently."
                ),
            )
            return
        service = self._service()
        name = self._table.path.name if self._table is not None else self.tr("campaign")
        source = str(self._table.path) if self._table is not None else ""
        draft = self._draft_id
        self.start_button.setEnabled(False)

        def plan():
            # Saved once per dry run: asking again after a Cancel reuses the same draft.
            campaign_id = draft if draft is not None else service.create(report, name, source)
            return service.plan_start(campaign_id)

        def remember_draft(plan) -> None:
            if self._report is report:
                self._draft_id = plan.campaign_id

        def approved(plan, approval) -> None:
            self._draft_id = None
            cid = plan.campaign_id
            self._run(
                cid,
                lambda progress, _started, stop: service.start(cid, approval, on_progress=progress, should_stop=stop),
            )

        self._ask_then(plan, approved, self.tr("Start campaign"), remember_draft)

    # ------------------------------------------------------------------ running
    def run_campaign(self, campaign_id: int) -> None:
        """Resume (or start) a saved campaign: what is left is shown for confirmation first."""
        if self._task is not None or campaign_id == self._settling_id or self.service is None:
            return
        service = self._service()

        def approved(_plan, approval) -> None:
            self._run(
                campaign_id,
                lambda report, _started, stop: service.resume(
                    campaign_id, approval, on_progress=report, should_stop=stop
                ),
            )

        self._ask_then(lambda: service.plan_resume(campaign_id), approved, self.tr("Resume"))

    def _run(self, campaign_id: int | None, call: Callable[..., Any]) -> None:
        """Run ``call(report, started, should_stop)`` — an approved service send — in one worker."""
        if self._task is not None:
            return

        def work(control):
            last_state = [None]

            def report(progress) -> None:
                # Coalesced to ~10/s; a change of state (paused, settling…) is never held back.
                control.progress(progress, force=progress.state != last_state[0])
                last_state[0] = progress.state

            def started(new_id: int) -> None:
                control.progress(new_id, force=True)  # a retry's new campaign: pause/cancel reach it

            return call(report, started, lambda: control.cancelled)

        self._running_id = campaign_id
        self.resume_banner.hide()
        self._task = self.ctx.run(
            work,
            self._campaign_done,
            self._campaign_failed,
            on_progress=self._show_progress,
            name="campaign",
            with_control=True,
        )
        self.ctx.track_send(self._task)
        if campaign_id is not None:
            self.running_title.setText(self.tr("Campaign {0} is running.").format(campaign_id))
        self.pause_button.setEnabled(True)
        self.resume_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.start_button.setEnabled(False)
        self.pages.setCurrentIndex(1)
        self.campaign_started.emit(campaign_id)

    def _show_progress(self, progress) -> None:
        if isinstance(progress, int):  # a retry's new campaign was created: it is the one running
            self._running_id = progress
            self.running_title.setText(self.tr("Campaign {0} is running.").format(progress))
            return
        total = max(progress.total, 1)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(progress.sent + progress.failed)
        self.counts_label.setText(
            self.tr("{0} · sent {1} · failed {2} · in doubt {3} · to send {4} · {5:.0f} rows/s · time left {6}").format(
                _tr(CAMPAIGN_STATES.get(progress.state, progress.state)),
                progress.sent,
                progress.failed,
                progress.in_doubt,
                progress.pending,
                progress.rate,
                _duration(progress.eta_seconds),
            )
        )
        paused = progress.state == "paused"
        self.pause_button.setEnabled(not paused and self._task is not None)
        self.resume_button.setEnabled(paused and self._task is not None)

    def pause_campaign(self) -> None:
        if self.service is not None and self._running_id is not None and self.service.pause(self._running_id):
            self.pause_button.setEnabled(False)

    def resume_campaign(self) -> None:
        """Continue the run the operator paused (the run already confirmed: no new confirmation)."""
        if self.service is not None and self._running_id is not None and self.service.unpause(self._running_id):
            self.resume_button.setEnabled(False)

    def cancel_campaign(self) -> None:
        if self._task is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Cancel campaign"),
            self.tr("Stop this campaign? Rows not sent yet stay unsent; you can send them later as a new campaign."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.cancel_now()

    def cancel_now(self) -> None:
        if self._task is None or self.service is None:
            return
        if self._running_id is not None:
            self.service.cancel(self._running_id)
        else:
            # a retry whose new campaign is not created yet: the service carries the cancel over
            # to it, so it ends cancelled as the dialog said; stopping the task covers the moment
            # its engine already runs but its id has not reached this thread
            if self._retry_source is not None:
                self.service.cancel(self._retry_source)
            self._task.cancel()
        self.cancel_button.setEnabled(False)

    def _finish_run(self) -> None:
        self._task = None
        self._running_id = None
        self._retry_source = None
        self._release_retired()
        for b in (self.pause_button, self.resume_button, self.cancel_button):
            b.setEnabled(False)
        self.start_button.setEnabled(False)
        # money left (or may have): the status bar and Account tab show the balance after it
        self.ctx.refresh_account()

    def _campaign_done(self, outcome) -> None:
        campaign_id = self._running_id
        self._show_progress(outcome.progress)
        self._finish_run()
        state = _tr(CAMPAIGN_STATES.get(outcome.state, outcome.state))
        self.running_title.setText(self.tr("Campaign {0}: {1}.").format(campaign_id, state))
        if outcome.error is not None and outcome.state == "stopped":
            # an unexpected error ended the run (a stop without error is the console closing)
            show_error(
                self.ctx,
                self,
                outcome.error,
                self.tr(
                    "The campaign stopped on an unexpected error: {0}. Resume it from Past campaigns; rows already "
                    "sent are not sent again."
                ).format(state),
            )
        elif outcome.error is not None:
            show_error(
                self.ctx,
                self,
                outcome.error,
                self.tr("The campaign was paused. Fix the problem, then resume it from Past campaigns."),
            )
        self.refresh()
        if campaign_id is not None:
            self.open_results(campaign_id)
        self.campaign_finished.emit(outcome)

    def _campaign_failed(self, error) -> None:
        self._finish_run()
        self.refresh()
        if self._refused_after_switch(error):
            return
        show_error(self.ctx, self, error, self.tr("The campaign stopped; it can be resumed."))

    # ------------------------------------------------------------------ past campaigns
    def _selected_campaign_id(self) -> int | None:
        records = self.past_view.selected_records()
        return records[0].id if records else None

    def _update_settle_button(self) -> None:
        records = self.past_view.selected_records()
        info = records[0] if records else None
        in_doubt = info.counts.get("sending", 0) if info is not None else 0
        if in_doubt:
            self.settle_button.setText(self.tr("Settle in-doubt rows ({0})").format(in_doubt))
        else:
            self.settle_button.setText(self.tr("Settle in-doubt rows"))
        # The campaign this console runs settles its own rows; its requests in flight are not in doubt.
        self.settle_button.setEnabled(
            info is not None and bool(in_doubt) and info.id != self._running_id and self._settle_task is None
        )

    def _settle_selected(self) -> None:
        campaign_id = self._selected_campaign_id()
        if campaign_id is not None:
            self.settle_in_doubt(campaign_id)

    def settle_in_doubt(self, campaign_id: int):
        """Settle a campaign's rows in doubt from the provider's records, in a worker; never sends."""
        if campaign_id == self._running_id or self._settle_task is not None or self.service is None:
            return None
        service = self._service()

        def work(control):
            return service.settle(campaign_id, should_stop=control.check)

        def finished() -> None:
            self._settle_task = None
            self._settling_id = None
            self._update_settle_button()
            self._release_retired()

        def done(result) -> None:
            finished()
            self.refresh()
            if self._results_id == campaign_id:
                self.open_results(campaign_id)
            self.settle_label.setText(self._settlement_text(result))
            self.settle_label.show()
            self.settlement_finished.emit(result)

        def failed(error) -> None:
            finished()
            from gui.workers import TaskCancelled

            if not isinstance(error, TaskCancelled):
                show_error(
                    self.ctx,
                    self,
                    error,
                    self.tr("The provider's records could not be read; the rows stay in doubt. Try again later."),
                )

        task = self._settle_task = self.ctx.run(work, done, failed, name="campaign_settle", with_control=True)
        self._settling_id = campaign_id
        self.settle_button.setEnabled(False)
        self.busy.track(
            task,
            self.tr("Looking up the rows in doubt in the provider's records…"),
            [self.settle_button, self.resume_past_button],
            cancellable=True,
        )
        return self._settle_task

    def _settlement_text(self, result) -> str:
        lines = [
            self.tr(
                "Campaign {0}: {1} rows found in the provider's records (sent), {2} rows not found (not sent)."
            ).format(result.campaign_id, result.sent, result.not_sent)
        ]
        if result.not_sent:
            lines.append(self.tr("Rows not sent are sent if you resume the campaign."))
        if result.waiting:
            retry = datetime.fromtimestamp(result.retry_at).strftime("%H:%M:%S") if result.retry_at else ""
            lines.append(
                self.tr(
                    "{0} rows were sent too recently to be looked up: the provider's records can lag "
                    "behind. Try again after {1}."
                ).format(result.waiting, retry)
            )
        return "\n".join(lines)

    def _resume_from_banner(self) -> None:
        campaign_id = self.resume_banner.property("campaign_id")
        if campaign_id is not None:
            self.run_campaign(int(campaign_id))

    def _resume_selected(self) -> None:
        campaign_id = self._selected_campaign_id()
        if campaign_id is not None:
            self.run_campaign(campaign_id)

    def _retry_selected(self) -> None:
        campaign_id = self._selected_campaign_id()
        if campaign_id is not None:
            self.retry_failed(campaign_id)

    def retry_failed(self, campaign_id: int) -> None:
        """Send the failed rows again as a new campaign, once the operator confirmed what it spends."""
        if self._task is not None or self.service is None:
            return
        service = self._service()

        def approved(_plan, approval) -> None:
            self._retry_source = campaign_id
            self._run(
                None,
                lambda progress, started, stop: service.retry(
                    campaign_id, approval, on_started=started, on_progress=progress, should_stop=stop
                ),
            )

        self._ask_then(lambda: service.plan_retry(campaign_id), approved, self.tr("Retry failed rows"))

    def open_results(self, campaign_id: int | None = None) -> None:
        campaign_id = campaign_id if campaign_id is not None else self._selected_campaign_id()
        if campaign_id is None or self.service is None:
            return
        service = self.service
        running = campaign_id == self._running_id

        def load():
            rows = []
            for r in service.rows(campaign_id):
                status = "in_doubt" if (r.state == "sending" and not running) else r.state
                rows.append(
                    {
                        "line": r.line,
                        "mobile": r.mobile,
                        "status": status,
                        "sid": r.sid or "",
                        "fee": r.fee,
                        "parts": r.parts or "",
                        "code": "" if r.code is None else r.code,
                        "reason": r.reason,
                        "text": r.text,
                    }
                )
            return rows

        def done(rows) -> None:
            self._results_id = campaign_id
            self.results_model.set_rows(rows)
            self.results_title.setText(self.tr("Results of campaign {0}: {1} rows").format(campaign_id, len(rows)))
            self._apply_status_filter()
            self.results_loaded.emit(campaign_id)

        self.ctx.run(load, done, lambda e: show_error(self.ctx, self, e), name="campaign_results")

    def _apply_status_filter(self) -> None:
        key = self.status_filter.currentData()
        if key is None:
            self.results_proxy.setFilterFixedString("")
        else:
            from PySide6.QtCore import QRegularExpression

            word = _tr(STATUS_WORDS[key])
            self.results_proxy.setFilterRegularExpression(QRegularExpression(f"^{QRegularExpression.escape(word)}$"))

    def _export_results(self) -> None:
        if self._results_id is None:
            return
        path = self._ask_export_path(self.tr("Export the results"), f"campaign-{self._results_id}")
        if path:
            self.export_results(path)

    def export_results(self, path: str | Path):
        from gui.store.export import export_table
        from gui.views.partials.table_model import RECORD_ROLE

        proxy = self.results_proxy
        rows = [proxy.index(i, 0).data(RECORD_ROLE) for i in range(proxy.rowCount())]
        headers = ["line", "mobile", "status", "sid", "fee", "parts", "code", "reason", "text"]
        data = [
            [r["line"], r["mobile"], r["status"], r["sid"], r["fee"], r["parts"], r["code"], r["reason"], r["text"]]
            for r in rows
        ]
        return self.ctx.run(
            lambda: export_table(path, headers, data, free_text_columns={1, 7, 8}),
            None,
            lambda e: show_error(self.ctx, self, e, self.tr("Export failed.")),
            name="campaign_export",
        )
