"""Shared helpers of the hardening tests: a GUI heartbeat, sandbox look-ups, exactly-once checks."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from PySide6.QtCore import QElapsedTimer, QTimer

# Loose on purpose (2-core CI machines): a frozen window shows gaps of seconds, not of 0.5 s.
MAX_GAP_MS = 500
SEND_ENDPOINTS = ("sms/single_send", "sms/batch_send", "sms/multi_send")


class Heartbeat:
    """A 20 ms QTimer on the GUI thread; ``max_gap`` is the longest pause between its ticks.

    Use as a context manager around the GUI action; wait with qtbot.waitUntil/waitSignal
    inside it (they spin the event loop), never with a plain sleep.
    """

    def __init__(self, interval_ms: int = 20) -> None:
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)
        self._last = 0
        self.gaps: list[int] = []

    def _beat(self) -> None:
        now = self._clock.elapsed()
        self.gaps.append(now - self._last)
        self._last = now

    def __enter__(self) -> Heartbeat:
        self._clock.start()
        self._last = 0
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._beat()
        self._timer.stop()

    @property
    def max_gap(self) -> int:
        return max(self.gaps) if self.gaps else 0

    def assert_responsive(self) -> None:
        # __exit__ adds the gap up to the end: a thread blocked throughout shows as one long gap.
        assert self.max_gap < MAX_GAP_MS, f"the GUI thread stalled for {self.max_gap} ms"


def sends(sandbox) -> int:
    """Calls that reached a send endpoint (faulted ones included)."""
    return sum(sandbox.call_count(e) for e in SEND_ENDPOINTS)


def accepted_per_number(sandbox, numbers) -> Counter:
    wanted = set(numbers)
    return Counter(a.mobile for a in sandbox.accepted_log() if a.mobile in wanted)


def records_of(client, mobile: str, minutes: int = 10) -> list:
    """What the provider's records say about ``mobile`` (get_record, as the Records tab reads it)."""
    now = datetime.now()
    return client.get_record(now - timedelta(minutes=minutes), now + timedelta(minutes=1), 1, 100, mobile=mobile)
