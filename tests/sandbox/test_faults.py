"""Fault injection, the control API (Python and HTTP) and the accepted log."""

from __future__ import annotations

import time

import pytest
import requests

from .helpers import OTP


def test_timeout_after_processing_stall_commits_the_send(eapi):
    srv = eapi.server
    srv.control.set(timeout_after_processing=1, stall_seconds=5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        eapi.call("sms/single_send", mobile="13900001111", text=OTP.format(1), timeout=0.5)
    (accepted,) = srv.accepted_log()  # the in-doubt send WAS accepted and billed
    assert accepted.mobile == "13900001111" and accepted.text == OTP.format(1)
    assert eapi.ok("user/get")["balance"] == 999.95
    eapi.error("sms/single_send", 8, mobile="13900001111", text=OTP.format(1))  # counter used up
    assert [r["fault"] for r in srv.requests_log()] == ["timeout_after_processing", None, None]


def test_timeout_after_processing_close_mode(eapi):
    srv = eapi.server
    srv.control.set(timeout_after_processing=2, timeout_mode="close")
    eapi.ok("user/get")  # only sends are affected
    with pytest.raises(requests.exceptions.ConnectionError):
        eapi.call("sms/multi_send", mobile="13900001111", text="x")  # processed (an error answer)
    with pytest.raises(requests.exceptions.ConnectionError):
        eapi.call("sms/batch_send", mobile="13900001111,13900001112", text=OTP.format(2))
    assert sorted(a.mobile for a in srv.accepted_log()) == ["13900001111", "13900001112"]
    assert srv.control.timeout_after_processing == 0


def test_connection_reset_before_processing(eapi):
    srv = eapi.server
    srv.control.set(connection_reset_next=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        eapi.call("sms/single_send", mobile="13900001111", text=OTP.format(1))
    assert srv.accepted_log() == []
    eapi.send("13900001111", OTP.format(1))


def test_html_error_pages(eapi):
    srv = eapi.server
    srv.control.set(html_error_next=2)
    for _ in range(2):
        r = requests.post(
            f"{srv.base_url}/v2/sms/single_send.json",
            timeout=5,
            data={"apikey": srv.apikey, "mobile": "13900001111", "text": OTP.format(1)},
        )
        assert r.status_code in (500, 502) and r.headers["Content-Type"].startswith("text/html")
        assert "<html>" in r.text
    assert srv.accepted_log() == []
    eapi.send("13900001111", OTP.format(1))


def test_html_error_after_processing(eapi):
    srv = eapi.server
    srv.control.set(html_error_next=1, html_error_after_processing=True)
    r = requests.post(
        f"{srv.base_url}/v2/sms/single_send.json",
        timeout=5,
        data={"apikey": srv.apikey, "mobile": "13900001111", "text": OTP.format(1)},
    )
    assert r.status_code in (500, 502)
    assert len(srv.accepted_log()) == 1


def test_seeded_rates_are_deterministic(eapi):
    srv = eapi.server

    def outcomes():
        srv.control.set(html_error_rate=0.5, fault_seed=7)
        got = [
            requests.post(f"{srv.base_url}/v2/user/get.json", data={"apikey": srv.apikey}, timeout=5).status_code
            for _ in range(20)
        ]
        srv.control.set(html_error_rate=0)
        return got

    first, second = outcomes(), outcomes()
    assert first == second and 200 in first and {500, 502} & set(first)


def test_connection_reset_rate(eapi):
    srv = eapi.server
    srv.control.set(connection_reset_rate=1.0)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(f"{srv.base_url}/v2/user/get.json", data={"apikey": srv.apikey}, timeout=5)
    srv.control.set(connection_reset_rate=0)
    eapi.ok("user/get")


def test_rate_limit_answers_minus_5(eapi):
    eapi.server.control.set(rate_limit_per_second=3)
    codes = [eapi.call("user/get")[1].get("code", 0) for _ in range(5)]
    assert codes[:3] == [0, 0, 0] and codes[3:] == [-5, -5]


def test_forced_api_errors_and_endpoint_filter(eapi):
    srv = eapi.server
    srv.control.set(api_error_next=[-51, -50], fault_endpoints=["sms/single_send"])
    eapi.ok("user/get")  # not a faulty endpoint
    eapi.error("sms/single_send", -51, mobile="13900001111", text=OTP.format(1))
    eapi.error("sms/single_send", -50, mobile="13900001111", text=OTP.format(1))
    eapi.send("13900001111", OTP.format(1))
    assert srv.call_count("sms/single_send") == 3 and srv.call_count("user/get") == 1


def test_latency(eapi):
    eapi.server.control.set(latency_ms=300)
    started = time.monotonic()
    eapi.ok("user/get")
    assert time.monotonic() - started >= 0.3


def test_stop_releases_stalled_answers(empty_server):
    empty_server.control.set(timeout_after_processing=1, stall_seconds=60)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(
            f"{empty_server.base_url}/v2/sms/single_send.json",
            timeout=0.3,
            data={"apikey": empty_server.apikey, "mobile": "13900001111", "text": OTP.format(1)},
        )
    started = time.monotonic()
    empty_server.stop()
    assert time.monotonic() - started < 5


def test_knob_validation(eapi):
    with pytest.raises(TypeError):
        eapi.server.control.set(no_such_knob=1)
    with pytest.raises(ValueError):
        eapi.server.control.set(html_error_rate=2)
    with pytest.raises(ValueError):
        eapi.server.control.set(features_off=["teleport"])


def test_knobs_at_start():
    from gui.sandbox.server import SandboxServer

    srv = SandboxServer(demo=False, balance=1, features_off="uid,pull_status", latency_ms=5).start()
    try:
        snap = srv.control.snapshot()
        assert snap["balance"] == "1" and snap["features_off"] == ["pull_status", "uid"]
        assert snap["latency_ms"] == 5 and "apikey" not in snap
    finally:
        srv.stop()


# ------------------------------------------------------------------ HTTP control API
def test_http_control(eapi):
    status, snap = eapi.control("POST", "control", {"features_off": ["pull_reply"], "record_lag_seconds": 5})
    assert status == 200 and snap["features_off"] == ["pull_reply"] and snap["record_lag_seconds"] == 5
    eapi.error("sms/pull_reply", -2)
    assert eapi.control("GET", "control")[1]["features_off"] == ["pull_reply"]
    status, body = eapi.control("POST", "control", {"bogus": 1})
    assert status == 400 and "bogus" in body["error"]
    assert eapi.control("GET", "nope")[0] == 404


def test_http_log_and_clock(eapi):
    eapi.send("13900001111", OTP.format(1), uid="batch-1")
    status, log = eapi.control("GET", "log")
    assert status == 200 and log["total"] == 1
    (entry,) = log["accepted"]
    assert entry["uid"] == "batch-1" and entry["mobile"] == "13900001111" and entry["sid"] > 2**32
    assert set(entry) >= {"sid", "uid", "mobile", "text", "time", "extend"}
    before = eapi.control("GET", "clock")[1]
    after = eapi.control("POST", "clock/advance", {"seconds": 31})[1]
    assert after["ts"] - before["ts"] == pytest.approx(31) and after["frozen"] is True
    eapi.send("13900001111", OTP.format(1))  # the 30 s window passed
    assert eapi.control("POST", "clock/set", {"time": "2030-01-02 03:04:05"})[1]["now"] == "2030-01-02 03:04:05"
    assert eapi.control("GET", "log?since=1")[1]["accepted"][0]["text"] == OTP.format(1)


def test_http_reset_and_state(api):
    api.send("13900001111", OTP.format(1))
    status, summary = api.control("POST", "reset", {"demo": False})
    assert status == 200 and summary["records"] == 0 and summary["accepted"] == 0
    assert api.control("GET", "state")[1]["templates"] == 0
    assert api.ok("tpl/get") == []


def test_every_knob_has_a_declared_type_on_control():
    """Control sets its knobs with setattr; the class declares each one for the type checker."""
    from gui.sandbox.faults import KNOBS, Control

    assert set(Control.__annotations__) == set(KNOBS)
