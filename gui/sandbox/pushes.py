"""The sandbox's pushes: status reports and replies POSTed to the account's push addresses,
as the provider's document describes ("推送状态报告", "推送回复短信").

- Status reports: ``POST <url>`` with the form field ``sms_status`` = a JSON array of at
  most 500 reports. The address is the send's ``callback_url``, else the account's
  ``status_push_url`` (a control knob, what the provider's web console sets).
- Replies: ``POST <url>`` with ``sms_reply`` = one JSON reply carrying ``_sign`` (computed
  with the account's apikey when the push leaves). The address is ``reply_push_url``.
- The receiver answers the body ``SUCCESS`` or ``0``; anything else (another body, a
  refused connection, a timeout) is a failure, retried on the sandbox clock: reports 3
  times 5 minutes apart, replies 5 times 1 minute apart. Then the push is given up (the
  items stay in pull_status / pull_reply and get_record / get_reply as ever).

Knobs (gui/sandbox/faults.py): ``push_enabled`` (off: nothing new is pushed and queued
pushes wait), ``push_fail_next`` N with ``push_fail_mode`` ``answer_lost`` (delivered, but
the answer counts as a failure, so the same push comes again) or ``not_delivered``,
``push_timeout_seconds``.

The state hands items over under its lock (``report`` / ``reply``, which only queue them);
the HTTP happens on this module's own thread (``sandbox-push``), so a push never holds up
an API request. That thread also lets the sandbox's time act (``tick``) while a push
address is set, so reports arrive without anyone calling the API.
"""

from __future__ import annotations

import heapq
import json
import logging
import threading
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from gui.sandbox.clock import to_wire
from gui.sandbox.models import reply_sign

log = logging.getLogger(__name__)

STATUS_BATCH = 500
RETRIES = {"status": 3, "reply": 5}
RETRY_SECONDS = {"status": 300.0, "reply": 60.0}
FIELDS = {"status": "sms_status", "reply": "sms_reply"}
ANSWERS_OK = ("SUCCESS", "0")
POLL_SECONDS = 0.1  # how often the thread looks at the clock (advance() wakes it at once)

# Loopback receivers must not go through a proxy set in the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(order=True)
class _Push:
    due: float  # sandbox time of the next attempt
    seq: int
    kind: str = field(compare=False)  # "status" | "reply"
    url: str = field(compare=False)
    payload: Any = field(compare=False)  # the reports (a list), or one reply's fields (unsigned)
    attempts: int = field(default=0, compare=False)


