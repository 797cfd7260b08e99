"""A saved profile's apikey read ahead by a child process (gui.keychain.read_ahead, issue 17):
its answer is taken when it is the apikey; any other answer, or none in time, and the console
reads the keyring itself as before. The child's keyring is ``keyring_fakes.RecordingFileKeyring``
(chosen through ``PYTHON_KEYRING_BACKEND``, as an operator could), which logs every call to a file."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from fresh_python import run_to_first_data
from keyring_fakes import MemoryKeyring
from PySide6.QtCore import QSettings

from gui import app
from gui.keychain import SERVICE_NAME, Keychain
from gui.keychain.read_ahead import ApikeyReadAhead, may_open_a_saved_profile
from gui.profiles import Profile, ProfileStore

TESTS = Path(__file__).resolve().parent
START_UP_READS = ("user/get", "tpl/get", "tpl/get_default")


@pytest.fixture
def child_keyring(tmp_path, monkeypatch):
    """The keyring a child process finds: RecordingFileKeyring; returns its call log's path."""
    calls = tmp_path / "keyring-calls.log"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring_fakes.RecordingFileKeyring")
    monkeypatch.setenv("SMS_TEST_KEYRING_LOG", str(calls))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.delenv("SMS_TEST_KEYRING_SECRET", raising=False)
    return calls


def test_the_child_reads_the_profiles_apikey(child_keyring, monkeypatch):
    monkeypatch.setenv("SMS_TEST_KEYRING_SECRET", "key-from-the-keyring")
    read_ahead = ApikeyReadAhead.spawn("office")
    assert read_ahead is not None
    assert read_ahead.secret(30) == "key-from-the-keyring"
    assert child_keyring.read_text(encoding="utf-8").splitlines() == ["get office"]


def test_nothing_stored_is_no_answer_so_the_console_asks_itself(child_keyring):
    read_ahead = ApikeyReadAhead.spawn("office")
    assert read_ahead is not None
    assert read_ahead.secret(30) is None
    assert child_keyring.read_text(encoding="utf-8").splitlines() == ["get office"]


def test_a_child_started_first_reads_the_name_it_is_told_later(child_keyring, monkeypatch):
    monkeypatch.setenv("SMS_TEST_KEYRING_SECRET", "key-from-the-keyring")
    read_ahead = ApikeyReadAhead.spawn()  # as gui/__main__.py starts it, before Qt
    assert read_ahead is not None
    read_ahead.ask("office")
    assert read_ahead.secret(30) == "key-from-the-keyring"
    assert child_keyring.read_text(encoding="utf-8").splitlines() == ["get office"]


def test_a_child_told_no_name_exits_without_reading_a_secret(child_keyring, monkeypatch):
    monkeypatch.setenv("SMS_TEST_KEYRING_SECRET", "key-from-the-keyring")
    read_ahead = ApikeyReadAhead.spawn()
    assert read_ahead is not None
    read_ahead.stop()  # no saved profile opens
    assert read_ahead._proc.returncode == 0  # it ended by itself, not killed
    assert not child_keyring.exists()  # no keyring call at all


@pytest.mark.parametrize(
    ("argv", "may"),
    [
        ([], True),
        (["--profile", "office", "--lang", "zh_CN"], True),
        (["--sandbox"], False),
        (["--smoke"], False),
        (["--version"], False),
        (["team-move", "--profile", "office"], False),
    ],
)
def test_only_a_start_that_may_open_a_saved_profile_reads_ahead(argv, may):
    assert may_open_a_saved_profile(argv) is may


def test_a_child_that_does_not_answer_in_time_is_stopped(monkeypatch, tmp_path):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring_fakes.HangingKeyring")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))
    read_ahead = ApikeyReadAhead.spawn("office")
    assert read_ahead is not None
    started = time.monotonic()
    assert read_ahead.secret(1.0) is None
    assert time.monotonic() - started < 10
    assert read_ahead._proc.poll() is not None  # stopped, not left waiting on the keyring


def _start_loaded(qtbot, app_stub, ctx, profile, in_process: MemoryKeyring):
    """The start-up on ``profile`` with a read-ahead child, until Compose's first data is in;
    ``in_process``: the keyring the console itself would read."""
    ctx.keychain = Keychain(in_process, forbid_main_thread=True)
    window = app._open_window_then_read_apikey(app_stub, ctx, profile, ApikeyReadAhead.spawn(profile.name))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.tabs.currentWidget().initial_load_finished, timeout=30_000) as loaded:
        pass
    assert loaded.args[0] is True and ctx.has_apikey
    return window


def test_the_window_takes_the_childs_apikey_and_never_reads_the_keyring_itself(
    qtbot, app_stub, office, sandbox, child_keyring, monkeypatch
):
    ctx, profile = office
    monkeypatch.setenv("SMS_TEST_KEYRING_SECRET", sandbox.apikey)
    in_process = MemoryKeyring()
    window = _start_loaded(qtbot, app_stub, ctx, profile, in_process)
    assert in_process.calls == []  # the child's answer was taken
    assert ctx.secrets.redact(f"key={sandbox.apikey}") == "key=***"  # redacted from the log from then on
    ctx.tasks.wait_all(10_000)
    assert {path: sandbox.call_count(path) for path in START_UP_READS} == dict.fromkeys(START_UP_READS, 1)
    window.close()


def test_when_the_child_finds_nothing_the_console_reads_the_keyring_itself(
    qtbot, app_stub, office, sandbox, child_keyring
):
    ctx, profile = office
    in_process = MemoryKeyring()  # what the console itself finds: the key
    in_process.set_password(SERVICE_NAME, profile.name, sandbox.apikey)
    in_process.calls.clear()
    window = _start_loaded(qtbot, app_stub, ctx, profile, in_process)
    assert child_keyring.read_text(encoding="utf-8").splitlines() == ["get office"]  # the child asked first
    assert in_process.calls == [("get", SERVICE_NAME, profile.name)]  # then the console, once
    window.close()


def test_a_console_start_reads_the_apikey_in_its_child_once(sms_console_home, sandbox, child_keyring):
    """``python -m gui`` on a saved profile: the apikey comes from the child (one keyring read),
    the first data loads (the start-up marks), and nothing is read twice."""
    from gui.paths import AppPaths

    settings = QSettings(str(AppPaths.default().ensure().settings_file), QSettings.Format.IniFormat)
    store = ProfileStore(settings)
    store.save(Profile("office", sandbox.base_url))
    store.set_active("office")
    settings.sync()
    result = run_to_first_data(
        sms_console_home, "-m", "gui", "--no-crash-dialog", SMS_TEST_KEYRING_SECRET=sandbox.apikey
    )
    assert re.search(r"^startup loaded_s=", result.stdout, re.M), result.stdout + result.stderr[-2000:]
    assert child_keyring.read_text(encoding="utf-8").splitlines() == ["get office"]
    assert sandbox.apikey not in (sms_console_home / "logs" / "sms-console.log").read_text(encoding="utf-8")
