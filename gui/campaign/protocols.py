"""What the campaign code needs of its collaborators (plain Python, no Qt).

Structural types: ``gui.api.client.SmsClient``, ``gui.store.db.Store`` and
``gui.campaign.engine.SystemClock`` satisfy them, and so do the tests' stand-ins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from gui.api.models import BatchSendResult, Record, SendResult

if TYPE_CHECKING:
    from gui.store.db import InDoubtMessage, SentMessage


class RecordSource(Protocol):
    """Settling reads the provider's send records, one page at a time (``SmsClient.get_record``)."""

    def get_record(
        self,
        start_time: datetime | str,
        end_time: datetime | str,
        page_num: int = 1,
        page_size: int = 20,
        mobile: str | None = None,
    ) -> list[Record]: ...


class CampaignClient(RecordSource, Protocol):
    """The engine sends through the three send endpoints and settles through get_record."""

    def single_send(
        self,
        mobile: str,
        text: str,
        *,
        extend: str | None = None,
        uid: str | None = None,
        callback_url: str | None = None,
    ) -> SendResult: ...

    def batch_send(
        self,
        mobiles: Sequence[str],
        text: str,
        *,
        extend: str | None = None,
        uid: str | None = None,
        callback_url: str | None = None,
    ) -> BatchSendResult: ...

    def multi_send(
        self,
        mobiles: Sequence[str],
        texts: Sequence[str],
        *,
        extend: str | None = None,
        uid: str | None = None,
        callback_url: str | None = None,
    ) -> BatchSendResult: ...


class SentStore(Protocol):
    """The store's copy of what was sent (the journal holds the truth)."""

    def record_sent(self, messages: Sequence[SentMessage]) -> None: ...


class InDoubtStore(Protocol):
    """The store's console sends in doubt, which settle_messages settles."""

    def in_doubt_messages(self, since: str | None = None) -> list[InDoubtMessage]: ...

    def settle_message(
        self, message_id: int, sid: int | None, code: int, msg: str, count: int = 0, fee: str = "0", unit: str = ""
    ) -> bool: ...


class Clock(Protocol):
    """The engine's time source (``SystemClock``; tests tie one to the sandbox's clock)."""

    def time(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...
