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
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import struct
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from gui.sandbox.clock import SandboxClock, to_wire
from gui.sandbox.control_api import ControlApi
from gui.sandbox.faults import SEND_ENDPOINTS, Control
from gui.sandbox.handlers import SandboxApi
from gui.sandbox.pushes import Pusher
from gui.sandbox.rules import ApiFault, parse_form
from gui.sandbox.state import SandboxState

log = logging.getLogger(__name__)

DEMO_APIKEY = "9f2c5e7a1b3d4f6081a2c3e4d5f60718"

_HTML_ERROR = """<html>
<head><title>{status} {reason}</title></head>
<body>
<center><h1>{status} {reason}</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway"}


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    # An AF_INET server: server_bind() stores getsockname(), a (host, port) of str and int.
    server_address: tuple[str, int]
    # socketserver's private stop flag (BaseServer.__shutdown_request), which
    # SandboxServer._wake_and_shutdown sets early.
    _BaseServer__shutdown_request: bool


class SandboxServer:
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
        self._httpd = _Httpd((host, port), self._make_handler())
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

    def requests_log(self) -> list[dict]:
        """Recent calls: {"endpoint", "http_status", "code", "fault", "time", "params"} (never the apikey).

        ``params`` are the request's form fields once it was read (``{}`` before that): all of
        them for reads (get_record's window, page and mobile), only the small ones for sends."""
        with self._requests_lock:
            return list(self._requests)

    def call_count(self, endpoint: str | None = None) -> int:
        """How many calls reached ``endpoint`` ("sms/single_send"), or any /v2 endpoint."""
        with self._requests_lock:
            return sum(1 for r in self._requests if endpoint is None or r["endpoint"] == endpoint)

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

    def _log_request(
        self, endpoint: str, http_status: int | None, code, fault: str | None, params: dict | None = None
    ) -> None:
        with self._requests_lock:
            self._requests.append(
                {
                    "endpoint": endpoint,
                    "http_status": http_status,
                    "code": code,
                    "fault": fault,
                    "time": to_wire(self.clock.time()),
                    "params": _loggable(endpoint, params),
                }
            )

    # ----------------------------------------------------------------- HTTP
    def _make_handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "nginx"
            sys_version = ""
            timeout = 120  # idle keep-alive connections end eventually
            # Headers and body leave in one segment, without Nagle: otherwise every answer
            # waits ~40 ms for the client's delayed ACK.
            disable_nagle_algorithm = True
            wbufsize = 1 << 16

            def log_message(self, *args) -> None:  # requests carry the apikey: never log them
                pass

            def do_POST(self) -> None:
                server._serve(self, "POST")

            def do_GET(self) -> None:
                server._serve(self, "GET")

        return Handler

    @staticmethod
    def _send(handler, status: int, body: bytes, content_type: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()

    def _send_json(self, handler, status: int, payload) -> None:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(handler, status, body, "application/json;charset=utf-8")

    def _send_html_error(self, handler, status: int) -> None:
        body = _HTML_ERROR.format(status=status, reason=_REASONS[status]).encode()
        self._send(handler, status, body, "text/html")

    @staticmethod
    def _drop_connection(handler, reset: bool) -> None:
        """End the connection without an answer: an RST (reset) or a plain close."""
        handler.close_connection = True
        try:
            if reset:
                handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                handler.connection.shutdown(socket.SHUT_RDWR)
            handler.connection.close()
        except OSError:
            pass

    def _read_body(self, handler) -> bytes:
        length = int(handler.headers.get("Content-Length") or 0)
        return handler.rfile.read(length) if length > 0 else b""

    def _serve(self, handler, method: str) -> None:
        parts = urlsplit(handler.path)
        path = parts.path
        body = self._read_body(handler)
        if path.startswith("/_sandbox/") or path == "/_sandbox":
            self._send_json(handler, *self.controls.answer(method, path, parts.query, body))
            return
        if not (path.startswith("/v2/") and path.endswith(".json")):
            self._send(handler, 404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
            return
        endpoint = path[len("/v2/") : -len(".json")]
        if endpoint not in self.api.routes:
            self._send(handler, 404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
            return
        self._serve_api(handler, method, endpoint, parts.query, body)

    def _serve_api(self, handler, method: str, endpoint: str, query: str, body: bytes) -> None:
        control = self.control
        faulty = control.applies_to(endpoint)
        if faulty and control.rate_limited():
            self._log_request(endpoint, 400, -5, "rate_limit")
            self._send_json(handler, 400, ApiFault(-5).body())
            return
        if faulty and control.latency_ms:
            control.stall_release.wait(control.latency_ms / 1000)
        if faulty and control.take_connection_reset():
            self._log_request(endpoint, None, None, "connection_reset")
            self._drop_connection(handler, reset=True)
            return
        html_after = control.html_error_after_processing
        if faulty and not html_after and control.take_html_error():
            status = control.take_html_status()
            self._log_request(endpoint, status, None, "html_error")
            self._send_html_error(handler, status)
            return
        forced = control.take_api_error() if faulty else None
        if forced is not None:
            self._log_request(endpoint, 400, forced, "api_error")
            self._send_json(handler, 400, ApiFault(forced).body())
            return
        if method != "POST":
            self._log_request(endpoint, 400, 11, None)
            self._send_json(handler, 400, ApiFault(11).body())
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._log_request(endpoint, 400, 14, None)
            self._send_json(handler, 400, ApiFault(14, "请求内容必须是 UTF-8 编码").body())
            return
        # parse_qs's result (first value of each field), several times faster on multi_send's big bodies.
        params = parse_form(query)
        params.update(parse_form(text))

        status, payload = self.api.handle(endpoint, params)
        self._dirty = True
        code = payload.get("code", 0) if isinstance(payload, dict) else 0

        if faulty and control.take_timeout_after_processing(endpoint):
            # Processed and committed; the caller never hears about it (the in-doubt case).
            self._log_request(endpoint, None, code, "timeout_after_processing", params)
            if control.timeout_mode == "stall":
                control.stall_release.wait(control.stall_seconds)
            self._drop_connection(handler, reset=False)
            return
        if faulty and html_after and control.take_html_error():
            status = control.take_html_status()
            self._log_request(endpoint, status, code, "html_error_after_processing", params)
            self._send_html_error(handler, status)
            return
        self._log_request(endpoint, status, code, None, params)
        self._send_json(handler, status, payload)


def _loggable(endpoint: str, params: dict | None) -> dict:
    """What the request log keeps of a call's fields: never the apikey, and not a send's numbers
    and texts (a multi_send carries a thousand of each; the log holds thousands of calls)."""
    if not params:
        return {}
    dropped = {"apikey", "mobile", "text"} if endpoint in SEND_ENDPOINTS else {"apikey"}
    return {k: v for k, v in params.items() if k not in dropped}
