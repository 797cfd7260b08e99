"""Each endpoint answers with the document's shape (over real HTTP)."""

from __future__ import annotations

import pytest

from .helpers import FAR_FUTURE, FAR_PAST, OTP

SEND_KEYS = {"code", "msg", "count", "fee", "unit", "mobile", "sid"}
TEMPLATE_KEYS = {"tpl_id", "tpl_content", "check_status", "reason"}
REPORT_KEYS = {"sid", "uid", "user_receive_time", "error_msg", "mobile", "report_status"}
REPLY_KEYS = {"id", "mobile", "text", "reply_time", "extend", "base_extend", "_sign"}
RECORD_KEYS = {
    "sid",
    "mobile",
    "send_time",
    "text",
    "send_status",
    "report_status",
    "fee",
    "user_receive_time",
    "error_msg",
    "uid",
}
USER_KEYS = {
    "nick",
    "gmt_created",
    "mobile",
    "email",
    "ip_whitelist",
    "api_version",
    "balance",
    "alarm_balance",
    "emergency_contact",
    "emergency_mobile",
}


def test_single_send_shape_and_64bit_sid(api):
    body = api.send("13900001111", OTP.format(1234))
    assert set(body) == SEND_KEYS
    assert body["code"] == 0 and body["msg"] == "发送成功"
    assert body["count"] == 1 and body["fee"] == 0.05 and body["unit"] == "RMB"
    assert body["mobile"] == "13900001111"
    assert isinstance(body["sid"], int) and body["sid"] > 2**32


def test_batch_send_shape_with_failed_item_strings(api):
    body = api.ok("sms/batch_send", mobile="13900001111,123321,13900001112", text=OTP.format(55))
    assert set(body) == {"total_count", "total_fee", "unit", "data"}
    assert body["total_count"] == 2 and body["total_fee"] == "0.1000" and body["unit"] == "RMB"
    ok1, bad, ok2 = body["data"]
    assert ok1["code"] == 0 and ok2["code"] == 0 and ok1["sid"] != ok2["sid"]
    assert set(bad) >= SEND_KEYS
    assert bad["code"] == 2 and bad["mobile"] == "123321"
    assert (bad["count"], bad["fee"], bad["sid"]) == ("0", "0", "0")


def test_multi_send_shape(api):
    status, body = api.multi(["13900001111", "13900001112"], [OTP.format("1,1"), OTP.format("2 2")])
    assert status == 200
    assert [d["code"] for d in body["data"]] == [0, 0]
    assert body["total_count"] == 2 and body["total_fee"] == "0.1000"
    texts = {a.mobile: a.text for a in api.server.accepted_log()}
    assert texts == {"13900001111": OTP.format("1,1"), "13900001112": OTP.format("2 2")}


def test_pull_status_shape(api):
    items = api.ok("sms/pull_status", page_size=100)
    assert items and all(set(i) >= REPORT_KEYS for i in items)
    assert all(i["report_status"] in ("SUCCESS", "FAIL") for i in items)
    assert all(isinstance(i["sid"], int) and i["sid"] > 2**32 for i in items)


def test_pull_reply_shape_and_sign(api):
    import hashlib

    items = api.ok("sms/pull_reply", page_size=100)
    assert items and all(set(i) == REPLY_KEYS for i in items)
    for item in items:
        values = [str(item[k]) for k in sorted(item) if k != "_sign"]
        expected = hashlib.md5((",".join(values) + "," + api.server.apikey).encode()).hexdigest()
        assert item["_sign"] == expected


def test_get_reply_shape(api):
    items = api.ok("sms/get_reply", start_time=FAR_PAST, end_time=FAR_FUTURE, page_num=1, page_size=100)
    assert len(items) >= 20
    assert all(set(i) == REPLY_KEYS and i["id"] is None and i["_sign"] is None for i in items)
    times = [i["reply_time"] for i in items]
    assert times == sorted(times, reverse=True)
    assert {"退订", "TD"} & {i["text"] for i in items}


