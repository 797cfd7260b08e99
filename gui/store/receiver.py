"""Optional push receiver: a small local HTTP server for the provider's callback_url pushes (no Qt).

The provider POSTs ``application/x-www-form-urlencoded`` bodies to the callback_url:

- ``sms_status`` = a JSON array of up to 500 status reports;
- ``sms_reply``  = one JSON reply object carrying ``_sign`` (md5 of its other values in
  key order and the apikey, ``gui.api.texts.reply_sign``).

The receiver answers ``SUCCESS`` only **after** the pushed data is committed to the
store; any other answer makes the provider push again later (3 times for reports,
5 for replies), and storing is idempotent (reports by sid, replies by id), so a repeat
is harmless. A push that is malformed, too large, on the wrong path, or a reply whose
``_sign`` does not verify is answered 4xx, logged (reason and peer, never the apikey or
the payload) and never stored.

A replayed push — one whose every report (by sid) and reply (by id) this receiver stored
more than ``REPLAY_WINDOW_S`` ago, longer than the provider keeps retrying (reports 3 × 5
min, replies 5 × 1 min) — is answered 409 and logged: a genuine retry of a push whose
answer got lost comes within the window and is answered SUCCESS (storing nothing twice).
The memory of stored items is this receiver's (it starts empty, at most ``SEEN_MAX`` items).

Reports carry no signature in the provider's protocol: anyone who can reach the port can
post one. Bind to the address the provider reaches and put a secret in the path
(``path="/push/<random>"``, the same path in the callback_url) — the receiver answers
404 to every other path.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

from gui.api.errors import SmsApiException
from gui.api.models import Reply, StatusReport
from gui.api.parsers import parse_reply, parse_status_reports
from gui.api.texts import verify_reply_sign

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 2**20  # 500 reports are ~100 KB; anything far larger is not the provider
MAX_REPORTS_PER_PUSH = 500
ANSWER_OK = b"SUCCESS"
REPLAY_WINDOW_S = 30 * 60.0  # the provider's last retry of a report comes 15 min after the first push
SEEN_MAX = 200_000

JsonObject = dict[str, Any]  # a decoded JSON object (a pushed reply's payload)


class PushRejected(Exception):
    """A push that must not be stored; ``status`` is the HTTP answer."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class ReceiverStats:
    reports_stored: int = 0
    replies_stored: int = 0
    accepted: int = 0
    rejected: int = 0
    failed: int = 0  # well-formed, but the store failed: the provider will retry
    last_rejection: str = ""


def _json_field(value: str) -> Any:  # any JSON value: the callers check its shape
    """The field's JSON; a value url-encoded once more than the form needs is decoded again."""
    text = value.strip()
    if text[:1] not in ("[", "{"):
        text = unquote(text).strip()
    try:
        return json.loads(text)
    except ValueError as exc:
        raise PushRejected(400, f"not JSON ({exc.__class__.__name__})") from None