class Pusher:
    """``Pusher(state, control, clock, tick).start()``; ``stop()`` ends its thread."""

    def __init__(self, state: Any, control: Any, clock: Any, tick: Callable[[], None], log_size: int = 10000) -> None:
        self.state = state
        self.control = control
        self.clock = clock
        self._tick = tick
        self._lock = threading.Condition()
        self._fresh: dict[str, list[dict]] = {}  # url -> reports not batched yet
        self._queue: list[_Push] = []  # heap by due time
        self._seq = 0
        self._sending = 0
        self._callbacks_seen = False  # a send gave callback_url: time must act for its report
        self._log: deque[dict] = deque(maxlen=log_size)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # --- from the state (under its lock: queue only) ---------------------------------
    def watch_callback(self) -> None:
        self._callbacks_seen = True

    def report(self, report: dict, callback_url: str | None) -> None:
        """A status report just arrived: push it to ``callback_url`` or the account's address."""
        url = callback_url or self.control.status_push_url
        if not url or not self.control.push_enabled:
            return
        with self._lock:
            self._fresh.setdefault(url, []).append(dict(report))
        self._wake.set()

    def reply(self, fields: dict) -> None:
        """A reply just arrived: push it to the account's reply address."""
        url = self.control.reply_push_url
        if not url or not self.control.push_enabled:
            return
        with self._lock:
            self._push_later("reply", url, dict(fields), self.clock.time())
        self._wake.set()

    # --- lifecycle ------------------------------------------------------------------
    def start(self) -> Pusher:
        self._thread = threading.Thread(target=self._run, name="sandbox-push", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def wake(self) -> None:
        """Look at the clock now (the clock moved)."""
        self._wake.set()

    def clear(self) -> None:
        """Forget every queued push (the account was reset)."""
        with self._lock:
            self._fresh.clear()
            self._queue.clear()
            self._lock.notify_all()

    def log(self) -> list[dict]:
        """Every attempt so far: kind, url, attempt (1 = first), items, http_status, answer, ok,
        fault, time (sandbox time), final (True when no retry follows)."""
        with self._lock:
            return list(self._log)

    def pending(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._fresh.values()) + len(self._queue) + self._sending

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is due now or on the wire (retries due later may wait); True when so."""

        def idle() -> bool:
            due = self._queue and self._queue[0].due <= self.clock.time() and self.control.push_enabled
            return not (self._fresh or due or self._sending)

        self._wake.set()
        with self._lock:
            return self._lock.wait_for(idle, timeout)

    # --- the thread -----------------------------------------------------------------
    def _push_later(self, kind: str, url: str, payload: Any, due: float) -> None:
        self._seq += 1
        heapq.heappush(self._queue, _Push(due, self._seq, kind, url, payload))

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(POLL_SECONDS)
            self._wake.clear()
            if self._stopping.is_set():
                break
            try:
                if self.control.push_enabled and self._wants_time():
                    self._tick()  # takes the state's lock; never while holding ours
                for push in self._take_due():
                    self._attempt(push)
            except Exception:
                log.exception("sandbox push failed")

    def _wants_time(self) -> bool:
        control = self.control
        return bool(control.status_push_url or control.reply_push_url or self._callbacks_seen)

    def _take_due(self) -> list[_Push]:
        now = self.clock.time()
        with self._lock:
            for url, reports in self._fresh.items():
                for start in range(0, len(reports), STATUS_BATCH):
                    self._push_later("status", url, reports[start : start + STATUS_BATCH], now)
            self._fresh.clear()
            due: list[_Push] = []
            while self.control.push_enabled and self._queue and self._queue[0].due <= now:
                due.append(heapq.heappop(self._queue))
            self._sending += len(due)
            self._lock.notify_all()  # wait_idle: nothing fresh any more
            return due

    def _attempt(self, push: _Push) -> None:
        push.attempts += 1
        fault = self.control.take_push_failure()
        status: int | None = None
        answer = ""
        if fault != "not_delivered":
            payload = push.payload
            if push.kind == "reply":
                payload = dict(payload, _sign=reply_sign(payload, self.state.apikey))
            body = urlencode({FIELDS[push.kind]: json.dumps(payload, ensure_ascii=False, separators=(",", ":"))})
            status, answer, error = self._post(push.url, body.encode("ascii"))
            fault = fault or error
        ok = fault is None and answer.strip() in ANSWERS_OK
        final = ok or push.attempts > RETRIES[push.kind]
        with self._lock:
            self._log.append(
                {
                    "kind": push.kind,
                    "url": push.url,
                    "attempt": push.attempts,
                    "items": len(push.payload) if push.kind == "status" else 1,
                    "http_status": status,
                    "answer": answer[:200],
                    "ok": ok,
                    "fault": fault,
                    "time": to_wire(self.clock.time()),
                    "final": final,
                }
            )
            if not final:
                push.due = self.clock.time() + RETRY_SECONDS[push.kind]
                heapq.heappush(self._queue, push)
            self._sending -= 1
            self._lock.notify_all()

    def _post(self, url: str, body: bytes) -> tuple[int | None, str, str | None]:
        """(HTTP status, answer body, fault) of one POST; fault is None when an answer came."""
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}
        )
        try:
            with _OPENER.open(request, timeout=self.control.push_timeout_seconds or None) as answer:
                return answer.status, answer.read(4096).decode("utf-8", "replace"), None
        except urllib.error.HTTPError as error:  # 4xx/5xx: the body decides, as for a 200
            try:
                return error.code, error.read(4096).decode("utf-8", "replace"), None
            except OSError:
                return error.code, "", None
            finally:
                error.close()
        except (OSError, ValueError) as error:  # refused, reset, timed out, a bad URL
            return None, "", f"{type(error).__name__}: {error}"[:200]
