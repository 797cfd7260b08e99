"""Typed results of the provider's API (plain Python, no Qt).

This file is the contract between the client, the views and the campaign engine.
Every parser is lenient, as NOTES.md asks: a missing ``code`` means success; counts,
fees and sids may arrive as strings; ``"reason "`` may carry a trailing space.
Times are kept as the wire strings (Beijing time, ``yyyy-MM-dd HH:mm:ss``) plus a
parsed aware ``datetime`` where useful.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from gui.api.texts import is_opt_out


@dataclass(frozen=True)
class SendResult:
    """One number's outcome: single_send's answer, or one item of batch/multi_send's data[]."""

    code: int
    msg: str
    count: int  # parts billed
    fee: Decimal  # in ``unit`` (money, or messages for accounts billed by count)
    unit: str
    mobile: str
    sid: int  # 64-bit; 0 when the number was not sent
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.code == 0


@dataclass(frozen=True)
class BatchSendResult:
    total_count: int
    total_fee: Decimal
    unit: str
    data: tuple[SendResult, ...]


@dataclass(frozen=True)
class StatusReport:
    """A delivery report: as pull_status or a push gives it, and as the store gives it back.

    The last three fields are the store's (``Store.reports_joined``): None for a report
    that was not stored yet.
    """

    sid: int
    uid: str | None
    user_receive_time: str | None
    error_msg: str
    mobile: str
    report_status: str  # SUCCESS | FAIL | UNKNOWN
    error_detail: str = ""
    received_at: str | None = None  # when the console stored it (Beijing time)
    text: str | None = None  # the text of the message of this sid, when the console sent it
    sent_at: str | None = None  # and when it sent it (Beijing time)


@dataclass(frozen=True)
class Reply:
    """A reply to the account's messages: from get_reply / pull_reply / a push, or from the store
    (``received_at`` set). The one reply type of the api, the store and the views."""

    id: str | None
    mobile: str
    text: str
    reply_time: str
    extend: str
    base_extend: str
    sign: str | None = None  # the wire key is "_sign"
    received_at: str | None = None  # when the console stored it (Beijing time); None before

    @property
    def opt_out(self) -> bool:
        """Whether the reply asks to stop messages (gui.api.texts.is_opt_out)."""
        return is_opt_out(self.text)


@dataclass(frozen=True)
class Record:
    sid: int
    mobile: str
    send_time: str
    text: str
    send_status: str
    report_status: str  # SUCCESS | FAIL | UNKNOWN
    fee: int  # parts
    user_receive_time: str | None
    error_msg: str
    uid: str | None


@dataclass(frozen=True)
class Template:
    tpl_id: int
    tpl_content: str
    check_status: str  # CHECKING | SUCCESS | FAIL
    reason: str | None


@dataclass(frozen=True)
class Account:
    nick: str
    gmt_created: str
    mobile: str
    email: str
    ip_whitelist: str | None
    api_version: str
    balance: Decimal
    alarm_balance: Decimal
    emergency_contact: str
    emergency_mobile: str
    extra: dict[str, Any] = field(default_factory=dict)  # keys the document does not list (JSON values)


BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
WIRE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def beijing_now() -> datetime:
    """Now, as an aware datetime in Beijing time (UTC+8), the API's clock."""
    return datetime.now(BEIJING)


def to_beijing(moment: datetime) -> datetime:
    """``moment`` as Beijing time. A naive datetime is taken as the computer's local time."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        moment = moment.astimezone()  # naive -> aware in the local zone
    return moment.astimezone(BEIJING)


def to_wire_time(moment: datetime) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in Beijing time, as every time parameter of the API wants."""
    return to_beijing(moment).strftime(WIRE_TIME_FORMAT)


def parse_wire_time(text: str | None) -> datetime | None:
    """A wire time string (Beijing time) as an aware datetime; None when absent or malformed."""
    if not text or not isinstance(text, str):
        return None
    try:
        return datetime.strptime(text.strip()[:19], WIRE_TIME_FORMAT).replace(tzinfo=BEIJING)
    except ValueError:
        return None
