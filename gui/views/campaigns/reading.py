"""The Campaigns presenter's reading part: listing past campaigns, the price per part, the
chosen file, the dry run, a campaign's results, settling rows in doubt, exports.

Nothing here sends: every call reads (or, settling, looks up the provider's records) in a
``ctx.run`` worker and shows the outcome on the tab's pages.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.i18n import ui_language
from gui.services.campaigns import DryRunRequest, PriceUnknown
from gui.services.profile_settings import LEGACY_CAMPAIGN_PRICE_KEY, parse_price
from gui.views.campaigns.past import RESULT_EXPORT_COLUMNS, result_row
from gui.views.campaigns.presenter_base import PresenterBase
from gui.views.partials.errors import show_error
from gui.views.partials.export import ask_export_path, start_export, start_writing
from gui.views.partials.paged_table import PAGE_ROWS

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignsTab", text)


class ReadingPresenter(PresenterBase):
    def profile_changed(self) -> None:
        old, self.service = self.service, self.make_service()
        self.draft_id = None
        price_edit = self.new_page.price_edit
        price_edit.clear()
        price_edit.setModified(False)  # the new profile's field: untouched, filled with its price
        if old is not None:
            self.retired.append(old)
        self.release_retired()
        if self.tab.isVisible():
            self.reread_price()

    def discard_draft(self) -> None:
        """The draft saved when a start was asked for and not confirmed is replaced by a new dry
        run or file: deleted (in a worker), so Past campaigns holds no orphan drafts."""
        draft, self.draft_id = self.draft_id, None
        if draft is None or self.service is None:
            return
        service = self.service
        self.ctx.run(
            lambda: service.discard_draft(draft), lambda _gone: self.refresh(), None, name="campaign_discard_draft"
        )

    # ------------------------------------------------------------------ initial load, price, listing
    def start_initial_load(self) -> None:
        """Settle the price per part and list past campaigns; never sends anything."""
        tab = self.tab
        if self.service is None:
            tab.initial_load_finished.emit(True, "")
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
            service.complete_archive()  # sends a crash left out of the store: copied in the background
            return price, service.campaigns()

        def done(result) -> None:
            price, campaigns = result
            if price is not None and not self.new_page.price_edit.text().strip():
                self.new_page.price_edit.setText(format(price.per_part, "f"))
            self.show_campaigns(campaigns)
            tab.initial_load_finished.emit(True, "")

        def failed(error) -> None:
            tab.initial_load_finished.emit(False, str(error))

        self.ctx.run(load, done, failed, name="campaigns_list")

    def reread_price(self) -> None:
        """Show the profile's one price (learned or typed in Compose since the first load) in
        the empty, untouched field; read in a worker, never over what the operator typed."""
        page = self.new_page
        if self.service is None or not page.price_field_free():
            return
        service = self.service

        def done(price) -> None:
            if price is not None and service is self.service and page.price_field_free():
                page.price_edit.setText(format(price.per_part, "f"))
                page.price_hint.hide()
                self.tab.price_shown.emit(price)

        self.ctx.run(
            service.price,
            done,
            lambda e: log.info("the price per part could not be read: %s", e),
            name="campaign_price_read",
        )

    def price_edited(self) -> None:
        """The operator typed a price: it becomes the profile's one price per part."""
        value = parse_price(self.new_page.price_edit.text())
        if value is None or self.service is None:
            return
        self.new_page.price_hint.hide()
        service = self.service
        self.ctx.run(
            lambda: service.set_price(value),
            None,
            lambda e: show_error(self.ctx, self.tab, e, _tr("The price per part could not be saved.")),
            name="campaign_price",
        )

    def refresh(self) -> None:
        """List past campaigns again (a worker reads the journal)."""
        if self.service is None:
            return
        service = self.service
        self.ctx.run(
            service.campaigns, self.show_campaigns, lambda e: show_error(self.ctx, self.tab, e), name="campaigns_list"
        )

    def show_campaigns(self, campaigns) -> None:
        self.past_page.past_model.set_rows(campaigns)
        self.update_settle_button()
        unfinished = [c for c in campaigns if c.unfinished and c.id != self.running_id]
        if unfinished and self.task is None:
            self.tab.offer_resume(unfinished[0])
        else:
            self.tab.resume_banner.hide()
        self.tab.campaigns_listed.emit(campaigns)

    # ------------------------------------------------------------------ the file and the dry run
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.tab, _tr("Choose the recipients' file"), "", _tr("Spreadsheets (*.csv *.xlsx *.txt)")
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        if self.service is None:
            return
        service = self.service
        path = Path(path)
        page = self.new_page
        page.clear_dry_run()  # the old file's dry run says nothing about the new one
        self.discard_draft()
        page.file_label.setText(_tr("Reading {0}…").format(path.name))
        task = self.ctx.run(lambda: service.read_file(path), self.file_read, self.file_failed, name="campaign_read")
        self.tab.busy.track(task, _tr("Reading the file…"), [page.choose_button, page.dry_run_button])

    def file_read(self, table) -> None:
        self.new_page.show_file(table)
        self.tab.file_loaded.emit(table)

    def file_failed(self, error) -> None:
        from gui.campaign.importer import ImportRefused

        self.new_page.file_label.setText(_tr("No file chosen."))
        if isinstance(error, ImportRefused):
            QMessageBox.warning(self.tab, _tr("The file cannot be imported"), self.new_page.refusal_text(error))
        else:
            show_error(self.ctx, self.tab, error, _tr("Reading the file failed."))

    def start_dry_run(self) -> None:
        page, tab = self.new_page, self.tab
        if page.table is None:
            QMessageBox.information(tab, _tr("Dry run"), _tr("Choose a file first."))
            return
        template = page.template_edit.toPlainText().strip()
        if not template:
            QMessageBox.information(tab, _tr("Dry run"), _tr("Write the text first."))
            return
        mapping = page.mapping()
        missing = [name for name, col in mapping.items() if col is None]
        if missing:
            QMessageBox.information(
                tab,
                _tr("Dry run"),
                _tr("Choose a column for: {0}").format(", ".join(f"#{m}#" for m in missing)),
            )
            return
        price = parse_price(page.price_edit.text())
        if price is None:
            page.ask_price()
            return
        page.price_hint.hide()
        table = page.table
        request = DryRunRequest(
            template,
            page.number_column.currentData() or 0,
            mapping,
            marketing=page.marketing_check.isChecked(),
            balance_in_messages=page.messages_check.isChecked(),
        )
        service = self.current_service()

        def work(control):
            service.set_price(price)  # the field is the profile's one price
            report = service.dry_run(table, request, should_stop=control.check)
            report.status_positions()  # every row and the filters' arrays, built here, not on the GUI thread
            return report

        task = self.ctx.run(work, self.dry_run_done, self.dry_run_failed, name="campaign_dry_run", with_control=True)
        tab.busy.track(
            task,
            _tr("Dry run: checking every row…"),
            [page.dry_run_button, page.start_button, page.choose_button],
            cancellable=True,
        )

    def dry_run_done(self, report) -> None:
        self.discard_draft()
        self.new_page.show_dry_run(report, can_start=self.task is None)
        self.tab.dry_run_finished.emit(report)

    def dry_run_failed(self, error) -> None:
        from gui.workers import TaskCancelled

        if isinstance(error, TaskCancelled):
            return
        if isinstance(error, PriceUnknown):
            self.new_page.ask_price()
            return
        if isinstance(error, KeyError):
            QMessageBox.warning(
                self.tab, _tr("Dry run"), _tr("These variables have no column: {0}").format(str(error).strip("'"))
            )
            return
        show_error(self.ctx, self.tab, error, _tr("The dry run failed."))

    def ask_export_dry_run(self) -> None:
        if self.new_page.report is None:
            return
        path = ask_export_path(self.tab, "dry-run.xlsx", _tr("Export the dry run"))
        if path is not None:
            self.export_dry_run(path)

    def export_dry_run(self, path: str | Path):
        report = self.new_page.report
        if report is None:
            return None
        path = Path(path)
        lang = ui_language()  # the reasons in the language the tab shows them
        return start_writing(
            self.ctx,
            self.tab,
            self.idle_busy_bar(),
            path,
            lambda control: report.export(path, lang, control),
            None,
            name="dry_run_export",
            disable=[],
            total=len(report.lines()),
        )

    def idle_busy_bar(self):
        """The tab's busy bar for an export, or None while it shows other work (a dry run, a
        settling): the export then runs without it, as it always could. An export disables
        nothing: the bar's other work may take it over, and would leave those disabled."""
        return None if self.tab.busy.busy else self.tab.busy

    # ------------------------------------------------------------------ settling and results
    def update_settle_button(self) -> None:
        self.past_page.update_settle_button(self.running_id, settling=self.settle_task is not None)

    def settle_selected(self) -> None:
        campaign_id = self.past_page.selected_campaign_id()
        if campaign_id is not None:
            self.settle_in_doubt(campaign_id)

    def settle_in_doubt(self, campaign_id: int):
        """Settle a campaign's rows in doubt from the provider's records, in a worker; never sends."""
        if campaign_id == self.running_id or self.settle_task is not None or self.service is None:
            return None
        service = self.current_service()
        page = self.past_page

        def work(control):
            return service.settle(campaign_id, should_stop=control.check)

        def finished() -> None:
            self.settle_task = None
            self.settling_id = None
            self.update_settle_button()
            self.release_retired()

        def done(result) -> None:
            finished()
            self.refresh()
            if self.results_id == campaign_id:
                self.open_results(campaign_id)
            page.show_settlement(result)
            self.tab.settlement_finished.emit(result)

        def failed(error) -> None:
            finished()
            from gui.workers import TaskCancelled

            if not isinstance(error, TaskCancelled):
                show_error(
                    self.ctx,
                    self.tab,
                    error,
                    _tr("The provider's records could not be read; the rows stay in doubt. Try again later."),
                )

        task = self.settle_task = self.ctx.run(work, done, failed, name="campaign_settle", with_control=True)
        self.settling_id = campaign_id
        page.settle_button.setEnabled(False)
        self.tab.busy.track(
            task,
            _tr("Looking up the rows in doubt in the provider's records…"),
            [page.settle_button, page.resume_past_button],
            cancellable=True,
        )
        return self.settle_task

    def open_results(self, campaign_id: int | None = None) -> None:
        campaign_id = campaign_id if campaign_id is not None else self.past_page.selected_campaign_id()
        if campaign_id is None or self.service is None:
            return
        service = self.service
        running = campaign_id == self.running_id
        lang = ui_language()  # the reasons in the language the tab shows them

        def fetch(start: int, count: int) -> list[dict]:
            from gui.campaign import journal_pages  # in the worker: the journal's modules off the GUI thread

            rows = journal_pages.page(service.journal(), campaign_id, start, count)
            return [result_row(r, running, lang) for r in rows]

        def load():
            from gui.campaign import journal_pages

            positions = journal_pages.state_positions(service.journal(), campaign_id)
            total = sum(len(p) for p in positions.values())
            return total, positions, fetch(0, PAGE_ROWS)

        def done(loaded) -> None:
            total, positions, first_rows = loaded
            self.results_id = campaign_id
            self.past_page.show_results(campaign_id, total, first_rows, positions, fetch, self.ctx.run, running)
            self.tab.results_loaded.emit(campaign_id)

        self.ctx.run(load, done, lambda e: show_error(self.ctx, self.tab, e), name="campaign_results")

    def ask_export_results(self) -> None:
        if self.results_id is None:
            return
        path = ask_export_path(self.tab, f"campaign-{self.results_id}.xlsx", _tr("Export the results"))
        if path is not None:
            self.export_results(path)

    def export_results(self, path: str | Path):
        """The rows the filter shows, in the table's order, to ``path`` (.xlsx or .csv): read from
        the journal and written in a worker."""
        page = self.past_page
        campaign_id, service, shown = self.results_id, self.service, page.shown_results()
        states, running, lang = page.shown_states(), page.results_running, ui_language()
        total = page.results_proxy.rowCount()

        def rows(_control) -> list[dict]:
            if shown is not None:  # rows held in memory
                return shown
            if states == [] or campaign_id is None or service is None:
                return []
            return [result_row(r, running, lang) for r in service.journal().rows(campaign_id, states)]

        return start_export(
            self.ctx,
            self.tab,
            self.idle_busy_bar(),
            Path(path),
            RESULT_EXPORT_COLUMNS,
            rows,
            None,
            name="campaign_export",
            disable=[],
            total=total,
        )
