"""Every client method over real HTTP against the canned-answer gateway: what goes over
the wire, the typed results, errors, retries, in-doubt sends and apikey hygiene."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import unquote, unquote_plus

import pytest
from conftest import SECRET_APIKEY

from gui.api.client import SmsClient
from gui.api.errors import ApiError, LimitError, SendInDoubt, TransportError, UnreadableResponse, describe
from gui.api.models import Account, BatchSendResult, Record, Reply, SendResult, StatusReport, Template

SEND_OK = {
    "code": 0,
    "msg": "发送成功",
    "count": 1,
    "fee": 0.05,
    "unit": "RMB",
    "mobile": "13800138000",
    "sid": 9223372036854775807,
}
BATCH_OK = {
    "total_count": 2,
    "total_fee": "0.1000",
    "unit": "RMB",
    "data": [
        {"code": 0, "msg": "发送成功", "count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13800138000", "sid": 11},
        {"code": 0, "msg": "发送成功", "count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13800138001", "sid": 12},
    ],
}
TEMPLATE = {"tpl_id": 9527, "tpl_content": "【豪霆云】您的验证码是#code#", "check_status": "CHECKING", "reason ": None}
ACCOUNT = {
    "nick": "zhangshan",
    "gmt_created": "2012-09-11 15:14:00",
    "mobile": "1381***4",
    "email": "z@c.com",
    "ip_whitelist": None,
    "api_version": "v2",
    "balance": "1000.5000",
    "alarm_balance": 100,
    "emergency_contact": "张三",
    "emergency_mobile": "138****34",
}
ERROR = {"http_status_code": 400, "code": 8, "msg": "同一手机号30秒内重复提交相同的内容", "detail": "x"}
TEXT = "【豪霆云】您的验证码是1234"

raised: list[BaseException] = []  # every exception the client raised in this module, checked at the end


def expect(exc_type, func, *args, **kwargs):
    with pytest.raises(exc_type) as info:
        func(*args, **kwargs)
    raised.append(info.value)
    return info.value


def assert_wire(call, **form):
    assert call.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8"
    assert call.headers["Accept"] == "application/json;charset=utf-8"
    assert call.one("apikey") == SECRET_APIKEY
    for key, value in form.items():
        assert call.one(key) == value, key
    assert set(call.form) == {"apikey", *form}, "no other parameters"


# --------------------------------------------------------------------------- sends
def test_single_send(client, gateway):
    gateway.queue("sms/single_send", SEND_OK)
    result = client.single_send("13800138000", TEXT)
    assert isinstance(result, SendResult) and result.ok and result.sid == 2**63 - 1 and result.fee == Decimal("0.05")
    assert_wire(gateway.calls("sms/single_send")[0], mobile="13800138000", text=TEXT)


def test_single_send_advanced_options_and_international(client, gateway):
    gateway.queue("sms/single_send", {**SEND_OK, "mobile": "+447911123456"})
    client.single_send("+447911123456", TEXT, extend="01", uid="c1-42", callback_url="https://x.example/cb")
    assert_wire(
        gateway.calls("sms/single_send")[0],
        mobile="+447911123456",
        text=TEXT,
        extend="01",
        uid="c1-42",
        callback_url="https://x.example/cb",
    )


def test_single_send_minus_two_with_uid_is_not_enabled(client, gateway):
    gateway.queue(
        "sms/single_send", {"http_status_code": 400, "code": -2, "msg": "API没有权限", "detail": ""}, status=400
    )
    err = expect(ApiError, client.single_send, "13800138000", TEXT, uid="c1-1")
    assert err.not_enabled and err.advanced_feature == "uid" and err.http_status == 400
    assert "not enabled" in err.explain("en")


def test_batch_send(client, gateway):
    gateway.queue("sms/batch_send", BATCH_OK)
    result = client.batch_send(["13800138000", " 13800138001 "], TEXT, uid="b1")
    assert isinstance(result, BatchSendResult) and [r.sid for r in result.data] == [11, 12]
    assert result.total_fee == Decimal("0.1000")
    assert_wire(gateway.calls("sms/batch_send")[0], mobile="13800138000,13800138001", text=TEXT, uid="b1")


def test_multi_send_encodes_each_text_then_joins(client, gateway):
    gateway.queue("sms/multi_send", BATCH_OK)
    texts = ["【豪霆云】张三，您好 & 欢迎, 100%", "【豪霆云】李四+1, see https://a.b/?q=1#x"]
    result = client.multi_send(["13800138000", "13800138001"], texts)
    assert len(result.data) == 2
    call = gateway.calls("sms/multi_send")[0]
    joined = call.one("text")  # the form decoded once
    assert joined.count(",") == 1 and "%" in joined
    assert [unquote(part) for part in joined.split(",")] == texts
    assert [unquote_plus(part) for part in joined.split(",")] == texts  # either decoder gets the texts back
    assert_wire(call, mobile="13800138000,13800138001", text=joined)


def test_send_error_is_api_error_not_in_doubt(client, gateway):
    gateway.queue("sms/single_send", ERROR, status=400)
    err = expect(ApiError, client.single_send, "13800138000", TEXT)
    assert (err.code, err.http_status, err.endpoint, err.detail) == (8, 400, "sms/single_send", "x")
    assert not err.not_enabled and "30" in err.explain("en")


@pytest.mark.parametrize(
    "answer",
    [
        {"raw": b"<html><body><h1>502 Bad Gateway</h1></body></html>", "status": 502, "content_type": "text/html"},
        {"raw": b"", "status": 200},
        {"raw": b"{not json", "status": 200},
        {"body": {"total_count": 1}, "status": 200},  # no data[]: wrong shape
        {"body": ["what"], "status": 200},
        {"reset": True},
    ],
)
def test_batch_send_unreadable_or_reset_is_in_doubt_and_never_retried(client, gateway, answer):
    gateway.queue("sms/batch_send", **answer)
    gateway.always("sms/batch_send", BATCH_OK)
    err = expect(SendInDoubt, client.batch_send, ["13800138000", "13800138001"], TEXT)
    assert err.endpoint == "sms/batch_send" and err.maybe_sent
    assert isinstance(err.cause, (TransportError, UnreadableResponse))
    assert len(gateway.calls("sms/batch_send")) == 1
    assert describe(err, "en")[0] == "Send result unknown"


def test_send_timeout_is_in_doubt(gateway):
    client = SmsClient(SECRET_APIKEY, gateway.base_url, timeout=(2, 0.3), sleep=lambda s: None)
    gateway.queue("sms/multi_send", BATCH_OK, delay=1.5)
    err = expect(SendInDoubt, client.multi_send, ["13800138000", "13800138001"], [TEXT, TEXT])
    assert isinstance(err.cause, TransportError) and err.cause.kind == "timeout" and err.maybe_sent
    assert len(gateway.calls("sms/multi_send")) == 1
    client.close()


def test_send_to_closed_port_was_not_sent(gateway):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    client = SmsClient(SECRET_APIKEY, f"http://127.0.0.1:{port}", timeout=(2, 2))
    err = expect(SendInDoubt, client.single_send, "13800138000", TEXT)
    assert err.cause.kind == "connection" and not err.maybe_sent
    assert "nothing was sent" in describe(err, "en")[1]


# --------------------------------------------------------------------------- pre-flight limits
@pytest.mark.parametrize(
    "call, problem",
    [
        (lambda c: c.batch_send([f"138{i:08d}" for i in range(1001)], TEXT), "too_many_numbers"),
        (lambda c: c.multi_send([f"138{i:08d}" for i in range(1001)], [TEXT] * 1001), "too_many_numbers"),
        (lambda c: c.batch_send([], TEXT), "no_numbers"),
        (lambda c: c.batch_send("13800138000", TEXT), "bad_argument"),
        (lambda c: c.multi_send(["13800138000", "13800138001"], [TEXT]), "count_mismatch"),
        (lambda c: c.batch_send(["13800138000", "+447911123456"], TEXT), "international_in_batch"),
        (lambda c: c.multi_send(["+447911123456"], [TEXT]), "international_in_batch"),
        (lambda c: c.single_send("13800138000,13800138001", TEXT), "bad_number"),
        (lambda c: c.single_send("13800138000", "【豪霆云】" + "字" * 496), "text_too_long"),
        (lambda c: c.single_send("13800138000", "您的验证码是1234"), "no_signature"),
        (lambda c: c.single_send("13800138000", "您的验证码是1234【豪霆云】"), "signature_not_leading"),
        (lambda c: c.batch_send(["13800138000"], "【a】【b】验证码"), "several_signatures"),
        (lambda c: c.multi_send(["13800138000", "13800138001"], [TEXT, "no signature"]), "no_signature"),
        (lambda c: c.single_send("13800138000", ""), "empty_text"),
        (lambda c: c.pull_status(page_size=101), "bad_page_size"),
        (lambda c: c.get_record("2024-01-01 00:00:00", "2024-01-02 00:00:00", page_num=0), "bad_page_num"),
        (lambda c: c.get_reply("yesterday", "2024-01-02 00:00:00"), "bad_time"),
        (lambda c: c.user_set(), "nothing_to_set"),
    ],
)
def test_limits_refused_before_the_request_leaves(client, gateway, call, problem):
    err = expect(LimitError, call, client)
    assert err.problem == problem
    assert gateway.received == []


def test_multi_send_limit_names_the_item(client):
    err = expect(LimitError, client.multi_send, ["13800138000", "13800138001"], [TEXT, "no signature"])
    assert err.index == 1 and err.explain("en").startswith("Item 2")


def test_exactly_1000_and_500_chars_pass(client, gateway):
    gateway.always("sms/batch_send", BATCH_OK)
    client.batch_send([f"138{i:08d}" for i in range(1000)], "【豪霆云】" + "字" * 495)
    assert gateway.calls("sms/batch_send")[0].one("mobile").count(",") == 999


# --------------------------------------------------------------------------- pulls
def test_pull_status(client, gateway):
    gateway.queue(
        "sms/pull_status",
        [
            {
                "sid": "9527",
                "uid": None,
                "user_receive_time": "2014-03-17 22:55:21",
                "error_msg": "",
                "mobile": "15205201314",
                "report_status": "SUCCESS",
            }
        ],
    )
    (report,) = client.pull_status(page_size=100)
    assert isinstance(report, StatusReport) and report.sid == 9527
    assert_wire(gateway.calls("sms/pull_status")[0], page_size="100")


def test_pull_reply(client, gateway):
    gateway.queue(
        "sms/pull_reply",
        [
            {
                "mobile": "15205201314",
                "reply_time": "2014-03-17 22:55:21",
                "text": "TD",
                "extend": "01",
                "base_extend": "8888",
            }
        ],
    )
    (reply,) = client.pull_reply()
    assert isinstance(reply, Reply) and reply.text == "TD"
    assert_wire(gateway.calls("sms/pull_reply")[0], page_size="20")


@pytest.mark.parametrize("endpoint", ["sms/pull_status", "sms/pull_reply"])
def test_pulls_are_never_retried(client, gateway, endpoint):
    gateway.queue(endpoint, raw=b"<html>502</html>", status=502, content_type="text/html")
    gateway.always(endpoint, [])
    method = getattr(client, endpoint.split("/")[1])
    err = expect(UnreadableResponse, method)
    assert err.http_status == 502 and err.reason == "http_error"
    gateway.queue(endpoint, reset=True)
    err = expect(TransportError, method)
    assert err.kind == "connection"
    assert len(gateway.calls(endpoint)) == 2 and client.pauses == []


@pytest.mark.parametrize("endpoint, feature", [("sms/pull_status", "pull_status"), ("sms/pull_reply", "pull_reply")])
def test_pull_minus_two_is_not_enabled(client, gateway, endpoint, feature):
    gateway.queue(endpoint, {"http_status_code": 400, "code": -2, "msg": "API没有权限", "detail": ""}, status=400)
    err = expect(ApiError, getattr(client, feature))
    assert err.not_enabled and err.advanced_feature == feature
    assert describe(err, "zh")[0] == "功能未开通"


# --------------------------------------------------------------------------- reads
RECORD = {
    "sid": "1234567890",
    "mobile": "13800000000",
    "send_time": "2015-11-02 16:34:56",
    "text": TEXT,
    "send_status": "SUCCESS",
    "report_status": "FAIL",
    "fee": 1,
    "user_receive_time": None,
    "error_msg": "1:1",
    "uid": None,
}


def test_get_record_times_in_beijing_whatever_the_local_zone(client, gateway, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        gateway.always("sms/get_record", [RECORD])
        (record,) = client.get_record(
            datetime(2024, 1, 15, 9, 0, 0),  # naive: New York local time
            datetime(2024, 1, 15, 1, 30, tzinfo=timezone.utc),
            page_num=2,
            page_size=50,
            mobile="13800000000",
        )
        assert isinstance(record, Record) and record.sid == 1234567890
        assert_wire(
            gateway.calls("sms/get_record")[0],
            start_time="2024-01-15 22:00:00",
            end_time="2024-01-15 09:30:00",
            page_num="2",
            page_size="50",
            mobile="13800000000",
        )
        client.get_record(
            "2024-01-15 00:00:00", datetime(2024, 1, 15, 8, tzinfo=timezone(timedelta(hours=8))), record_type="SMS"
        )
        assert_wire(
            gateway.calls("sms/get_record")[1],
            start_time="2024-01-15 00:00:00",
            end_time="2024-01-15 08:00:00",
            page_num="1",
            page_size="20",
            type="SMS",
        )
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_iter_records_walks_pages(client, gateway):
    page = [dict(RECORD, sid=i) for i in range(100)]
    gateway.queue("sms/get_record", page)
    gateway.queue("sms/get_record", page[:3])
    records = list(client.iter_records("2024-01-15 00:00:00", "2024-01-16 00:00:00"))
    assert len(records) == 103
    assert [c.one("page_num") for c in gateway.calls("sms/get_record")] == ["1", "2"]


def test_get_reply(client, gateway):
    gateway.queue(
        "sms/get_reply",
        [
            {
                "id": None,
                "mobile": "13000000000",
                "text": "968163",
                "reply_time": "2016-01-14 00:00:00",
                "extend": "",
                "base_extend": "12345",
                "_sign": None,
            }
        ],
    )
    (reply,) = client.get_reply("2016-01-14 00:00:00", "2016-01-15 00:00:00", page_size=100)
    assert reply.text == "968163" and reply.sign is None
    assert_wire(
        gateway.calls("sms/get_reply")[0],
        start_time="2016-01-14 00:00:00",
        end_time="2016-01-15 00:00:00",
        page_num="1",
        page_size="100",
    )


@pytest.mark.parametrize(
    "body, words", [(["发票", "测试"], ["发票", "测试"]), ([], []), ("发票,测试", ["发票", "测试"])]
)
def test_get_black_word(client, gateway, body, words):
    gateway.queue("sms/get_black_word", body)
    assert client.get_black_word("这是一条发票测试短信") == words
    assert_wire(gateway.calls("sms/get_black_word")[0], text="这是一条发票测试短信")


def test_tpl_get_one_and_all(client, gateway):
    gateway.queue("tpl/get", TEMPLATE)
    gateway.queue("tpl/get", [TEMPLATE, dict(TEMPLATE, tpl_id=2)])
    one = client.tpl_get(9527)
    assert isinstance(one, Template) and one.tpl_id == 9527 and one.reason is None
    assert [t.tpl_id for t in client.tpl_get()] == [9527, 2]
    first, second = gateway.calls("tpl/get")
    assert_wire(first, tpl_id="9527")
    assert_wire(second)


def test_tpl_get_default(client, gateway):
    default = {"tpl_id": 1, "tpl_content": "【#company#】您的验证码是#code#", "check_status": "SUCCESS", "reason": None}
    gateway.queue("tpl/get_default", default)
    gateway.queue("tpl/get_default", [default])
    assert client.tpl_get_default(1).tpl_content.startswith("【#company#】")
    assert len(client.tpl_get_default()) == 1
    assert_wire(gateway.calls("tpl/get_default")[0], tpl_id="1")


def test_user_get(client, gateway):
    gateway.queue("user/get", ACCOUNT)
    account = client.user_get()
    assert isinstance(account, Account) and account.balance == Decimal("1000.5000") and account.nick == "zhangshan"
    assert_wire(gateway.calls("user/get")[0])


def test_reads_retry_transport_failures_with_bounded_backoff(client, gateway):
    gateway.queue("user/get", raw=b"<html>502 Bad Gateway</html>", status=502, content_type="text/html")
    gateway.queue("user/get", reset=True)
    gateway.queue("user/get", ACCOUNT)
    assert client.user_get().nick == "zhangshan"
    assert len(gateway.calls("user/get")) == 3 and client.pauses == [0.5, 1.5]


def test_reads_give_up_after_the_last_attempt(client, gateway):
    gateway.always("tpl/get", raw=b"", status=200)
    err = expect(UnreadableResponse, client.tpl_get)
    assert err.reason == "empty" and len(gateway.calls("tpl/get")) == 3


def test_reads_retry_minus_50_but_not_caller_errors(client, gateway):
    gateway.queue("sms/get_black_word", {"http_status_code": 400, "code": -51, "msg": "系统繁忙"}, status=400)
    gateway.queue("sms/get_black_word", [])
    assert client.get_black_word("x") == []
    gateway.queue("sms/get_black_word", {"http_status_code": 400, "code": -1, "msg": "非法的apikey"}, status=400)
    gateway.always("sms/get_black_word", [])
    err = expect(ApiError, client.get_black_word, "x")
    assert err.code == -1 and len(gateway.calls("sms/get_black_word")) == 3


def test_wrong_shape_is_not_retried(client, gateway):
    gateway.always("user/get", ["not", "an", "account"])
    err = expect(UnreadableResponse, client.user_get)
    assert err.reason == "wrong_shape" and len(gateway.calls("user/get")) == 1


def test_read_timeout_retried_then_transport_error(gateway):
    pauses = []
    client = SmsClient(
        SECRET_APIKEY, gateway.base_url, timeout=(2, 0.2), read_attempts=2, retry_delays=(0.1,), sleep=pauses.append
    )
    gateway.always("sms/get_record", [])
    gateway.queue("sms/get_record", [], delay=1.0, times=2)
    err = expect(TransportError, client.get_record, "2024-01-01 00:00:00", "2024-01-02 00:00:00")
    assert err.kind == "timeout" and pauses == [0.1]
    client.close()


# --------------------------------------------------------------------------- writes (no retries)
def test_tpl_add(client, gateway):
    gateway.queue("tpl/add", TEMPLATE)
    template = client.tpl_add("【豪霆云】您的验证码是#code#", notify_type=1)
    assert template.check_status == "CHECKING" and template.tpl_id == 9527
    assert_wire(gateway.calls("tpl/add")[0], tpl_content="【豪霆云】您的验证码是#code#", notify_type="1")


def test_tpl_update_wrapped(client, gateway):
    gateway.queue("tpl/update", {"template": TEMPLATE})
    assert client.tpl_update(9527, "【豪霆云】新的#code#").tpl_id == 9527
    assert_wire(gateway.calls("tpl/update")[0], tpl_id="9527", tpl_content="【豪霆云】新的#code#")


def test_tpl_del(client, gateway):
    gateway.queue("tpl/del", TEMPLATE)
    assert client.tpl_del(9527).tpl_id == 9527
    assert_wire(gateway.calls("tpl/del")[0], tpl_id="9527")


def test_user_set(client, gateway):
    gateway.queue("user/set", dict(ACCOUNT, alarm_balance=50))
    assert client.user_set(alarm_balance=50, emergency_contact="李四").alarm_balance == Decimal(50)
    assert_wire(gateway.calls("user/set")[0], alarm_balance="50", emergency_contact="李四")


@pytest.mark.parametrize(
    "call, endpoint",
    [
        (lambda c: c.tpl_add("【a】x"), "tpl/add"),
        (lambda c: c.tpl_del(1), "tpl/del"),
        (lambda c: c.tpl_update(1, "【a】x"), "tpl/update"),
        (lambda c: c.user_set(alarm_balance=1), "user/set"),
    ],
)
def test_writes_are_never_retried(client, gateway, call, endpoint):
    gateway.queue(endpoint, raw=b"<html>502</html>", status=502, content_type="text/html")
    gateway.queue(endpoint, {"http_status_code": 400, "code": -50, "msg": "未知异常"}, status=400)
    err = expect(UnreadableResponse, call, client)
    assert err.http_status == 502
    err = expect(ApiError, call, client)
    assert err.code == -50
    assert len(gateway.calls(endpoint)) == 2 and client.pauses == []


# --------------------------------------------------------------------------- sessions and secrets
def test_keep_alive_and_one_session_per_request_from_a_bounded_pool(client, gateway):
    gateway.always("user/get", ACCOUNT)
    client.user_get()
    client.user_get()
    first, second = gateway.calls("user/get")
    assert first.peer == second.peer  # the connection was reused
    assert client.open_sessions() == 1

    # four requests at once: four Sessions (one is never shared between threads)
    sessions, errors = [], []
    together = threading.Barrier(4)

    def work():
        try:
            with client._lend_session() as session:
                sessions.append(session)
                together.wait(5)
            client.user_get()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len({id(s) for s in sessions}) == 4
    # fresh threads again and again (as QThreadPool's tasks look): the same Sessions serve them
    for _ in range(3):
        thread = threading.Thread(target=client.user_get)
        thread.start()
        thread.join()
    assert client.open_sessions() == 4


def test_sessions_beyond_the_bound_are_closed_after_their_request(gateway):
    gateway.always("user/get", ACCOUNT)
    client = SmsClient(SECRET_APIKEY, gateway.base_url, timeout=(2, 2), max_sessions=2)
    together = threading.Barrier(5)
    errors = []

    def work():
        try:
            with client._lend_session():
                together.wait(5)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and client.open_sessions() == 2
    client.close()
    assert client.open_sessions() == 0


def test_close_while_a_request_runs_closes_its_session_when_it_returns(client, gateway):
    gateway.always("user/get", ACCOUNT)
    with client._lend_session() as session:
        client.close()
        assert client.open_sessions() == 1
        assert session.post(f"{gateway.base_url}/v2/user/get.json", data=b"apikey=x", timeout=(2, 2)).status_code
    assert client.open_sessions() == 0
    assert client.user_get().balance is not None  # a late call still works, on a Session of its own
    assert client.open_sessions() == 0


def test_apikey_echoed_by_server_is_redacted(client, gateway):
    gateway.queue(
        "user/get", {"code": -1, "msg": f"bad apikey {SECRET_APIKEY}", "detail": f"apikey={SECRET_APIKEY}"}, status=400
    )
    err = expect(ApiError, client.user_get)
    assert SECRET_APIKEY not in err.msg + err.detail
    gateway.queue("user/get", raw=f"<html>apikey={SECRET_APIKEY}</html>".encode(), status=200, content_type="text/html")
    gateway.always("user/get", ["x"])
    err = expect(UnreadableResponse, client.user_get)
    assert SECRET_APIKEY not in err.excerpt


def test_client_repr_hides_apikey(client):
    assert SECRET_APIKEY not in repr(client) and SECRET_APIKEY not in str(client)


def test_no_exception_carries_the_apikey():
    """Runs last in this module: every exception raised above, through str, repr, args,
    the in-doubt cause and the dialog texts."""
    assert len(raised) > 30
    for exc in raised:
        texts = [str(exc), repr(exc), repr(exc.args), *describe(exc, "en"), *describe(exc, "zh")]
        if isinstance(exc, SendInDoubt):
            texts += [str(exc.cause), repr(exc.cause), repr(exc.cause.args)]
        chained = exc.cause if isinstance(exc, SendInDoubt) else exc
        if isinstance(chained, TransportError):
            # The requests exception (which holds the request and its body) is not kept.
            assert chained.__cause__ is None and chained.__context__ is None
        for text in texts:
            assert SECRET_APIKEY not in text, (type(exc), text)