def test_get_record_shape(api):
    items = api.records()
    assert len(items) == 100
    assert all(set(i) == RECORD_KEYS for i in items)
    assert all(isinstance(i["sid"], str) and int(i["sid"]) > 2**32 for i in items)  # as the document shows
    assert {i["report_status"] for i in items} <= {"SUCCESS", "FAIL", "UNKNOWN"}
    assert all(i["send_status"] == "SUCCESS" and isinstance(i["fee"], int) for i in items)


def test_get_black_word_document_example(api):
    assert api.ok("sms/get_black_word", text="这是一条发票测试短信") == ["发票", "测试"]
    assert api.ok("sms/get_black_word", text="【豪霆云】您的验证码是1234") == []


def test_tpl_get_list_uses_reason_with_trailing_space(api):
    items = api.ok("tpl/get")
    assert all(set(i) == {"tpl_id", "tpl_content", "check_status", "reason "} for i in items)
    assert {i["check_status"] for i in items} == {"SUCCESS", "CHECKING", "FAIL"}
    one = api.ok("tpl/get", tpl_id=items[0]["tpl_id"])
    assert set(one) == TEMPLATE_KEYS and one["tpl_id"] == items[0]["tpl_id"]


def test_tpl_get_default(api):
    items = api.ok("tpl/get_default")
    assert [i["tpl_id"] for i in items][:7] == [1, 2, 3, 4, 5, 6, 7]
    assert all(i["tpl_content"].startswith("【#company#】") and "reason " in i for i in items)
    one = api.ok("tpl/get_default", tpl_id=1)
    assert one == {
        "tpl_id": 1,
        "tpl_content": "【#company#】您的验证码是#code#",
        "check_status": "SUCCESS",
        "reason": None,
    }


def test_tpl_add_update_del_shapes(api):
    added = api.ok("tpl/add", tpl_content="【Demo】Your order #order# shipped.", notify_type=1)
    assert set(added) == TEMPLATE_KEYS and added["check_status"] == "CHECKING"
    first = api.ok("tpl/update", tpl_id=added["tpl_id"], tpl_content="【Demo】Order #order# shipped.")
    second = api.ok("tpl/update", tpl_id=added["tpl_id"], tpl_content="【Demo】Order #order# is on its way.")
    assert set(first) == {"template"} and set(first["template"]) == TEMPLATE_KEYS  # wrapped...
    assert set(second) == TEMPLATE_KEYS  # ...sometimes
    assert second["tpl_content"] == "【Demo】Order #order# is on its way."
    deleted = api.ok("tpl/del", tpl_id=added["tpl_id"])
    assert deleted["tpl_id"] == added["tpl_id"] and set(deleted) == TEMPLATE_KEYS
    api.error("tpl/get", 5, tpl_id=added["tpl_id"])


@pytest.mark.parametrize("wrap, wrapped", [("always", [True, True]), ("never", [False, False])])
def test_tpl_update_wrap_knob(api, wrap, wrapped):
    api.server.control.set(tpl_update_wrap=wrap)
    tpl_id = api.ok("tpl/get")[0]["tpl_id"]
    got = [("template" in api.ok("tpl/update", tpl_id=tpl_id, tpl_content=f"【Demo】v{i} #code#")) for i in (1, 2)]
    assert got == wrapped


def test_user_get_and_set(api):
    user = api.ok("user/get")
    assert set(user) == USER_KEYS and user["balance"] == 856.35
    updated = api.ok("user/set", emergency_contact="李四", emergency_mobile="13912345678", alarm_balance=50)
    assert set(updated) == USER_KEYS
    assert (updated["emergency_contact"], updated["emergency_mobile"], updated["alarm_balance"]) == (
        "李四",
        "13912345678",
        50,
    )
    assert api.ok("user/get")["emergency_contact"] == "李四"
