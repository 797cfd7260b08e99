"""The sandbox gateway's request routing: which requests reach the provider's endpoints
(``handlers.py``) or the control API (``control_api.py``), the faults the knobs inject on the
way (``faults.py``), and the request log (plain Python; the HTTP plumbing is ``httpd.py``)."""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from gui.sandbox.clock import to_wire
from gui.sandbox.faults import SEND_ENDPOINTS
from gui.sandbox.httpd import NOT_FOUND_PAGE, drop_connection, read_body, send, send_html_error, send_json
from gui.sandbox.rules import ApiFault, parse_form

if TYPE_CHECKING:
    from gui.sandbox.clock import SandboxClock
    from gui.sandbox.control_api import ControlApi
    from gui.sandbox.faults import Control
    from gui.sandbox.handlers import SandboxApi


class RequestRouting:
    """``SandboxServer``'s answers to HTTP requests, and its request log. Its state (``control``,
    ``api``, ``controls``, ``clock``, the request log and its lock) is the server's."""

    clock: SandboxClock
    control: Control
    api: SandboxApi
    controls: ControlApi
    _requests: deque[dict]
    _requests_lock: threading.Lock
    _dirty: bool

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

    def _serve(self, handler, method: str) -> None:
        parts = urlsplit(handler.path)
        path = parts.path
        body = read_body(handler)
        if path.startswith("/_sandbox/") or path == "/_sandbox":
            send_json(handler, *self.controls.answer(method, path, parts.query, body))
            return
        if not (path.startswith("/v2/") and path.endswith(".json")):
            send(handler, 404, NOT_FOUND_PAGE, "text/html")
            return
        endpoint = path[len("/v2/") : -len(".json")]
        if endpoint not in self.api.routes:
            send(handler, 404, NOT_FOUND_PAGE, "text/html")
            return
        self._serve_api(handler, method, endpoint, parts.query, body)

    def _serve_api(self, handler, method: str, endpoint: str, query: str, body: bytes) -> None:
        control = self.control
        faulty = control.applies_to(endpoint)
        if faulty and control.rate_limited():
            self._log_request(endpoint, 400, -5, "rate_limit")
            send_json(handler, 400, ApiFault(-5).body())
            return
        if faulty and control.latency_ms:
            control.stall_release.wait(control.latency_ms / 1000)
        if faulty and control.take_connection_reset():
            self._log_request(endpoint, None, None, "connection_reset")
            drop_connection(handler, reset=True)
            return
        html_after = control.html_error_after_processing
        if faulty and not html_after and control.take_html_error():
            status = control.take_html_status()
            self._log_request(endpoint, status, None, "html_error")
            send_html_error(handler, status)
            return
        forced = control.take_api_error() if faulty else None
        if forced is not None:
            self._log_request(endpoint, 400, forced, "api_error")
            send_json(handler, 400, ApiFault(forced).body())
            return
        if method != "POST":
            self._log_request(endpoint, 400, 11, None)
            send_json(handler, 400, ApiFault(11).body())
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._log_request(endpoint, 400, 14, None)
            send_json(handler, 400, ApiFault(14, "请求内容必须是 UTF-8 编码").body())
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
            drop_connection(handler, reset=False)
            return
        if faulty and html_after and control.take_html_error():
            status = control.take_html_status()
            self._log_request(endpoint, status, code, "html_error_after_processing", params)
            send_html_error(handler, status)
            return
        self._log_request(endpoint, status, code, None, params)
        send_json(handler, status, payload)


def _loggable(endpoint: str, params: dict | None) -> dict:
    """What the request log keeps of a call's fields: never the apikey, and not a send's numbers
    and texts (a multi_send carries a thousand of each; the log holds thousands of calls)."""
    if not params:
        return {}
    dropped = {"apikey", "mobile", "text"} if endpoint in SEND_ENDPOINTS else {"apikey"}
    return {k: v for k, v in params.items() if k not in dropped}
