"""Parser and body fuzzing: whatever bytes come back, the client answers with a typed result,
an ApiError, an UnreadableResponse, or — for the three send endpoints — SendInDoubt.

Three layers:
1. every parser of gui.api.parsers on hypothesis-built JSON values that look like the
   provider's (its keys, with wrong types, missing keys, huge numbers, deep nesting);
2. raw bytes through a requests transport adapter into every client method (invalid
   UTF-8, BOMs, truncated JSON, HTML, empty bodies, 10 000-deep nesting, any HTTP status);
3. raw bytes as a whole HTTP response on a real socket (broken status lines, wrong
   lengths, bad chunking): transport trouble must be a TransportError / SendInDoubt too.

No exception anywhere may carry the apikey, even when the body echoes it.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from decimal import Decimal

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from gui.api import parsers
from gui.api.client import SmsClient
from gui.api.errors import ApiError, SendInDoubt, TransportError, UnreadableResponse
from gui.api.models import Account, BatchSendResult, Record, Reply, SendResult, StatusReport, Template

APIKEY = "fuzz-apikey-5b1e0c7d9a2f4e6b8d0c1a3e5f7b9d1c"
INT64 = (-(2**63), 2**63 - 1)

KEYS = [
    "code",
    "msg",
    "detail",
    "http_status_code",
    "count",
    "fee",
    "unit",
    "mobile",
    "sid",
    "data",
    "total_count",
    "total_fee",
    "uid",
    "user_receive_time",
    "error_msg",
    "error msg",
    "report_status",
    "error_detail",
    "id",
    "text",
    "reply_time",
    "extend",
    "base_extend",
    "_sign",
    "send_time",
    "send_status",
    "tpl_id",
    "tpl_content",
    "check_status",
    "reason",
    "reason ",
    "template",
    "nick",
    "gmt_created",
    "email",
    "ip_whitelist",
    "api_version",
    "balance",
    "alarm_balance",
    "emergency_contact",
    "emergency_mobile",
    "user",
    "black_word",
    "result",
    " sid ",
    "x",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**256), max_value=2**256)
    | st.sampled_from([0, 1, -1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "",
            " ",
            "0",
            "1.0",
            "1e400",
            "-0",
            "NaN",
            "Infinity",
            "3.310228964E9",
            "1" * 40,
            "SUCCESS",
            "FAIL",
            "2024-01-01 00:00:00",
            "【Demo】",
            APIKEY,
            f"apikey={APIKEY}",
            "\ud800" if False else "\u0000",
            "🙂",
            "𠀀",
        ]
    )
)

json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=8)
    ),
    max_leaves=25,
)

# Objects shaped like the provider's: its keys, each maybe missing, each of any type.
shaped_object = st.dictionaries(st.sampled_from(KEYS), scalars | json_values, max_size=10)
shaped = (
    shaped_object
    | st.lists(shaped_object, max_size=4)
    | st.fixed_dictionaries(
        {"data": st.lists(shaped_object, max_size=4)},
        optional={"total_count": scalars, "total_fee": scalars, "unit": scalars},
    )
    | st.fixed_dictionaries({"template": shaped_object | st.lists(shaped_object, max_size=3)})
    | st.fixed_dictionaries({"user": shaped_object})
    | json_values
)

PARSERS = {
    parsers.parse_send_result: SendResult,
    parsers.parse_batch_send: BatchSendResult,
    parsers.parse_status_reports: StatusReport,
    parsers.parse_replies: Reply,
    parsers.parse_reply: Reply,
    parsers.parse_records: Record,
    parsers.parse_black_words: str,
    parsers.parse_template: Template,
    parsers.parse_templates: Template,
    parsers.parse_account: Account,
}


def deep(n: int) -> list:
    value: list = []
    for _ in range(n):
        value = [value]
    return value


def check_typed(result, kind) -> None:
    """A typed result: the right class, every integer a signed 64-bit one (what the store keeps)."""
    items = result if isinstance(result, list) else [result]
    if isinstance(result, BatchSendResult):
        items = list(result.data)
        assert isinstance(result.total_fee, Decimal) and isinstance(result.total_count, int)
        kind = SendResult
    for item in items:
        assert isinstance(item, kind), (type(item), kind)
        for name in ("sid", "count", "code", "fee", "tpl_id"):
            value = getattr(item, name, None)
            if isinstance(value, int):
                assert INT64[0] <= value <= INT64[1], (name, value)
        for name in ("fee", "balance", "alarm_balance"):
            value = getattr(item, name, None)
            if isinstance(value, Decimal):  # finite, and short when written out (no "1e999999999")
                assert value.is_finite() and value.as_tuple().exponent >= -30 and value.adjusted() <= 30


def no_secret(exc: BaseException) -> None:
    for text in (
        str(exc),
        repr(exc),
        repr(exc.args),
        repr(getattr(exc, "cause", None)),
        getattr(exc, "excerpt", ""),
        getattr(exc, "message", "") or "",
    ):
        assert APIKEY not in str(text), (type(exc).__name__, text)


# ---------------------------------------------------------------- 1. parsers on values
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shaped)
def test_every_parser_gives_a_typed_result_or_unreadable_response(body):
    for parse, kind in PARSERS.items():
        try:
            result = parse(body, "x/y")
        except UnreadableResponse as exc:
            assert exc.endpoint == "x/y" and exc.reason == "wrong_shape"
        else:
            check_typed(result, kind)
    error = parsers.error_from_body(body, 400, "x/y")  # never raises
    assert error is None or (isinstance(error, ApiError) and error.code != 0)


@pytest.mark.parametrize(
    "body", [deep(5000), {"data": deep(5000)}, {"template": deep(3000)}, [{"sid": deep(3000), "mobile": "1"}]]
)
def test_parsers_survive_deep_nesting(body):
    for parse, kind in PARSERS.items():
        with contextlib.suppress(UnreadableResponse):
            check_typed(parse(body, "x/y"), kind)


@pytest.mark.parametrize("sid", [2**63, -(2**63) - 1, 10**30, "99999999999999999999999", 2**64])
def test_a_sid_beyond_64_bits_is_not_a_typed_result(sid):
    """The store keeps sids as SQLite INTEGER (signed 64-bit): a bigger one is not the provider's."""
    with pytest.raises(UnreadableResponse):
        parsers.parse_send_result({"code": 0, "sid": sid, "mobile": "13800138000", "count": 1, "fee": 0.05})


