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

The gate can also be *held* (``hold``): in team mode while the team database cannot be
reached, nothing may be sent — what is sent must land in the shared archive and journal, and
no local queue may send it again later. While held, planning (``check_open``) and every
approval's redemption raise ``SendingHeld`` (a SpendRefused) with the reason; ``resume``
opens it again.
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
from typing import Any


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


class SendingHeld(SpendRefused):
    """Sending is held (the team database cannot be reached): nothing was sent."""


APPROVAL_TTL_SECONDS = 15 * 60  # a confirmation left open over lunch is asked again


class SpendGate:
    """Issues approvals for confirmed plans and checks them once at send time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, ttl_seconds: float = APPROVAL_TTL_SECONDS) -> None:
        self._clock = clock
        self._ttl = ttl_seconds
        self._issued: dict[str, tuple[SpendPlan, float]] = {}  # token -> (the plan confirmed, issued at)
        self._lock = threading.Lock()
        self._held = ""  # why sending is held ("" while it is not)
        self._listeners: list[Callable[[str], None]] = []

    # --- holding (team mode: the database out of reach) -----------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> None:
        """``listener(reason)`` on every change of the hold ("" when sending opens again); it
        may be called from any thread (the console queues it to the GUI thread)."""
        self._listeners.append(listener)

    def hold(self, reason: str) -> None:
        """Refuse every send until ``resume``; ``reason`` is what the refusal says."""
        self._set_held(reason or "sending is held")

    def resume(self) -> None:
        self._set_held("")

    def _set_held(self, reason: str) -> None:
        with self._lock:
            changed, self._held = reason != self._held, reason
        if changed:
            for listener in list(self._listeners):
                listener(reason)

    @property
    def held(self) -> str:
        """Why sending is held, "" while it is not."""
        with self._lock:
            return self._held

    def check_open(self, kind: SpendKind) -> None:
        """SendingHeld while the gate is held (a service asks before planning a send)."""
        reason = self.held
        if reason:
            raise SendingHeld(f"{kind.value}: {reason}")

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
        self.check_open(kind)  # held after the confirmation: the approval stays unused, nothing is sent
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


def open_for_sending(gate: SpendGate, kind: SpendKind, store_factory: Callable[[], Any]) -> Any:
    """The store a send will record into, once it is sure the send may go: SendingHeld while the
    gate is held, and — in team mode — when the team database does not answer now (the gate is
    then held until the console reaches it again: ``gui.connectivity``). Nothing is queued."""
    from gui.store.backend import DatabaseUnreachable, database_unreachable, ensure_reachable

    gate.check_open(kind)
    try:
        store = store_factory()
        ensure_reachable(store)
    except Exception as exc:
        if not database_unreachable(exc):
            raise
        reason = str(exc) if isinstance(exc, DatabaseUnreachable) else f"the team database cannot be reached: {exc}"
        gate.hold(reason)
        raise SendingHeld(f"{kind.value}: {reason}") from exc
    return store
