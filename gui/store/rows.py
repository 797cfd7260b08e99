"""The local store's row types and the values its rows carry (plain Python, no Qt).

Shared by the SQLite store (``gui.store.db``) and the team store (``gui.store.team``): both
answer with these rows and write these codes.

- Times written by the stores are Beijing time ``yyyy-MM-dd HH:mm:ss`` like the wire's.
- sids are stored as INTEGER (SQLite's signed 64-bit); 0 / None mean "not sent".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gui.api.models import beijing_now

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def beijing_timestamp() -> str:
    """Now in Beijing time, as the wire writes times."""
    return beijing_now().strftime(TIME_FORMAT)


@dataclass(frozen=True)
class SentMessage:
    """One number's send, as the console recorded it."""

    sid: int | None
    mobile: str
    text: str
    sent_at: str  # Beijing time 'yyyy-MM-dd HH:mm:ss'
    code: int
    msg: str
    count: int
    fee: str  # Decimal as text, exactly as the gateway gave it
    unit: str
    uid: str | None = None
    campaign_id: int | None = None


# A sent message as ``messages`` stores it: (sid or None, mobile, text, sent_at, code, msg,
# count, fee as text, unit, uid, campaign_id) — what ``record_sent`` makes of a ``SentMessage``.
SentRow = tuple[int | None, str, str, str, int, str, int, str, str, "str | None", "int | None"]


def campaign_sent_row(
    sid: Any, mobile: str, text: str, stamp: str, parts: int | None, fee: Any, uid: str | None, campaign_id: int | None
) -> SentRow:
    """A campaign row the gateway accepted (code 0) as ``messages`` stores it: the copy of a run's
    sends (``gui.campaign.engine_store``, ``gui.campaign.archive_copy``), without a SentMessage
    built per row."""
    return (sid or None, mobile, text, stamp, 0, "", int(parts or 0), fee or "0", "", uid, campaign_id)


def sent_row(m: SentMessage) -> SentRow:
    """``m`` as ``messages`` stores it (both stores' ``record_sent``)."""
    return (
        int(m.sid) if m.sid else None,
        m.mobile,
        m.text,
        m.sent_at,
        int(m.code),
        m.msg or "",
        int(m.count or 0),
        str(m.fee if m.fee is not None else "0"),
        m.unit or "",
        m.uid,
        m.campaign_id,
    )


# A send that went out without a readable answer is recorded with this code until it is
# settled against the provider's records (the provider's codes are small integers; these
# cannot collide). Settled, the row gets code 0 and the record's sid, or SETTLED_NOT_SENT_CODE.
IN_DOUBT_CODE = -9000
IN_DOUBT_MSG = "in doubt: no readable answer; check the records before resending"
SETTLED_NOT_SENT_CODE = -9001
SETTLED_NOT_SENT_MSG = "not in the provider's records: not sent"


@dataclass(frozen=True)
class InDoubtMessage:
    """A console send still in doubt (``messages`` row ``id``)."""

    id: int
    mobile: str
    text: str
    sent_at: str  # Beijing time 'yyyy-MM-dd HH:mm:ss', taken just before the request
    uid: str | None = None


# Status reports and replies come back as gui.api.models.StatusReport / Reply (the one
# row type of each, shared by the api, the store and the views), with the store's fields set.
