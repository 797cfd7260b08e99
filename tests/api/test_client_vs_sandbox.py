"""Every client method against the real sandbox gateway over HTTP: typed results match
what the sandbox holds, every error path it can produce arrives as the right exception,
and faults (HTML errors, resets, timeouts after processing) never make the client send
twice. Uses the ``sandbox`` fixture of tests/conftest.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from gui.api.client import SmsClient
from gui.api.errors import ApiError, LimitError, SendInDoubt, TransportError, UnreadableResponse
from gui.api.models import Account, BatchSendResult, Reply, SendResult, StatusReport, Template, beijing_now
from gui.api.texts import is_opt_out, parts, verify_reply_sign

OTP = "【豪霆云】您的验证码是{}"  # default template 1 with a registered signature


@pytest.fixture
def api(sandbox):
    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 5), retry_delays=(0, 0))
    yield client
    client.close()


def window():
    now = beijing_now()
    return now - timedelta(hours=1), now + timedelta(hours=1)


def accepted(sandbox, mobile=None):
    return [a for a in sandbox.accepted_log() if mobile is None or a.mobile == mobile]


# --------------------------------------------------------------------------- sends
def test_single_send_matches_the_accepted_message(api, sandbox):
    result = api.single_send("13800138000", OTP.format(1234))
    assert isinstance(result, SendResult) and result.ok
    (message,) = accepted(sandbox, "13800138000")
    assert result.sid == message.sid and result.sid > 2**32
    assert (result.count, result.fee, result.unit, result.mobile) == (1, Decimal("0.05"), "RMB", "13800138000")


def test_single_send_long_text_billed_by_the_same_rule(api):
    text = OTP.format("1" * 120)
    result = api.single_send("13800138001", text)
    assert result.count == parts(text) == 2 and result.fee == Decimal("0.10")


def test_single_send_international(api, sandbox):
    result = api.single_send("+447911123456", OTP.format(99))
    assert result.ok and result.mobile == "+447911123456"


def test_anti_harassment_30s_and_5min(api, sandbox):
    text = OTP.format(5555)
    api.single_send("13800138002", text)
    err = pytest.raises(ApiError, api.single_send, "13800138002", text).value
    assert err.code == 8 and "30" in err.explain("en")
    sandbox.advance(31)
    api.single_send("13800138002", text)
    sandbox.advance(31)
    api.single_send("13800138002", text)
    sandbox.advance(31)
    assert pytest.raises(ApiError, api.single_send, "13800138002", text).value.code == 9
    assert len(accepted(sandbox, "13800138002")) == 3


@pytest.mark.parametrize(
    "text, code",
    [
        (OTP.format("发票"), 4),  # blocked word
        ("【豪霆云】随便说一句话", 5),  # no template
        ("【未报备】您的验证码是1234", 15),  # unregistered signature
    ],
)
def test_text_rules(api, sandbox, text, code):
    err = pytest.raises(ApiError, api.single_send, "13800138003", text).value
    assert err.code == code and err.http_status == 400 and err.endpoint == "sms/single_send"
    assert err.explain("zh") and err.explain("en")
    assert accepted(sandbox, "13800138003") == []


def test_balance_too_low(api, sandbox):
    sandbox.control.set(balance="0.01")
    assert pytest.raises(ApiError, api.single_send, "13800138004", OTP.format(1)).value.code == 3


def test_wrong_apikey(sandbox):
    client = SmsClient("not-the-key", sandbox.base_url, retry_delays=(0, 0))
    err = pytest.raises(ApiError, client.user_get).value
    assert err.code == -1 and sandbox.call_count("user/get") == 1  # caller's fault: not retried
    client.close()


def test_batch_send_items_match_the_sandbox(api, sandbox):
    result = api.batch_send(["13800138010", "13800138011", "123321"], OTP.format(42))
    assert isinstance(result, BatchSendResult) and len(result.data) == 3
    good, good2, bad = result.data
    assert good.ok and good2.ok and not bad.ok and bad.code == 2 and bad.sid == 0
    assert {good.sid, good2.sid} == {a.sid for a in accepted(sandbox)}
    assert result.total_count == 2 and result.total_fee == Decimal("0.1000")


def test_multi_send_texts_arrive_intact(api, sandbox):
    texts = [OTP.format("12,34"), OTP.format("a+b&c=d 100%")]
    result = api.multi_send(["13800138020", "13800138021"], texts)
    assert all(r.ok for r in result.data)
    assert [(a.mobile, a.text) for a in accepted(sandbox)] == [("13800138020", texts[0]), ("13800138021", texts[1])]


def test_send_limits_never_reach_the_sandbox(api, sandbox):
    with pytest.raises(LimitError):
        api.multi_send(["13800138030", "13800138031"], [OTP.format(1)])
    with pytest.raises(LimitError):
        api.batch_send(["13800138030", "+447911123456"], OTP.format(1))
    with pytest.raises(LimitError):
        api.batch_send([f"138{i:08d}" for i in range(1001)], OTP.format(1))
    assert sandbox.call_count() == 0


# --------------------------------------------------------------------------- advanced features
def test_advanced_features_off_read_not_enabled(api, sandbox):
    sandbox.control.set(features_off=["uid", "callback_url", "pull_status", "pull_reply"])
    for call in (
        lambda: api.single_send("13800138040", OTP.format(1), uid="c-1"),
        lambda: api.batch_send(["13800138040"], OTP.format(1), callback_url="https://x.example/cb"),
        api.pull_status,
        api.pull_reply,
    ):
        err = pytest.raises(ApiError, call).value
        assert err.code == -2 and err.not_enabled and "not enabled" in err.explain("en")
    assert accepted(sandbox) == []


def test_uid_extend_callback_when_enabled(api, sandbox):
    result = api.single_send(
        "13800138041", OTP.format(7), uid="campaign-1:1", extend="01", callback_url="https://x.example/cb"
    )
    (message,) = accepted(sandbox, "13800138041")
    assert message.uid == "campaign-1:1" and message.sid == result.sid


# --------------------------------------------------------------------------- pulls, records, replies
def test_pull_status_returns_each_report_once(api, sandbox):
    sent = api.single_send("13800138050", OTP.format(1), uid="u-50")
    sandbox.advance(4000)  # past the normal and the late report delay
    reports: list[StatusReport] = []
    while batch := api.pull_status(page_size=100):
        reports.extend(batch)
    mine = [r for r in reports if r.sid == sent.sid]
    assert len(mine) == 1 and mine[0].report_status in ("SUCCESS", "FAIL") and mine[0].uid == "u-50"
    assert mine[0].mobile == "13800138050"
    assert api.pull_status(page_size=100) == []


def test_pull_reply_once_signed_and_opt_out(api, sandbox):
    while api.pull_reply(page_size=100):
        pass  # the demo account's queued replies
    sandbox.add_reply("13800138051", "TD")
    (reply,) = api.pull_reply()
    assert isinstance(reply, Reply) and reply.mobile == "13800138051" and is_opt_out(reply.text)
    payload = {
        "id": reply.id,
        "mobile": reply.mobile,
        "text": reply.text,
        "reply_time": reply.reply_time,
        "extend": reply.extend,
        "base_extend": reply.base_extend,
        "_sign": reply.sign,
    }
    assert verify_reply_sign(payload, sandbox.apikey)
    assert api.pull_reply() == []


def test_get_reply_window_and_mobile_filter(api, sandbox):
    sandbox.add_reply("13800138052", "收到了，谢谢！")
    sandbox.add_reply("13800138053", "退订")
    start, end = window()
    replies = api.get_reply(start, end, page_size=100, mobile="13800138053")
    assert [(r.mobile, r.text) for r in replies] == [("13800138053", "退订")]
    assert {"13800138052", "13800138053"} <= {r.mobile for r in api.iter_replies(start, end)}


def test_get_record_matches_sends(api, sandbox):
    first = api.single_send("13800138060", OTP.format(1))
    second = api.single_send("13800138060", OTP.format(2))
    start, end = window()
    records = api.get_record(start, end, page_size=100, mobile="13800138060")
    assert {r.sid for r in records} == {first.sid, second.sid}
    record = next(r for r in records if r.sid == first.sid)
    assert record.text == OTP.format(1) and record.fee == 1 and record.mobile == "13800138060"
    # A window in the past holds none of them (times travel as Beijing time).
    assert (
        api.get_record(start - timedelta(days=3), start - timedelta(days=2), page_size=100, mobile="13800138060") == []
    )


def test_get_record_pagination(api, sandbox):
    api.batch_send([f"1390013{i:04d}" for i in range(25)], OTP.format(8))
    start, end = window()
    page1 = api.get_record(start, end, page_num=1, page_size=10)
    page2 = api.get_record(start, end, page_num=2, page_size=10)
    assert len(page1) == len(page2) == 10 and not {r.sid for r in page1} & {r.sid for r in page2}
    everything = list(api.iter_records(start, end, page_size=10))
    assert {a.sid for a in accepted(sandbox)} <= {r.sid for r in everything}


def test_get_black_word(api):
    assert api.get_black_word("这是一条发票测试短信") == ["发票", "测试"]
    assert api.get_black_word("【豪霆云】您的验证码是1234") == []


# --------------------------------------------------------------------------- templates and account
def test_template_lifecycle(api, sandbox):
    content = "【豪霆云】您的订单#order#已发货，快递单号#no#"
    added = api.tpl_add(content, notify_type=3)
    assert isinstance(added, Template) and added.check_status == "CHECKING"
    text = "【豪霆云】您的订单A1已发货，快递单号SF1"
    assert pytest.raises(ApiError, api.single_send, "13800138070", text).value.code == 7
    sandbox.advance(sandbox.control.review_delay_seconds + 1)
    reviewed = api.tpl_get(added.tpl_id)
    assert reviewed.tpl_id == added.tpl_id and reviewed.check_status in ("SUCCESS", "FAIL")
    if reviewed.check_status == "SUCCESS":
        assert api.single_send("13800138070", text).ok
    assert added.tpl_id in {t.tpl_id for t in api.tpl_get()}
    # Updates come back wrapped and unwrapped by turns: both read the same.
    first = api.tpl_update(added.tpl_id, content + "。")
    second = api.tpl_update(added.tpl_id, content + "！")
    assert first.check_status == second.check_status == "CHECKING"
    assert (first.tpl_content, second.tpl_content) == (content + "。", content + "！")
    deleted = api.tpl_del(added.tpl_id)
    assert deleted.tpl_id == added.tpl_id
    err = pytest.raises(ApiError, api.tpl_get, added.tpl_id).value
    assert err.code != 0 and sandbox.call_count("tpl/get") == 3  # caller errors are not retried
    assert pytest.raises(ApiError, api.tpl_add, "【豪霆云】" + "字" * 500).value.code == 2


def test_tpl_get_default(api):
    defaults = api.tpl_get_default()
    assert [t.tpl_id for t in defaults][:7] == list(range(1, 8))
    assert all(t.check_status == "SUCCESS" and t.reason is None for t in defaults)
    one = api.tpl_get_default(1)
    assert one.tpl_content == "【#company#】您的验证码是#code#"


def test_user_get_and_set(api, sandbox):
    account = api.user_get()
    assert isinstance(account, Account) and account.balance == sandbox.state.account["balance"]
    changed = api.user_set(alarm_balance=50, emergency_contact="李四", emergency_mobile="13900139000")
    assert (changed.alarm_balance, changed.emergency_contact, changed.emergency_mobile) == (
        Decimal(50),
        "李四",
        "13900139000",
    )
    assert api.user_get().alarm_balance == Decimal(50)
    err = pytest.raises(ApiError, api.user_set, emergency_mobile="123").value
    assert err.code == 2


def test_balance_follows_sends(api, sandbox):
    before = api.user_get().balance
    result = api.single_send("13800138080", OTP.format(3))
    assert api.user_get().balance == before - result.fee


# --------------------------------------------------------------------------- faults
def test_timeout_after_processing_is_in_doubt_and_settled_by_get_record(api, sandbox):
    sandbox.control.set(timeout_after_processing=1, timeout_mode="close")
    with pytest.raises(SendInDoubt) as info:
        api.single_send("13800138090", OTP.format(9), uid="doubt-1")
    assert info.value.maybe_sent
    assert sandbox.call_count("sms/single_send") == 1 and len(accepted(sandbox, "13800138090")) == 1
    start, end = window()
    (record,) = api.get_record(start, end, page_size=100, mobile="13800138090")
    assert record.uid == "doubt-1" and record.text == OTP.format(9)


def test_stalled_send_times_out_in_doubt(sandbox):
    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 0.3))
    sandbox.control.set(timeout_after_processing=1, timeout_mode="stall", stall_seconds=2)
    err = pytest.raises(SendInDoubt, client.batch_send, ["13800138091", "13800138092"], OTP.format(1)).value
    assert isinstance(err.cause, TransportError) and err.cause.kind == "timeout"
    assert len(accepted(sandbox)) == 2 and sandbox.call_count("sms/batch_send") == 1
    client.close()


def test_html_error_after_processing_on_send_is_in_doubt_once(api, sandbox):
    sandbox.control.set(html_error_next=1, html_error_after_processing=True)
    err = pytest.raises(SendInDoubt, api.multi_send, ["13800138093"], [OTP.format(1)]).value
    assert isinstance(err.cause, UnreadableResponse) and err.cause.http_status in (500, 502)
    assert len(accepted(sandbox)) == 1 and sandbox.call_count("sms/multi_send") == 1


def test_reads_ride_over_html_errors_and_resets(api, sandbox):
    sandbox.control.set(html_error_next=1)
    assert api.user_get().balance > 0
    sandbox.control.set(connection_reset_next=1)
    assert api.tpl_get_default(1).tpl_id == 1
    sandbox.control.set(api_error_next=[-51])
    assert api.get_black_word("发票") == ["发票"]
    assert sandbox.call_count("user/get") == 2 and sandbox.call_count("sms/get_black_word") == 2


def test_pull_reset_is_not_retried(api, sandbox):
    sandbox.control.set(connection_reset_next=1)
    assert pytest.raises(TransportError, api.pull_status).value.kind == "connection"
    assert sandbox.call_count("sms/pull_status") == 1  # one try only
    assert [r["fault"] for r in sandbox.requests_log()] == ["connection_reset"]


def test_rate_limit_minus_five(api, sandbox):
    sandbox.control.set(rate_limit_per_second=1, fault_endpoints=["tpl/add"])
    api.tpl_add("【豪霆云】第一个#x#")
    err = pytest.raises(ApiError, api.tpl_add, "【豪霆云】第二个#x#").value
    assert err.code == -5 and "Slow down" in err.explain("en")
