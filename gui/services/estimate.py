"""What a send will cost, before it goes: parts, estimated cost, balance (plain Python).

One arithmetic for the live counter under a message (``gui.views.partials.text_counter``)
and the quick send's plan (``SendService.plan_quick_send``), so the figure the operator
watches while typing is the one the confirmation shows. Parts follow the provider's rule
through ``gui.api.texts`` (the same rule the gateway bills by): a character is a UTF-16
code unit, ≤70 is one part, longer texts go in parts of 67, the 【signature】 counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gui.api import texts

MAX_TEXT_CHARS = texts.MAX_CHARS
COST_QUANTUM = Decimal("0.0001")  # the provider's fees have four decimals
# Billing units that count messages, not money. The document bills domestic sends in
# parts ("fee: 扣费条数"); an account billed by count has its balance in messages, and
# the confirmation must never call that figure RMB.
MESSAGE_UNITS = frozenset({"条", "条数", "count", "counts", "message", "messages", "sms", "part", "parts"})


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
        return (self.price * self.total_parts).quantize(COST_QUANTUM)

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


def counts_messages(unit: str) -> bool:
    """Whether ``unit`` (a send answer's, kept with the price) counts messages rather than money."""
    return unit.strip().lower() in MESSAGE_UNITS
