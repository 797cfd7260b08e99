"""The Campaigns presenter: turns the tab's widget events into CampaignService calls.

This class holds what sends: the test send, Start, Resume, Retry failed rows, and the run
itself (progress, pause, resume, cancel). Every one is plan (worker) → ``confirm_spend`` →
the service's send with the approval (worker), through ``ask_then`` (presenter_base.py);
Cancel in the confirmation sends nothing. A run goes on in ONE worker with a TaskControl;
its progress reaches the GUI through ``TaskControl.progress`` (coalesced to about ten
updates a second). Reading, listing, settling and exports are in its base class
``ReadingPresenter`` (reading.py).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from gui.views.campaigns.common import OWN_NUMBER_KEY, state_word
from gui.views.campaigns.reading import ReadingPresenter
from gui.views.partials.errors import show_error


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignsTab", text)


class CampaignPresenter(ReadingPresenter):
    # During a run the balance is read again at most this often (and once at its end), so
    # the status bar follows what the campaign spends.
    BALANCE_REFRESH_SECONDS = 10.0
    balance_read_at: float | None = None  # time.monotonic() of the last read during this run
    balance_read_sent = 0  # rows sent when it was read

    # ------------------------------------------------------------------ new campaign: test send, start
    def start_test_send(self) -> None:
        page, tab = self.new_page, self.tab
        number = page.own_number_edit.text().strip()
        report = page.report
        if not number or report is None or not report.ready_rows:
            QMessageBox.information(tab, _tr("Test send"), _tr("Enter your own number first."))
            return
        text = report.ready_rows[0].text
        service = self.current_service()
        sent_to: list[str] = []  # the normalised number the plan sends to

        def planned(plan) -> None:
            # a number the normaliser accepted (the plan refuses others: InvalidTestNumber)
            self.ctx.settings.setValue(OWN_NUMBER_KEY, number)
            sent_to[:] = [plan.samples[0].mobile]

        def done(result) -> None:
            if result.ok:
                QMessageBox.information(
                    tab,
                    _tr("Test send"),
                    _tr(
                        "The first row's text was sent to {0} (sid {1}). Check it on your phone, then start the "
                        "campaign."
                    ).format(sent_to[0] if sent_to else number, result.sid),
                )
            else:
                QMessageBox.warning(
                    tab,
                    _tr("Test send"),
                    _tr("The provider refused the test: {0} ({1})").format(result.msg, result.code),
                )

        def failed(error) -> None:
            if not self.refused_after_switch(error):
                show_error(self.ctx, tab, error, _tr("The test send failed."))

        def send(_plan, approval) -> None:
            task = self.ctx.run(lambda: service.test_send(approval), done, failed, name="test_send")
            self.ctx.track_send(task)  # money leaves: the profile is not switched under it
            tab.busy.track(task, _tr("Sending the test message…"), [page.test_send_button, page.start_button])

        marketing = page.marketing_check.isChecked()  # the campaign is not saved yet: the form says it
        self.ask_then(
            lambda: service.plan_test_send(number, text, marketing=marketing),
            send,
            _tr("Test send"),
            planned,
            _tr("Test send cancelled; nothing was sent."),
        )

    def start_campaign(self) -> None:
        """Save the dry run as a campaign, show what it spends, and send it once confirmed."""
        page = self.new_page
        report = page.report
        if report is None or self.task is not None or self.asking:
            return
        if not report.can_send(page.override_check.isChecked()):
            QMessageBox.warning(
                self.tab,
                _tr("Start campaign"),
                _tr(
                    "The balance does not cover the estimated cost. Top up, or tick “Send even if the balance looks "
                    "too low” if your account counts its balance differently."
                ),
            )
            return
        service = self.current_service()
        name = page.table.path.name if page.table is not None else _tr("campaign")
        source = str(page.table.path) if page.table is not None else ""
        draft = self.draft_id
        page.start_button.setEnabled(False)

        def plan():
            # Saved once per dry run: asking again after a Cancel reuses the same draft.
            campaign_id = draft if draft is not None else service.create(report, name, source)
            return service.plan_start(campaign_id)

        def remember_draft(plan) -> None:
            if page.report is report:
                self.draft_id = plan.campaign_id

        def approved(plan, approval) -> None:
            self.draft_id = None
            cid = plan.campaign_id
            self.run(
                cid,
                lambda progress, _started, stop: service.start(cid, approval, on_progress=progress, should_stop=stop),
            )

        self.ask_then(plan, approved, _tr("Start campaign"), remember_draft, _tr("Start cancelled; nothing was sent."))

    # ------------------------------------------------------------------ past campaigns: resume, retry
    def resume_from_banner(self) -> None:
        campaign_id = self.tab.resume_banner.property("campaign_id")
        if campaign_id is not None:
            self.run_campaign(int(campaign_id))

    def resume_selected(self) -> None:
        campaign_id = self.past_page.selected_campaign_id()
        if campaign_id is not None:
            self.run_campaign(campaign_id)

    def retry_selected(self) -> None:
        campaign_id = self.past_page.selected_campaign_id()
        if campaign_id is not None:
            self.retry_failed(campaign_id)

    def run_campaign(self, campaign_id: int) -> None:
        """Resume (or start) a saved campaign: what is left is shown for confirmation first."""
        if self.task is not None or campaign_id == self.settling_id or self.service is None:
            return
        service = self.current_service()

        def approved(_plan, approval) -> None:
            self.run(
                campaign_id,
                lambda report, _started, stop: service.resume(
                    campaign_id, approval, on_progress=report, should_stop=stop
                ),
            )

        self.ask_then(
            lambda: service.plan_resume(campaign_id),
            approved,
            _tr("Resume"),
            cancelled_text=_tr("Resume cancelled; nothing was sent."),
        )

    def retry_failed(self, campaign_id: int) -> None:
        """Send the failed rows again as a new campaign, once the operator confirmed what it spends."""
        if self.task is not None or self.service is None:
            return
        service = self.current_service()

        def approved(_plan, approval) -> None:
            self.retry_source = campaign_id
            self.run(
                None,
                lambda progress, started, stop: service.retry(
                    campaign_id, approval, on_started=started, on_progress=progress, should_stop=stop
                ),
            )

        self.ask_then(
            lambda: service.plan_retry(campaign_id),
            approved,
            _tr("Retry failed rows"),
            cancelled_text=_tr("Retry cancelled; nothing was sent."),
        )

    # ------------------------------------------------------------------ the run
    def run(self, campaign_id: int | None, call: Callable[..., Any]) -> None:
        """Run ``call(report, started, should_stop)`` — an approved service send — in one worker."""
        if self.task is not None:
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

        self.running_id = campaign_id
        self.balance_read_at, self.balance_read_sent = None, 0
        # A run allocates many short-lived objects (each answer's 1,000 items); every full
        # collection of the cyclic GC would walk the whole console's heap holding the GIL —
        # the GUI thread's longest stalls (50–60 ms at 100,000 rows). What lives now (widgets,
        # modules, caches) is long-lived: frozen, later collections skip it.
        gc.freeze()
        self.running_page.show_fresh()  # never the previous run's "100 % · sent 14"
        self.tab.resume_banner.hide()
        self.task = self.ctx.run(
            work,
            self.campaign_done,
            self.campaign_failed,
            on_progress=self.show_progress,
            name="campaign",
            with_control=True,
        )
        self.ctx.track_send(self.task)
        if campaign_id is not None:
            self.running_page.show_running(campaign_id)
        self.running_page.show_started()
        self.new_page.start_button.setEnabled(False)
        self.tab.pages.setCurrentIndex(1)
        self.tab.campaign_started.emit(campaign_id)

    def show_progress(self, progress) -> None:
        if isinstance(progress, int):  # a retry's new campaign was created: it is the one running
            self.running_id = progress
            self.running_page.show_running(progress)
            return
        self.running_page.show_progress(progress, running=self.task is not None)
        if self.task is not None:
            self.follow_balance(progress.sent)

    def follow_balance(self, sent: int) -> None:
        """Read the balance again once rows were sent since the last read, at most every
        ``BALANCE_REFRESH_SECONDS``; the status bar follows ``balance_changed``."""
        now = time.monotonic()
        if sent <= self.balance_read_sent:
            return
        if self.balance_read_at is not None and now - self.balance_read_at < self.BALANCE_REFRESH_SECONDS:
            return
        self.balance_read_at, self.balance_read_sent = now, sent
        self.ctx.refresh_account()

    def pause_campaign(self) -> None:
        if self.service is not None and self.running_id is not None and self.service.pause(self.running_id):
            # no request leaves from now on; the engine's next progress says how many are awaited
            self.running_page.pause_button.setEnabled(False)
            self.running_page.show_title(self.running_id, "pausing")

    def resume_campaign(self) -> None:
        """Continue the run the operator paused (the run already confirmed: no new confirmation)."""
        if self.service is not None and self.running_id is not None and self.service.unpause(self.running_id):
            self.running_page.resume_button.setEnabled(False)

    def cancel_campaign(self) -> None:
        if self.task is None:
            return
        answer = QMessageBox.question(
            self.tab,
            _tr("Cancel campaign"),
            _tr("Stop this campaign? Rows not sent yet stay unsent; you can send them later as a new campaign."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.cancel_now()

    def cancel_now(self) -> None:
        if self.task is None or self.service is None:
            return
        if self.running_id is not None:
            self.service.cancel(self.running_id)
        else:
            # a retry whose new campaign is not created yet: the service carries the cancel over
            # to it, so it ends cancelled as the dialog said; stopping the task covers the moment
            # its engine already runs but its id has not reached this thread
            if self.retry_source is not None:
                self.service.cancel(self.retry_source)
            self.task.cancel()
        self.running_page.cancel_button.setEnabled(False)

    def finish_run(self) -> None:
        self.task = None
        self.running_id = None
        self.retry_source = None
        self.release_retired()
        # what the run froze (gc.freeze at its start) is collectable again: a dry run's report or
        # closed pages freed since must not stay in the permanent generation for the session
        gc.unfreeze()
        self.running_page.show_stopped()
        self.new_page.start_button.setEnabled(False)
        # money left (or may have): the status bar and Account tab show the balance after it
        self.ctx.refresh_account()

    def campaign_done(self, outcome) -> None:
        campaign_id = self.running_id
        self.show_progress(outcome.progress)
        self.finish_run()
        self.running_page.show_ended(campaign_id, outcome.state)
        state = state_word(outcome.state)
        if outcome.error is not None and outcome.state == "stopped":
            # an unexpected error ended the run (a stop without error is the console closing)
            show_error(
                self.ctx,
                self.tab,
                outcome.error,
                _tr(
                    "The campaign stopped on an unexpected error: {0}. Resume it from Past campaigns; rows already "
                    "sent are not sent again."
                ).format(state),
            )
        elif outcome.error is not None:
            show_error(
                self.ctx,
                self.tab,
                outcome.error,
                _tr("The campaign was paused. Fix the problem, then resume it from Past campaigns."),
            )
        self.refresh()
        if campaign_id is not None:
            self.open_results(campaign_id)
        self.tab.campaign_finished.emit(outcome)

    def campaign_failed(self, error) -> None:
        self.finish_run()
        self.refresh()
        if self.refused_after_switch(error):
            return
        show_error(self.ctx, self.tab, error, _tr("The campaign stopped; it can be resumed."))
