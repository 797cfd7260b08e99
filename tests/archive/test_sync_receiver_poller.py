"""Sync from get_record (idempotent, resumable), the push receiver over HTTP, the background
poll, and a pull followed by a hard crash — all against the sandbox gateway over HTTP."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import requests

from gui.api.client import SmsClient
from gui.api.models import WIRE_TIME_FORMAT, beijing_now
from gui.api.texts import reply_sign
from gui.services.pull import PullService
from gui.store import poller as poller_mod
from gui.store.archive import ArchiveFilter, ArchiveQuery
from gui.store.db import Store, store_path
from gui.store.receiver import PushReceiver
from gui.store.sync import CHECKPOINT_KEY, RecordSync, day_windows, recheck

REPO = Path(__file__).resolve().parents[2]
OTP = "【豪霆云】您的验证码是{}"


@pytest.fixture
def api(sandbox):
    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 5), retry_delays=(0, 0))
    yield client
    client.close()


@pytest.fixture
def store(tmp_path):
    s = Store.open(store_path(tmp_path))
    yield s
    s.close()


def archive_rows(store, **filters):
    return ArchiveQuery(store, ArchiveFilter(**filters)).page(None, 100_000).rows


def week(sandbox):
    now = sandbox.clock.now()
    return (now - timedelta(days=8)).strftime(WIRE_TIME_FORMAT), (now + timedelta(minutes=1)).strftime(WIRE_TIME_FORMAT)


# --- sync -------------------------------------------------------------------------------------


def test_day_windows_cut_at_beijing_midnight():
    assert day_windows("2026-03-01 22:00:00", "2026-03-03 01:30:00") == [
        ("2026-03-01 22:00:00", "2026-03-01 23:59:59"),
        ("2026-03-02 00:00:00", "2026-03-02 23:59:59"),
        ("2026-03-03 00:00:00", "2026-03-03 01:30:00"),
    ]
    assert day_windows("2026-03-01 10:00:00", "2026-03-01 10:00:00") == [("2026-03-01 10:00:00",) * 2]


def test_sync_stores_every_record_once_and_again_changes_nothing(api, sandbox, store):
    api.batch_send([f"1390013{i:04d}" for i in range(30)], OTP.format(77))
    start, end = week(sandbox)
    expected = {r.sid: r for r in api.iter_records(start, end)}
    assert len(expected) > 250  # the demo history plus the batch

    progress = []
    result = RecordSync(store, api.get_record, page_size=25).run(start, end, progress=progress.append)
    assert result.complete and result.fetched >= len(expected) and result.new == len(expected)
    assert progress and progress[-1].new == len(expected) and progress[-1].days == result.days
    stored = {r.sid: r for r in archive_rows(store)}
    assert stored.keys() == expected.keys()
    for sid, record in expected.items():
        row = stored[sid]
        assert (row.mobile, row.text, row.sent_at, row.source) == (
            record.mobile,
            record.text,
            record.send_time,
            "record",
        )
        assert (row.report_status, row.error_msg) == (record.report_status, record.error_msg)
    assert [r.sid for r in archive_rows(store, text="验证码是77")] == sorted(
        (s for s, r in expected.items() if r.text == OTP.format(77)),
        key=lambda s: (stored[s].sent_at, stored[s].id),
        reverse=True,
    )

    again = RecordSync(store, api.get_record, page_size=25).run(start, end)
    assert again.complete and again.new == 0 and not again.resumed
    assert len(archive_rows(store)) == len(expected)
    assert store._query("SELECT COUNT(*) FROM records").fetchone()[0] == len(expected)


def test_sync_resumes_after_an_error_at_the_first_page_not_stored(api, sandbox, store):
    start, end = week(sandbox)
    expected = {r.sid for r in api.iter_records(start, end)}
    calls = []
    fail_at = [6]

    def flaky(*args):
        calls.append(args[:3])
        if len(calls) == fail_at[0]:
            raise requests.ConnectionError("the network went away")
        return api.get_record(*args)

    with pytest.raises(requests.ConnectionError):
        RecordSync(store, flaky, page_size=20).run(start, end)
    checkpoint = store.get_setting(CHECKPOINT_KEY)
    stored_before = len(archive_rows(store))
    assert 0 < stored_before < len(expected) and checkpoint["done"] is False
    failed_call = calls[-1]

    calls.clear()
    fail_at[0] = 0
    result = RecordSync(store, flaky, page_size=20).run(start, end)
    assert result.resumed and result.complete
    assert calls[0] == failed_call  # starts where it stopped, not at day 1 page 1
    assert {r.sid for r in archive_rows(store)} == expected
    assert store.get_setting(CHECKPOINT_KEY)["done"] is True


def test_sync_cancel_keeps_what_was_stored_and_resumes(api, sandbox, store):
    start, end = week(sandbox)
    expected = {r.sid for r in api.iter_records(start, end)}

    class Control:
        cancelled = False

    control = Control()

    def cancel_after_two(progress):
        if progress.page >= 2 or progress.day_index >= 2:
            control.cancelled = True

    first = RecordSync(store, api.get_record, page_size=10).run(start, end, progress=cancel_after_two, control=control)
    assert first.cancelled and not first.complete and 0 < first.fetched < len(expected)
    second = RecordSync(store, api.get_record, page_size=10).run(start, end)
    assert second.resumed and second.complete
    assert {r.sid for r in archive_rows(store)} == expected


def test_recheck_fills_in_reports_for_messages_without_one(api, sandbox, store):
    from gui.store.db import SentMessage

    result = api.single_send("13800138077", OTP.format(4242))
    sent_at = beijing_now().strftime(WIRE_TIME_FORMAT)
    store.record_sent([SentMessage(result.sid, "13800138077", OTP.format(4242), sent_at, 0, "", 1, "0.05", "RMB")])
    assert archive_rows(store)[0].report_status == ""
    sandbox.advance(4000)  # the report exists on the provider now
    calls, final = recheck(store, api.get_record, archive_rows(store, report_status="PENDING"))
    assert (calls, final) == (1, 1)
    (row,) = archive_rows(store)
    assert row.report_status in ("SUCCESS", "FAIL") and row.source == "console"


# --- push receiver ------------------------------------------------------------------------------

APIKEY = "0000"  # the document's worked example


def no_client():
    raise AssertionError("a push receiver never pulls")


@pytest.fixture
def receiver(store, tmp_path):
    service = PullService(no_client, lambda: store, tmp_path)
    r = PushReceiver(service.store_pushed, lambda: APIKEY, port=0, path="/push/s3cret").start()
    yield r
    r.stop()


def post(receiver, fields, path=None):
    body = urlencode(fields).encode("utf-8")
    return requests.post(
        f"http://127.0.0.1:{receiver.port}{path or receiver.path}",
        data=body,
        timeout=5,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )


DOC_REPLY = {
    "base_extend": "8888",
    "extend": "01",
    "id": "2a70c6bb4f2845da816ea1bfe5732747",
    "mobile": "15205201314",
    "reply_time": "2014-03-17 22:55:21",
    "text": "收到了，谢谢！",
    "_sign": "393d079e0a00912335adfe46f4a2e10f",
}


def replies_in_file(store):
    conn = sqlite3.connect(store.path)  # a separate connection: only committed rows
    try:
        return conn.execute("SELECT reply_id, text FROM replies").fetchall()
    finally:
        conn.close()


def test_receiver_accepts_the_documents_signed_reply_once(receiver, store):
    answer = post(receiver, {"sms_reply": json.dumps(DOC_REPLY, ensure_ascii=False)})
    assert (answer.status_code, answer.text) == (200, "SUCCESS")
    assert replies_in_file(store) == [("2a70c6bb4f2845da816ea1bfe5732747", "收到了，谢谢！")]  # committed
    again = post(receiver, {"sms_reply": json.dumps(DOC_REPLY, ensure_ascii=False)})  # the provider's retry
    assert again.text == "SUCCESS" and len(replies_in_file(store)) == 1
    assert receiver.stats.replies_stored == 1 and receiver.stats.accepted == 2


@pytest.mark.parametrize(
    "forge",
    [
        lambda p: {**p, "text": "收到了,谢谢!"},  # ASCII punctuation: another hash
        lambda p: {**p, "mobile": "15205201315"},
        lambda p: {**p, "_sign": reply_sign(p, "not-the-apikey")},
        lambda p: {k: v for k, v in p.items() if k != "_sign"},
        lambda p: {**p, "_sign": ""},
    ],
)
def test_receiver_rejects_a_forged_reply_and_stores_nothing(receiver, store, forge, caplog):
    answer = post(receiver, {"sms_reply": json.dumps(forge(dict(DOC_REPLY)), ensure_ascii=False)})
    assert answer.status_code == 403 and answer.text != "SUCCESS"
    assert replies_in_file(store) == []
    assert receiver.stats.rejected == 1 and "sign" in receiver.stats.last_rejection
    assert "reply _sign does not verify" in caplog.text and APIKEY not in caplog.text


def test_receiver_stores_status_pushes_once_and_rejects_malformed(receiver, store):
    reports = [
        {
            "sid": 9001,
            "uid": None,
            "user_receive_time": "2026-03-01 10:00:07",
            "error_msg": "DELIVRD",
            "mobile": "15205201314",
            "report_status": "SUCCESS",
        },
        {
            "sid": "9002",
            "user_receive_time": "2026-03-01 10:00:09",
            "error_msg": "MK:0001",
            "mobile": "15205201315",
            "report_status": "FAIL",
            "error_detail": "手机关机或停机",
        },
    ]
    payload = json.dumps(reports, ensure_ascii=False)
    assert post(receiver, {"sms_status": payload}).text == "SUCCESS"
    assert post(receiver, {"sms_status": quote(payload)}).text == "SUCCESS"  # url-encoded once more: same
    assert store.count_reports() == 2
    assert {(r.sid, r.report_status) for r in archive_rows(store)} == {(9001, "SUCCESS"), (9002, "FAIL")}

    bad = [
        ({"sms_status": '[{"sid": 1'}, 400),  # not JSON
        ({"sms_status": json.dumps([{"mobile": "1"}])}, 400),  # no sid
        ({"sms_status": json.dumps([])}, 400),
        ({"sms_status": json.dumps([{"sid": 1}] * 501)}, 400),
        ({"sms_reply": "[]"}, 400),
        ({"something": "else"}, 400),
    ]
    for fields, status in bad:
        answer = post(receiver, fields)
        assert answer.status_code == status and answer.text == "FAIL", fields
    assert post(receiver, {"sms_status": payload}, path="/push/guess").status_code == 404
    assert (
        requests.post(
            f"http://127.0.0.1:{receiver.port}{receiver.path}",
            data=b"\xff\xfe",
            timeout=5,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ).status_code
        == 400
    )
    assert store.count_reports() == 2 and receiver.stats.rejected == len(bad) + 2


def test_receiver_answers_no_success_when_the_store_fails(store, tmp_path):
    def broken_store():
        raise sqlite3.OperationalError("database is locked")

    service = PullService(no_client, broken_store, tmp_path)
    receiver = PushReceiver(service.store_pushed, lambda: APIKEY, port=0).start()
    try:
        answer = post(receiver, {"sms_reply": json.dumps(DOC_REPLY, ensure_ascii=False)}, path="/")
        assert answer.status_code == 500 and answer.text != "SUCCESS"
        assert receiver.stats.failed == 1
    finally:
        receiver.stop()


# --- background poll ---------------------------------------------------------------------------


def test_poll_needs_an_interval_and_consent_then_stores_reports_and_replies(api, sandbox, store, tmp_path):
    times = iter(f"2026-03-01 10:0{i}:00" for i in range(10))
    poller = PullService(lambda: api, lambda: store, tmp_path, clock=lambda: next(times))
    assert poller.poll_once().skipped_reason == "off"
    poller_mod.set_interval_minutes(store, 5)
    assert poller.poll_once().skipped_reason == "no consent"
    store.set_setting("pull_consent", True)
    sent = api.single_send("13800138088", OTP.format(8))
    sandbox.advance(4000)
    sandbox.add_reply("13800138088", "退订")

    result = poller.poll_once()
    assert result.ran and result.error is None and result.new_reports >= 1 and result.new_replies >= 1
    assert any(r.sid == sent.sid for r in store.reports_joined(limit=1000))
    assert ("13800138088", "退订") in {(r.mobile, r.text) for r in store.stored_replies(limit=1000)}
    status = poller_mod.load_status(store)
    assert (status.last_poll_at, status.last_ok_at, status.error_count) == ("2026-03-01 10:00:00",) * 2 + (0,)

    sandbox.control.set(api_error_next=[-50, -50])
    failed = poller.poll_once()
    assert failed.error is not None
    status = poller_mod.load_status(store)
    assert status.error_count == 1 and status.last_ok_at == "2026-03-01 10:00:00" and "-50" in status.last_error
    assert poller_mod.next_delay_s(5, status.error_count) == 600
    assert poller_mod.next_delay_s(5, 9) == 3600 and poller_mod.next_delay_s(0, 0) is None
    assert sandbox.apikey not in json.dumps(store.get_setting(poller_mod.STATUS_KEY))


# --- crash ----------------------------------------------------------------------------------------

CRASH_AFTER_PULL = textwrap.dedent("""
    import os, sys
    from gui.api.client import SmsClient
    from gui.store.db import Store
    client = SmsClient(os.environ["T_APIKEY"], os.environ["T_BASE"])
    store = Store.open(sys.argv[1])
    reports = client.pull_status(100)
    store.save_reports(reports)           # what the Reports tab's worker does before showing
    print(",".join(str(r.sid) for r in reports), flush=True)
    os._exit(9)                           # the console dies before anything is displayed
""")


def test_a_report_pulled_then_a_crash_before_display_is_in_the_archive(api, sandbox, tmp_path):
    while api.pull_status(100):
        pass  # the demo account's queued reports
    sent = api.single_send("13800138099", OTP.format(99))
    sandbox.advance(4000)
    path = store_path(tmp_path / "crash")
    path.parent.mkdir()
    env = dict(os.environ, T_APIKEY=sandbox.apikey, T_BASE=sandbox.base_url, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", CRASH_AFTER_PULL, str(path)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 9, done.stderr
    assert str(sent.sid) in done.stdout.split(",")
    assert api.pull_status(100) == []  # gone from the provider: the archive holds the only copy
    store = Store.open(path)
    try:
        (row,) = ArchiveQuery(store, ArchiveFilter(mobile="13800138099")).page().rows
        assert row.sid == sent.sid and row.report_status in ("SUCCESS", "FAIL")
    finally:
        store.close()
