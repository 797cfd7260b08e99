"""The sandbox gateway: a real HTTP server on loopback that answers like the provider.

    server = SandboxServer(port=0, latency_ms=0, state_file=None, ...)
    server.start()                  # serves in a background thread
    server.base_url, server.apikey  # -> "http://127.0.0.1:PORT", the valid apikey
    server.control.set(...)         # faults and behaviour knobs (see gui/sandbox/faults.py)
    server.clock.advance(30)        # the controllable clock (see gui/sandbox/clock.py)
    server.accepted_log()           # every accepted message
    server.push_log()               # every push attempt (see gui/sandbox/pushes.py)
    server.stop()

Provider endpoints: ``POST /v2/<group>/<name>.json`` (see handlers.py). Control for
out-of-process use under ``/_sandbox/`` (JSON in and out, control_api.py); docs/sandbox.md
lists both. Status reports and replies are pushed from a thread of their own (pushes.py).
The HTTP plumbing is httpd.py; the routing of a request, its faults and the request log are
routing.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections import deque

from gui.sandbox import DEMO_APIKEY
from gui.sandbox.clock import SandboxClock, to_wire
from gui.sandbox.control_api import ControlApi
from gui.sandbox.faults import Control
from gui.sandbox.handlers import SandboxApi
from gui.sandbox.httpd import Httpd, make_handler
from gui.sandbox.pushes import Pusher
from gui.sandbox.routing import RequestRouting
from gui.sandbox.state import SandboxState

log = logging.getLogger(__name__)


class SandboxServer(RequestRouting):
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        apikey: str = DEMO_APIKEY,
        demo: bool = True,
        state_file: str | os.PathLike | None = None,
        clock: SandboxClock | None = None,
        frozen_clock: bool = False,
        autosave_seconds: float = 5.0,
        request_log_size: int = 10000,
        listen_socket: socket.socket | None = None,
        **knobs,
    ) -> None:
        self.clock = clock or SandboxClock(frozen=frozen_clock)
        self.state_file = os.fspath(state_file) if state_file is not None else None
        self._demo = demo
        self._initial_apikey = apikey
        self.state = SandboxState(apikey, self.clock)
        self.control = Control(self.state)
        self.state.control = self.control
        if self.state_file and os.path.exists(self.state_file):
            self.state.load(self.state_file)
        elif demo:
            from gui.sandbox.demo import populate

            populate(self.state, self.clock.time())
        self.control.set(**knobs)  # after loading: start-up knobs win over the file
        self.api = SandboxApi(self.state, self.control, self.clock)
        # Pushes start from here: the demo history and a loaded file are not pushed again.
        self.pushes = Pusher(self.state, self.control, self.clock, self._background_tick)
        self.state.pushes = self.pushes
        self.controls = ControlApi(self)
        self._requests: deque[dict] = deque(maxlen=request_log_size)
        self._requests_lock = threading.Lock()
        self._dirty = False
        self._autosave_seconds = autosave_seconds
        self._stopping = threading.Event()
        if listen_socket is None:
            self._httpd = Httpd((host, port), make_handler(self._serve))
        else:  # a socket already listening, handed over by the console (gui.sandbox.process)
            self._httpd = Httpd(listen_socket.getsockname()[:2], make_handler(self._serve), bind_and_activate=False)
            self._httpd.socket.close()
            self._httpd.socket = listen_socket
            self._httpd.server_address = listen_socket.getsockname()[:2]
        self._threads: list[threading.Thread] = []

    # ----------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def apikey(self) -> str:
        """The apikey the sandbox accepts right now (the demo key unless changed)."""
        return self.state.apikey

    def start(self) -> SandboxServer:
        serve = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.5}, name="sandbox-http", daemon=True
        )
        serve.start()
        self._threads.append(serve)
        self.pushes.start()
        if self.state_file and self._autosave_seconds > 0:
            saver = threading.Thread(target=self._autosave, name="sandbox-autosave", daemon=True)
            saver.start()
            self._threads.append(saver)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.control.stall_release.set()  # stalled answers give up now
        self.pushes.stop()
        self._wake_and_shutdown()
        self._httpd.server_close()
        for t in self._threads:
            t.join(timeout=5)
        self._threads.clear()
        if self.state_file:
            self.save()

    def _wake_and_shutdown(self) -> None:
        """shutdown() waits for the serve loop's next poll; asking it to stop first and then
        poking the listening socket ends the loop at once (tests stop many servers)."""
        if self._threads:
            self._httpd._BaseServer__shutdown_request = True  # what shutdown() sets, early
            with contextlib.suppress(OSError):
                socket.create_connection(self._httpd.server_address[:2], timeout=1).close()
            self._httpd.shutdown()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------- python API
    def accepted_log(self) -> list:
        """Every accepted message so far (``AcceptedMessage``: sid, uid, mobile, text, time, ...)."""
        with self.state.lock:
            return list(self.state.accepted)

    def advance(self, seconds: float) -> None:
        """Move the clock and let time act at once (reviews, reports, replies, pushes due)."""
        self.clock.advance(seconds)
        self.tick()

    def tick(self) -> None:
        self.state.tick(self.clock.time())
        self.pushes.wake()

    def _background_tick(self) -> None:
        """The push thread lets time act while a push address is set (reports arrive unasked)."""
        s = self.state
        with s.lock:
            before = (len(s.pending_reports), len(s.pending_replies), len(s.status_queue), len(s.reply_queue))
            s.tick(self.clock.time())
            after = (len(s.pending_reports), len(s.pending_replies), len(s.status_queue), len(s.reply_queue))
        if after != before:
            self._dirty = True

    def mark_dirty(self) -> None:
        """The state changed: the autosave writes it."""
        self._dirty = True

    def push_log(self) -> list[dict]:
        """Every push attempt so far (gui.sandbox.pushes.Pusher.log)."""
        return self.pushes.log()

    def add_reply(self, mobile: str, text: str, extend: str | None = None):
        """A reply from ``mobile`` arriving now (in get_reply and pull_reply)."""
        with self.state.lock:
            self._dirty = True
            return self.state.add_reply(mobile, text, self.clock.time(), extend)

    def reset(self, demo: bool | None = None) -> None:
        """Back to a fresh account (with demo data unless ``demo=False``); knobs are kept,
        the apikey returns to the initial one."""
        fresh = SandboxState(self._initial_apikey, self.clock, self.control)
        if self._demo if demo is None else demo:
            from gui.sandbox.demo import populate

            populate(fresh, self.clock.time())
        with self.state.lock:
            for name, value in vars(fresh).items():
                if name not in ("lock", "pushes"):
                    setattr(self.state, name, value)
            self.pushes.clear()
            self._dirty = True

    def save(self, path: str | os.PathLike | None = None) -> None:
        target = os.fspath(path) if path is not None else self.state_file
        if not target:
            raise ValueError("no state file given")
        self.state.save(target)
        self._dirty = False

    def summary(self) -> dict:
        with self.state.lock:
            s = self.state
            return {
                "now": to_wire(self.clock.time()),
                "balance": str(s.account["balance"]),
                "templates": len(s.templates),
                "records": len(s.records),
                "replies": len(s.replies),
                "accepted": len(s.accepted),
                "pending_reports": len(s.pending_reports),
                "status_queue": len(s.status_queue),
                "reply_queue": len(s.reply_queue),
                "pushes_pending": self.pushes.pending(),
                "signatures": list(s.signatures),
                "next_sid": s.next_sid,
            }

    def _autosave(self) -> None:
        while not self._stopping.wait(self._autosave_seconds):
            if self._dirty:
                try:
                    self.save()
                except OSError:
                    log.exception("sandbox autosave failed")
