"""What a quick send is made of: the request, the plan, the outcome, the refusals (plain Python).

The Compose tab describes a send as a ``SendRequest`` (mode, numbers, texts, its own
notes); ``SendService.plan_quick_send`` turns it into a ``SendPlan`` that carries the
``SpendPlan`` the confirmation shows and the gate checks, or raises one of the
``QuickSendRefused`` refusals below (each says why in its fields; the view translates).
``SendService.send`` returns a ``SendOutcome`` of ``ResultRow`` s. The modes, states and the
one-call limit are ``send_modes``'s (re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from gui.api.models import beijing_now
from gui.api.texts import MAX_CHARS
from gui.services.send_modes import MAX_NUMBERS_PER_CALL as MAX_NUMBERS_PER_CALL
from gui.services.send_modes import MODE_BATCH as MODE_BATCH
from gui.services.send_modes import MODE_PERSONAL as MODE_PERSONAL
from gui.services.send_modes import MODE_SINGLE as MODE_SINGLE
from gui.services.send_modes import MODES as MODES
from gui.services.send_modes import STATE_FAILED as STATE_FAILED
from gui.services.send_modes import STATE_IN_DOUBT as STATE_IN_DOUBT
from gui.services.send_modes import STATE_NOT_SENT as STATE_NOT_SENT
from gui.services.send_modes import STATE_OK as STATE_OK
from gui.services.spend_gate import SpendPlan, content_digest
from gui.store.db import TIME_FORMAT, InDoubtMessage

if TYPE_CHECKING:  # gui.campaign.settle (and the journal behind it) is imported on first use, not at start-up
    from gui.campaign.settle import MessageSettlement

BLACK_WORD_CHUNK = MAX_CHARS  # characters per get_black_word call (gui.api.black_words.TEXT_LIMIT)
UNSETTLED_REFUSAL_HOURS = 24  # a send of the same text to a number in doubt this recent is refused
MAX_SAMPLES = 3


@dataclass(frozen=True)
class ResultRow:
    """One number's outcome as the results table shows it."""

    mobile: str
    text: str
    state: str
    code: int | None = None
    msg: str = ""
    count: int | None = None
    fee: Decimal | None = None
    unit: str = ""
    sid: int | None = None

    @property
    def failed(self) -> bool:
        """Failed or refused: safe to send again. In-doubt numbers are not."""
        return self.state in (STATE_FAILED, STATE_NOT_SENT)


@dataclass(frozen=True)
class SendRequest:
    """A send as the form describes it, before the service checked it.

    ``texts``: one text for every number, or one per number (personalised).
    ``check_pieces``: what to ask get_black_word about (a template's fixed part and its
    values); empty means the texts themselves. ``notes``: the form's own remarks (numbers
    it left out), shown in the confirmation.
    """

    mode: str
    mobiles: tuple[str, ...]
    texts: tuple[str, ...]
    notes: tuple[str, ...] = ()
    check_pieces: tuple[str, ...] = ()
    allow_over_balance: bool = False


def quick_send_content(mode: str, mobiles: Sequence[str], texts: Sequence[str]) -> str:
    """The ``SpendPlan.content`` of a quick send: the digest of its mode, numbers and texts."""
    return content_digest("quick_send", mode, list(mobiles), list(texts))


@dataclass(frozen=True)
class SendPlan:
    """A checked quick send: one call of ``mode`` to ``mobiles``; ``spend`` is what it costs.

    ``spend.content`` is ``quick_send_content`` of the mode, numbers and texts planned: the
    service refuses a plan whose numbers or texts were replaced after it was confirmed.
    """

    mode: str
    mobiles: tuple[str, ...]
    texts: tuple[str, ...]
    spend: SpendPlan
    suppressed: tuple[str, ...] = ()

    @property
    def content(self) -> str:
        """The digest of what this plan would send now (``spend.content`` is what was planned)."""
        return quick_send_content(self.mode, self.mobiles, self.texts)

    def text_for(self, index: int) -> str:
        return self.texts[index] if len(self.texts) > 1 else self.texts[0]

    @property
    def notes(self) -> tuple[str, ...]:
        return self.spend.notes

    def with_notes(self, *notes: str) -> SendPlan:
        """The same plan (same plan id, numbers, texts and figures) with more notes to show."""
        return replace(self, spend=replace(self.spend, notes=(*self.spend.notes, *notes)))


