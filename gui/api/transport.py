"""The provider's HTTP API: the client's sessions, its one request path and its error mapping
(plain Python, no Qt). The endpoints are ``gui.api.client.SmsClient``'s methods.

Thread safety: a bounded pool of ``requests.Session`` objects (``gui.api.sessions``), one
lent to each request and given back after it (a shared Session is not thread-safe), each
keeping its connection alive for the next request. Retry policy:

- sends (single_send, batch_send, multi_send): never retried; a transport failure or an
  unreadable answer raises ``SendInDoubt``;
- pulls (pull_status, pull_reply): never retried, the server deletes what it returned;
- writes (tpl_add, tpl_del, tpl_update, user_set): never retried;
- reads (get_reply, get_record, get_black_word, tpl_get, tpl_get_default, user_get):
  retried on transport failures, 5xx/unreadable answers and codes -50/-51, with a
  bounded backoff.

The apikey never appears in an exception: requests' exceptions are replaced by our own,
built from a description that is scrubbed of the key.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlencode

import requests
from requests.adapters import HTTPAdapter

from gui.api import parsers
from gui.api.errors import (
    ADVANCED_ENDPOINTS,
    ApiError,
    LimitError,
    SendInDoubt,
    TransportError,
    UnreadableResponse,
    redact,
)
from gui.api.sessions import SessionPool

log = logging.getLogger("gui.api.client")  # one logger for the whole client

DEFAULT_BASE_URL = "http://sms.haotingyun.com"

CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
ACCEPT = "application/json;charset=utf-8"

# Call kinds and their retry policy.
SEND, PULL, WRITE, READ = "send", "pull", "write", "read"

# requests' timeout: seconds for the whole request, or (connect, read).
Timeout = float | tuple[float, float]

T = TypeVar("T")


class FormEncoded(str):
    """A form value already percent-encoded for the request body: sent as it is."""


class ClientTransport:
    """One account on one gateway: the request path every endpoint of ``SmsClient`` takes.
    Safe to share between worker threads."""

    def __init__(
        self,
        apikey: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: Timeout = (10, 30),
        session: requests.Session | None = None,
        *,
        read_attempts: int = 3,
        retry_delays: Sequence[float] = (0.5, 1.5),
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = "sms-console",
        max_sessions: int = 4,
    ) -> None:
        """``session``: a Session to use from every thread instead of the pool's (tests);
        ``read_attempts``: tries for read-only calls; ``retry_delays``: the pauses between them;
        ``max_sessions``: Sessions kept for reuse, one per request running at once (the console
        passes its worker count, gui.workers.MAX_THREADS; the command-line tool its
        ``--max-in-flight``)."""
        self._apikey = apikey
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self._shared_session = session
        self._sessions = SessionPool(self._new_session, max_sessions)
        self.read_attempts = max(1, int(read_attempts))
        self.retry_delays = tuple(retry_delays)
        self._sleep = sleep
        self._user_agent = user_agent

    def __repr__(self) -> str:  # never the apikey
        return f"SmsClient(base_url={self.base_url!r})"

    # ------------------------------------------------------------------ sessions
    def _new_session(self) -> requests.Session:
        session = requests.Session()
        # max_retries=0: urllib3 must never resend a request behind our back (a send!).
        # One request at a time per Session: one kept-alive connection is all it needs.
        adapter = HTTPAdapter(max_retries=0, pool_connections=1, pool_maxsize=1)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"Accept": ACCEPT, "Content-Type": CONTENT_TYPE, "User-Agent": self._user_agent})
        return session

    @contextmanager
    def _lend_session(self) -> Iterator[requests.Session]:
        """A Session for one request (the shared one when the caller gave one)."""
        if self._shared_session is not None:
            yield self._shared_session
            return
        with self._sessions.lend() as session:
            yield session

    def open_sessions(self) -> int:
        """Sessions this client holds open right now (kept for reuse or on a request)."""
        return self._sessions.open_sessions()

    def close(self) -> None:
        """Close every Session: the idle ones now, one still on a request when it returns. A late
        call still works, on a Session of its own closed after it (nothing is kept any more)."""
        self._sessions.close()

    # ------------------------------------------------------------------ transport
    def _post_once(self, endpoint: str, params: dict[str, Any]) -> tuple[int, bytes]:
        form = {"apikey": self._apikey}
        form.update({k: v for k, v in params.items() if v is not None and not isinstance(v, FormEncoded)})
        encoded = urlencode(form, encoding="utf-8")
        # Values already encoded for the body (multi_send's texts) go in as they are.
        extra = "".join(f"&{k}={v}" for k, v in params.items() if isinstance(v, FormEncoded))
        body = (encoded + extra).encode("ascii")
        url = f"{self.base_url}/v2/{endpoint}.json"
        failure: TransportError | None = None
        try:
            with self._lend_session() as session:
                response = session.post(
                    url,
                    data=body,
                    timeout=self.timeout,
                    headers={"Accept": ACCEPT, "Content-Type": CONTENT_TYPE},
                    allow_redirects=False,
                )
                # read the whole body before the Session (and its connection) goes back
                return response.status_code, response.content
        except requests.exceptions.ConnectTimeout as exc:
            failure = self._transport(endpoint, "connect_timeout", exc, request_sent=False)
        except requests.exceptions.Timeout as exc:
            failure = self._transport(endpoint, "timeout", exc, request_sent=True)
        except requests.exceptions.ConnectionError as exc:
            failure = self._transport(endpoint, "connection", exc, request_sent=_maybe_sent(exc))
        except requests.exceptions.RequestException as exc:
            failure = self._transport(endpoint, "transport", exc, request_sent=None)
        # Raised outside the except blocks so that neither __cause__ nor __context__ holds the
        # requests exception (it references the prepared request, whose body has the apikey).
        raise failure

    def _transport(self, endpoint: str, kind: str, exc: BaseException, request_sent: bool | None) -> TransportError:
        # Our own message: requests' exceptions may hold the request and with it the form body.
        text = redact(f"{type(exc).__name__}: {exc}", self._apikey)[:400]
        return TransportError(endpoint, kind, text, request_sent)

    def _decode(self, endpoint: str, status: int, content: bytes) -> Any:
        import json

        text = content.decode("utf-8-sig", errors="replace").strip()
        excerpt = redact(text[:200], self._apikey)
        if not text:
            raise UnreadableResponse(endpoint, "empty", "empty body", status, "")
        try:
            body = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested thousands deep
            reason = "http_error" if status >= 500 else "not_json"
            raise UnreadableResponse(endpoint, reason, "not JSON", status, excerpt) from None
        error = parsers.error_from_body(body, status, endpoint)
        if error is not None:
            error.msg = redact(error.msg, self._apikey)
            error.detail = redact(error.detail, self._apikey)
            error.args = (error.code, error.msg, error.detail, error.http_status, endpoint)
            raise error
        if status >= 400:
            # An HTTP error without an error code is not the provider's API talking.
            raise UnreadableResponse(endpoint, "http_error", "HTTP error without an error code", status, excerpt)
        return body

    def _call(
        self,
        endpoint: str,
        params: dict[str, Any],
        kind: str,
        parse: parsers.Parser[T],
        advanced: str | None = None,
    ) -> T:
        # Every text value must be UTF-8-encodable; a lone surrogate would otherwise raise
        # UnicodeEncodeError while the body is built. Refused before anything leaves.
        for value in params.values():
            if isinstance(value, str) and not isinstance(value, FormEncoded) and not encodable(value):
                raise LimitError("invalid_characters")
        attempts = self.read_attempts if kind == READ else 1
        for attempt in range(1, attempts + 1):
            try:
                status, content = self._post_once(endpoint, params)
                body = self._decode(endpoint, status, content)
                try:
                    return parse(body, endpoint)
                except UnreadableResponse as exc:
                    exc.http_status = status
                    # The parser quotes the offending value, which may be an echo of the request.
                    exc.message = redact(exc.message, self._apikey)
                    exc.args = (exc.endpoint, exc.reason, exc.message, status)
                    raise
            except ApiError as exc:
                if advanced is None and endpoint in ADVANCED_ENDPOINTS:
                    advanced = endpoint.split("/", 1)[1]
                exc.advanced_feature = advanced
                if kind == READ and exc.retryable and attempt < attempts:
                    self._backoff(endpoint, attempt, exc)
                    continue
                raise
            except (TransportError, UnreadableResponse) as exc:
                if kind == SEND:
                    raise SendInDoubt(endpoint, exc) from None
                # A body of the wrong shape will not change on a second try; the rest may.
                retry = isinstance(exc, TransportError) or exc.reason != "wrong_shape"
                if kind == READ and retry and attempt < attempts:
                    self._backoff(endpoint, attempt, exc)
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, endpoint: str, attempt: int, exc: BaseException) -> None:
        delay = self.retry_delays[min(attempt - 1, len(self.retry_delays) - 1)] if self.retry_delays else 0
        log.info("%s: attempt %d failed (%s), retrying in %.1fs", endpoint, attempt, exc, delay)
        if delay > 0:
            self._sleep(delay)


def encodable(text: str) -> bool:
    """False for a text UTF-8 cannot encode (a lone surrogate such as "\\ud800")."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _maybe_sent(exc: requests.exceptions.ConnectionError) -> bool | None:
    """False when the connection could not be opened (nothing left the machine)."""
    import urllib3.exceptions

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (urllib3.exceptions.NewConnectionError, ConnectionRefusedError)):
            return False
        if isinstance(current, urllib3.exceptions.MaxRetryError):
            current = current.reason
            continue
        nxt = current.args[0] if current.args and isinstance(current.args[0], BaseException) else None
        current = nxt or current.__cause__ or current.__context__
    return None
