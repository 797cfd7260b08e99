"""The read and template endpoints' arguments, checked before anything leaves (plain Python, no Qt).

A bad argument raises ``LimitError`` (``gui.api.errors``), as the sends' own checks do
(``gui.api.client.SmsClient``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gui.api.errors import LimitError
from gui.api.models import WIRE_TIME_FORMAT, to_wire_time

MAX_PAGE_SIZE = 100


def optional(value: str | None) -> str | None:
    """None for an empty value: the field is left out of the form."""
    return None if value in (None, "") else value


def checked_page_size(page_size: int) -> int:
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise LimitError("bad_page_size", limit=MAX_PAGE_SIZE)
    return page_size


def checked_page_num(page_num: int) -> int:
    if isinstance(page_num, bool) or not isinstance(page_num, int) or page_num < 1:
        raise LimitError("bad_page_num")
    return page_num


def checked_tpl_id(tpl_id: Any) -> int:
    if isinstance(tpl_id, bool):
        raise LimitError("bad_argument", what="tpl_id must be a number")
    try:
        value = int(tpl_id)
    except (TypeError, ValueError):
        raise LimitError("bad_argument", what="tpl_id must be a number") from None
    return value


def wire_time(moment: datetime | str) -> str:
    """A datetime (naive = local time) or an already formatted Beijing-time string."""
    if isinstance(moment, datetime):
        return to_wire_time(moment)
    if isinstance(moment, str):
        try:
            datetime.strptime(moment, WIRE_TIME_FORMAT)
        except ValueError:
            raise LimitError("bad_time", value=moment) from None
        return moment
    raise LimitError("bad_time", value=type(moment).__name__)


def window_params(
    start_time: datetime | str, end_time: datetime | str, page_num: int, page_size: int, mobile: str | None
) -> dict[str, Any]:
    """The form of one page of a time window (get_reply, get_record)."""
    return {
        "start_time": wire_time(start_time),
        "end_time": wire_time(end_time),
        "page_num": checked_page_num(page_num),
        "page_size": checked_page_size(page_size),
        "mobile": optional(mobile),
    }