@dataclass
class SendOutcome:
    rows: list[ResultRow]
    error: BaseException | None = None  # whole-call refusal or in-doubt
    in_doubt: bool = False
    store_error: BaseException | None = None
    learned_price: tuple[Decimal, str] | None = None


@dataclass(frozen=True)
class Settlement:
    """What settling the sends in doubt found, and what is still in doubt afterwards."""

    outcome: MessageSettlement
    remaining: list[InDoubtMessage] = field(default_factory=list)


# ------------------------------------------------------------------ refusals (nothing was sent)
class QuickSendRefused(Exception):
    """A quick send refused while planning or before its call; nothing was sent."""


class UnsettledSendError(QuickSendRefused):
    """A send refused because the same text to some of its numbers is still in doubt."""

    def __init__(self, numbers: Sequence[str]) -> None:
        super().__init__(f"the previous send to {len(numbers)} number(s) is not settled yet")
        self.numbers = list(numbers)


class InvalidRecipients(QuickSendRefused):
    """No number, a number the normaliser rejects, or more than one call's worth.

    ``problem``: "none" | "invalid" | "too_many" | "international_not_alone";
    ``numbers``: the (raw, reason) pairs or numbers concerned.
    """

    def __init__(self, problem: str, numbers: Sequence[str] = (), count: int = 0) -> None:
        super().__init__(f"recipients refused: {problem} ({count or len(numbers)})")
        self.problem = problem
        self.numbers = list(numbers)
        self.count = count or len(numbers)


class InvalidText(QuickSendRefused):
    """A text the gateway would refuse (empty, too long, signature); ``problem`` as gui.api.texts says."""

    def __init__(self, problem: str, mobile: str | None = None) -> None:
        super().__init__(f"text refused: {problem}")
        self.problem = problem
        self.mobile = mobile


class BlockedWordsFound(QuickSendRefused):
    def __init__(self, words: Sequence[str]) -> None:
        super().__init__(f"blocked words: {len(words)}")
        self.words = list(words)


class AllSuppressed(QuickSendRefused):
    def __init__(self, numbers: Sequence[str]) -> None:
        super().__init__(f"every number ({len(numbers)}) is on the suppression list")
        self.numbers = list(numbers)


class OverBalance(QuickSendRefused):
    """The estimated cost exceeds the balance and the operator did not choose to send anyway."""

    def __init__(self, cost: Decimal, balance: Decimal, unit: str) -> None:
        super().__init__(f"estimated cost {cost} exceeds the balance {balance}")
        self.cost, self.balance, self.unit = cost, balance, unit


# ------------------------------------------------------------------ helpers
class InDoubtSource(Protocol):
    def in_doubt_messages(self, since: str | None = None) -> list[InDoubtMessage]: ...


def unsettled_numbers(
    store: InDoubtSource, mobiles: Sequence[str], texts: Sequence[str], hours: int = UNSETTLED_REFUSAL_HOURS
) -> list[str]:
    """The numbers whose same text was sent within ``hours`` and is still in doubt."""
    from gui.campaign.settle import record_key

    since = (beijing_now() - timedelta(hours=hours)).strftime(TIME_FORMAT)
    doubtful = {record_key(m.mobile, m.text) for m in store.in_doubt_messages(since)}
    if not doubtful:
        return []
    return [m for i, m in enumerate(mobiles) if record_key(m, texts[i] if len(texts) > 1 else texts[0]) in doubtful]


def black_word_chunks(pieces: Sequence[str], limit: int = BLACK_WORD_CHUNK) -> list[str]:
    """The get_black_word texts that check ``pieces`` (``gui.api.black_words`` packs them)."""
    from gui.api.black_words import pack_black_word_requests  # on first use, not at start-up

    return [request.text for request in pack_black_word_requests(pieces, limit)]
