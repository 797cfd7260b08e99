"""The client's HTTP sessions: a bounded pool, one Session lent per request (plain Python, no Qt).

Why a pool and not one Session per thread: QThreadPool runs each task with a fresh Python
thread state, so a ``threading.local`` cache is empty every time — each task made a
Session of its own and left it open (100 ``user_get`` tasks left 100 Sessions). A Session
is not safe to share between threads, so each request borrows one for its duration and
gives it back; its kept-alive connection then serves the next request.

At most ``size`` Sessions are kept (the console passes its task runner's thread count). A request
that finds all of them lent out gets a temporary one, closed when it comes back: nothing
ever waits for a Session, and nothing beyond ``size`` stays open. After ``close()`` the
pool keeps nothing: Sessions still lent out are closed when they come back, and later
requests (a late worker) get temporary ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import requests


class SessionPool:
    """Up to ``size`` reusable ``requests.Session`` objects, lent one per request."""

    def __init__(self, make: Callable[[], requests.Session], size: int) -> None:
        self._make = make
        self._size = max(1, int(size))
        self._lock = threading.Lock()
        self._idle: list[requests.Session] = []
        self._lent = 0  # pooled Sessions out on a request
        self._temporary = 0  # Sessions beyond the pool, out on a request
        self._closed = False

    @contextmanager
    def lend(self) -> Iterator[requests.Session]:
        """A Session for one request; back to the pool (or closed) after the block."""
        with self._lock:
            keep = not self._closed and self._lent < self._size
            if keep:
                self._lent += 1
                session = self._idle.pop() if self._idle else None
            else:
                self._temporary += 1
                session = None
        try:
            if session is None:
                session = self._make()
        except BaseException:
            self._returned(None, keep)
            raise
        try:
            yield session
        finally:
            self._returned(session, keep)

    def _returned(self, session: requests.Session | None, keep: bool) -> None:
        with self._lock:
            if keep:
                self._lent -= 1
            else:
                self._temporary -= 1
            pooled = keep and session is not None and not self._closed
            if pooled:
                self._idle.append(session)  # type: ignore[arg-type]
        if session is not None and not pooled:
            session.close()

    def open_sessions(self) -> int:
        """Sessions open right now: idle in the pool and lent out."""
        with self._lock:
            return len(self._idle) + self._lent + self._temporary

    def close(self) -> None:
        """Close the idle Sessions now and the lent ones when they come back; keep no Session
        from now on (later requests get temporary ones)."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._closed = True
        for session in idle:
            session.close()
