"""Every whole-request and per-number error path the sandbox produces."""

from __future__ import annotations

import pytest
import requests

from .helpers import FAR_FUTURE, FAR_PAST, OTP

ALL_ENDPOINTS = [
    "sms/single_send",
    "sms/batch_send",
    "sms/multi_send",
    "sms/pull_status",
    "sms/pull_reply",
    "sms/get_reply",
    "sms/get_record",
    "sms/get_black_word",
    "tpl/add",
    "tpl/del",
    "tpl/update",
    "tpl/get",
    "tpl/get_default",
    "user/get",
    "user/set",
]


@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS)
def test_wrong_or_missing_apikey_is_minus_1(api, endpoint):
    api.error(endpoint, -1, apikey="0" * 32)
    api.error(endpoint, -1, apikey="")
    assert api.server.accepted_log() == []


def test_changed_apikey_takes_effect_at_once(api):
    old = api.server.apikey
    api.server.control.set(apikey="f" * 32)
    api.error("user/get", -1, apikey=old)
    assert api.ok("user/get", apikey="f" * 32)["nick"]
    assert api.server.apikey == "f" * 32


@pytest.mark.parametrize(
    "endpoint, params, missing",
    [
        ("sms/single_send", {"text": "x"}, "mobile"),
        ("sms/single_send", {"mobile": "13900001111"}, "text"),
        ("sms/batch_send", {"text": "x"}, "mobile"),
        ("sms/multi_send", {"mobile": "13900001111"}, "text"),
        ("sms/get_record", {"start_time": FAR_PAST, "end_time": FAR_FUTURE, "page_num": 1}, "page_size"),
        ("sms/get_record", {"end_time": FAR_FUTURE, "page_num": 1, "page_size": 1}, "start_time"),
        ("sms/get_reply", {"start_time": FAR_PAST, "end_time": FAR_FUTURE, "page_size": 1}, "page_num"),
        ("sms/get_black_word", {}, "text"),
        ("tpl/add", {}, "tpl_content"),
        ("tpl/del", {}, "tpl_id"),
        ("tpl/update", {"tpl_content": "【Demo】x"}, "tpl_id"),
        ("user/set", {}, "emergency_contact"),
    ],
)
def test_missing_parameter_is_1(api, endpoint, params, missing):
    body = api.error(endpoint, 1, **params)
    assert missing in body["detail"]


@pytest.mark.parametrize(
    "endpoint, params",
    [
        ("sms/get_record", {"start_time": "2024/01/01", "end_time": FAR_FUTURE, "page_num": 1, "page_size": 1}),
        ("sms/get_record", {"start_time": FAR_PAST, "end_time": FAR_FUTURE, "page_num": 1, "page_size": 101}),
        ("sms/get_record", {"start_time": FAR_PAST, "end_time": FAR_FUTURE, "page_num": 0, "page_size": 10}),
        ("sms/get_reply", {"start_time": FAR_PAST, "end_time": FAR_FUTURE, "page_num": "x", "page_size": 10}),
        ("sms/pull_status", {"page_size": 101}),
        ("sms/pull_reply", {"page_size": 0}),
        ("tpl/get", {"tpl_id": "abc"}),
        ("tpl/add", {"tpl_content": "【Demo】x#v#", "notify_type": 4}),
        ("tpl/add", {"tpl_content": "【Demo】" + "长" * 500}),
        ("user/set", {"emergency_mobile": "12345"}),
        ("user/set", {"alarm_balance": "-1"}),
        ("user/set", {"alarm_balance": "1.5"}),
        ("sms/single_send", {"mobile": "1390000111", "text": OTP.format(1)}),
        ("sms/single_send", {"mobile": "13900001111,13900001112", "text": OTP.format(1)}),
        ("sms/single_send", {"mobile": "13900001111", "text": OTP.format(1), "uid": "u" * 257}),
        ("sms/single_send", {"mobile": "13900001111", "text": OTP.format(1), "extend": "12a"}),
        ("sms/single_send", {"mobile": "13900001111", "text": OTP.format(1), "callback_url": "ftp://x"}),
        ("sms/single_send", {"mobile": "13900001111", "text": OTP.format("1" * 500)}),
        ("sms/batch_send", {"mobile": ",".join(["13900001111"] * 1001), "text": OTP.format(1)}),
    ],
)
def test_malformed_parameter_is_2(api, endpoint, params):
    api.error(endpoint, 2, **params)
    assert api.server.accepted_log() == []


def test_get_is_refused_with_11(api):
    r = requests.get(f"{api.server.base_url}/v2/user/get.json", params={"apikey": api.server.apikey}, timeout=5)
    assert r.status_code == 400 and r.json()["code"] == 11


