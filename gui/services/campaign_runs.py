"""The spending half of the campaign service: plans, the gate, the engine's runs (plain Python).

Every path of a campaign that can make the provider send — start, resume with rows left,
retry of the failed rows, the test send — is two calls:

1. ``plan_*`` (in a worker) reads the journal and the balance and returns a ``SpendPlan``
   (recipients, parts, cost from the one price per part, balance, marketing flag, three
   rendered samples with their numbers, estimated duration). The service keeps the plan.
2. After the confirmation (``gui.views.partials.spend_confirm``), ``start`` / ``resume`` /
   ``retry`` / ``test_send`` take the approval, find the plan it was given for and call
   ``SpendGate.spend(approval, plan)`` before an engine is built or a request leaves. No
   approval, a used one, one for another plan or campaign: ``SpendRefused``, nothing sent.

The service is built for one profile (the console passes ``ctx.bound`` factories for the
client, the store and the journal). Once the operator switched profile, every plan and
send refuses first — the factory raises ``ProfileChanged`` — before the journal is read
or an approval is spent: a plan worked out for one account never sends from another.

This module is the only place that constructs a ``CampaignEngine`` or calls the engine's
``send_test_message``.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gui.api.numbers import normalize_number
from gui.api.texts import parts as text_parts
from gui.campaign import engine as engine_mod
from gui.campaign.archive_copy import ArchiveCopier
from gui.campaign.dryrun import estimate_seconds
from gui.campaign.engine import CampaignEngine, EngineSettings, Progress, RunOutcome
from gui.campaign.journal import FAILED, PENDING, SENDING, Journal
from gui.campaign.journal_model import RowsSummary
from gui.services import audit as audit_log
from gui.services.account import AccountService
from gui.services.profile_settings import Price
from gui.services.spend_gate import (
    Approval,
    Sample,
    SpendGate,
    SpendKind,
    SpendPlan,
    SpendRefused,
    open_for_sending,
)

SAMPLES_SHOWN = 3


class InvalidTestNumber(ValueError):
    """The operator's own number for a test send is not a number the normaliser accepts."""

    def __init__(self, number: str, reason: str) -> None:
        super().__init__(f"the test number {number!r} is not valid: {reason}")
        self.number = number
        self.reason = reason


class CampaignBusy(Exception):
    """The campaign is being sent or settled by this service already."""


class NothingToSend(Exception):
    """No row is left to send (e.g. no row of the campaign failed)."""


@dataclass(frozen=True)
class CampaignConfig:
    """The operator's sending settings; ``engine_settings`` turns them into the engine's."""

    grace_seconds: float = 90.0  # wait this long after an unanswered request before reading records
    chunk_size: int = 1000  # at most 1000 (the API's limit); smaller only for tests
    max_in_flight: int = 8  # requests in flight after the ramp-up (the engine halves it on -5)
    use_uid: bool = False
    record_in_store: bool = True


def engine_settings(config: CampaignConfig) -> EngineSettings:
    """The one place the engine's settings are built (runs and settling alike)."""
    return EngineSettings(
        chunk_size=max(1, min(1000, int(config.chunk_size))),
        max_in_flight=max(1, int(config.max_in_flight)),
        grace_seconds=float(config.grace_seconds),
        use_uid=bool(config.use_uid),
        record_in_store=bool(config.record_in_store),
    )


