"""Sends in doubt in the Compose tab: the banner, and settling them against the provider's records.

A send that went out without a readable answer (SendInDoubt) is never retried: its
numbers are recorded in the store as "in doubt" and shown so. They are settled against
get_record the way campaign rows are (``SendService.settle_in_doubt``): "Check now" on
the banner, and by itself once the grace period is over while the tab is open. Found in
the records: sent, with the record's sid; not found after the grace period: not sent,
offered for a new send. Until then any send of the same text to one of those numbers is
refused (last 24 h), and the banner is back after a restart.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.services.send_modes import STATE_IN_DOUBT, STATE_NOT_SENT, STATE_OK
from gui.views.compose.base import ComposeBase
from gui.views.partials.errors import show_error

if TYPE_CHECKING:  # gui.campaign.settle, gui.store and send_plan are imported where used, not with the tab
    from gui.campaign.settle import MessageSettlement
    from gui.services.send_plan import ResultRow, Settlement

log = logging.getLogger(__name__)

# IN_DOUBT_MSG (gui.store.db, with IN_DOUBT_CODE) marks a number whose send went out without
# a readable answer.
SETTLE_GRACE_SECONDS = 75.0  # records can lag behind a send: "not in the records" means "not sent" only after this
SETTLE_RETRY_SECONDS = 60.0  # a failed automatic check is tried again after this


class ComposeInDoubt(ComposeBase):
    def _refuse_unsettled(self, numbers: list[str]) -> None:
        """A send of a text still in doubt for some of its numbers: refused, no override."""
        self._warn(
            self.tr(
                "Not sent: the previous send of this text to these numbers is not settled yet — Check now. {0}"
            ).format(", ".join(numbers[:10]) + ("…" if len(numbers) > 10 else ""))
        )
        self.load_in_doubt()

    def load_in_doubt(self) -> None:
        """Read the store's sends in doubt (they survive a restart): banner and automatic check."""
        if self.ctx.profile is None:
            return
        setup = self.setup()
        self.ctx.run(
            setup.in_doubt_messages,
            self._in_doubt_loaded,
            lambda e: log.warning("reading the sends in doubt failed: %s", e),
            name="compose_in_doubt",
        )

    def _in_doubt_loaded(self, messages: list) -> None:
        self._show_in_doubt(messages)
        self._schedule_settlement()

    def _show_in_doubt(self, messages: list) -> None:
        self.in_doubt = list(messages)
        count = len(self.in_doubt)
        self.doubt_label.setText(
            QCoreApplication.translate(
                "ComposeInDoubt",
                "%n message(s) in doubt: their send got no answer; they may have been delivered. Nothing is sent "
                "to them again until the records settle it.",
                "",
                count,
            )
        )
        self.doubt_banner.setVisible(count > 0)

    def _schedule_settlement(self) -> None:
        """Check by itself once the oldest message in doubt is past its grace period."""
        if not self.in_doubt:
            self._settle_timer.stop()
            return
        from gui.campaign.settle import sent_at_epoch

        due = min(sent_at_epoch(m.sent_at) for m in self.in_doubt) + self.settle_grace_seconds
        delay = max(0.0, due - self.clock()) + 1.0  # the store keeps whole seconds
        self._settle_timer.start(int(min(delay, 24 * 3600) * 1000))

    def check_in_doubt(self, auto: bool = False) -> None:
        """Settle the sends in doubt against the provider's records (the campaigns' settlement)."""
        if self.ctx.profile is None or not self.ctx.has_apikey:
            return
        if self.busy.busy:
            if auto:  # a send or a load is running: try again shortly
                self._settle_timer.start(5000)
            return
        self._settle_timer.stop()
        service, grace = self.service(), self.settle_grace_seconds

        def failed(error) -> None:
            self._warn(
                self.tr(
                    "Checking the records failed; the messages stay in doubt and nothing was sent. "
                    "The console tries again in about a minute."
                )
            )
            self._settle_timer.start(int(SETTLE_RETRY_SECONDS * 1000))
            if not auto:
                show_error(self.ctx, self, error, self.tr("Checking the records for the messages in doubt failed."))

        task = self.ctx.run(
            lambda control: service.settle_in_doubt(grace, control.check),
            self._settled,
            failed,
            name="compose_settle",
            with_control=True,
        )
        self._track(task, self.tr("Looking the messages in doubt up in the records…"))

    def _settled(self, settlement: Settlement) -> None:
        from gui.campaign.settle import record_key
        from gui.services.send_plan import ResultRow
        from gui.store.db import IN_DOUBT_MSG, SETTLED_NOT_SENT_MSG

        outcome: MessageSettlement = settlement.outcome
        remaining = settlement.remaining
        rows = list(self.results)
        index = {(record_key(r.mobile, r.text)): i for i, r in enumerate(rows) if r.state == STATE_IN_DOUBT}

        def put(mobile: str, text: str, row: ResultRow) -> None:
            at = index.pop(record_key(mobile, text), None)
            if at is None:
                rows.append(row)  # e.g. in doubt since before a restart
            else:
                rows[at] = row

        for message, record in outcome.sent:
            put(
                message.mobile,
                message.text,
                ResultRow(
                    message.mobile,
                    message.text,
                    STATE_OK,
                    0,
                    self.tr("found in the provider's records: sent"),
                    int(record.fee or 0),
                    None,
                    "",
                    record.sid or None,
                ),
            )
        for message in outcome.not_sent:
            put(
                message.mobile,
                message.text,
                ResultRow(message.mobile, message.text, STATE_NOT_SENT, None, SETTLED_NOT_SENT_MSG),
            )
        for message in outcome.waiting:
            if record_key(message.mobile, message.text) not in index:
                rows.append(ResultRow(message.mobile, message.text, STATE_IN_DOUBT, None, IN_DOUBT_MSG))
        self.show_results(rows)
        pieces = []
        if outcome.sent:
            pieces.append(
                QCoreApplication.translate("ComposeInDoubt", "%n found in the records: sent.", "", len(outcome.sent))
            )
        if outcome.not_sent:
            pieces.append(
                QCoreApplication.translate(
                    "ComposeInDoubt",
                    "%n not in the records after the grace period: not sent — use the failed numbers for a new send.",
                    "",
                    len(outcome.not_sent),
                )
            )
        if outcome.waiting:
            pieces.append(
                QCoreApplication.translate(
                    "ComposeInDoubt",
                    "%n not in the records yet (they can lag); checked again by itself in about {0} s.",
                    "",
                    len(outcome.waiting),
                ).format(int(self.settle_grace_seconds))
            )
        if not pieces:
            pieces.append(self.tr("Nothing is in doubt."))
        (self._warn if outcome.waiting else self._say)(" ".join(pieces))
        self._show_in_doubt(remaining)
        self._schedule_settlement()
