"""One provider answer shared by everyone who asks for it at about the same time.

At start-up the status bar, Compose and the Account tab all want ``user_get``, and
Compose and the Templates tab both want ``tpl_get`` and ``tpl_get_default``. Asked
separately, each is a request of its own (three user_get calls for one window). A
``SharedAnswer`` makes them one: whoever asks while a call is on the wire waits for that
call's answer, and an answer younger than ``max_age`` is handed out again without a call.
A refresh the operator asks for (``force``) never gets an answer older than the click: it
joins a call only if that call started after the click, otherwise it makes its own.

Plain Python, thread-safe; ``get`` blocks on the wire, so run it in a worker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class _Call(Generic[T]):
    """One call on the wire; the callers who joined it wait on ``done``."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.done = threading.Event()
        self.value: T | None = None
        self.error: BaseException | None = None


class SharedAnswer(Generic[T]):
    """``fetch()`` made at most once for everyone asking together; fresh answers reused."""

    def __init__(self, fetch: Callable[[], T], max_age: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._max_age = max_age
        self._clock = clock
        self._lock = threading.Lock()
        self._value: T | None = None
        self._fetched_at: float | None = None  # when the call that gave ``_value`` started
        self._call: _Call[T] | None = None
        self._generation = 0  # bumped by forget(): a call started before it is not kept

    @property
    def cached(self) -> T | None:
        """The last answer, however old (None before the first)."""
        return self._value

    def forget(self) -> None:
        """Drop the answer (it changed at the provider, or the profile did); late calls are not kept."""
        with self._lock:
            self._generation += 1
            self._value = None
            self._fetched_at = None
            self._call = None

    def put(self, value: T) -> None:
        """A newer answer than any call on the wire (e.g. the one user/set returns)."""
        with self._lock:
            self._value, self._fetched_at = value, self._clock()

    def get(self, force: bool = False) -> T:
        """The answer: reused while fresh (unless ``force``), else from the call on the wire or a new one."""
        asked = self._clock()
        with self._lock:
            fetched_at = self._fetched_at
            if not force and fetched_at is not None and asked - fetched_at < self._max_age:
                return self._value  # type: ignore[return-value]  # set together with _fetched_at
            call = self._call
            if call is not None and (not force or call.started >= asked):
                joined = True
            else:
                call = self._call = _Call(asked)
                joined = False
            generation = self._generation
        if joined:
            call.done.wait()
            if call.error is not None:
                raise call.error
            return call.value  # type: ignore[return-value]  # set before done when no error
        try:
            value = self._fetch()
        except BaseException as error:
            call.error = error
            with self._lock:
                if self._call is call:
                    self._call = None
            call.done.set()
            raise
        call.value = value
        with self._lock:
            if self._call is call:
                self._call = None
            if generation == self._generation and (self._fetched_at is None or call.started >= self._fetched_at):
                self._value, self._fetched_at = value, call.started
        call.done.set()
        return value