@pytest.mark.parametrize("amount", ["1e999999999", "0E-999999999", "-1e400"])
def test_an_amount_that_would_take_gigabytes_to_write_out_is_refused(amount):
    with pytest.raises(UnreadableResponse):
        parsers.parse_send_result({"code": 0, "sid": 1, "mobile": "13800138000", "count": 1, "fee": amount})
    with pytest.raises(UnreadableResponse):
        parsers.parse_account({"balance": amount})
    if amount != "0E-999999999":  # as a sid that one is plain 0
        with pytest.raises(UnreadableResponse):
            parsers.parse_send_result({"code": 0, "sid": amount, "mobile": "13800138000"})


# ---------------------------------------------------------------- 2. raw bytes into the client
class CannedAdapter(HTTPAdapter):
    """A transport that answers every request with the queued status and raw bytes."""

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        self.status = 200
        self.body = b""
        self.content_type = "application/json;charset=utf-8"

    def send(self, request, **kwargs):
        response = requests.Response()
        response.status_code = self.status
        response._content = self.body
        response.headers = CaseInsensitiveDict({"Content-Type": self.content_type})
        response.request = request
        response.url = request.url
        response.encoding = None
        return response


CALLS = {
    "single_send": (True, lambda c: c.single_send("13800138000", "【Demo】Your code is 1.")),
    "batch_send": (True, lambda c: c.batch_send(["13800138000", "13800138001"], "【Demo】Your code is 1.")),
    "multi_send": (True, lambda c: c.multi_send(["13800138000", "13800138001"], ["【Demo】a", "【Demo】b"])),
    "pull_status": (False, lambda c: c.pull_status(100)),
    "pull_reply": (False, lambda c: c.pull_reply(100)),
    "get_record": (False, lambda c: c.get_record("2024-01-01 00:00:00", "2024-01-02 00:00:00", 1, 100)),
    "get_reply": (False, lambda c: c.get_reply("2024-01-01 00:00:00", "2024-01-02 00:00:00", 1, 100)),
    "get_black_word": (False, lambda c: c.get_black_word("【Demo】发票")),
    "tpl_get": (False, lambda c: c.tpl_get()),
    "tpl_get_one": (False, lambda c: c.tpl_get(1000001)),
    "tpl_get_default": (False, lambda c: c.tpl_get_default()),
    "tpl_add": (False, lambda c: c.tpl_add("【Demo】#code#")),
    "tpl_update": (False, lambda c: c.tpl_update(1000001, "【Demo】#code#")),
    "tpl_del": (False, lambda c: c.tpl_del(1000001)),
    "user_get": (False, lambda c: c.user_get()),
    "user_set": (False, lambda c: c.user_set(alarm_balance=10)),
}


