"""Rules that need time: anti-harassment windows, caps, template review, reports,
replies, pull-once, retention, record lag; plus billing and pagination."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gui.sandbox.clock import to_wire

from .helpers import FAR_FUTURE, FAR_PAST, OTP


# ------------------------------------------------------------------ anti-harassment
def test_same_number_same_text_30s_and_3_in_5min(eapi):
    srv, text = eapi.server, OTP.format(1234)
    eapi.send("13900001111", text)
    eapi.error("sms/single_send", 8, mobile="13900001111", text=text)
    eapi.send("13900001112", text)  # another number is fine
    eapi.send("13900001111", OTP.format(4321))  # another text is fine
    srv.clock.advance(29)
    eapi.error("sms/single_send", 8, mobile="13900001111", text=text)
    srv.clock.advance(2)  # 31 s after the first
    eapi.send("13900001111", text)
    srv.clock.advance(31)
    eapi.send("13900001111", text)  # third within 5 min
    srv.clock.advance(31)
    eapi.error("sms/single_send", 9, mobile="13900001111", text=text)
    srv.clock.advance(300 - 93 + 1)  # the first one left the window
    eapi.send("13900001111", text)
    assert [a.mobile for a in srv.accepted_log()].count("13900001111") == 5


def test_duplicate_number_in_one_batch_gets_8(eapi):
    body = eapi.ok("sms/batch_send", mobile="13900001111,13900001111", text=OTP.format(1))
    assert [d["code"] for d in body["data"]] == [0, 8]
    assert body["total_count"] == 1


def test_anti_harassment_can_be_switched_off(eapi):
    eapi.server.control.set(anti_harassment=False)
    eapi.send("13900001111", OTP.format(1))
    eapi.send("13900001111", OTP.format(1))


def test_hourly_and_daily_caps(eapi):
    srv = eapi.server
    srv.control.set(hourly_cap=2, daily_cap=3)
    eapi.send("13900001111", OTP.format(1))
    eapi.send("13900001111", OTP.format(2))
    eapi.error("sms/single_send", 22, mobile="13900001111", text=OTP.format(3))
    srv.clock.advance(3601)
    eapi.send("13900001111", OTP.format(3))
    eapi.error("sms/single_send", 17, mobile="13900001111", text=OTP.format(4))
    srv.clock.advance(86400 - 3600)
    eapi.send("13900001111", OTP.format(4))


# ------------------------------------------------------------------ templates
def test_template_review_with_the_clock(eapi):
    srv = eapi.server
    srv.control.set(review_delay_seconds=120)
    good = eapi.ok("tpl/add", tpl_content="【Demo】Ticket #id# is ready")
    unsigned = eapi.ok("tpl/add", tpl_content="Ticket #id# is closed")
    blocked = eapi.ok("tpl/add", tpl_content="【Demo】发票 #id#")
    foreign = eapi.ok("tpl/add", tpl_content="【Other】Ticket #id#")
    eapi.error("sms/single_send", 7, mobile="13900001111", text="【Demo】Ticket 42 is ready")
    srv.clock.advance(119)
    assert eapi.ok("tpl/get", tpl_id=good["tpl_id"])["check_status"] == "CHECKING"
    srv.clock.advance(2)
    got = {t["tpl_id"]: t for t in eapi.ok("tpl/get")}
    assert got[good["tpl_id"]]["check_status"] == "SUCCESS" and got[good["tpl_id"]]["reason "] is None
    assert got[unsigned["tpl_id"]]["check_status"] == "FAIL"
    assert "签名" in got[unsigned["tpl_id"]]["reason "]
    assert got[blocked["tpl_id"]]["check_status"] == "FAIL" and "发票" in got[blocked["tpl_id"]]["reason "]
    assert got[foreign["tpl_id"]]["check_status"] == "FAIL"
    eapi.send("13900001111", "【Demo】Ticket 42 is ready")
    eapi.error("sms/single_send", 5, mobile="13900001111", text="【Demo】Ticket  is ready")  # empty variable
    # An edit goes back to review: the old text no longer matches, the new one is in review.
    eapi.ok("tpl/update", tpl_id=good["tpl_id"], tpl_content="【Demo】Ticket #id# is done")
    assert eapi.ok("tpl/get", tpl_id=good["tpl_id"])["check_status"] == "CHECKING"
    eapi.error("sms/single_send", 5, mobile="13900001112", text="【Demo】Ticket 42 is ready")
    eapi.error("sms/single_send", 7, mobile="13900001112", text="【Demo】Ticket 42 is done")
    srv.clock.advance(121)
    eapi.send("13900001112", "【Demo】Ticket 42 is done")


def test_demo_checking_template_is_approved_after_an_hour(api):
    text = "【豪霆云】亲爱的会员，6月优惠活动已开启，详情见x.cn，回T退订"
    api.error("sms/single_send", 7, mobile="13900001111", text=text)
    api.server.clock.advance(3601)
    api.send("13900001111", text)


def test_default_templates_work_with_every_registered_signature(eapi):
    eapi.send("13900001111", "【Demo】正在找回密码，您的验证码是5678")  # default 7
    eapi.error("sms/single_send", 15, mobile="13900001111", text="【Nobody】正在找回密码，您的验证码是5678")
    eapi.server.control.set(signatures=["【Nobody】"])
    eapi.send("13900001111", "【Nobody】正在找回密码，您的验证码是5678")


def test_blocked_word_list_is_a_knob(eapi):
    eapi.server.control.set(blocked_words=["验证码"])
    assert eapi.ok("sms/get_black_word", text="这是一条发票测试短信") == []
    eapi.error("sms/single_send", 4, mobile="13900001111", text=OTP.format(1))


# ------------------------------------------------------------------ billing
@pytest.mark.parametrize("body_chars, expected_parts", [(64, 1), (65, 2), (128, 2), (129, 3)])
def test_billing_70_67(eapi, body_chars, expected_parts):
    # "【豪霆云】您的验证码是" is 11 characters; the signature counts.
    text = OTP.format("1" * (body_chars - 5))
    assert len(text) == body_chars + 6
    sent = eapi.send("13900001111", text)
    assert sent["count"] == expected_parts
    assert Decimal(str(sent["fee"])) == Decimal("0.05") * expected_parts


def test_billing_counts_utf16_code_units(eapi):
    emoji = "😀"  # outside the BMP: two units
    text = OTP.format("1" * 57 + emoji)  # 11 + 57 + 2 = 70 units: one part
    assert eapi.send("13900001111", text)["count"] == 1
    text = OTP.format("1" * 58 + emoji)  # 71 units: two parts
    assert eapi.send("13900001111", text)["count"] == 2
    text = OTP.format("1" * 485 + emoji)  # 498 units
    assert eapi.send("13900001111", text)["count"] == 8
    eapi.error("sms/single_send", 2, mobile="13900001111", text=OTP.format("1" * 488 + emoji))  # 501


def test_balance_is_charged_and_short_balance_is_3_per_number(eapi):
    srv = eapi.server
    srv.control.set(balance="0.10")
    body = eapi.ok("sms/batch_send", mobile="13900001111,13900001112,13900001113", text=OTP.format(9))
    assert [d["code"] for d in body["data"]] == [0, 0, 3]
    assert body["total_fee"] == "0.1000" and body["total_count"] == 2
    assert eapi.ok("user/get")["balance"] == 0
    eapi.error("sms/single_send", 3, mobile="13900001114", text=OTP.format(9))
    srv.control.set(balance=5, price_per_part="0.04")
    long_text = OTP.format("x" * 70)  # 2 parts
    sent = eapi.send("13900001114", long_text)
    assert sent["fee"] == 0.08
    assert eapi.ok("user/get")["balance"] == 4.92


# ------------------------------------------------------------------ reports and pull-once
def test_every_accepted_message_gets_one_report_after_the_delay(eapi):
    srv = eapi.server
    srv.control.set(report_delay_seconds=10)
    sids = {eapi.send(f"1390000{i:04d}", OTP.format(i))["sid"] for i in range(30)}
    assert eapi.ok("sms/pull_status", page_size=100) == []
    assert {r["report_status"] for r in eapi.records()} == {"UNKNOWN"}
    srv.clock.advance(10)
    first = eapi.ok("sms/pull_status", page_size=20)
    second = eapi.ok("sms/pull_status", page_size=20)
    assert len(first) == 20 and len(second) == 10
    assert {r["sid"] for r in first + second} == sids
    assert eapi.ok("sms/pull_status") == []  # each item once
    records = eapi.records()
    assert {r["report_status"] for r in records} == {"SUCCESS"}
    assert all(r["user_receive_time"] for r in records)


def test_fail_and_late_reports(eapi):
    srv = eapi.server
    srv.control.set(report_fail_rate=1.0, report_late_rate=1.0, report_delay_seconds=5, report_late_delay_seconds=600)
    sid = eapi.send("13900001111", OTP.format(1))["sid"]
    srv.clock.advance(60)
    assert eapi.ok("sms/pull_status") == []
    srv.clock.advance(600)
    (report,) = eapi.ok("sms/pull_status")
    assert report["sid"] == sid and report["report_status"] == "FAIL"
    assert report["error_msg"] in {"DB:0103", "MK:0001", "MN:0001", "DB:0141", "UNDELIV", "MK:0005"}
    assert eapi.records()[0]["error_msg"] == report["error_msg"]


def test_report_outcomes_are_mostly_success(eapi):
    srv = eapi.server
    srv.control.set(report_fail_rate=0.05, report_late_rate=0, anti_harassment=False, balance=1000)
    mobiles = [f"139{i:08d}" for i in range(1000)]
    eapi.ok("sms/batch_send", mobile=",".join(mobiles), text=OTP.format(1))
    srv.clock.advance(10)
    statuses = [r["report_status"] for _ in range(10) for r in eapi.ok("sms/pull_status", page_size=100)]
    assert len(statuses) == 1000
    assert 10 <= statuses.count("FAIL") <= 100


def test_pull_queues_expire_after_72_hours(api):
    srv = api.server
    srv.clock.advance(72 * 3600 + 1)
    assert api.ok("sms/pull_reply") == []
    statuses = api.ok("sms/pull_status", page_size=100)
    assert all(s["sid"] > srv.state.records[-4].sid for s in statuses)  # only the just-arrived ones


def test_replies_injected_and_pulled_once(eapi):
    srv = eapi.server
    eapi.send("13900001111", OTP.format(1), extend="01")
    srv.add_reply("13900001111", "退订")
    status, reply = eapi.control("POST", "reply", {"mobile": "13900001112", "text": "TD"})
    assert status == 200 and reply["text"] == "TD"
    pulled = eapi.ok("sms/pull_reply")
    assert [(p["mobile"], p["text"], p["extend"]) for p in pulled] == [
        ("13900001111", "退订", "01"),
        ("13900001112", "TD", ""),
    ]
    assert all(p["base_extend"] == "8888" and len(p["id"]) == 32 for p in pulled)
    assert eapi.ok("sms/pull_reply") == []
    listed = eapi.ok("sms/get_reply", start_time=FAR_PAST, end_time=FAR_FUTURE, page_num=1, page_size=10)
    assert len(listed) == 2
    only = eapi.ok(
        "sms/get_reply", start_time=FAR_PAST, end_time=FAR_FUTURE, page_num=1, page_size=10, mobile="13900001112"
    )
    assert [r["text"] for r in only] == ["TD"]


def test_generated_replies_follow_sends(eapi):
    srv = eapi.server
    srv.control.set(reply_rate=1.0, reply_delay_seconds=30)
    eapi.send("13900001111", OTP.format(1))
    assert eapi.ok("sms/pull_reply") == []
    srv.clock.advance(30)
    (reply,) = eapi.ok("sms/pull_reply")
    assert reply["mobile"] == "13900001111" and reply["text"]


# ------------------------------------------------------------------ records: range, filter, pages, lag
def test_get_record_range_filter_and_pages(eapi):
    srv = eapi.server
    start = srv.clock.time()
    sids = []
    for i in range(250):
        sids.append(eapi.send(f"139{i % 5:08d}", OTP.format(i))["sid"])
        srv.clock.advance(60)
    pages = [eapi.records(page_num=p, page_size=100) for p in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [100, 100, 50, 0]
    got = [int(r["sid"]) for page in pages for r in page]
    assert got == sids[::-1]  # newest first, no gaps or repeats
    mobile = eapi.records(mobile="13900000003")
    assert len(mobile) == 50 and {r["mobile"] for r in mobile} == {"13900000003"}
    window = eapi.records(start_time=to_wire(start + 60 * 10), end_time=to_wire(start + 60 * 19))
    assert [int(r["sid"]) for r in window] == sids[10:20][::-1]
    assert eapi.records(start_time=to_wire(start + 10**6), end_time=FAR_FUTURE) == []


def test_record_lag(eapi):
    srv = eapi.server
    srv.control.set(record_lag_seconds=120)
    eapi.send("13900001111", OTP.format(1))
    assert eapi.records() == []
    srv.clock.advance(119)
    assert eapi.records() == []
    srv.clock.advance(1)
    assert len(eapi.records()) == 1


def test_demo_account_is_lived_in(api):
    records = api.records(page_size=100)
    week = [r for p in range(1, 5) for r in api.records(page_num=p, page_size=100)]
    assert len(week) >= 200
    days = {r["send_time"][:10] for r in week}
    assert len(days) >= 7
    assert {r["report_status"] for r in week} == {"SUCCESS", "FAIL", "UNKNOWN"}
    assert records[0]["report_status"] == "UNKNOWN"  # the newest reports are on their way
    api.server.clock.advance(120)
    assert api.records(page_size=3)[0]["report_status"] != "UNKNOWN"
