"""Shared helpers of the campaign tests (real sandbox, real HTTP)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

from gui.campaign.engine import EngineSettings
from gui.campaign.journal import PENDING, SENT, Journal, PlannedRow

# An approved demo template of the sandbox (gui/sandbox/demo.py).
TEMPLATE = "【豪霆云】#name#您好，您预约的#service#将于#time#开始，回T退订"


def engine_settings(**kw) -> EngineSettings:
    """Engine settings for tests: small chunks, quick backoff, every progress reported."""
    base = {
        "chunk_size": 50,
        "max_in_flight": 4,
        "grace_seconds": 60,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "progress_interval": 0,
    }
    base.update(kw)
    return EngineSettings(**base)


def render(i: int) -> str:
    return f"【豪霆云】用户{i}您好，您预约的体检将于{8 + i % 10}:00开始，回T退订"


def numbers(n: int, base: int = 13912340000) -> list[str]:
    return [str(base + i) for i in range(n)]


def make_campaign(journal: Journal, n: int, base: int = 13912340000, personalised: bool = True) -> int:
    rows = [
        PlannedRow(i + 2, mobile, render(i) if personalised else render(0), False, PENDING, "", 1)
        for i, mobile in enumerate(numbers(n, base))
    ]
    return journal.create_campaign("sandbox test", TEMPLATE, rows)


class SandboxClock:
    """The engine's clock tied to the sandbox's: sleeping moves the sandbox's time forward,
    so grace periods and record lag pass without real waiting."""

    def __init__(self, server) -> None:
        self.server = server

    def time(self) -> float:
        return self.server.clock.time()

    def sleep(self, seconds: float) -> None:
        self.server.advance(max(0.0, seconds))
        time.sleep(0.001)


def assert_exactly_once(accepted, journal: Journal, campaign_id: int, expected: int) -> None:
    """From the sandbox's accepted log: every planned number exactly once, and the journal agrees."""
    rows = journal.rows(campaign_id)
    planned = {r.mobile for r in rows}
    per_number = Counter(a.mobile for a in accepted if a.mobile in planned)
    duplicates = {m: n for m, n in per_number.items() if n > 1}
    assert not duplicates, f"sent more than once: {duplicates}"
    assert len(per_number) == expected, f"{len(per_number)} of {expected} numbers were sent"
    sid_of = {a.mobile: a.sid for a in accepted if a.mobile in planned}
    text_of = {a.mobile: a.text for a in accepted if a.mobile in planned}
    for row in rows:
        assert row.state == SENT, (row.row_no, row.state, row.code, row.reason)
        assert row.sid == sid_of[row.mobile]
        assert row.text == text_of[row.mobile]


@contextlib.contextmanager
def sandbox_process(*options: str, cwd: Path | None = None):
    """A sandbox gateway in a process of its own (``python -m gui.sandbox --port 0 *options``),
    for tests that kill the console's process; yields its base URL, stops it afterwards."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "gui.sandbox", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("Sandbox gateway:"), line + proc.stderr.read()
        yield line.split(":", 1)[1].strip()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def accepted_log(base_url: str) -> list[dict]:
    """The sends the sandbox process accepted (its /_sandbox/log)."""
    with urllib.request.urlopen(f"{base_url}/_sandbox/log", timeout=10) as response:
        return json.load(response)["accepted"]


def answer_spend(qtbot, tab, accept: bool = True, timeout: int = 20_000):
    """Wait for the tab's spend confirmation and press Send (or Cancel); returns its plan."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.waitUntil(lambda: tab.spend_dialog is not None and tab.spend_dialog.isVisible(), timeout=timeout)
    dialog = tab.spend_dialog
    which = QDialogButtonBox.StandardButton.Ok if accept else QDialogButtonBox.StandardButton.Cancel
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)
    return dialog.plan