def call_and_check(client, name: str) -> None:
    is_send, call = CALLS[name]
    try:
        result = call(client)
    except ApiError as exc:
        assert exc.code != 0
        no_secret(exc)
    except SendInDoubt as exc:
        assert is_send, f"{name} is not a send"
        assert isinstance(exc.cause, (TransportError, UnreadableResponse))
        no_secret(exc)
    except UnreadableResponse as exc:
        assert not is_send, "a send with an unreadable answer must be in doubt"
        no_secret(exc)
    else:
        kinds = {
            "single_send": SendResult,
            "batch_send": BatchSendResult,
            "multi_send": BatchSendResult,
            "pull_status": StatusReport,
            "pull_reply": Reply,
            "get_record": Record,
            "get_reply": Reply,
            "get_black_word": str,
            "tpl_get": Template,
            "tpl_get_one": Template,
            "tpl_get_default": Template,
            "tpl_add": Template,
            "tpl_update": Template,
            "tpl_del": Template,
            "user_get": Account,
            "user_set": Account,
        }
        check_typed(result, kinds[name])


@pytest.fixture(scope="module")
def canned():
    adapter = CannedAdapter()
    session = requests.Session()
    session.mount("http://", adapter)
    client = SmsClient(
        APIKEY, "http://gateway.invalid", session=session, read_attempts=2, retry_delays=(0,), sleep=lambda s: None
    )
    yield client, adapter
    session.close()


def _mangle(data: bytes, cut: int, junk: bytes) -> bytes:
    cut = min(cut, len(data))
    return data[:cut] + junk + data[cut:]


