"""``python -m gui --sandbox`` runs its gateway in a process of its own (gui.sandbox.process):
started before Qt, ready once the window has painted, gone when the console goes — however it goes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from fresh_python import run_to_first_data

from gui.paths import HOME_ENV
from gui.sandbox import DEMO_APIKEY
from gui.sandbox.process import SandboxProcess

START_UP_READS = ("user/get", "tpl/get", "tpl/get_default")
_GATEWAY_LINE = re.compile(r"sandbox gateway on (http://127\.0\.0\.1:(\d+))")


def _refuses(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def _wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _gateway_port(home: Path, timeout: float = 30) -> int:
    log_file = home / "logs" / "sms-console.log"
    found: list[int] = []

    def logged() -> bool:
        match = _GATEWAY_LINE.search(log_file.read_text(encoding="utf-8")) if log_file.exists() else None
        if match:
            found.append(int(match.group(2)))
        return bool(match)

    assert _wait_until(logged, timeout), "the console never logged its gateway's address"
    return found[0]


def test_the_gateway_process_serves_at_once_and_stops_when_told(tmp_path):
    gateway = SandboxProcess.spawn(tmp_path / "gateway.log")
    port = int(gateway.base_url.rsplit(":", 1)[1])
    try:
        # the address is known before the child serves; a request waits in the socket's backlog
        assert gateway.base_url == f"http://127.0.0.1:{port}" and gateway.apikey == DEMO_APIKEY
        response = requests.post(f"{gateway.base_url}/v2/user/get.json", data={"apikey": gateway.apikey}, timeout=30)
        assert response.status_code == 200 and "balance" in response.json()
        assert gateway.call_count("user/get") == 1
    finally:
        gateway.stop()
    assert not gateway.running()
    assert _refuses(port)


def test_a_gateway_that_cannot_start_leaves_its_address_refusing_not_hanging(tmp_path):
    gateway = SandboxProcess.spawn(tmp_path / "gateway.log", "--latency-ms", "not-a-number")
    port = int(gateway.base_url.rsplit(":", 1)[1])
    assert _wait_until(lambda: not gateway.running(), 30)
    with pytest.raises(requests.ConnectionError):  # refused at once: the console's offline banner, not a hang
        requests.post(f"{gateway.base_url}/v2/user/get.json", data={"apikey": gateway.apikey}, timeout=5)
    gateway.stop()
    assert _refuses(port)
    assert "latency-ms" in (tmp_path / "gateway.log").read_text(encoding="utf-8")  # argparse's reason, logged


def _console(home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{HOME_ENV: str(home)})
    return subprocess.Popen(
        [sys.executable, "-m", "gui", *args],
        cwd=home,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_the_gateway_goes_when_the_console_exits(sms_console_home):
    console = _console(sms_console_home, "--sandbox", "--smoke", "--no-crash-dialog")
    assert console.wait(60) == 0
    port = _gateway_port(sms_console_home, timeout=1)
    assert _wait_until(lambda: _refuses(port), 10)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_the_gateway_goes_when_the_console_is_killed(sms_console_home):
    console = _console(sms_console_home, "--sandbox", "--no-crash-dialog")
    try:
        port = _gateway_port(sms_console_home)
        assert not _refuses(port)
        console.send_signal(signal.SIGKILL)
        console.wait(10)
        assert _wait_until(lambda: _refuses(port), 10), "the gateway outlived the killed console"
    finally:
        if console.poll() is None:
            console.kill()
            console.wait()


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["--sandbox"], True),
        (["--sandbox", "--smoke", "--lang", "zh_CN"], True),
        ([], False),
        (["--profile", "office"], False),
        (["--sandbox", "--version"], False),
        (["--sandbox", "--help"], False),
        (["team-move", "--profile", "office"], False),
    ],
)
def test_only_a_sandbox_start_starts_the_gateway_before_qt(argv, wanted):
    from gui.sandbox.process import wanted as starts_first

    assert starts_first(argv) is wanted


def test_the_console_uses_the_gateway_its_entry_point_started_before_qt(sms_console_home):
    """``python -m gui --sandbox`` starts the gateway in gui/__main__.py, before Qt: the console
    names one gateway, its error output goes to the console's log folder, the first data comes
    from it, and it goes with the console."""
    result = run_to_first_data(sms_console_home, "-m", "gui", "--sandbox", "--no-crash-dialog")
    assert "startup loaded_s=" in result.stdout
    log = (sms_console_home / "logs" / "sms-console.log").read_text(encoding="utf-8")
    assert len(re.findall(r"sandbox gateway on http://127\.0\.0\.1:\d+", log)) == 1
    assert list(sms_console_home.rglob("sandbox-gateway.log"))  # the gateway's error output, beside it
    port = _gateway_port(sms_console_home, timeout=1)
    assert _wait_until(lambda: _refuses(port), 10)  # and it went with the console
