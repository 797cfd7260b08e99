"""Other consoles hear of new reports and replies: NOTIFY on store, one LISTEN per console (no Qt).

Whatever stores status reports or replies in the team database — a pull, the spill file, the
push receiver — notifies channel ``CHANNEL`` in the same transaction (``notify_stored``), so
the notification is delivered at commit, never before the rows are visible. Its payload is
JSON: ``{"kind": "reports" | "replies", "count": n, "origin": store}``, where ``origin`` names
the ``TeamStore`` that wrote (a console can tell its own writes from the others').

``PulledListener`` is a console's one listener: a thread of its own with a connection of its
own (LISTEN needs a session that stays; a pooled one is handed to others). It calls
``on_stored(Stored)`` from that thread; the Qt side (``gui.context_watch``) turns that into a
signal. When the connection drops it falls back to reading the newest report and reply ids
through the store's pool every ``POLL_S`` seconds (a new id is news), and tries to listen
again every ``RECONNECT_S`` seconds; after a reconnect it compares the ids once more, so what
was stored while it was deaf is not missed.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

CHANNEL = "sms_console_pulled"
REPORTS, REPLIES = "reports", "replies"
WAIT_S = 0.5  # how long one wait for notifications lasts (a stop is seen within it)
POLL_S = 2.0  # without LISTEN: how often the newest ids are read
RECONNECT_S = 5.0  # without LISTEN: how often listening is tried again
CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class Stored:
    """News of stored items: ``kind`` (REPORTS / REPLIES), how many, and which store wrote them
    ("" when the fallback poll found them: the writer is not known)."""

    kind: str
    count: int
    origin: str = ""


def notify_stored(conn: Any, kind: str, count: int, origin: str) -> None:
    """Inside the writing transaction: tell the listening consoles (delivered at commit)."""
    if count > 0:
        payload = json.dumps({"kind": kind, "count": int(count), "origin": origin})
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))


def parse(payload: str) -> Stored | None:
    """A notification's payload, or None when it is not one of ours."""
    try:
        data = json.loads(payload)
        kind = str(data["kind"])
        if kind not in (REPORTS, REPLIES):
            return None
        return Stored(kind, int(data.get("count", 0)), str(data.get("origin", "")))
    except (ValueError, KeyError, TypeError):
        return None


NewestIds = Callable[[], tuple[int, int]]  # (the newest report id, the newest reply id), 0 when none


class PulledListener:
    """``PulledListener(conninfo, newest_ids, on_stored).start()``; ``stop()`` ends it (without
    waiting: the thread notices within ``WAIT_S`` and closes its connection itself)."""

    def __init__(
        self,
        conninfo: str,
        newest_ids: NewestIds,
        on_stored: Callable[[Stored], None],
        poll_s: float = POLL_S,
        reconnect_s: float = RECONNECT_S,
    ) -> None:
        self._conninfo = conninfo
        self._newest_ids = newest_ids
        self._on_stored = on_stored
        self.poll_s, self.reconnect_s = poll_s, reconnect_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="team-listener", daemon=True)
        self._last: tuple[int, int] | None = None
        self.listening = threading.Event()  # set while LISTEN's connection lives
        self.backend_pid: int | None = None  # LISTEN's server process, while listening

    def start(self) -> PulledListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout_s: float) -> bool:
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # --- the thread ---------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            conn = self._connect()
            if conn is not None:
                try:
                    self._listen(conn)
                except Exception as exc:  # noqa: BLE001 - the connection dropped: poll until it is back
                    if not self._stop.is_set():
                        log.warning("team listener lost its connection (%s): reading the newest ids instead", exc)
                finally:
                    self.listening.clear()
                    self.backend_pid = None
                    conn.close()
            self._poll_until(time.monotonic() + self.reconnect_s)

    def _connect(self) -> Any:
        import psycopg

        try:
            conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - out of reach: poll (which may fail too) and try again
            log.info("team listener cannot connect (%s): trying again in %.0f s", exc, self.reconnect_s)
            return None
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception as exc:  # noqa: BLE001 - e.g. a pooler that does not keep sessions
            log.warning("team listener cannot LISTEN (%s): reading the newest ids instead", exc)
            conn.close()
            return None
        return conn

    def _listen(self, conn: Any) -> None:
        self.backend_pid = int(conn.info.backend_pid)
        self.listening.set()
        self._poll()  # listening from now on: what came before (or while deaf) is in the ids
        while not self._stop.is_set():
            for notification in conn.notifies(timeout=WAIT_S):
                stored = parse(notification.payload)
                if stored is not None:
                    self._deliver(stored)
                if self._stop.is_set():
                    break

    def _poll_until(self, deadline: float) -> None:
        while not self._stop.is_set():
            self._poll()
            if time.monotonic() + self.poll_s > deadline:
                self._stop.wait(max(deadline - time.monotonic(), 0.0))
                return
            self._stop.wait(self.poll_s)

    def _poll(self) -> None:
        """Compare the newest ids with the last seen; news for each kind whose id moved."""
        try:
            newest = self._newest_ids()
        except Exception as exc:  # noqa: BLE001 - the database is out of reach: nothing to tell
            log.debug("team listener cannot read the newest ids: %s", exc)
            return
        last, self._last = self._last, newest
        if last is None:
            return
        for kind, before, now in ((REPORTS, last[0], newest[0]), (REPLIES, last[1], newest[1])):
            if now > before:
                self._deliver(Stored(kind, now - before))

    def _deliver(self, stored: Stored) -> None:
        if self._stop.is_set():
            return
        try:
            self._on_stored(stored)
        except Exception:
            log.exception("team listener: the receiver of %s failed", stored)


__all__ = ["CHANNEL", "REPLIES", "REPORTS", "PulledListener", "Stored", "notify_stored", "parse"]
