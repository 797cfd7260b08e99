"""The sandbox gateway's HTTP plumbing: the threading server, its request handler, and the ways an
answer leaves (JSON, an nginx-style HTML error page, a dropped connection). What a request gets
is decided in ``gui.sandbox.routing``."""

from __future__ import annotations

import json
import socket
import struct
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_HTML_ERROR = """<html>
<head><title>{status} {reason}</title></head>
<body>
<center><h1>{status} {reason}</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway"}
NOT_FOUND_PAGE = b"<html><body><h1>404 Not Found</h1></body></html>"


class Httpd(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    # An AF_INET server: server_bind() stores getsockname(), a (host, port) of str and int.
    server_address: tuple[str, int]
    # socketserver's private stop flag (BaseServer.__shutdown_request), which
    # SandboxServer._wake_and_shutdown sets early.
    _BaseServer__shutdown_request: bool


def make_handler(serve: Callable[[BaseHTTPRequestHandler, str], None]) -> type[BaseHTTPRequestHandler]:
    """A handler class whose requests go to ``serve(handler, method)``."""

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
            serve(self, "POST")

        def do_GET(self) -> None:
            serve(self, "GET")

    return Handler


def send(handler, status: int, body: bytes, content_type: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()


def send_json(handler, status: int, payload) -> None:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    send(handler, status, body, "application/json;charset=utf-8")


def send_html_error(handler, status: int) -> None:
    body = _HTML_ERROR.format(status=status, reason=_REASONS[status]).encode()
    send(handler, status, body, "text/html")


def drop_connection(handler, reset: bool) -> None:
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


def read_body(handler) -> bytes:
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length > 0 else b""
