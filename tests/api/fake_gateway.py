"""A tiny HTTP gateway with canned answers, for the client's transport and parsing edge cases.

Not the sandbox: it knows nothing of the provider's rules. It answers each endpoint with
what a test queued (JSON, raw bytes such as an HTML 502 page, an empty body, a slow
answer, a connection reset) and records every request it received, so a test can check
what went over the wire.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Canned:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json;charset=utf-8"
    delay: float = 0.0  # seconds before answering (after reading the request)
    reset: bool = False  # close the connection with a TCP RST instead of answering


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    raw_body: bytes
    form: dict[str, list[str]] = field(default_factory=dict)
    peer: tuple = ()  # the client's (host, port): the same port means a reused connection

    def one(self, key: str) -> str | None:
        values = self.form.get(key)
        return values[0] if values else None


class FakeGateway:
    def __init__(self) -> None:
        self._queues: dict[str, deque[Canned]] = defaultdict(deque)
        self._defaults: dict[str, Canned] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.received: list[Received] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, like the real gateway

            def log_message(self, *args):
                pass

            def do_GET(self):
                gateway._answer(self, b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                gateway._answer(self, self.rfile.read(length))

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ control
    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeGateway:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="fake-gateway", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def queue(
        self,
        endpoint: str,
        body=None,
        *,
        status: int = 200,
        raw: bytes | None = None,
        content_type: str = "application/json;charset=utf-8",
        delay: float = 0.0,
        reset: bool = False,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``endpoint`` ("sms/single_send") with this."""
        canned = self._canned(body, status, raw, content_type, delay, reset)
        with self._lock:
            self._queues[endpoint].extend([canned] * times)

    def always(
        self,
        endpoint: str,
        body=None,
        *,
        status: int = 200,
        raw: bytes | None = None,
        content_type: str = "application/json;charset=utf-8",
    ) -> None:
        """Answer ``endpoint`` with this whenever nothing is queued."""
        with self._lock:
            self._defaults[endpoint] = self._canned(body, status, raw, content_type, 0.0, False)

    def calls(self, endpoint: str) -> list[Received]:
        return [r for r in self.received if r.path == f"/v2/{endpoint}.json"]

    @staticmethod
    def _canned(body, status, raw, content_type, delay, reset) -> Canned:
        if raw is None:
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else b""
        return Canned(status, raw, content_type, delay, reset)

    # ------------------------------------------------------------------ serving
    def _answer(self, handler: BaseHTTPRequestHandler, raw_body: bytes) -> None:
        path = handler.path
        form = parse_qs(raw_body.decode("ascii", errors="replace"), keep_blank_values=True, encoding="utf-8")
        self.received.append(
            Received(path, dict(handler.headers.items()), raw_body, form, tuple(handler.client_address))
        )
        endpoint = path.removeprefix("/v2/").removesuffix(".json")
        with self._lock:
            queue = self._queues.get(endpoint)
            canned = queue.popleft() if queue else self._defaults.get(endpoint)
        if canned is None:
            canned = Canned(404, b"<html><body>404 no canned answer</body></html>", "text/html")
        if canned.delay:
            self._stopping.wait(canned.delay)
        if canned.reset:
            sock = handler.connection
            # SO_LINGER with a zero timeout turns close() into a TCP RST.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            sock.close()
            return
        try:
            handler.send_response(canned.status)
            handler.send_header("Content-Type", canned.content_type)
            handler.send_header("Content-Length", str(len(canned.body)))
            handler.end_headers()
            handler.wfile.write(canned.body)
        except OSError:
            pass  # the client gave up (timeout) and closed its end