def test_body_that_is_not_utf8_is_14(api):
    r = requests.post(
        f"{api.server.base_url}/v2/user/get.json",
        timeout=5,
        data=b"apikey=" + api.server.apikey.encode() + b"&x=\xff\xfe",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 400 and r.json()["code"] == 14


def test_unknown_endpoint_is_404(api):
    r = requests.post(f"{api.server.base_url}/v2/sms/nope.json", data={"apikey": api.server.apikey}, timeout=5)
    assert r.status_code == 404


@pytest.mark.parametrize(
    "text, code",
    [
        ("您的验证码是1234", 16),  # no signature
        ("您的验证码是1234【豪霆云】", 16),  # signature not leading
        ("【豪霆云】【Demo】您的验证码是1234", 16),  # two signatures
        ("【】您的验证码是1234", 16),  # empty signature
        ("【别人家】您的验证码是1234", 15),  # not a registered signature
        ("【豪霆云】您的验证码是1234，代开发票", 4),  # blocked words (and no template)
        ("【豪霆云】随便写点什么", 5),  # no template matches
        ("【豪霆云】亲爱的会员，6月优惠活动已开启，详情见x.cn，回T退订", 7),  # only a CHECKING template
        ("您的验证码是1234", 16),
    ],
)
def test_text_rules(api, text, code):
    api.error("sms/single_send", code, mobile="13900001111", text=text)
    api.error("sms/batch_send", code, mobile="13900001111,13900001112", text=text)
    assert api.server.accepted_log() == []


def test_text_matching_only_a_rejected_template_is_7(api):
    api.server.control.set(signatures=["【豪霆云】", "【Demo】", "【X】"])
    api.ok("tpl/add", tpl_content="【X】编号#n#已处理")
    api.server.control.set(signatures=["【豪霆云】", "【Demo】"])  # withdrawn before review: FAIL
    api.server.advance(61)
    assert api.ok("tpl/get")[-1]["check_status"] == "FAIL"
    api.server.control.set(signatures=["【豪霆云】", "【Demo】", "【X】"])
    api.error("sms/single_send", 7, mobile="13900001111", text="【X】编号42已处理")


def test_multi_send_text_errors_are_per_item(api):
    status, body = api.multi(
        ["13900001111", "13900001112", "13900001113"],
        ["【豪霆云】随便写点什么", OTP.format(7), "【豪霆云】发票" + OTP.format(1)],
    )
    assert status == 200
    assert [d["code"] for d in body["data"]] == [5, 0, 16]
    assert body["total_count"] == 1


def test_multi_send_count_mismatch_is_25(api):
    status, body = api.multi(["13900001111", "13900001112"], [OTP.format(1)])
    assert status == 400 and body["code"] == 25
    assert api.server.accepted_log() == []


def test_international_numbers(api):
    ok = api.send("+93 70 123 4567", OTP.format(1))
    assert ok["mobile"] == "+93701234567" and ok["fee"] == 0.35  # E.164, international price
    api.error("sms/single_send", 20, mobile="+850212345678", text=OTP.format(1))
    api.error("sms/single_send", 2, mobile="+1234", text=OTP.format(1))
    assert api.send("+8613900001111", OTP.format(1))["mobile"] == "13900001111"  # +86 stripped
    body = api.ok("sms/batch_send", mobile="+93701234567,+8613900001112", text=OTP.format(2))
    assert [d["code"] for d in body["data"]] == [2, 0]
    status, body = api.multi(["+93701234567"], [OTP.format(3)])
    assert body["data"][0]["code"] == 2


@pytest.mark.parametrize(
    "feature, endpoint, params",
    [
        ("uid", "sms/single_send", {"mobile": "13900001111", "text": OTP.format(1), "uid": "u1"}),
        ("extend", "sms/batch_send", {"mobile": "13900001111", "text": OTP.format(1), "extend": "01"}),
        (
            "callback_url",
            "sms/single_send",
            {"mobile": "13900001111", "text": OTP.format(1), "callback_url": "http://127.0.0.1/cb"},
        ),
        ("pull_status", "sms/pull_status", {}),
        ("pull_reply", "sms/pull_reply", {}),
    ],
)
def test_features_switched_off_answer_minus_2(api, feature, endpoint, params):
    api.ok(endpoint, **params) if endpoint.startswith("sms/pull") else None
    api.server.control.set(features_off=[feature])
    api.error(endpoint, -2, **params)
    api.server.control.set(features_off=[])
    api.server.advance(31)
    api.ok(endpoint, **params)


def test_template_errors(api):
    api.error("tpl/del", 5, tpl_id=999)
    api.error("tpl/update", 5, tpl_id=1, tpl_content="【Demo】x")  # defaults are not the user's
    api.error("tpl/get_default", 5, tpl_id=99)
    existing = api.ok("tpl/get")[0]["tpl_content"]
    api.error("tpl/add", 6, tpl_content=existing)