def parse_push(body: bytes) -> tuple[list[StatusReport], list[JsonObject]]:
    """(reports, raw reply payloads) of a push body; raises PushRejected when malformed."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PushRejected(400, "body is not UTF-8") from None
    fields = parse_qs(text, keep_blank_values=True, strict_parsing=False)
    if not fields.get("sms_status") and not fields.get("sms_reply"):
        raise PushRejected(400, "neither sms_status nor sms_reply in the form")
    reports: list[StatusReport] = []
    for value in fields.get("sms_status", []):
        data = _json_field(value)
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list) or not data:
            raise PushRejected(400, "sms_status is not a non-empty JSON array")
        if len(data) > MAX_REPORTS_PER_PUSH:
            raise PushRejected(400, f"sms_status holds {len(data)} reports (at most {MAX_REPORTS_PER_PUSH})")
        try:
            parsed = parse_status_reports(data)
        except (SmsApiException, ValueError, TypeError) as exc:
            raise PushRejected(400, f"sms_status item malformed ({exc.__class__.__name__})") from None
        if any(r.sid <= 0 for r in parsed):
            raise PushRejected(400, "sms_status item without a valid sid")
        reports.extend(parsed)
    replies: list[JsonObject] = []
    for value in fields.get("sms_reply", []):
        data = _json_field(value)
        if not isinstance(data, dict):
            raise PushRejected(400, "sms_reply is not a JSON object")
        replies.append(data)
    return reports, replies


class PushReceiver:
    """``PushReceiver(service.store_pushed, apikey_getter, port=8090, path="/push/s3cret").start()``.

    ``store_pushed`` commits a push to the profile's store (``PullService.store_pushed``);
    ``apikey_getter()`` the profile's apikey (read at each push, never kept in a log or an
    answer)."""

    def __init__(
        self,
        store_pushed: Callable[[list[StatusReport], list[Reply]], tuple[int, int]],
        apikey_getter: Callable[[], str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        path: str = "/",
        on_stored: Callable[[int, int], None] | None = None,
        verify_reply: Callable[[JsonObject], bool] | None = None,
    ) -> None:
        """``store_pushed(reports, replies) -> (new reports, new replies)`` commits or raises:
        ``PullService.store_pushed``, the profile's one way into the store for pulled and
        pushed items. Give ``apikey_getter`` or ``verify_reply`` (payload -> sign is right),
        e.g. ``AppContext.verify_reply_sign``, which keeps the apikey to itself."""
        if verify_reply is None:
            if apikey_getter is None:
                raise ValueError("PushReceiver needs apikey_getter or verify_reply")

            def verify_reply(payload: JsonObject) -> bool:
                apikey = apikey_getter()
                return bool(apikey) and verify_reply_sign(payload, apikey)

        self.store_pushed = store_pushed
        self.verify_reply = verify_reply
        self.path = "/" + path.strip("/") if path.strip("/") else "/"
        self.on_stored = on_stored
        self.stats = ReceiverStats()
        self.replay_window_s = REPLAY_WINDOW_S
        self._seen: OrderedDict[Hashable, float] = OrderedDict()  # item key -> when first stored (monotonic)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self._server.server_address[0]
        if isinstance(host, bytes):  # only for AF_UNIX, which this server never binds
            host = host.decode()
        return f"http://{host}:{self.port}{self.path}"

    def start(self) -> PushReceiver:
        self._thread = threading.Thread(target=self._server.serve_forever, name="push-receiver", daemon=True)
        self._thread.start()
        log.info("push receiver listening on %s", self.url)
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    # --- handling (any thread) ---------------------------------------------------------
    def handle(self, path: str, body: bytes) -> tuple[int, bytes]:
        """(HTTP status, answer body) for one POST; commits before answering SUCCESS."""
        try:
            if path.split("?", 1)[0].rstrip("/") != self.path.rstrip("/"):
                raise PushRejected(404, "unknown path")
            reports, reply_payloads = parse_push(body)
            replies: list[Reply] = []
            for payload in reply_payloads:
                if not self.verify_reply(payload):
                    raise PushRejected(403, "reply _sign does not verify")
                try:
                    replies.append(parse_reply(payload))
                except (SmsApiException, ValueError, TypeError) as exc:
                    raise PushRejected(400, f"sms_reply malformed ({exc.__class__.__name__})") from None
            keys = [("status", report.sid) for report in reports] + [("reply", reply.id) for reply in replies]
            if self._replayed(keys):
                raise PushRejected(
                    409, f"replayed push ({len(keys)} item(s) stored over {self.replay_window_s:.0f} s ago)"
                )
        except PushRejected as rejected:
            with self._lock:
                self.stats.rejected += 1
                self.stats.last_rejection = rejected.reason
            log.warning("push rejected (%d): %s", rejected.status, rejected.reason)
            return rejected.status, b"FAIL"
        try:
            new_reports, new_replies = self.store_pushed(reports, replies)  # committed when it returns
        except Exception:
            log.exception("push not stored; answering 500 so that the provider retries")
            with self._lock:
                self.stats.failed += 1
            return 500, b"FAIL"
        with self._lock:
            self.stats.accepted += 1
            self.stats.reports_stored += new_reports
            self.stats.replies_stored += new_replies
            self._remember(keys)
        if self.on_stored is not None:
            try:
                self.on_stored(len(reports), len(replies))
            except Exception:
                log.exception("push receiver listener failed")
        return 200, ANSWER_OK

    def _replayed(self, keys: list[tuple[str, Any]]) -> bool:
        """Whether every item was stored here longer ago than the provider retries."""
        if not keys or any(key[1] is None for key in keys):
            return False
        oldest_retry = time.monotonic() - self.replay_window_s
        with self._lock:
            return all(self._seen.get(key, oldest_retry) < oldest_retry for key in keys)

    def _remember(self, keys: list[tuple[str, Any]]) -> None:
        """Note when ``keys`` were first stored (under ``_lock``)."""
        now = time.monotonic()
        for key in keys:
            if key[1] is not None and key not in self._seen:
                self._seen[key] = now
        while len(self._seen) > SEEN_MAX:
            self._seen.popitem(last=False)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "sms-console-push/1"
            # A client that connects and then stalls must not hold a thread for ever.
            timeout = 30

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("push %s: " + format, self.client_address[0], *args)

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length_text = self.headers.get("Content-Length")
                try:
                    length = int(length_text) if length_text is not None else -1
                except ValueError:
                    length = -1
                if length < 0:
                    receiver._count_rejection("no Content-Length")
                    self._answer(411, b"FAIL")
                    return
                if length > MAX_BODY_BYTES:
                    receiver._count_rejection(f"body of {length} bytes")
                    self.close_connection = True
                    self._answer(413, b"FAIL")
                    return
                body = self.rfile.read(length)
                status, answer = receiver.handle(self.path, body)
                self._answer(status, answer)

            def do_GET(self) -> None:
                self._answer(405, b"FAIL")

        return Handler

    def _count_rejection(self, reason: str) -> None:
        with self._lock:
            self.stats.rejected += 1
            self.stats.last_rejection = reason
        log.warning("push rejected: %s", reason)
