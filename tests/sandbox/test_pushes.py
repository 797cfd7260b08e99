"""The sandbox pushes status reports and replies as the provider's document describes (gui/sandbox/pushes.py):
urlencoded JSON in ``sms_status`` / ``sms_reply``, reports in batches of at most 500, replies signed with
``_sign``, anything but ``SUCCESS`` / ``0`` retried on the sandbox clock; and the send refusals 10, 23, 26–28."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from gui.api.texts import verify_reply_sign

from .helpers import OTP


class Receiver:
    """A loopback receiver that keeps every push and answers from ``answers`` (then SUCCESS)."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict]] = []  # (path, {field: decoded JSON})
        self.answers: list[str] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
                form = {k: json.loads(v[0]) for k, v in parse_qs(body).items()}
                with receiver._lock:
                    receiver.posts.append((self.path, form))
                    answer = receiver.answers.pop(0) if receiver.answers else "SUCCESS"
                data = answer.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/push/s3cret"

    def of(self, field: str) -> list:
        with self._lock:
            return [form[field] for _, form in self.posts if field in form]


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.httpd.shutdown()
    r.httpd.server_close()


def settle(server) -> None:
    assert server.pushes.wait_idle(10)


def test_a_report_is_pushed_to_the_sends_callback_url(eapi, receiver):
    sent = eapi.send("13900001111", OTP.format(1), callback_url=receiver.url, uid="u-1")
    eapi.server.advance(5)  # report_delay_seconds
    settle(eapi.server)
    [batch] = receiver.of("sms_status")
    assert batch == [
        {
            "sid": sent["sid"],
            "uid": "u-1",
            "user_receive_time": batch[0]["user_receive_time"],
            "error_msg": "",
            "mobile": "13900001111",
            "report_status": "SUCCESS",
        }
    ]
    assert receiver.posts[0][0] == "/push/s3cret"
    [attempt] = eapi.server.push_log()
    assert attempt["ok"] and attempt["answer"] == "SUCCESS" and attempt["attempt"] == 1 and attempt["final"]
    assert eapi.ok("sms/pull_status") == batch  # pushing does not take reports out of pull_status


def test_reports_go_in_batches_of_at_most_500(eapi, receiver):
    eapi.server.control.set(status_push_url=receiver.url)  # the account's address, no callback_url
    for start in (0, 600):
        eapi.ok("sms/batch_send", mobile=",".join(f"139{n:08d}" for n in range(start, start + 600)), text=OTP.format(2))
    eapi.server.advance(5)
    settle(eapi.server)
    sizes = sorted(len(batch) for batch in receiver.of("sms_status"))
    assert sizes == [200, 500, 500]
    assert len({r["sid"] for batch in receiver.of("sms_status") for r in batch}) == 1200


def test_a_reply_is_pushed_signed_with_the_apikey(eapi, receiver):
    eapi.control("POST", "control", json={"reply_push_url": receiver.url})  # over the control API
    eapi.server.add_reply("13900002222", "收到了，谢谢！")
    settle(eapi.server)
    [reply] = receiver.of("sms_reply")
    assert reply["mobile"] == "13900002222" and reply["text"] == "收到了，谢谢！" and reply["id"]
    assert verify_reply_sign(reply, eapi.server.apikey)
    assert not verify_reply_sign(reply, "0" * 32)


def test_zero_is_an_answer_as_good_as_success(eapi, receiver):
    eapi.server.control.set(reply_push_url=receiver.url)
    receiver.answers = ["0"]
    eapi.server.add_reply("13900002222", "好的")
    settle(eapi.server)
    assert [a["ok"] for a in eapi.server.push_log()] == [True]


def test_a_failed_reply_push_is_retried_5_times_a_minute_apart(eapi, receiver):
    eapi.server.control.set(reply_push_url=receiver.url)
    receiver.answers = ["FAIL"] * 10
    eapi.server.add_reply("13900002222", "TD")
    settle(eapi.server)
    for retry in range(1, 6):
        eapi.server.advance(59)
        settle(eapi.server)
        assert len(receiver.of("sms_reply")) == retry  # not before the minute is over
        eapi.server.advance(1)
        settle(eapi.server)
        assert len(receiver.of("sms_reply")) == retry + 1
    eapi.server.advance(3600)
    settle(eapi.server)
    log = eapi.server.push_log()
    assert len(log) == 6 and not any(a["ok"] for a in log) and log[-1]["final"]
    assert [a["attempt"] for a in log] == [1, 2, 3, 4, 5, 6]
    assert len({json.dumps(r, sort_keys=True) for r in receiver.of("sms_reply")}) == 1  # the same reply each time