class CampaignRuns(ABC):
    """Plans, approvals and engine runs; ``CampaignService`` supplies the journal and the rest."""

    def __init__(
        self,
        gate: SpendGate,
        clock: Any = None,
        account_service: AccountService | None = None,
        audit: audit_log.AuditLog | None = None,
    ) -> None:
        self.account_service = account_service
        # start / pause / resume / cancel and test sends are rows of the audit log
        self.audit = audit_log.CampaignAudit(
            audit if audit is not None else audit_log.AuditLog(self.store), lambda: self.journal()
        )
        self._gate = gate
        self._clock = clock
        self._lock = threading.RLock()
        self._engines: dict[int, CampaignEngine] = {}
        self._settling: set[int] = set()
        self._cancel_asked: set[int] = set()  # cancel() before the engine existed

    # --- what the service supplies ------------------------------------------------
    @abstractmethod
    def journal(self) -> Journal: ...

    @abstractmethod
    def client(self) -> Any: ...

    @abstractmethod
    def store(self) -> Any: ...

    @abstractmethod
    def price(self) -> Price | None: ...

    @abstractmethod
    def config(self) -> CampaignConfig: ...

    def archive(self) -> ArchiveCopier | None:  # the runs' copier of their sends into the store
        return None

    def engine_settings(self) -> EngineSettings:
        """The engine's settings from the current config (every run and settling uses this)."""
        return engine_settings(self.config())

    def _still_active(self, kind: SpendKind | None = None) -> None:
        """Refuse when this service's profile is no longer the active one (the bound client
        factory raises), before anything is read, an approval is spent or a request leaves;
        for a send (``kind``), also while sending is held or the team database does not answer."""
        self.client()
        if kind is not None:
            open_for_sending(self._gate, kind, self.store)

    # --- plans --------------------------------------------------------------------
    def plan_start(self, campaign_id: int) -> SpendPlan:
        """What starting a new campaign spends: its pending rows."""
        return self._plan_rows(
            SpendKind.CAMPAIGN_START, campaign_id, PENDING, f"campaign {campaign_id} has no row to send"
        )

    def plan_resume(self, campaign_id: int) -> SpendPlan | None:
        """What resuming spends: rows not sent and rows in doubt (settled first, then maybe sent).

        None when no row is left: resuming then only finishes the campaign, and needs no approval.
        """
        self._still_active(SpendKind.CAMPAIGN_RESUME)
        rows = self.journal().rows_summary(campaign_id, [SENDING, PENDING], SAMPLES_SHOWN)
        if not rows.count:
            return None
        # the confirmation says (in the operator's language) that the rows in doubt are looked up first
        return self._plan(SpendKind.CAMPAIGN_RESUME, campaign_id, rows, in_doubt=rows.in_state(SENDING))

    def plan_retry(self, campaign_id: int) -> SpendPlan:
        """What sending the failed rows again (as a new campaign) spends."""
        return self._plan_rows(
            SpendKind.CAMPAIGN_RETRY, campaign_id, FAILED, f"no row of campaign {campaign_id} failed"
        )

    def _plan_rows(self, kind: SpendKind, campaign_id: int, state: str, nothing: str) -> SpendPlan:
        """The plan of sending the campaign's rows in ``state`` (NothingToSend, saying ``nothing``, for none)."""
        self._still_active(kind)
        rows = self.journal().rows_summary(campaign_id, [state], SAMPLES_SHOWN)
        if not rows.count:
            raise NothingToSend(nothing)
        return self._plan(kind, campaign_id, rows)

    def plan_test_send(
        self, number: str, text: str, campaign_id: int | None = None, marketing: bool | None = None
    ) -> SpendPlan:
        """What the test send to the operator's own number spends: one message.

        ``marketing``: the campaign's setting (the form's, before the campaign exists); for a
        saved campaign its own settings say it.
        """
        self._still_active(SpendKind.TEST_SEND)
        text = text.strip()
        check = normalize_number(number)
        if not check.ok:  # the one normaliser: never a guessed number (1.38001E+10)
            raise InvalidTestNumber(number, check.reason or "invalid")
        number = check.number
        if not text:
            raise ValueError("a test send needs a text")
        n_parts = text_parts(text)
        price = self.price()
        balance, alarm = self._balance()
        if campaign_id is not None and marketing is None:
            marketing = bool(self.journal().campaign(campaign_id).settings.get("marketing"))
        international = number.startswith("+")
        return SpendPlan(
            SpendKind.TEST_SEND,
            1,
            n_parts,
            price.per_part * n_parts if price is not None else None,
            price.unit if price is not None else "",
            balance,
            alarm,
            marketing=marketing,
            samples=(Sample(number, text),),
            estimated_seconds=estimate_seconds(0 if international else 1, 1 if international else 0, concurrency=1),
            parts_each=((n_parts, 1),),
            campaign_id=campaign_id,
        )

    def _plan(self, kind: SpendKind, campaign_id: int, rows: RowsSummary, in_doubt: int = 0) -> SpendPlan:
        settings = self.journal().campaign(campaign_id).settings
        n_parts = rows.parts
        price = self.price()
        balance, alarm = self._balance()
        engine = self.engine_settings()  # the chunk size and concurrency the run will use
        international = rows.international
        with self._lock:
            self._cancel_asked.discard(campaign_id)
        return SpendPlan(
            kind,
            rows.count,
            n_parts,
            price.per_part * n_parts if price is not None else None,
            price.unit if price is not None else "",
            balance,
            alarm,
            marketing=bool(settings.get("marketing")),
            samples=tuple(Sample(mobile, text) for mobile, text in rows.samples),
            estimated_seconds=estimate_seconds(
                rows.count - international,
                international,
                concurrency=engine.max_in_flight,
                chunk_size=engine.chunk_size,
            ),
            parts_each=rows.parts_each,
            in_doubt=in_doubt,
            campaign_id=campaign_id,
        )

    def _balance(self) -> tuple[Decimal | None, Decimal | None]:
        client = self.client()  # outside the try: a switched profile refuses, it is no unknown balance
        try:
            # through the AccountService when there is one: one cached balance, and the
            # status bar shows the same figure the confirmation does
            account = self.account_service.refresh() if self.account_service is not None else client.user_get()
        except Exception:  # noqa: BLE001 - the confirmation says the balance is unknown
            return None, None
        return account.balance, account.alarm_balance

    def _spend(self, kind: SpendKind, approval: Approval | None, campaign_id: int | None) -> SpendPlan:
        """The plan ``approval`` was given for, after the gate consumed the approval."""
        self._still_active(kind)
        plan = self._gate.redeem(approval, kind)
        if plan.kind != kind or plan.campaign_id != campaign_id:
            raise SpendRefused(f"{kind.value}: the confirmation was given for another send")
        return plan

    def _check_left(self, plan: SpendPlan, campaign_id: int, states: Sequence[str]) -> int:
        """Rows to send now; refuse if more than the operator confirmed."""
        counts = self.journal().counts(campaign_id)
        left = sum(counts.get(s, 0) for s in states)
        if left > plan.recipients:
            raise SpendRefused(
                f"{plan.kind.value}: {left} rows to send, more than the {plan.recipients} confirmed; confirm again"
            )
        return left

    # --- sending ------------------------------------------------------------------
    def start(
        self,
        campaign_id: int,
        approval: Approval | None,
        *,
        on_progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> RunOutcome:
        """Send a new campaign (in a worker) once the operator confirmed its plan."""
        plan = self._spend(SpendKind.CAMPAIGN_START, approval, campaign_id)
        self._check_left(plan, campaign_id, [PENDING, SENDING])
        self.audit.planned(audit_log.CAMPAIGN_START, campaign_id, plan)
        return self._run(campaign_id, on_progress, should_stop)

    def resume(
        self,
        campaign_id: int,
        approval: Approval | None,
        *,
        on_progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> RunOutcome:
        """Resume an interrupted campaign; with rows left only under a confirmed plan."""
        self._still_active()
        counts = self.journal().counts(campaign_id)
        plan: SpendPlan | None = None
        if approval is not None or counts.get(PENDING, 0) or counts.get(SENDING, 0):
            plan = self._spend(SpendKind.CAMPAIGN_RESUME, approval, campaign_id)
            self._check_left(plan, campaign_id, [PENDING, SENDING])
        self.audit.planned(audit_log.CAMPAIGN_RESUME, campaign_id, plan)
        return self._run(campaign_id, on_progress, should_stop)

    def retry(
        self,
        campaign_id: int,
        approval: Approval | None,
        *,
        on_started: Callable[[int], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> RunOutcome:
        """Send the failed rows of ``campaign_id`` again as a new campaign (``on_started`` gets its id)."""
        plan = self._spend(SpendKind.CAMPAIGN_RETRY, approval, campaign_id)
        self._check_left(plan, campaign_id, [FAILED])
        new_id = self.journal().create_retry_campaign(campaign_id)
        if new_id is None:
            raise NothingToSend(f"no row of campaign {campaign_id} failed")
        with self._lock:  # a cancel asked before the new campaign existed applies to it
            if campaign_id in self._cancel_asked:
                self._cancel_asked.discard(campaign_id)
                self._cancel_asked.add(new_id)
        if on_started is not None:
            on_started(new_id)
        self.audit.planned(audit_log.CAMPAIGN_START, new_id, plan, retry_of=campaign_id)
        return self._run(new_id, on_progress, should_stop)

    def test_send(self, approval: Approval | None, campaign_id: int | None = None) -> Any:
        """Send the confirmed test message (single_send); returns the provider's answer."""
        plan = self._spend(SpendKind.TEST_SEND, approval, campaign_id)
        sample = plan.samples[0]
        answer = engine_mod.send_test_message(self.client(), sample.mobile, sample.text)
        self.audit.test_send(answer, plan, campaign_id)
        return answer

    def _run(
        self,
        campaign_id: int,
        on_progress: Callable[[Progress], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> RunOutcome:
        journal, client, store, settings = self.journal(), self.client(), self.store(), self.engine_settings()
        with self._lock:
            if campaign_id in self._engines or campaign_id in self._settling:
                raise CampaignBusy(f"campaign {campaign_id} is being sent or settled already")
            engine = CampaignEngine(
                journal, client, campaign_id, settings, store=store, on_progress=on_progress, clock=self._clock
            )
            engine.archive = self.archive()  # the sends' copy into the store, after the sending (archive_copy.py)
            self._engines[campaign_id] = engine
            if campaign_id in self._cancel_asked:
                self._cancel_asked.discard(campaign_id)
                engine.cancel()
        try:
            return engine.run(should_stop)
        finally:
            with self._lock:
                self._engines.pop(campaign_id, None)

    # --- control of a running campaign (any thread, no I/O) -------------------------
    def pause(self, campaign_id: int) -> bool:
        """Pause a run: once this returned no request of it leaves (those already submitted
        are answered: the engine reports ``pausing``, then ``paused``). False if none runs."""
        return self._press(campaign_id, lambda engine: engine.pause(), audit_log.CAMPAIGN_PAUSE)

    def unpause(self, campaign_id: int) -> bool:
        """Continue a run the operator paused (the same confirmed run: no new approval)."""
        return self._press(campaign_id, lambda engine: engine.resume(), audit_log.CAMPAIGN_RESUME, after_pause=True)

    def _press(
        self, campaign_id: int, press: Callable[[CampaignEngine], None], action: str, after_pause: bool = False
    ) -> bool:
        """``press`` the campaign's running engine and write its audit row; False if none runs."""
        with self._lock:
            engine = self._engines.get(campaign_id)
        if engine is not None:
            press(engine)
            self.audit.control(action, campaign_id, after_pause=after_pause)
        return engine is not None

    def cancel(self, campaign_id: int) -> None:
        """End the run: rows not sent stay unsent. Asked before the engine exists, it never sends."""
        with self._lock:
            engine = self._engines.get(campaign_id)
            if engine is None:
                self._cancel_asked.add(campaign_id)
        self.audit.control(audit_log.CAMPAIGN_CANCEL, campaign_id)
        if engine is None:
            return
        engine.cancel()
        engine.resume()  # a paused engine wakes up to see the cancel
