"""The Campaigns presenter's shared part: the profile's campaign service, what is running,
and the one way money is asked for (plan in a worker → ``confirm_spend`` → ``on_approved``).

The presenter is three classes in a line, each a file: this base, ``ReadingPresenter``
(reading.py: listing, the price, the file, the dry run, results, settling, exports; never
sends) and ``CampaignPresenter`` (presenter.py: everything that sends, and the run). It is
a QObject child of the tab so that a worker's outcome arriving after the tab was deleted is
dropped (TaskRunner skips callbacks of a deleted QObject), as when they were the tab's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

from gui.context import ProfileChanged
from gui.services.campaigns import (
    CampaignConfig,
    CampaignService,
    InvalidTestNumber,
    NothingToSend,
)
from gui.services.profile_settings import ProfileSettings
from gui.views.campaigns.common import CHUNK_KEY, GRACE_KEY, UID_KEY
from gui.views.partials.audit import audit_log
from gui.views.partials.errors import show_error
from gui.views.partials.number_list_edit import reason_text as number_reason_text
from gui.views.partials.spend_confirm import confirm_spend

if TYPE_CHECKING:
    from gui.views.campaigns.page import CampaignsTab

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignsTab", text)


class PresenterBase(QObject):
    def __init__(self, tab: CampaignsTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.ctx = tab.ctx
        self.new_page = tab.new_page
        self.running_page = tab.running_page
        self.past_page = tab.past_page
        self.service: CampaignService | None = None  # the active profile's; owns its journal
        self.retry_source: int | None = None  # the campaign a running retry copies its failed rows from
        self.draft_id: int | None = None  # the campaign saved from the last dry run, not started yet
        self.task: Any = None  # the run's task
        self.asking = False  # a plan is being worked out or its confirmation is open
        self.spend_dialog: Any = None  # the open spend confirmation (tests answer it)
        self.running_id: int | None = None
        self.results_id: int | None = None
        self.settle_task: Any = None
        self.settling_id: int | None = None  # a run of this campaign waits until settling is over
        self.retired: list[CampaignService] = []  # left by a profile switch; closed once unused
        self.service = self.make_service()

    # ------------------------------------------------------------------ the service
    def config(self) -> CampaignConfig:
        """The sending settings (QSettings is read here, on the GUI thread)."""
        value = self.ctx.settings.value
        return CampaignConfig(
            grace_seconds=float(str(value(GRACE_KEY, 90.0))),
            chunk_size=int(str(value(CHUNK_KEY, 1000))),  # the service keeps it within 1..1000
            use_uid=str(value(UID_KEY, "false")).lower() == "true",
        )

    def make_service(self) -> CampaignService | None:
        ctx = self.ctx
        if ctx.profile is None:
            return None
        # Bound to the profile active now: once the operator switched, the service refuses
        # (ProfileChanged) instead of mixing one profile's journal with another's account.
        client = ctx.bound(lambda: ctx.client())
        store = ctx.bound(lambda: ctx.store())
        return CampaignService(
            ctx.journal_opener(),  # local or team (gui.profile_storage); opened by the first worker that needs it
            client,
            ctx.spend_gate,
            lambda: ProfileSettings(store()),
            store=store,
            config=self.config(),
            account_service=ctx.account_service(),
            audit=audit_log(ctx),  # the profile's operator name in the audit log
        )

    def current_service(self) -> CampaignService:
        """The active profile's service with the sending settings as they are now."""
        if self.service is None:
            raise RuntimeError("no active profile")
        self.service.set_config(self.config())
        return self.service

    def refused_after_switch(self, error: BaseException) -> bool:
        """Say so when a send was refused because the operator switched profile meanwhile."""
        if not isinstance(error, ProfileChanged):
            return False
        show_error(
            self.ctx,
            self.tab,
            error,
            _tr(
                "The profile was switched after this send was worked out, so it was refused: nothing was sent, "
                "from either account. Check the active profile and start again."
            ),
        )
        return True

    def release_retired(self) -> None:
        """Close the journals of services a profile switch left, once no run, settling or
        confirmation of this tab uses them (release() refuses while one runs or settles)."""
        if self.task is not None or self.settle_task is not None or self.asking or not self.retired:
            return
        retired, self.retired = self.retired, []
        for service in retired:
            self.ctx.run(
                service.release,
                None,
                lambda e: log.warning("closing the journal failed: %s", e),
                name="campaign_release",
            )

    # ------------------------------------------------------------------ spending: plan → confirm → send
    def ask_then(
        self,
        plan_work: Callable[[], Any],
        on_approved: Callable[[Any, Any], None],
        title: str,
        on_planned: Callable[[Any], None] | None = None,
        cancelled_text: str = "",
    ) -> None:
        """Work out a plan in a worker, show the spend confirmation, then ``on_approved(plan, approval)``.

        A plan of None means nothing can be sent (resuming a campaign with no row left):
        ``on_approved(None, None)`` runs without asking. Cancel (or Esc) in the confirmation
        sends nothing and the tab says so (``cancelled_text``).
        """
        if self.asking or self.task is not None:
            return
        self.asking = True
        tab = self.tab
        tab.say("")  # the last confirmation's outcome: this one replaces it

        def planned(plan) -> None:
            if on_planned is not None:
                on_planned(plan)
            if plan is None:
                self.asking = False
                on_approved(None, None)
                self.release_retired()
                return

            def approved(approval) -> None:
                self.asking = False
                self.spend_dialog = None
                on_approved(plan, approval)
                self.release_retired()

            def cancelled() -> None:
                self.asking = False
                self.spend_dialog = None
                self.update_start_button()
                self.release_retired()
                tab.say(cancelled_text or _tr("Cancelled; nothing was sent."))

            self.spend_dialog = confirm_spend(tab, self.ctx.spend_gate, plan, approved, cancelled)

        def failed(error) -> None:
            self.asking = False
            self.update_start_button()
            self.release_retired()
            if isinstance(error, NothingToSend):
                QMessageBox.information(tab, title, _tr("There is no row to send."))
            elif isinstance(error, InvalidTestNumber):  # refused before anything is planned
                QMessageBox.warning(
                    tab,
                    title,
                    _tr("“{0}” is not a number the test can go to: {1}").format(
                        error.number, number_reason_text(error.reason)
                    ),
                )
            elif not self.refused_after_switch(error):
                show_error(self.ctx, tab, error, _tr("What the send would cost could not be worked out."))

        task = self.ctx.run(plan_work, planned, failed, name="campaign_plan")
        tab.busy.track(task, _tr("Working out what it sends and costs…"), [self.new_page.start_button])

    def update_start_button(self) -> None:
        self.new_page.update_start_button(self.task is None and not self.asking)