def test_a_failed_report_push_is_retried_3_times_5_minutes_apart(eapi, receiver):
    eapi.server.control.set(status_push_url=receiver.url)
    receiver.answers = ["ERROR", "", "no"]
    eapi.send("13900001111", OTP.format(3))
    eapi.server.advance(5)
    settle(eapi.server)
    for _ in range(3):
        eapi.server.advance(299)
        settle(eapi.server)
        before = len(receiver.of("sms_status"))
        eapi.server.advance(1)
        settle(eapi.server)
        assert len(receiver.of("sms_status")) == before + 1
    assert [a["ok"] for a in eapi.server.push_log()] == [False, False, False, True]


def test_push_fail_next_loses_the_answer_so_the_same_push_comes_again(eapi, receiver):
    eapi.server.control.set(reply_push_url=receiver.url, push_fail_next=1)
    eapi.server.add_reply("13900002222", "R")
    settle(eapi.server)
    eapi.server.advance(60)
    settle(eapi.server)
    first, second = receiver.of("sms_reply")
    assert first == second
    assert [(a["ok"], a["fault"]) for a in eapi.server.push_log()] == [(False, "answer_lost"), (True, None)]


def test_push_fail_next_not_delivered_and_pushing_off(eapi, receiver):
    server = eapi.server
    server.control.set(reply_push_url=receiver.url, push_fail_next=1, push_fail_mode="not_delivered")
    server.add_reply("13900002222", "R")
    settle(server)
    assert receiver.of("sms_reply") == [] and server.push_log()[0]["fault"] == "not_delivered"
    server.control.set(push_enabled=False)
    server.add_reply("13900003333", "T")  # pushing off: never pushed
    server.advance(60)  # the retry waits while pushing is off
    settle(server)
    assert receiver.of("sms_reply") == []
    server.control.set(push_enabled=True)
    server.tick()
    settle(server)
    assert [r["mobile"] for r in receiver.of("sms_reply")] == ["13900002222"]


def test_an_unreachable_address_is_a_failure_like_another(eapi):
    eapi.server.control.set(reply_push_url="http://127.0.0.1:9/push", push_timeout_seconds=2)
    eapi.server.add_reply("13900002222", "R")
    settle(eapi.server)
    [attempt] = eapi.server.push_log()
    assert not attempt["ok"] and attempt["fault"] and attempt["http_status"] is None and not attempt["final"]
    assert eapi.control("GET", "pushes")[1]["pending"] == 1


def test_push_addresses_are_checked(eapi):
    status, body = eapi.control("POST", "control", json={"status_push_url": "ftp://x"})
    assert status == 400 and "http" in body["error"]
    assert eapi.control("POST", "control", json={"status_push_url": ""})[0] == 200


# --- codes 10, 23, 26, 27, 28 -----------------------------------------------------------------


@pytest.mark.parametrize(
    "knobs, mobile, code",
    [
        ({"blacklisted_mobiles": ["13900004444"]}, "13900004444", 10),
        ({"out_of_region_prefixes": ["1390000"]}, "13900004444", 23),
        ({"unsupported_carrier_prefixes": ["170"]}, "17000004444", 28),
    ],
)
def test_number_refusals(eapi, knobs, mobile, code):
    eapi.server.control.set(**knobs)
    body = eapi.error("sms/single_send", code, mobile=mobile, text=OTP.format(4))
    assert mobile in body["detail"]
    answer = eapi.ok("sms/batch_send", mobile=f"{mobile},13800005555", text=OTP.format(5))
    assert [(i["mobile"], i["code"]) for i in answer["data"]] == [(mobile, code), ("13800005555", 0)]
    assert [m.mobile for m in eapi.server.accepted_log()] == ["13800005555"]


@pytest.mark.parametrize("fault, code", [("traffic_package", 26), ("amount_billing_off", 27)])
def test_billing_refusals(eapi, fault, code):
    eapi.server.control.set(billing_fault=fault)
    for endpoint, params in (
        ("sms/single_send", {"mobile": "13900001111", "text": OTP.format(6)}),
        ("sms/batch_send", {"mobile": "13900001111,13900001112", "text": OTP.format(6)}),
    ):
        eapi.error(endpoint, code, **params)
    assert eapi.server.accepted_log() == []
    eapi.server.control.set(billing_fault="none")
    eapi.send("13900001111", OTP.format(6))
