"""The spend gate: money leaves only for a plan the operator confirmed (plain Python).

Every path that can make the provider send — a quick send, a campaign start, a resume
with rows left, a retry of failed rows, a test send — goes through the same sequence:

1. a service builds a ``SpendPlan`` (recipients, parts, cost, balance, samples);
2. the operator confirms it: in the console the confirmation dialog
   (``gui.views.partials.spend_confirm``) shows it, Cancel being the default; the command
   line (``gui.campaign.run_cli``) prints it and needs ``--yes`` or a typed "yes". These
   two are the only callers of ``SpendGate.approve`` (tests/test_architecture.py);
3. on OK the gate issues an ``Approval`` for that plan, and the service's send method
   calls ``SpendGate.spend(approval, plan)`` before the first request leaves.

An approval is good for one plan, once, for a limited time. A send method called with
no approval, a used one, an expired one or one issued for another plan raises
``SpendRefused`` and sends nothing. ``tests/test_architecture.py`` checks that nothing
outside ``gui/services`` calls the client's send methods or builds a campaign engine.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class SpendKind(str, Enum):
    QUICK_SEND = "quick_send"
    CAMPAIGN_START = "campaign_start"
    CAMPAIGN_RESUME = "campaign_resume"
    CAMPAIGN_RETRY = "campaign_retry"
    TEST_SEND = "test_send"


@dataclass(frozen=True)
class Sample:
    """One message as it will be sent: the number and the rendered text."""

    mobile: str
    text: str


@dataclass(frozen=True)
class SpendPlan:
    """What a send would spend, for the confirmation and for the gate.

    ``cost`` and ``balance`` are None when unknown (no price per part set, no account
    read yet); the confirmation says so instead of inventing a number. ``unit`` is the
    provider's billing unit kept with the price (``estimate.counts_messages`` tells an
    account billed by count, whose balance is in messages). ``marketing`` is None for a
    send that has no such setting (a quick send). ``parts_each`` is ``parts_breakdown``
    of the messages: (parts per message, how many messages) when they differ. ``in_doubt``:
    rows of a resume that are looked up in the provider's records before any is sent again.
    ``content`` is a digest of what will be sent (``content_digest``); a service whose
    numbers and texts live outside the plan recomputes it before the first request.
    """

    kind: SpendKind
    recipients: int
    parts: int
    cost: Decimal | None
    unit: str = ""
    balance: Decimal | None = None
    alarm_balance: Decimal | None = None
    marketing: bool | None = None
    samples: tuple[Sample, ...] = ()
    estimated_seconds: float | None = None
    notes: tuple[str, ...] = ()
    parts_each: tuple[tuple[int, int], ...] = ()
    in_doubt: int = 0
    campaign_id: int | None = None
    content: str = ""
    plan_id: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def balance_after(self) -> Decimal | None:
        if self.balance is None or self.cost is None:
            return None
        return self.balance - self.cost

    @property
    def exceeds_balance(self) -> bool:
        after = self.balance_after
        return after is not None and after < 0

    @property
    def crosses_alarm(self) -> bool:
        after = self.balance_after
        return after is not None and self.alarm_balance is not None and after < self.alarm_balance


def parts_breakdown(parts_per_message: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """(parts, how many messages have that many), fewest parts first: ``SpendPlan.parts_each``."""
    return tuple(sorted(Counter(parts_per_message).items()))


def content_digest(*parts: object) -> str:
    """A sha256 of what a send will send (mode, numbers, texts; a campaign id and row count).

    ``parts`` are JSON-encodable; the same parts always give the same digest.
    """
    encoded = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Approval:
    """The operator's yes to one plan. Only ``SpendGate.approve`` makes a valid one."""

    plan_id: str
    token: str


class SpendRefused(Exception):
    """A send was attempted without a valid approval for its plan; nothing was sent."""


APPROVAL_TTL_SECONDS = 15 * 60  # a confirmation left open over lunch is asked again


class SpendGate:
    """Issues approvals for confirmed plans and checks them once at send time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, ttl_seconds: float = APPROVAL_TTL_SECONDS) -> None:
        self._clock = clock
        self._ttl = ttl_seconds
        self._issued: dict[str, tuple[SpendPlan, float]] = {}  # token -> (the plan confirmed, issued at)
        self._lock = threading.Lock()

    def approve(self, plan: SpendPlan) -> Approval:
        """The operator confirmed ``plan``. Only the confirmation dialog (spend_confirm) and the
        command line's own confirmation (run_cli: ``--yes`` or a typed "yes") call this."""
        token = secrets.token_hex(16)
        now = self._clock()
        with self._lock:
            # approvals never redeemed (the send failed before spending) expire here
            for stale in [t for t, (_plan, at) in self._issued.items() if now - at > self._ttl]:
                del self._issued[stale]
            self._issued[token] = (plan, now)
        return Approval(plan.plan_id, token)

    def spend(self, approval: Approval | None, plan: SpendPlan) -> None:
        """Consume ``approval`` for ``plan``; raise SpendRefused unless it is valid.

        Valid: issued by ``approve`` for a plan equal to ``plan`` (every field, not only its
        id: a plan copied with other figures or numbers is refused), not used, not expired.
        """
        confirmed = self.redeem(approval, plan.kind)
        if confirmed.plan_id != plan.plan_id or approval is None or approval.plan_id != plan.plan_id:
            raise SpendRefused(f"{plan.kind.value}: the confirmation was given for another plan")
        if confirmed != plan:  # same plan id, other numbers or figures: not what the operator saw
            raise SpendRefused(f"{plan.kind.value}: the plan changed after it was confirmed; confirm again")

    def redeem(self, approval: Approval | None, kind: SpendKind) -> SpendPlan:
        """Consume ``approval`` and return the plan the operator confirmed with it.

        For services that send what was confirmed (a campaign's rows) rather than a plan
        object of their own; SpendRefused unless it was issued, unused and not expired.
        """
        if approval is None:
            raise SpendRefused(f"{kind.value}: no confirmation")
        with self._lock:
            issued = self._issued.pop(approval.token, None)
        if issued is None:
            raise SpendRefused(f"{kind.value}: the confirmation was not given or was already used")
        confirmed, at = issued
        if self._clock() - at > self._ttl:
            raise SpendRefused(f"{kind.value}: the confirmation expired; confirm again")
        return confirmed
