"""The client's pull, reply, record and account endpoints (plain Python, no Qt; the retry policy
of each kind is ``gui.api.transport``'s).

- pulls (pull_status, pull_reply): never retried, the server deletes what it returned;
- reads (get_reply, get_record, user_get): retried;
- writes (user_set): never retried.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TypeVar

from gui.api import parsers
from gui.api.arguments import MAX_PAGE_SIZE, checked_page_size, optional, window_params
from gui.api.errors import LimitError
from gui.api.models import Account, Record, Reply, StatusReport
from gui.api.transport import PULL, READ, WRITE, ClientTransport

R = TypeVar("R")


def _every_page(page: Callable[[int], list[R]], page_size: int, max_pages: int) -> Iterator[R]:
    """Every row of ``page(1)``, ``page(2)``, … (stops at a short page)."""
    for number in range(1, max_pages + 1):
        batch = page(number)
        yield from batch
        if len(batch) < page_size:
            return


class AccountEndpoints(ClientTransport):
    """``SmsClient``'s pulls, replies, records and account (``gui.api.client.SmsClient``)."""

    # ------------------------------------------------------------------ pulls (never retried)
    def pull_status(self, page_size: int = 20) -> list[StatusReport]:
        """New status reports; the server deletes what it returns: keep them safely at once."""
        return self._call(
            "sms/pull_status",
            {"page_size": checked_page_size(page_size)},
            PULL,
            parsers.parse_status_reports,
            "pull_status",
        )

    def pull_reply(self, page_size: int = 20) -> list[Reply]:
        """New replies; the server deletes what it returns: keep them safely at once."""
        return self._call(
            "sms/pull_reply", {"page_size": checked_page_size(page_size)}, PULL, parsers.parse_replies, "pull_reply"
        )

    # ------------------------------------------------------------------ reads (retried)
    def get_reply(
        self,
        start_time: datetime | str,
        end_time: datetime | str,
        page_num: int = 1,
        page_size: int = 20,
        mobile: str | None = None,
    ) -> list[Reply]:
        params = window_params(start_time, end_time, page_num, page_size, mobile)
        return self._call("sms/get_reply", params, READ, parsers.parse_replies)

    def get_record(
        self,
        start_time: datetime | str,
        end_time: datetime | str,
        page_num: int = 1,
        page_size: int = 20,
        mobile: str | None = None,
        record_type: str | None = None,
    ) -> list[Record]:
        """One page of send records (``record_type`` is the wire's optional ``type``)."""
        params = {**window_params(start_time, end_time, page_num, page_size, mobile), "type": optional(record_type)}
        return self._call("sms/get_record", params, READ, parsers.parse_records)

    def iter_records(
        self,
        start_time: datetime | str,
        end_time: datetime | str,
        mobile: str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        max_pages: int = 1000,
    ) -> Iterator[Record]:
        """Every record of the window, page after page (stops at a short page)."""
        return _every_page(
            lambda page: self.get_record(start_time, end_time, page, page_size, mobile), page_size, max_pages
        )

    def iter_replies(
        self,
        start_time: datetime | str,
        end_time: datetime | str,
        mobile: str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        max_pages: int = 1000,
    ) -> Iterator[Reply]:
        """Every reply of the window, page after page (stops at a short page)."""
        return _every_page(
            lambda page: self.get_reply(start_time, end_time, page, page_size, mobile), page_size, max_pages
        )

    def user_get(self) -> Account:
        return self._call("user/get", {}, READ, parsers.parse_account)

    # ------------------------------------------------------------------ writes (never retried)
    def user_set(
        self,
        emergency_contact: str | None = None,
        emergency_mobile: str | None = None,
        alarm_balance: int | None = None,
    ) -> Account:
        if emergency_contact is None and emergency_mobile is None and alarm_balance is None:
            raise LimitError("nothing_to_set")
        if alarm_balance is not None and (
            isinstance(alarm_balance, bool) or not isinstance(alarm_balance, int) or alarm_balance < 0
        ):
            raise LimitError("bad_argument", what="alarm_balance must be a whole number ≥ 0")
        params = {
            "emergency_contact": emergency_contact,
            "emergency_mobile": emergency_mobile,
            "alarm_balance": alarm_balance,
        }
        return self._call("user/set", params, WRITE, parsers.parse_account)
