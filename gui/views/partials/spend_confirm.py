"""The confirmation every send goes through before money leaves (the spend gate's face).

``confirm_spend(parent, gate, plan, on_approved)`` opens a window-modal dialog that sums
up a ``SpendPlan``: recipients, parts (per message where they differ, and in all), cost,
the balance now and after (in messages for an account billed by count, never as money),
a warning when the send exceeds the balance or crosses the account's alarm amount, the
marketing flag, up to three rendered samples with their numbers and the estimated
duration. Cancel is the default button: Enter cancels, Esc cancels; only a click on OK
(or Space on it after tabbing there) asks the gate for an approval. This module and
the command line's confirmation (``gui.campaign.run_cli``: the plan printed, then ``--yes``
or a typed "yes") are the only callers of ``SpendGate.approve`` (tests/test_architecture.py
checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from gui.services.estimate import counts_messages
from gui.services.spend_gate import Approval, SpendGate, SpendKind, SpendPlan
from gui.theme import status_css
from gui.views.partials.text_counter import money


class SpendConfirmDialog(QDialog):
    """Sums up a send before it goes."""

    def __init__(self, parent: QWidget | None, plan: SpendPlan) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("spend_confirm_dialog")
        self.setWindowTitle(self._title(plan.kind))
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        self.summary = QLabel("\n".join(self._lines(plan)), self)
        self.summary.setObjectName("confirm_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.warning = QLabel(self._warning(plan), self)
        self.warning.setObjectName("confirm_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(status_css("error", bold=True))
        self.warning.setVisible(bool(self.warning.text()))
        layout.addWidget(self.warning)
        if plan.samples:
            layout.addWidget(QLabel(self.tr("Samples as they will be sent:"), self))
            samples = QPlainTextEdit(self)
            samples.setObjectName("confirm_samples")
            samples.setReadOnly(True)
            samples.setAccessibleName(self.tr("Samples as they will be sent"))
            samples.setMaximumHeight(140)
            samples.setPlainText("\n\n".join(f"{s.mobile}\n{s.text}" for s in plan.samples))
            layout.addWidget(samples)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("spend_confirm_ok")
        ok.setText(self._ok_text(plan.kind))
        ok.setAutoDefault(False)
        ok.setDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter must not spend money: OK takes a deliberate click
        cancel.setFocus()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _title(self, kind: SpendKind) -> str:
        return {
            SpendKind.QUICK_SEND: self.tr("Confirm the send"),
            SpendKind.CAMPAIGN_START: self.tr("Start the campaign?"),
            SpendKind.CAMPAIGN_RESUME: self.tr("Resume the campaign?"),
            SpendKind.CAMPAIGN_RETRY: self.tr("Send the failed rows again?"),
            SpendKind.TEST_SEND: self.tr("Send a test message?"),
        }[kind]

    def _ok_text(self, kind: SpendKind) -> str:
        return {
            SpendKind.QUICK_SEND: self.tr("Send"),
            SpendKind.CAMPAIGN_START: self.tr("Start sending"),
            SpendKind.CAMPAIGN_RESUME: self.tr("Resume sending"),
            SpendKind.CAMPAIGN_RETRY: self.tr("Send again"),
            SpendKind.TEST_SEND: self.tr("Send the test"),
        }[kind]

    def _amount(self, value: Decimal | None, unit: str) -> str:
        """Money with its unit, or a count of messages for an account billed by count."""
        if value is not None and counts_messages(unit):
            count = int(value)  # %n takes no negative number: the sign goes in front
            return ("-" if count < 0 else "") + self.tr("%n message(s)", "", abs(count))
        return money(value, unit)

    def _parts_each(self, plan: SpendPlan) -> str:
        if len(plan.parts_each) == 1:
            return str(plan.parts_each[0][0])
        return ", ".join(self.tr("{0} for %n message(s)", "", count).format(parts) for parts, count in plan.parts_each)

    def _lines(self, plan: SpendPlan) -> list[str]:
        lines = [self.tr("Recipients: %n", "", plan.recipients)]
        if plan.parts_each:
            lines.append(self.tr("Parts per message: {0}").format(self._parts_each(plan)))
        lines += [
            self.tr("Parts: %n in all", "", plan.parts),
            self.tr("Estimated cost: {0}").format(self._amount(plan.cost, plan.unit))
            if plan.cost is not None
            else self.tr("Estimated cost: unknown (no price per part set)"),
        ]
        if plan.balance is None:
            lines.append(self.tr("Balance: unknown"))
        elif plan.balance_after is None:
            lines.append(self.tr("Balance: {0}").format(self._amount(plan.balance, plan.unit)))
        else:
            lines.append(
                self.tr("Balance: {0} now, about {1} after").format(
                    self._amount(plan.balance, plan.unit), self._amount(plan.balance_after, plan.unit)
                )
            )
        if plan.marketing:
            lines.append(self.tr("Marketing messages (sent under the marketing rules)."))
        elif plan.marketing is not None:
            lines.append(self.tr("Not marketing messages."))
        if plan.in_doubt:
            lines.append(
                self.tr(
                    "%n row(s) in doubt are looked up in the provider's records first; only those without a "
                    "record are sent again.",
                    "",
                    plan.in_doubt,
                )
            )
        if plan.estimated_seconds is not None:
            if plan.estimated_seconds < 60:  # "about 1 minute" for three messages misled
                lines.append(self.tr("Estimated duration: under a minute"))
            else:
                minutes = round(plan.estimated_seconds / 60)
                lines.append(self.tr("Estimated duration: about %n minute(s)", "", minutes))
        lines.extend(plan.notes)
        return lines

    def _warning(self, plan: SpendPlan) -> str:
        """What must stand out: the send costs more than the balance, or takes it below the alarm."""
        if plan.exceeds_balance:
            return self.tr("Warning: the estimated cost exceeds the balance; sending stops when it runs out.")
        if plan.crosses_alarm:
            return self.tr("Warning: the balance will fall below the account's alarm amount ({0}).").format(
                self._amount(plan.alarm_balance, plan.unit)
            )
        return ""


def confirm_spend(
    parent: QWidget | None,
    gate: SpendGate,
    plan: SpendPlan,
    on_approved: Callable[[Approval], None],
    on_cancelled: Callable[[], None] | None = None,
) -> SpendConfirmDialog:
    """Ask before spending (non-blocking); ``on_approved`` gets the gate's approval on OK."""
    dialog = SpendConfirmDialog(parent, plan)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def finished(result: int) -> None:
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            on_approved(gate.approve(plan))
        elif on_cancelled is not None:
            on_cancelled()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
