"""The live counter under a message: characters, parts, recipients, estimated cost, balance.

The arithmetic is ``Estimate`` (plain Python, testable); ``TextCounter`` only shows it.
Parts follow the provider's rule through ``gui.api.texts`` (the same rule the gateway
bills by): a character is a UTF-16 code unit, ≤70 is one part, longer texts go in
parts of 67, the 【signature】 counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtWidgets import QLabel, QWidget

from gui.api import texts
from gui.theme import status_css

MAX_TEXT_CHARS = 500


@dataclass(frozen=True)
class Estimate:
    chars: int  # of the (longest) text
    parts_per_text: int  # of the (longest) text
    recipients: int
    total_parts: int  # over every recipient's own text
    price: Decimal | None  # per part, None when not known yet
    unit: str
    balance: Decimal | None
    too_long: bool  # some text exceeds the provider's 500 characters

    @property
    def cost(self) -> Decimal | None:
        if self.price is None:
            return None
        return (self.price * self.total_parts).quantize(Decimal("0.0001"))

    @property
    def exceeds_balance(self) -> bool:
        cost = self.cost
        return cost is not None and self.balance is not None and cost > self.balance


def compute_estimate(
    message_texts: Sequence[str], recipients: int, price: Decimal | None, unit: str, balance: Decimal | None
) -> Estimate:
    """``message_texts``: one text for all recipients, or one per recipient (personalised)."""
    lengths = [texts.char_count(t) for t in message_texts] or [0]
    part_counts = [texts.parts(t) if t else 0 for t in message_texts] or [0]
    total = part_counts[0] * recipients if len(message_texts) == 1 else sum(part_counts)
    longest = max(range(len(lengths)), key=lambda i: lengths[i])
    return Estimate(
        chars=lengths[longest],
        parts_per_text=part_counts[longest],
        recipients=recipients,
        total_parts=total,
        price=price,
        unit=unit,
        balance=balance,
        too_long=max(lengths) > MAX_TEXT_CHARS,
    )


def money(value: Decimal | None, unit: str) -> str:
    """A sum of money: two decimals, more only when the value has them (prices per part)."""
    if value is None:
        return "?"
    cents = value.quantize(Decimal("0.01"))
    text = format(cents if cents == value else value.normalize(), "f")
    return f"{text} {unit}".strip()


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