raw_bodies = st.one_of(
    st.binary(max_size=300),
    shaped.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8")),
    shaped.map(lambda v: json.dumps(v).encode("utf-8")).flatmap(  # truncated, or with invalid UTF-8 inside
        lambda data: st.tuples(
            st.integers(0, len(data)),
            st.sampled_from([b"", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf"]),
        ).map(lambda t: _mangle(data, t[0], t[1]))
    ),
    st.sampled_from(
        [
            b"",
            b" ",
            b"\xef\xbb\xbf",
            b"\xef\xbb\xbf{}",
            b"null",
            b"true",
            b"[]",
            b"{}",
            b'""',
            b"<html><body><h1>502 Bad Gateway</h1></body></html>",
            b"[" * 10000 + b"]" * 10000,
            b'{"data":' * 5000 + b"[]" + b"}" * 5000,
            b"1" * 5000,
            b'{"sid": ' + b"9" * 5000 + b', "code": 0}',
            b"NaN",
            b"Infinity",
            b'{"code": 1e999}',
            b'{"code": "-1", "msg": "apikey=' + APIKEY.encode() + b'"}',
            b'{"code": 0, "sid": "' + APIKEY.encode() + b'", "mobile": 1}',
            b'{"code": -1}',
            '\ufeff{"code":"0","count":"1","sid":"123"}'.encode("utf-16"),
        ]
    ),
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=raw_bodies,
    status=st.sampled_from([200, 200, 200, 400, 404, 500, 502, 503]),
    name=st.sampled_from(sorted(CALLS)),
)
def test_raw_bodies_through_every_client_method(canned, body, status, name):
    client, adapter = canned
    adapter.status, adapter.body = status, body
    call_and_check(client, name)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_deep_nesting_and_huge_numbers_for_every_method(canned, name):
    client, adapter = canned
    for body in (
        b"[" * 100000 + b"]" * 100000,
        b'{"a":' * 50000 + b"1" + b"}" * 50000,
        b'{"code": ' + b"7" * 4400 + b"}",
        b'{"code": 0, "sid": 1' + b"0" * 30 + b', "count": 1}',
    ):
        adapter.status, adapter.body = 200, body
        call_and_check(client, name)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_garbled_body_echoing_the_apikey_gives_an_exception_without_it(canned, name):
    """The parser quotes the value it could not read; the client must redact it."""
    client, adapter = canned
    key = json.dumps(APIKEY)
    for body in (
        f'{{"code": 0, "sid": {key}, "mobile": {key}, "tpl_id": {key}, "balance": {key}}}',
        f'[{{"sid": {key}, "mobile": {key}}}]',
        f'{{"data": [{{"code": 0, "sid": {key}}}]}}',
        f'{{"code": {key}, "msg": {key}}}',
        f'{{"black_word": {{"x": {key}}}}}',
    ):
        adapter.status, adapter.body = 200, body.encode()
        call_and_check(client, name)


# ---------------------------------------------------------------- 3. raw HTTP on a socket
class RawHttpServer:
    """Writes ``self.response`` (whole HTTP response bytes) to every connection, then closes it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.response = b""
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    conn.sendall(self.response)
                    conn.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop = True
        self.sock.close()


@pytest.fixture(scope="module")
def raw_server():
    server = RawHttpServer()
    client = SmsClient(APIKEY, f"http://127.0.0.1:{server.port}", timeout=(2, 1), read_attempts=1)
    yield client, server
    client.close()
    server.close()


def _http(status_line: bytes, headers: list[bytes], body: bytes) -> bytes:
    return status_line + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


raw_responses = st.one_of(
    st.binary(max_size=200),
    st.tuples(
        st.sampled_from(
            [
                b"HTTP/1.1 200 OK",
                b"HTTP/1.1 502 Bad Gateway",
                b"HTTP/1.1 999 ???",
                b"HTTP/1.1",
                b"HTTP/9.9 200 OK",
                b"SMTP 220 hello",
                b"HTTP/1.1 200 \xff\xfe",
                b"",
            ]
        ),
        st.lists(
            st.sampled_from(
                [
                    b"Content-Type: application/json",
                    b"Content-Length: 5",
                    b"Content-Length: 100000",
                    b"Content-Length: -1",
                    b"Content-Length: x",
                    b"Transfer-Encoding: chunked",
                    b"Content-Encoding: gzip",
                    b"Content-Encoding: deflate",
                    b"Connection: close",
                    b"X-\xff: \xfe",
                    b"no colon here",
                ]
            ),
            max_size=4,
        ),
        raw_bodies,
    ).map(lambda t: _http(*t)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    response=raw_responses,
    name=st.sampled_from(
        ["single_send", "batch_send", "multi_send", "get_record", "user_get", "pull_status", "tpl_add"]
    ),
)
def test_raw_http_responses_on_a_socket(raw_server, response, name):
    client, server = raw_server
    server.response = response
    try:
        call_and_check(client, name)
    except TransportError as exc:  # no usable answer: fine for anything but a send
        assert not CALLS[name][0], "a send without an answer must be in doubt"
        no_secret(exc)
