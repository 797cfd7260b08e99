"""The Campaigns tab itself: the resume banner, the three pages, the busy bar, and the wiring
of the pages' buttons to the presenter.

Its signals and public methods are what the main window and the tests use; the widgets of
the pages are reachable from the tab under their old names (``tab.price_edit``,
``tab.settle_button``, ``tab.past_view``…).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from gui.services.campaigns import CampaignService
from gui.views.campaigns.common import OWN_NUMBER_KEY
from gui.views.campaigns.new import NewCampaignPage
from gui.views.campaigns.past import PastCampaignsPage
from gui.views.campaigns.presenter import CampaignPresenter
from gui.views.campaigns.running import RunningPage
from gui.views.partials.busy import BusyBar
from gui.views.partials.tab_page import TabPage


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
        self._build()
        self._show_page_widgets()
        self.presenter = CampaignPresenter(self)
        self._wire()
        ctx.profile_changed.connect(lambda *_: self.presenter.profile_changed())

    def title(self) -> str:
        return self.tr("Campaigns")

    # ------------------------------------------------------------------ layout and wiring
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.resume_banner = QFrame(self)
        self.resume_banner.setObjectName("resume_banner")
        self.resume_banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner = QHBoxLayout(self.resume_banner)
        self.resume_label = QLabel(self.resume_banner)
        self.resume_label.setWordWrap(True)
        self.resume_banner_button = QPushButton(self.tr("Resume"), self.resume_banner)
        banner.addWidget(self.resume_label, 1)
        banner.addWidget(self.resume_banner_button)
        self.resume_banner.hide()
        layout.addWidget(self.resume_banner)

        self.pages = QTabWidget(self)
        self.pages.setObjectName("campaign_pages")
        self.new_page = NewCampaignPage(self)
        self.running_page = RunningPage(self)
        self.past_page = PastCampaignsPage(self)
        self.pages.addTab(self.new_page, self.tr("New campaign"))
        self.pages.addTab(self.running_page, self.tr("Progress"))  # not "running": it shows a paused one too
        self.pages.addTab(self.past_page, self.tr("Past campaigns"))
        layout.addWidget(self.pages)
        # what became of the last confirmation ("Start cancelled; nothing was sent."), as Compose says it
        self.message_label = QLabel(self)
        self.message_label.setObjectName("campaign_message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()  # shown with a message only: no empty gap under the pages
        layout.addWidget(self.message_label)
        self.busy = BusyBar(self)
        layout.addWidget(self.busy)
        self.new_page.own_number_edit.setText(str(self.ctx.settings.value(OWN_NUMBER_KEY, "") or ""))

    def _show_page_widgets(self) -> None:
        """The pages' widgets under their own names on the tab (the tests and screenshots use them)."""
        new, running, past = self.new_page, self.running_page, self.past_page
        self.choose_button = new.choose_button
        self.file_label = new.file_label
        self.number_column = new.number_column
        self.template_edit = new.template_edit
        self.variables_box = new.variables_box
        self.marketing_check = new.marketing_check
        self.messages_check = new.messages_check
        self.price_edit = new.price_edit
        self.price_hint = new.price_hint
        self.dry_run_button = new.dry_run_button
        self.export_dry_button = new.export_dry_button
        self.own_number_edit = new.own_number_edit
        self.test_send_button = new.test_send_button
        self.override_check = new.override_check
        self.start_button = new.start_button
        self.summary_label = new.summary_label
        self.warnings_label = new.warnings_label
        self.dry_model = new.dry_model
        self.dry_view = new.dry_view
        self.running_title = running.running_title
        self.progress_bar = running.progress_bar
        self.counts_label = running.counts_label
        self.pause_button = running.pause_button
        self.resume_button = running.resume_button
        self.cancel_button = running.cancel_button
        self.past_model = past.past_model
        self.past_view = past.past_view
        self.refresh_button = past.refresh_button
        self.open_button = past.open_button
        self.resume_past_button = past.resume_past_button
        self.retry_button = past.retry_button
        self.settle_button = past.settle_button
        self.settle_label = past.settle_label
        self.results_title = past.results_title
        self.status_filter = past.status_filter
        self.export_results_button = past.export_results_button
        self.results_model = past.results_model
        self.results_proxy = past.results_proxy
        self.results_view = past.results_view

    def _wire(self) -> None:
        p = self.presenter
        self.resume_banner_button.clicked.connect(p.resume_from_banner)
        new = self.new_page
        new.choose_button.clicked.connect(p.choose_file)
        new.price_edit.editingFinished.connect(p.price_edited)
        new.dry_run_button.clicked.connect(self.start_dry_run)
        new.export_dry_button.clicked.connect(p.ask_export_dry_run)
        new.test_send_button.clicked.connect(self.start_test_send)
        new.start_button.clicked.connect(self.start_campaign)
        running = self.running_page
        running.pause_button.clicked.connect(self.pause_campaign)
        running.resume_button.clicked.connect(self.resume_campaign)
        running.cancel_button.clicked.connect(p.cancel_campaign)
        past = self.past_page
        past.past_view.doubleClicked.connect(lambda *_: self.open_results())
        past.refresh_button.clicked.connect(self.refresh)
        past.open_button.clicked.connect(lambda: self.open_results())
        past.resume_past_button.clicked.connect(p.resume_selected)
        past.retry_button.clicked.connect(p.retry_selected)
        past.settle_button.clicked.connect(p.settle_selected)
        past.past_view.selectionModel().selectionChanged.connect(lambda *_: p.update_settle_button())
        past.export_results_button.clicked.connect(p.ask_export_results)

    def offer_resume(self, campaign) -> None:
        """The banner over the pages: an unfinished campaign can be resumed."""
        self.resume_label.setText(
            self.tr(
                "The campaign “{0}” was interrupted: {1} rows not sent yet, {2} in doubt. Resume it? Rows with a "
                "result are never sent again; rows in doubt are looked up in the provider's records first."
            ).format(campaign.name, campaign.counts.get("pending", 0), campaign.counts.get("sending", 0))
        )
        self.resume_banner.setProperty("campaign_id", campaign.id)
        self.resume_banner.show()

    def say(self, text: str) -> None:
        """The line under the pages ('' hides it)."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.presenter.reread_price()

    # ------------------------------------------------------------------ what the window and tests use
    @property
    def service(self) -> CampaignService | None:
        """The active profile's campaign service (owner of its journal)."""
        return self.presenter.service

    @property
    def spend_dialog(self) -> Any:
        """The open spend confirmation (tests answer it)."""
        return self.presenter.spend_dialog

    # The tests and bench/bench_campaign.py look at these: the run's task, a confirmation
    # being worked out or open, the last dry run and the variables' column boxes.
    @property
    def _task(self) -> Any:
        return self.presenter.task

    @property
    def _asking(self) -> bool:
        return self.presenter.asking

    @property
    def _report(self) -> Any:
        return self.new_page.report

    @property
    def _variable_boxes(self) -> dict:
        return self.new_page.variable_boxes

    def start_initial_load(self) -> None:
        """Settle the price per part and list past campaigns; never sends anything."""
        self.presenter.start_initial_load()

    def reread_price(self) -> None:
        self.presenter.reread_price()

    def refresh(self) -> None:
        """List past campaigns again (a worker reads the journal)."""
        self.presenter.refresh()

    def load_file(self, path: str | Path) -> None:
        self.presenter.load_file(path)

    def set_variable_column(self, name: str, column: int) -> None:
        self.new_page.set_variable_column(name, column)

    def start_dry_run(self) -> None:
        self.presenter.start_dry_run()

    def export_dry_run(self, path: str | Path):
        return self.presenter.export_dry_run(path)

    def start_test_send(self) -> None:
        self.presenter.start_test_send()

    def start_campaign(self) -> None:
        """Save the dry run as a campaign, show what it spends, and send it once confirmed."""
        self.presenter.start_campaign()

    def run_campaign(self, campaign_id: int) -> None:
        """Resume (or start) a saved campaign: what is left is shown for confirmation first."""
        self.presenter.run_campaign(campaign_id)

    def retry_failed(self, campaign_id: int) -> None:
        self.presenter.retry_failed(campaign_id)

    def pause_campaign(self) -> None:
        self.presenter.pause_campaign()

    def resume_campaign(self) -> None:
        """Continue the run the operator paused (no new confirmation)."""
        self.presenter.resume_campaign()

    def cancel_campaign(self) -> None:
        self.presenter.cancel_campaign()

    def cancel_now(self) -> None:
        self.presenter.cancel_now()

    def settle_in_doubt(self, campaign_id: int):
        """Settle a campaign's rows in doubt from the provider's records; never sends."""
        return self.presenter.settle_in_doubt(campaign_id)

    def open_results(self, campaign_id: int | None = None) -> None:
        self.presenter.open_results(campaign_id)

    def export_results(self, path: str | Path):
        return self.presenter.export_results(path)
