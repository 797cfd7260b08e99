"""Parsers on recorded bodies, with every quirky shape NOTES.md and the document show."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.api import parsers
from gui.api.errors import UnreadableResponse
from gui.api.models import Template

# The document's batch_send example (its JSON repaired): the failed item has strings.
BATCH_BODY = json.loads("""{
  "total_count": 4, "total_fee": "0.2000", "unit": "RMB",
  "data": [
    {"code": 0, "msg": "发送成功", "count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13000000000", "sid": 3310228964},
    {"code": 0, "msg": "发送成功", "count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13000000001", "sid": 3310228968},
    {"code": 0, "msg": "发送成功", "count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13000000002", "sid": 3310228966},
    {"code": 0, "msg": "发送成功", "count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13000000003", "sid": 3310228962},
    {"code": 2, "msg": "请求参数格式错误", "count": "0", "fee": "0", "unit": "RMB", "mobile": "123321", "sid": "0"}
  ]}""")


def test_batch_send_document_example():
    result = parsers.parse_batch_send(BATCH_BODY)
    assert result.total_count == 4
    assert result.total_fee == Decimal("0.2000")
    assert result.unit == "RMB"
    assert [r.sid for r in result.data] == [3310228964, 3310228968, 3310228966, 3310228962, 0]
    failed = result.data[-1]
    assert (failed.code, failed.count, failed.fee, failed.sid, failed.ok) == (2, 0, Decimal(0), 0, False)
    assert result.data[0].fee == Decimal("0.05") and result.data[0].ok


def test_batch_send_totals_missing_are_summed():
    body = {
        "data": [
            {"code": 0, "count": "2", "fee": "0.10", "unit": "RMB", "mobile": "13800138000", "sid": "7"},
            {"code": 0, "count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13800138001", "sid": 8},
        ]
    }
    result = parsers.parse_batch_send(body)
    assert (result.total_count, result.total_fee, result.unit) == (3, Decimal("0.15"), "RMB")


def test_single_send_success_and_strings_and_64bit_sid():
    big = 2**63 - 1
    body = {
        "code": 0,
        "msg": "发送成功",
        "count": "2",
        "fee": "0.1000",
        "unit": "RMB",
        "mobile": 13800138000,
        "sid": str(big),
    }
    result = parsers.parse_send_result(body)
    assert result.sid == big and result.count == 2 and result.fee == Decimal("0.1000")
    assert result.mobile == "13800138000"
    # A sid as a JSON number beyond 2**53 survives exactly (no float on the way).
    result = parsers.parse_send_result(
        json.loads('{"code":0,"count":1,"fee":0.05,"unit":"RMB","mobile":"1","sid":9007199254740993}')
    )
    assert result.sid == 9007199254740993


def test_single_send_missing_code_means_success():
    result = parsers.parse_send_result({"count": 1, "fee": 0.05, "unit": "RMB", "mobile": "13800138000", "sid": 1})
    assert result.ok and result.code == 0


def test_single_send_success_without_sid_is_unreadable():
    with pytest.raises(UnreadableResponse) as info:
        parsers.parse_send_result({"code": 0, "msg": "ok"}, "sms/single_send")
    assert info.value.endpoint == "sms/single_send" and info.value.reason == "wrong_shape"


def test_template_reason_with_trailing_space_and_wrapped_update():
    listing = json.loads("""[{"tpl_id": 1, "tpl_content": "您的验证码是#code#", "check_status": "FAIL",
        "reason ": "模板开头必须带签名,如【豪霆云】"},
        {"tpl_id": "2", "tpl_content": "【豪霆云】您的验证码是#code#", "check_status": "SUCCESS", "reason ": null}]""")
    templates = parsers.parse_templates(listing)
    assert templates == [
        Template(1, "您的验证码是#code#", "FAIL", "模板开头必须带签名,如【豪霆云】"),
        Template(2, "【豪霆云】您的验证码是#code#", "SUCCESS", None),
    ]
    wrapped = {"template": {"tpl_id": 9527, "tpl_content": "【a】#x#", "check_status": "CHECKING", "reason": None}}
    assert parsers.parse_template(wrapped) == Template(9527, "【a】#x#", "CHECKING", None)
    assert parsers.parse_template(wrapped["template"]) == Template(9527, "【a】#x#", "CHECKING", None)
    # tpl/get with an id answering a list of one.
    assert parsers.parse_template([wrapped["template"]]).tpl_id == 9527
    # A lone object where a list was expected.
    assert parsers.parse_templates(wrapped["template"])[0].tpl_id == 9527


def test_templates_wrong_shapes():
    for body in ([{"tpl_content": "x"}], "oops", 5, None, [1, 2], {"template": "x"}):
        with pytest.raises(UnreadableResponse):
            parsers.parse_templates(body)
    for body in ([], [{"tpl_id": 1, "tpl_content": "a"}] * 2, {"tpl_id": "abc", "tpl_content": "a"}):
        with pytest.raises(UnreadableResponse):
            parsers.parse_template(body)


def test_status_reports_document_example_and_push_spelling():
    body = json.loads("""[{"sid": 9527, "uid": null, "user_receive_time": "2014-03-17 22:55:21", "error_msg": "",
        "mobile": "15205201314", "report_status": "SUCCESS"},
        {"sid": "9528", "uid": "u-1", "user_receive_time": "2014-03-17 22:55:23", "error msg": "DB:0103",
        "mobile": "15212341234", "report_status": "fail", "error_detail": "blocked"}]""")
    reports = parsers.parse_status_reports(body)
    assert reports[0].sid == 9527 and reports[0].uid is None and reports[0].report_status == "SUCCESS"
    assert reports[1].sid == 9528 and reports[1].error_msg == "DB:0103" and reports[1].report_status == "FAIL"
    assert reports[1].error_detail == "blocked" and reports[1].uid == "u-1"
    assert parsers.parse_status_reports([]) == []


def test_replies_get_reply_example_and_sign():
    body = json.loads("""[{"id": null, "mobile": "13000000001", "text": "", "reply_time": "2016-01-14 00:00:00",
        "extend": "", "base_extend": "12345", "_sign": null},
        {"id": "abc", "mobile": "13000000000", "text": "968163", "reply_time": "2016-01-14 00:00:00",
        "extend": "01", "base_extend": "12345", "_sign": "393d079e0a00912335adfe46f4a2e10f"}]""")
    replies = parsers.parse_replies(body)
    assert replies[0].id is None and replies[0].text == "" and replies[0].sign is None
    assert replies[1].sign == "393d079e0a00912335adfe46f4a2e10f" and replies[1].extend == "01"
    # pull_reply's example has no id and no _sign.
    pulled = parsers.parse_replies(
        [
            {
                "mobile": "15205201314",
                "reply_time": "2014-03-17 22:55:21",
                "text": "收到了，谢谢！",
                "extend": "01",
                "base_extend": "8888",
            }
        ]
    )
    assert pulled[0].id is None and pulled[0].text == "收到了，谢谢！"


def test_records_document_example_with_string_sid():
    body = [
        {
            "sid": "1234567890",
            "mobile": "13800000000",
            "send_time": "2015-11-02 16:34:56",
            "text": "【豪霆云】你的验证码是1234",
            "send_status": "SUCCESS",
            "report_status": "FAIL",
            "fee": 1,
            "user_receive_time": None,
            "error_msg": "1:1",
            "uid": None,
        }
    ]
    (record,) = parsers.parse_records(body)
    assert record.sid == 1234567890 and record.fee == 1 and record.report_status == "FAIL"
    assert record.user_receive_time is None and record.uid is None and record.error_msg == "1:1"


@pytest.mark.parametrize(
    "body, words",
    [
        (["发票", "测试"], ["发票", "测试"]),
        ([], []),
        ("发票,测试", ["发票", "测试"]),
        ("", []),
        ("发票, 测试 ,", ["发票", "测试"]),
        ({"result": {"black_word": "发票,测试"}}, ["发票", "测试"]),
        ({"black_word": ["发票"]}, ["发票"]),
        ({"code": 0, "msg": "OK"}, []),
        (None, []),
    ],
)
def test_black_words_every_shape(body, words):
    assert parsers.parse_black_words(body) == words


def test_black_words_wrong_shape():
    for body in ({"something": 1}, 12, [{"a": 1}]):
        with pytest.raises(UnreadableResponse):
            parsers.parse_black_words(body)


def test_account_document_example_and_extras():
    body = {
        "nick": "zhangshan",
        "gmt_created": "2012-09-11 15:14:00",
        "mobile": "1381***4",
        "email": "zhangshan@company.com",
        "ip_whitelist": None,
        "api_version": "v1",
        "balance": 1000,
        "alarm_balance": "100",
        "emergency_contact": "张三",
        "emergency_mobile": "138****34",
        "vip": True,
    }
    account = parsers.parse_account(body)
    assert account.balance == Decimal(1000) and account.alarm_balance == Decimal(100)
    assert account.ip_whitelist is None and account.emergency_contact == "张三"
    assert account.extra == {"vip": True}
    assert parsers.parse_account({"balance": "12.3456"}).balance == Decimal("12.3456")
    with pytest.raises(UnreadableResponse):
        parsers.parse_account({"nick": "x"})  # no balance: not an account
    with pytest.raises(UnreadableResponse):
        parsers.parse_account({"balance": "lots"})


def test_error_from_body():
    err = parsers.error_from_body(
        {"http_status_code": 400, "code": -1, "msg": "非法的apikey", "detail": "x"}, None, "user/get"
    )
    assert (err.code, err.msg, err.detail, err.http_status, err.endpoint) == (-1, "非法的apikey", "x", 400, "user/get")
    assert parsers.error_from_body({"code": "8", "msg": "m"}, 400).code == 8
    assert parsers.error_from_body({"code": 0, "sid": 1}) is None
    assert parsers.error_from_body([{"code": 5}]) is None
    assert parsers.error_from_body({"code": "banana"}) is None
    assert parsers.error_from_body({"nick": "x"}) is None


def test_lenient_numbers():
    assert parsers.to_int("3.310228964E9") == 3310228964
    assert parsers.to_int(" 12 ") == 12 and parsers.to_int(5.0) == 5 and parsers.to_int(None) == 0
    for bad in ("1.5", "abc", True, [1], float("nan")):
        with pytest.raises(ValueError):
            parsers.to_int(bad)
    assert parsers.to_decimal(0.05) == Decimal("0.05") and parsers.to_decimal("0.2000") == Decimal("0.2000")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "code",
                    "sid",
                    "data",
                    "tpl_id",
                    "tpl_content",
                    "mobile",
                    "balance",
                    "reason ",
                    "template",
                    "count",
                    "fee",
                    "black_word",
                    "result",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_parsers_raise_only_unreadable_response(body):
    for parse in (
        parsers.parse_send_result,
        parsers.parse_batch_send,
        parsers.parse_status_reports,
        parsers.parse_replies,
        parsers.parse_records,
        parsers.parse_black_words,
        parsers.parse_template,
        parsers.parse_templates,
        parsers.parse_account,
        parsers.parse_reply,
    ):
        try:
            parse(body, "x/y")
        except UnreadableResponse as exc:
            assert exc.endpoint == "x/y"
    parsers.error_from_body(body)  # never raises
