"""A controllable clock for the sandbox (Beijing time, the API's clock).

By default it follows real time plus an offset, so a demo keeps living (reports arrive,
templates get reviewed) while tests can jump ahead with ``advance()`` instead of
sleeping. ``freeze()`` stops it entirely for tests that want exact instants.
Everything inside the sandbox asks this clock, never ``time.time()``.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
WIRE_FORMAT = "%Y-%m-%d %H:%M:%S"


_last_wire: tuple[int, str] = (-1, "")


def to_wire(ts: float) -> str:
    """Epoch seconds as the API's time string (Beijing time)."""
    global _last_wire
    second = int(ts // 1)
    cached = _last_wire  # one tuple read: safe without a lock
    if cached[0] == second:
        return cached[1]
    text = datetime.fromtimestamp(second, BEIJING).strftime(WIRE_FORMAT)
    _last_wire = (second, text)
    return text


def from_wire(text: str) -> float:
    """The API's time string (Beijing time) as epoch seconds; ValueError when malformed."""
    return datetime.strptime(text.strip(), WIRE_FORMAT).replace(tzinfo=BEIJING).timestamp()


class SandboxClock:
    def __init__(self, start: datetime | float | None = None, frozen: bool = False) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at: float | None = None
        if start is not None:
            self.set(start)
        if frozen:
            self.freeze()

    def time(self) -> float:
        """Now, in epoch seconds."""
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return time.time() + self._offset

    def now(self) -> datetime:
        """Now, as an aware datetime in Beijing time."""
        return datetime.fromtimestamp(self.time(), BEIJING)

    def wire_now(self) -> str:
        return to_wire(self.time())

    def advance(self, seconds: float) -> datetime:
        """Move time forward (or back, with a negative value); returns the new now."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += float(seconds)
            else:
                self._offset += float(seconds)
        return self.now()

    def set(self, when: datetime | float | str) -> datetime:
        """Jump to an instant: an aware datetime, a naive one (read as Beijing time),
        epoch seconds, or a wire string ``yyyy-MM-dd HH:mm:ss``."""
        if isinstance(when, str):
            target = from_wire(when)
        elif isinstance(when, datetime):
            if when.tzinfo is None:
                when = when.replace(tzinfo=BEIJING)
            target = when.timestamp()
        else:
            target = float(when)
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = target
            else:
                self._offset = target - time.time()
        return self.now()

    def freeze(self) -> None:
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = time.time() + self._offset

    def unfreeze(self) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None
