"""State file round trip, and ``python -m gui.sandbox`` as a process."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys

import requests

from gui.sandbox.server import DEMO_APIKEY, SandboxServer

from .helpers import OTP, Api


def test_state_file_round_trip(tmp_path):
    path = tmp_path / "sandbox.json"
    first = SandboxServer(state_file=path, frozen_clock=True, reply_rate=0).start()
    api = Api(first)
    api.send("13900001111", OTP.format(1), uid="u-1", extend="7")
    tpl = api.ok("tpl/add", tpl_content="【Demo】Saved #x#")
    first.add_reply("13900001111", "退订")
    first.control.set(apikey="a" * 32)
    before = {
        "records": api.records(apikey="a" * 32),
        "templates": api.ok("tpl/get", apikey="a" * 32),
        "user": api.ok("user/get", apikey="a" * 32),
        "accepted": first.accepted_log(),
    }
    first.stop()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"

    second = SandboxServer(state_file=path, frozen_clock=True).start()
    try:
        api2 = Api(second)
        assert second.apikey == "a" * 32
        assert api2.records() == before["records"]
        assert api2.ok("tpl/get") == before["templates"]
        assert api2.ok("user/get") == before["user"]
        assert second.accepted_log() == before["accepted"]
        api2.error("sms/single_send", 8, mobile="13900001111", text=OTP.format(1))  # windows survive too
        assert {r["text"] for r in api2.ok("sms/pull_reply", page_size=100)} >= {"退订"}
        new_sid = api2.send("13900001112", OTP.format(2))["sid"]
        assert new_sid > max(a.sid for a in before["accepted"])  # sids never repeat
        assert tpl["tpl_id"] in {t["tpl_id"] for t in before["templates"]}
    finally:
        second.stop()


def test_http_save(tmp_path):
    srv = SandboxServer(demo=False).start()
    try:
        api = Api(srv)
        api.send("13900001111", OTP.format(1))
        target = tmp_path / "explicit.json"
        assert api.control("POST", "save", {"path": str(target)})[0] == 200
        data = json.loads(target.read_text(encoding="utf-8"))
        assert len(data["accepted"]) == 1
    finally:
        srv.stop()


def test_cli_serves_and_prints_url_and_apikey(tmp_path):
    state = tmp_path / "cli.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gui.sandbox",
            "--port",
            "0",
            "--state-file",
            str(state),
            "--latency-ms",
            "1",
            "--set",
            "report_fail_rate=0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url_line = proc.stdout.readline()
        key_line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", url_line).group(0)
        assert key_line.strip().endswith(DEMO_APIKEY)
        r = requests.post(f"{url}/v2/user/get.json", data={"apikey": DEMO_APIKEY}, timeout=5)
        assert r.status_code == 200 and r.json()["balance"] == 856.35
        snap = requests.get(f"{url}/_sandbox/control", timeout=5).json()
        assert snap["latency_ms"] == 1 and snap["report_fail_rate"] == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    assert proc.returncode == 0
    assert state.exists()  # saved on the way out


def test_cli_rejects_unknown_knob():
    proc = subprocess.run(
        [sys.executable, "-m", "gui.sandbox", "--port", "0", "--set", "nope=1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2 and "nope" in proc.stderr
