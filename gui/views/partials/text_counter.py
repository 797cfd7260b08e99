"""The live counter under a message: characters, parts, recipients, estimated cost, balance.

The arithmetic is ``gui.services.estimate`` (plain Python, the same the quick send's plan
uses); ``TextCounter`` only shows it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from gui.services.estimate import MAX_TEXT_CHARS, Estimate, money
from gui.theme import status_css


class TextCounter(QLabel):
    """One line of text; red when the text is too long or the estimate exceeds the balance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("text_counter")
        self.setWordWrap(True)
        self.estimate: Estimate | None = None

    def show_estimate(self, estimate: Estimate, personalised: bool = False) -> None:
        self.estimate = estimate
        if personalised:
            head = self.tr("Longest text: {0} characters, {1} part(s)").format(estimate.chars, estimate.parts_per_text)
        else:
            head = self.tr("{0} characters, {1} part(s)").format(estimate.chars, estimate.parts_per_text)
        pieces = [head]
        if estimate.too_long:
            pieces.append(self.tr("too long: at most {0} characters").format(MAX_TEXT_CHARS))
        pieces.append(self.tr("{0} recipient(s), {1} part(s) in all").format(estimate.recipients, estimate.total_parts))
        if estimate.cost is None:
            pieces.append(self.tr("cost unknown (set the price per part)"))
        else:
            pieces.append(self.tr("estimated cost {0}").format(money(estimate.cost, estimate.unit)))
        if estimate.balance is None:
            pieces.append(self.tr("balance unknown"))
        else:
            pieces.append(self.tr("balance {0}").format(money(estimate.balance, estimate.unit)))
        if estimate.exceeds_balance:
            pieces.append(self.tr("the estimate exceeds the balance"))
        self.setText(" · ".join(pieces))
        alarm = estimate.too_long or estimate.exceeds_balance
        self.setStyleSheet(status_css("error", bold=True) if alarm else "")
