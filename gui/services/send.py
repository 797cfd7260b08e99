"""Quick sends (the Compose tab): plan, send with an approval, settle the sends in doubt.

Plain Python; every method calls the provider or the store, so views call them from a
worker (``ctx.run``). The sequence for one send:

1. ``plan_quick_send(request)``: numbers through the one normaliser
   (``gui.api.numbers``), the texts checked, a number whose same text is still in doubt
   refused (``UnsettledSendError``, before any other call), suppressed numbers left out,
   blocked words asked of get_black_word, parts and cost from the profile's one price
   per part (``ProfileSettings``) and the cached balance. The result is a ``SendPlan``
   whose ``spend`` (a ``SpendPlan`` of kind QUICK_SEND) the confirmation shows.
2. ``send(plan, approval)``: ``SpendGate.spend`` first (``SpendRefused``: nothing is
   sent), then one call (single_send / batch_send / multi_send). Its answer is recorded
   in the store right away; the price per part is learned from fee/count. A send that
   went out without a readable answer (SendInDoubt) is recorded as in doubt and never
   retried. Whenever something may have been sent (in doubt included) the service reads
   the balance again (``AccountService.refresh``).
3. ``settle_in_doubt``: the store's sends in doubt looked up in get_record
   (``gui.campaign.settle.settle_messages``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from gui.api import texts
from gui.api.errors import ApiError, SendInDoubt
from gui.api.models import Template
from gui.api.numbers import normalize_number
from gui.services import audit as audit_log
from gui.services import audit_detail
from gui.services.account import AccountService
from gui.services.estimate import compute_estimate
from gui.services.profile_settings import Price, ProfileSettings
from gui.services.send_plan import (
    BLACK_WORD_CHUNK,
    MAX_NUMBERS_PER_CALL,
    MAX_SAMPLES,
    MODE_BATCH,
    MODE_PERSONAL,
    MODE_SINGLE,
    MODES,
    STATE_FAILED,
    STATE_IN_DOUBT,
    STATE_NOT_SENT,
    STATE_OK,
    AllSuppressed,
    BlockedWordsFound,
    InvalidRecipients,
    InvalidText,
    OverBalance,
    ResultRow,
    SendOutcome,
    SendPlan,
    SendRequest,
    Settlement,
    UnsettledSendError,
    quick_send_content,
    unsettled_numbers,
)
from gui.services.send_setup import QuickSendSetup
from gui.services.spend_gate import (
    Approval,
    Sample,
    SpendGate,
    SpendKind,
    SpendPlan,
    SpendRefused,
    open_for_sending,
    parts_breakdown,
)
from gui.services.templates import TemplateCatalog
from gui.store.db import IN_DOUBT_CODE, IN_DOUBT_MSG, SentMessage, Store, beijing_timestamp

log = logging.getLogger(__name__)

StopCheck = Callable[[], None]  # raises to stop (a task's control.check)


def _no_stop() -> None:
    return None


class SendService:
    """Quick sends of the active profile. Dependencies are factories: each call asks for the
    current client and store, so a service object never holds a previous profile's."""

    def __init__(
        self,
        client_factory: Callable[[], Any],
        store_factory: Callable[[], Store],
        gate: SpendGate,
        account: AccountService,
        clock: Callable[[], float] = time.time,
        templates: TemplateCatalog | None = None,
        audit: audit_log.AuditLog | None = None,
    ) -> None:
        self._client = client_factory
        self._store = store_factory
        # every answered send is one row of the audit log (recorded in the sending worker)
        self._audit = audit if audit is not None else audit_log.AuditLog(store_factory)
        self._gate = gate
        self._account = account
        self._clock = clock
        # templates, price and sends in doubt: the reads Compose's first load makes through it alone
        self._setup = QuickSendSetup(client_factory, store_factory, account, templates)

    def _settings(self) -> ProfileSettings:
        return self._setup.settings()

    # ------------------------------------------------------------------ loading
    def load(
        self, profile_price: object = None, legacy_campaign_price: object = None, force: bool = False
    ) -> tuple[list[Template], list[Template], Price | None]:
        """QuickSendSetup.load: own templates, default templates, the price per part."""
        return self._setup.load(profile_price, legacy_campaign_price, force)

    def set_price(self, per_part: Decimal | None, unit: str) -> Price | None:
        """QuickSendSetup.set_price: the price the operator typed; None forgets it."""
        return self._setup.set_price(per_part, unit)

    def blocked_words(self, pieces: Sequence[str], should_stop: StopCheck = _no_stop) -> list[str]:
        """The blocked words get_black_word finds in ``pieces`` (packed into as few calls as fit)."""
        from gui.api.black_words import BlockedWordChecker  # on first use, not at start-up

        return BlockedWordChecker(self._client().get_black_word, BLACK_WORD_CHUNK).check(pieces, should_stop)

    # ------------------------------------------------------------------ planning
    def plan_quick_send(self, request: SendRequest, should_stop: StopCheck = _no_stop) -> SendPlan:
        """Check ``request`` and price it; raises a QuickSendRefused (nothing sent) when it may not go,
        SendingHeld when the team database cannot be reached (``open_for_sending``)."""
        mobiles, message_texts = self._checked_recipients(request)
        store = open_for_sending(self._gate, SpendKind.QUICK_SEND, self._store)
        unsettled = unsettled_numbers(store, mobiles, message_texts)
        if unsettled:  # refused before anything else: nothing to check
            raise UnsettledSendError(unsettled)
        suppressed_set = store.suppressed_numbers()
        suppressed = [m for m in mobiles if m in suppressed_set]
        words = self.blocked_words(request.check_pieces or message_texts, should_stop)
        if words:
            raise BlockedWordsFound(words)
        if suppressed:
            keep = [i for i, m in enumerate(mobiles) if m not in suppressed_set]
            if not keep:
                raise AllSuppressed(suppressed)
            if len(message_texts) > 1:
                message_texts = [message_texts[i] for i in keep]
            mobiles = [mobiles[i] for i in keep]
        mode = request.mode
        if mode == MODE_BATCH and len(mobiles) == 1:
            mode = MODE_SINGLE
        price = self._settings().price()
        unit = price.unit if price is not None else ""
        balance = self._account.balance
        estimate = compute_estimate(  # the arithmetic of the live counter: the figure the operator watched
            message_texts, len(mobiles), price.per_part if price is not None else None, unit, balance
        )
        parts, cost = estimate.total_parts, estimate.cost
        if estimate.exceeds_balance and not request.allow_over_balance:
            assert cost is not None and balance is not None  # exceeding needs both
            raise OverBalance(cost, balance, unit)
        samples = tuple(
            Sample(m, message_texts[i] if len(message_texts) > 1 else message_texts[0])
            for i, m in enumerate(mobiles[:MAX_SAMPLES])
        )
        if len(message_texts) > 1:
            parts_each = parts_breakdown(texts.parts(t) for t in message_texts)
        else:
            parts_each = ((texts.parts(message_texts[0]), len(mobiles)),)
        international = sum(1 for m in mobiles if m.startswith("+"))
        from gui.campaign.dryrun import estimate_seconds  # imported on first use, not at start-up

        spend = SpendPlan(
            kind=SpendKind.QUICK_SEND,
            recipients=len(mobiles),
            parts=parts,
            cost=cost,
            unit=unit,
            balance=balance,
            alarm_balance=self._account.alarm_balance,
            samples=samples,
            # one call (an international number goes alone): the campaign's estimate of it
            estimated_seconds=estimate_seconds(
                len(mobiles) - international, international, concurrency=1, chunk_size=MAX_NUMBERS_PER_CALL
            ),
            notes=tuple(request.notes),
            parts_each=parts_each,
            content=quick_send_content(mode, mobiles, message_texts),
        )
        return SendPlan(mode, tuple(mobiles), tuple(message_texts), spend, tuple(suppressed))

    @staticmethod
    def _checked_recipients(request: SendRequest) -> tuple[list[str], list[str]]:
        """The numbers normalised and de-duplicated (with their texts), or InvalidRecipients/InvalidText."""
        if request.mode not in MODES:
            raise ValueError(f"unknown send mode {request.mode!r}")
        personal = request.mode == MODE_PERSONAL
        if not request.texts or (personal and len(request.texts) != len(request.mobiles)):
            raise ValueError("one text for every number, or one text per number (personalised)")
        if not request.mobiles:
            raise InvalidRecipients("none")
        rejected = []
        mobiles: list[str] = []
        message_texts: list[str] = []
        for index, raw in enumerate(request.mobiles):
            check = normalize_number(raw)
            if not check.ok:
                rejected.append(f"{raw} ({check.reason or 'invalid'})")
            elif check.number not in mobiles:
                mobiles.append(check.number)
                if personal:
                    message_texts.append(request.texts[index])
        if rejected:
            raise InvalidRecipients("invalid", rejected)
        if len(mobiles) > MAX_NUMBERS_PER_CALL:
            raise InvalidRecipients("too_many", count=len(mobiles))
        international = [m for m in mobiles if m.startswith("+")]
        if international and len(mobiles) > 1:
            raise InvalidRecipients("international_not_alone", international)
        if not personal:
            message_texts = [request.texts[0]]
        for index, text in enumerate(message_texts):
            problem = texts.check_text(text)
            if problem is not None:
                raise InvalidText(problem, mobiles[index] if personal else None)
        return mobiles, message_texts

    # ------------------------------------------------------------------ sending
    def send(self, plan: SendPlan, approval: Approval | None) -> SendOutcome:
        """The one call for ``plan``, only with the operator's approval of it.

        ``SpendGate.spend`` comes first: no, a used or another plan's approval raises
        SpendRefused and nothing is sent. Then UnsettledSendError (nothing sent) when the
        same text to one of the numbers went in doubt since the plan was made. The numbers
        and texts live outside the SpendPlan the gate checks: a plan whose mode, numbers or
        texts differ from what was planned (``spend.content``) raises SpendRefused too. A
        whole-call ApiError means nothing was sent; nothing is recorded.
        """
        self._gate.spend(approval, plan.spend)
        unsettled = unsettled_numbers(
            open_for_sending(self._gate, plan.spend.kind, self._store), plan.mobiles, plan.texts
        )
        if unsettled:  # checked while planning too; this closes the gap since then
            raise UnsettledSendError(unsettled)
        if plan.content != plan.spend.content:
            raise SpendRefused(f"{plan.spend.kind.value}: the numbers or texts changed after the plan was confirmed")
        client = self._client()
        sent_at = beijing_timestamp()
        try:
            if plan.mode == MODE_SINGLE:
                answers = [client.single_send(plan.mobiles[0], plan.texts[0])]
            elif plan.mode == MODE_BATCH:
                answers = list(client.batch_send(list(plan.mobiles), plan.texts[0]).data)
            else:
                answers = list(client.multi_send(list(plan.mobiles), list(plan.texts)).data)
        except SendInDoubt as doubt:
            doubtful = self._in_doubt(plan, doubt, sent_at)
            if doubtful.in_doubt:  # it may have been sent and billed: the balance may have moved
                detail = audit_detail.send_in_doubt(plan.mode, len(plan.mobiles))
                self._audit.record(audit_log.SEND, len(plan.mobiles), None, "", detail)
                self._refresh_balance()
            return doubtful
        except ApiError as refused:
            rows = [
                ResultRow(m, plan.text_for(i), STATE_NOT_SENT, refused.code, refused.msg)
                for i, m in enumerate(plan.mobiles)
            ]
            return SendOutcome(rows, refused)
        outcome = SendOutcome(self._rows(plan, answers))
        self._record(outcome, sent_at)
        self._record_audit(plan, outcome)
        if any(r.state == STATE_OK for r in outcome.rows):  # something was sent: the balance moved
            self._refresh_balance()
        return outcome

    def _in_doubt(self, plan: SendPlan, doubt: SendInDoubt, sent_at: str) -> SendOutcome:
        log.warning("send in doubt for %d number(s): %s", len(plan.mobiles), doubt)
        if not doubt.maybe_sent:  # the connection never opened: nothing went out
            rows = [
                ResultRow(m, plan.text_for(i), STATE_NOT_SENT, None, str(doubt.cause))
                for i, m in enumerate(plan.mobiles)
            ]
            return SendOutcome(rows, doubt, in_doubt=False)
        rows = [ResultRow(m, plan.text_for(i), STATE_IN_DOUBT, None, IN_DOUBT_MSG) for i, m in enumerate(plan.mobiles)]
        outcome = SendOutcome(rows, doubt, in_doubt=True)
        try:
            self._store().record_sent(
                [SentMessage(None, r.mobile, r.text, sent_at, IN_DOUBT_CODE, IN_DOUBT_MSG, 0, "0", "") for r in rows]
            )
        except Exception as exc:
            log.exception("recording an in-doubt send failed")
            outcome.store_error = exc
        return outcome

    @staticmethod
    def _rows(plan: SendPlan, answers: Sequence[Any]) -> list[ResultRow]:
        texts_by_mobile = {m: plan.text_for(i) for i, m in enumerate(plan.mobiles)}
        rows = []
        for index, answer in enumerate(answers):
            text = texts_by_mobile.get(answer.mobile)
            if text is None:  # the gateway may write the number differently (+86 stripped, E.164)
                text = plan.text_for(index) if index < len(plan.mobiles) else plan.texts[0]
            state = STATE_OK if answer.code == 0 else STATE_FAILED
            rows.append(
                ResultRow(
                    answer.mobile,
                    text,
                    state,
                    answer.code,
                    answer.msg,
                    answer.count,
                    answer.fee,
                    answer.unit,
                    answer.sid or None,
                )
            )
        return rows

    def _record(self, outcome: SendOutcome, sent_at: str) -> None:
        """The answer into the store, and the price per part learned from it."""
        ok = [r for r in outcome.rows if r.state == STATE_OK]
        count = sum(r.count or 0 for r in ok)
        fee = sum((r.fee or Decimal(0) for r in ok), Decimal(0))
        if count > 0 and fee > 0:
            outcome.learned_price = ((fee / count).quantize(Decimal("0.0001")).normalize(), ok[0].unit)
        try:
            self._store().record_sent(
                [
                    SentMessage(
                        r.sid,
                        r.mobile,
                        r.text,
                        sent_at,
                        r.code if r.code is not None else 0,
                        r.msg,
                        r.count or 0,
                        str(r.fee if r.fee is not None else "0"),
                        r.unit,
                    )
                    for r in outcome.rows
                ]
            )
            if outcome.learned_price is not None:
                self._settings().set_price(outcome.learned_price[0], outcome.learned_price[1], "learned")
        except Exception as exc:
            log.exception("recording a send failed")
            outcome.store_error = exc

    def _record_audit(self, plan: SendPlan, outcome: SendOutcome) -> None:
        """The answered send's audit row: messages accepted, what the gateway charged for them."""
        ok = [r for r in outcome.rows if r.state == STATE_OK]
        fee = sum((r.fee or Decimal(0) for r in ok), Decimal(0))
        unit = next((r.unit for r in ok if r.unit), plan.spend.unit)
        parts = sum(r.count or 0 for r in ok)
        detail = audit_detail.send(plan.mode, len(ok), len(outcome.rows), parts)
        self._audit.record(audit_log.SEND, len(ok), fee, unit, detail)

    def _refresh_balance(self) -> None:
        try:
            self._account.refresh()
        except Exception as exc:  # the send went through; the balance shows the old figure
            log.warning("reading the balance after a send failed: %s", exc, exc_info=True)

    # ------------------------------------------------------------------ in doubt
    def in_doubt_messages(self) -> list[Any]:
        """The store's sends in doubt (gui.store.InDoubtMessage), oldest first."""
        return self._setup.in_doubt_messages()

    def settle_in_doubt(self, grace_seconds: float, should_stop: StopCheck = _no_stop) -> Settlement:
        """Look the sends in doubt up in get_record: found means sent (the record's sid); not
        found once ``grace_seconds`` have passed since the send means not sent. API errors
        propagate and leave everything in doubt."""
        from gui.campaign.settle import settle_messages  # imported on first use, not at start-up

        store = self._store()
        outcome = settle_messages(
            store, self._client(), now=self._clock(), grace_seconds=grace_seconds, should_stop=should_stop
        )
        return Settlement(outcome, store.in_doubt_messages())
