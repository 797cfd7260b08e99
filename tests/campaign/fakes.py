"""A fake SmsClient for engine unit tests: accepts messages, keeps a log, injects faults.

It follows the client's contract (gui/api/client.py): batch_send / multi_send answer a
BatchSendResult, single_send a SendResult; ApiError for whole-request refusals;
SendInDoubt when no answer came back (optionally *after* the messages were accepted,
like the sandbox's "timeout after processing" fault); get_record pages through the
accepted messages, with a lag.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from gui.api.errors import ApiError, SendInDoubt, TransportError
from gui.api.models import BatchSendResult, Record, SendResult
from gui.api.texts import parts


@dataclass
class Accepted:
    sid: int
    mobile: str
    text: str
    uid: str | None
    time: float


def _wire(ts: float) -> str:
    from datetime import timedelta, timezone

    return datetime.fromtimestamp(ts, timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")


class FakeClock:
    """Shared by the fake client and the engine: sleeping advances time instantly."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self._lock = threading.Lock()

    def time(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        import time as _time

        with self._lock:
            self.now += max(0.0, seconds)
        _time.sleep(0.001)


class FakeClient:
    def __init__(self, clock: FakeClock | None = None, price: str = "0.05") -> None:
        self.clock = clock or FakeClock()
        self.price = Decimal(price)
        self.accepted: list[Accepted] = []
        self.calls: list[tuple[str, int]] = []
        self.black_word_calls: list[str] = []
        self.blocked_words = ("发票", "赌博")
        self.record_calls = 0
        self.record_lag = 0.0
        self.failing_numbers: dict[str, tuple[int, str]] = {}
        self._faults: list[str] = []  # consumed one per send call: "-5", "doubt_after", "doubt_before", "3", "refused"
        self._lock = threading.Lock()
        self._sid = 1_000_000_000_000
        self.on_send = None  # callable(endpoint, mobiles) for tests that act mid-campaign

    def fault(self, *names: str) -> None:
        with self._lock:
            self._faults.extend(names)

    # --- sends ----------------------------------------------------------------------
    def _accept(self, endpoint: str, mobiles, texts, uid) -> list[SendResult]:
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
            self.calls.append((endpoint, len(mobiles)))
        if self.on_send is not None:
            self.on_send(endpoint, mobiles)
        if fault == "-5":
            raise ApiError(-5, "调用频率过快", endpoint=endpoint)
        if fault == "3":
            raise ApiError(3, "余额不足", endpoint=endpoint)
        if fault == "5":
            raise ApiError(5, "没有匹配的模板", endpoint=endpoint)
        if fault == "doubt_before":
            raise SendInDoubt(endpoint, TransportError(endpoint, "timeout", "read timed out", True))
        if fault == "refused":
            raise SendInDoubt(endpoint, TransportError(endpoint, "connection", "refused", False))
        results = []
        with self._lock:
            for mobile, text in zip(mobiles, texts, strict=False):
                if mobile in self.failing_numbers:
                    code, msg = self.failing_numbers[mobile]
                    results.append(SendResult(code, msg, 0, Decimal(0), "RMB", mobile, 0))
                    continue
                self._sid += 1
                self.accepted.append(Accepted(self._sid, mobile, text, uid, self.clock.time()))
                n = parts(text)
                results.append(SendResult(0, "发送成功", n, self.price * n, "RMB", mobile, self._sid))
        if fault == "doubt_after":
            raise SendInDoubt(endpoint, TransportError(endpoint, "timeout", "read timed out", True))
        return results

    def batch_send(self, mobiles, text, uid=None, **_):
        data = self._accept("sms/batch_send", list(mobiles), [text] * len(mobiles), uid)
        return BatchSendResult(sum(d.count for d in data), sum((d.fee for d in data), Decimal(0)), "RMB", tuple(data))

    def multi_send(self, mobiles, texts, uid=None, **_):
        data = self._accept("sms/multi_send", list(mobiles), list(texts), uid)
        return BatchSendResult(sum(d.count for d in data), sum((d.fee for d in data), Decimal(0)), "RMB", tuple(data))

    def single_send(self, mobile, text, uid=None, **_):
        return self._accept("sms/single_send", [mobile], [text], uid)[0]

    # --- reads ----------------------------------------------------------------------
    def get_black_word(self, text):
        self.black_word_calls.append(text)
        return [w for w in self.blocked_words if w in text]

    def get_record(self, start_time, end_time, page_num=1, page_size=20, mobile=None, record_type=None):
        self.record_calls += 1
        start = start_time.timestamp() if isinstance(start_time, datetime) else float(start_time)
        end = end_time.timestamp() if isinstance(end_time, datetime) else float(end_time)
        visible_before = self.clock.time() - self.record_lag
        with self._lock:
            hits = [
                a
                for a in self.accepted
                if start <= a.time <= end and a.time <= visible_before and (mobile is None or a.mobile == mobile)
            ]
        page = hits[(page_num - 1) * page_size : page_num * page_size]
        return [
            Record(a.sid, a.mobile, _wire(a.time), a.text, "SUCCESS", "SUCCESS", parts(a.text), None, "", a.uid)
            for a in page
        ]

    # --- checks for tests -----------------------------------------------------------
    def sends_per_number(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for a in self.accepted:
            counts[a.mobile] = counts.get(a.mobile, 0) + 1
        return counts
