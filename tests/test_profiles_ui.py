"""Profiles as the operator meets them: the profile dialog, the start-up flow, switching,
the settings and about dialogs.

Most tests use an in-memory keyring (tests/keyring_fakes.py) and the sandbox gateway
over real HTTP. The acceptance tests marked ``keyring`` use the real Secret Service
(gnome-keyring under D-Bus) and run inside tests/with_keyring.sh.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from keyring.backends import fail
from keyring_fakes import LockedKeyring, MemoryKeyring
from PySide6.QtCore import QLockFile, QSettings
from PySide6.QtWidgets import QMessageBox, QPushButton

from gui.api.client import SmsClient
from gui.keychain import SERVICE_NAME, Keychain, KeyringState
from gui.paths import HOME_ENV
from gui.profiles import Profile

real_keyring = pytest.mark.skipif(
    os.environ.get("SMS_CONSOLE_REAL_KEYRING") != "1",
    reason="needs a real Secret Service: run inside tests/with_keyring.sh",
)
OP_TIMEOUT_MS = 15_000


@pytest.fixture
def make_ctx(qapp, app_paths):
    """Build AppContexts on this test's home (several = several consoles / restarts)."""
    from gui.app import AppContext, parse_args

    made = []

    def make(keychain: Keychain, *argv: str):
        settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
        ctx = AppContext(app_paths, settings, parse_args(list(argv)))
        ctx.keychain = keychain
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.tasks.wait_all(3000)
        ctx.release()


@pytest.fixture
def open_dialog(qtbot):
    from gui.views.profiles import ProfileDialog

    def open_(ctx, **kwargs) -> ProfileDialog:
        dialog = ProfileDialog(ctx, None, **kwargs)
        qtbot.addWidget(dialog)
        # The first keyring step (read of the selected profile, or probe) starts at once.
        with qtbot.waitSignal(dialog.operation_finished, timeout=OP_TIMEOUT_MS):
            dialog.show()
        return dialog

    return open_


def run_op(qtbot, dialog, action, operation: str) -> None:
    """Do ``action`` and wait until the dialog reports ``operation`` finished."""
    with qtbot.waitSignal(
        dialog.operation_finished, timeout=OP_TIMEOUT_MS, check_params_cb=lambda name: name == operation
    ):
        action()


def fill(dialog, name: str | None, url: str, apikey: str) -> None:
    if name is not None:
        dialog.name_edit.setText(name)
    dialog.url_edit.setText(url)
    dialog.apikey_edit.setText(apikey)


def settings_text(ctx) -> str:
    ctx.settings.sync()
    return ctx.paths.settings_file.read_text(encoding="utf-8")


# --- profile dialog -------------------------------------------------------------------


def test_new_profile_puts_apikey_in_keyring_and_nothing_secret_in_settings(qtbot, make_ctx, open_dialog, sandbox):
    backend = MemoryKeyring()
    ctx = make_ctx(Keychain(backend, forbid_main_thread=True))
    dialog = open_dialog(ctx)
    assert dialog.selected_name() is None  # no profile yet: the form is a new one
    fill(dialog, "Shop", sandbox.base_url, "key-new-profile-123")
    run_op(qtbot, dialog, dialog.save_button.click, "save")

    assert backend.store == {(SERVICE_NAME, "Shop"): "key-new-profile-123"}
    assert ctx.profiles.get("Shop").base_url == sandbox.base_url
    assert "key-new-profile-123" not in settings_text(ctx)
    assert dialog.apikey_edit.text() == ""  # not kept in the widget once stored
    assert "Stored in the keyring" in dialog.apikey_status.text()
    assert dialog.profile_list.count() == 1 and dialog.profile_list.currentItem().text() == "Shop"


def test_invalid_name_and_address_are_refused(qtbot, make_ctx, open_dialog):
    backend = MemoryKeyring()
    ctx = make_ctx(Keychain(backend))
    dialog = open_dialog(ctx)
    fill(dialog, "a/b", "https://gw.example.com", "key-1234")
    run_op(qtbot, dialog, dialog.save_button.click, "save")
    assert "must not contain" in dialog.test_result.text()
    fill(dialog, "Shop", "ftp://gw.example.com", "key-1234")
    run_op(qtbot, dialog, dialog.save_button.click, "save")
    assert "http:// or https://" in dialog.test_result.text()
    assert ctx.profiles.names() == [] and backend.store == {}


def test_plain_http_shows_a_warning_https_does_not(make_ctx, open_dialog):
    dialog = open_dialog(make_ctx(Keychain(MemoryKeyring())))
    dialog.url_edit.setText("http://sms.haotingyun.com")
    assert dialog.url_warning.isVisible()
    assert "apikey travels unencrypted" in dialog.url_warning.text()
    dialog.url_edit.setText("https://sms.haotingyun.com")
    assert not dialog.url_warning.isVisible()
    dialog.url_edit.setText("http://")
    assert "no host name" in dialog.url_warning.text()


def test_show_toggle_reveals_only_what_was_typed(make_ctx, open_dialog):
    from PySide6.QtWidgets import QLineEdit

    dialog = open_dialog(make_ctx(Keychain(MemoryKeyring())))
    assert dialog.apikey_edit.echoMode() is QLineEdit.EchoMode.Password
    dialog.show_key_button.click()
    assert dialog.apikey_edit.echoMode() is QLineEdit.EchoMode.Normal
    dialog.show_key_button.click()
    assert dialog.apikey_edit.echoMode() is QLineEdit.EchoMode.Password


def test_test_connection_shows_nick_and_balance(qtbot, make_ctx, open_dialog, sandbox):
    account = SmsClient(sandbox.apikey, sandbox.base_url).user_get()
    dialog = open_dialog(make_ctx(Keychain(MemoryKeyring())))
    fill(dialog, "Shop", sandbox.base_url, sandbox.apikey)
    run_op(qtbot, dialog, dialog.test_button.click, "test")
    text = dialog.test_result.text()
    assert text.startswith("Connected")
    assert account.nick in text and str(account.balance) in text


def test_test_connection_uses_the_stored_apikey_when_the_field_is_empty(qtbot, make_ctx, open_dialog, sandbox):
    backend = MemoryKeyring()
    backend.store[(SERVICE_NAME, "Shop")] = sandbox.apikey
    ctx = make_ctx(Keychain(backend))
    ctx.profiles.save(Profile("Shop", sandbox.base_url))
    dialog = open_dialog(ctx)
    assert dialog.apikey_edit.text() == ""  # the stored key is never put back on screen
    run_op(qtbot, dialog, dialog.test_button.click, "test")
    assert dialog.test_result.text().startswith("Connected")


def test_test_connection_with_a_wrong_apikey_explains_without_the_key(qtbot, make_ctx, open_dialog, sandbox):
    dialog = open_dialog(make_ctx(Keychain(MemoryKeyring())))
    wrong = "key-wrong-" + uuid.uuid4().hex
    fill(dialog, "Shop", sandbox.base_url, wrong)
    run_op(qtbot, dialog, dialog.test_button.click, "test")
    text = dialog.test_result.text()
    assert text.startswith("The connection test failed")
    assert wrong not in text


def test_delete_asks_and_removes_the_keyring_entry(qtbot, make_ctx, open_dialog, monkeypatch):
    backend = MemoryKeyring()
    backend.store[(SERVICE_NAME, "Old")] = "key-old-1234"
    ctx = make_ctx(Keychain(backend))
    ctx.profiles.save(Profile("Old", "https://gw.example.com"))
    dialog = open_dialog(ctx)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    dialog.delete_button.click()
    assert asked and ctx.profiles.names() == ["Old"]  # "No" keeps everything
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    run_op(qtbot, dialog, dialog.delete_button.click, "delete")
    assert ctx.profiles.names() == []
    assert backend.store == {}


def test_delete_keeps_the_profile_when_the_keyring_refuses(qtbot, make_ctx, open_dialog, monkeypatch):
    ctx = make_ctx(Keychain(LockedKeyring()))
    ctx.profiles.save(Profile("Old", "https://gw.example.com"))
    dialog = open_dialog(ctx)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    run_op(qtbot, dialog, dialog.delete_button.click, "delete")
    assert ctx.profiles.names() == ["Old"]
    assert "was not deleted" in dialog.test_result.text()


def test_locked_keyring_is_explained_with_what_to_do(make_ctx, open_dialog):
    ctx = make_ctx(Keychain(LockedKeyring()))
    ctx.profiles.save(Profile("Shop", "https://gw.example.com"))
    dialog = open_dialog(ctx)
    text = dialog.keyring_state_label.text()
    assert "locked or refused" in text and "Unlock it" in text
    assert "KeyringLocked" in text  # the technical reason, for support
    assert dialog.retry_button.isVisibleTo(dialog)


def test_no_keyring_offers_memory_for_this_run_only(qtbot, make_ctx, open_dialog, sandbox):
    ctx = make_ctx(Keychain(fail.Keyring(), forbid_main_thread=True))
    dialog = open_dialog(ctx)
    assert "No usable keyring" in dialog.keyring_state_label.text()
    assert "memory for this run only" in dialog.keyring_state_label.text()
    fill(dialog, "Shop", sandbox.base_url, "key-memory-only-42")
    run_op(qtbot, dialog, dialog.use_button.click, "save")  # save fails: nothing activated yet
    assert ctx.profile is None
    assert dialog.memory_button.isVisibleTo(dialog)
    dialog.memory_button.click()
    assert "memory for this run only" in dialog.test_result.text()
    assert ctx.keychain.session_secret("Shop") == "key-memory-only-42"
    run_op(qtbot, dialog, dialog.use_button.click, "use")
    assert ctx.profile.name == "Shop" and ctx.has_apikey
    assert "key-memory-only-42" not in settings_text(ctx)


def test_sandbox_dialog_is_read_only_and_never_touches_the_keyring(qtbot, app_ctx):
    from gui.views.profiles import ProfileDialog

    backend = MemoryKeyring()
    app_ctx.keychain = Keychain(backend)  # even a keychain that allows secrets is left alone
    app_ctx.profiles.save(Profile("Shop", "https://gw.example.com"))
    dialog = ProfileDialog(app_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "Backend:" in dialog.backend_label.text() and "looking" not in dialog.backend_label.text())
    assert not dialog.editor.isEnabled() and not dialog.use_button.isEnabled()
    assert "sandbox" in dialog.notice_label.text()
    assert backend.calls == []


# --- switching at run time ------------------------------------------------------------


def _two_profiles(ctx, backend, base_url, apikey):
    for name in ("Alpha", "Beta"):
        ctx.profiles.save(Profile(name, base_url))
        backend.store[(SERVICE_NAME, name)] = apikey


def _lock_of(ctx, name) -> QLockFile:
    return QLockFile(str(ctx.paths.profile_dir(name) / "console.lock"))


def test_switching_profile_moves_the_lock(qtbot, make_ctx, open_dialog, sandbox):
    backend = MemoryKeyring()
    ctx = make_ctx(Keychain(backend))
    _two_profiles(ctx, backend, sandbox.base_url, sandbox.apikey)
    dialog = open_dialog(ctx, select="Alpha")
    run_op(qtbot, dialog, dialog.use_button.click, "use")
    assert ctx.profile.name == "Alpha"
    other = _lock_of(ctx, "Alpha")
    assert not other.tryLock(0)  # Alpha is held by this console

    changed = []
    ctx.profile_changed.connect(changed.append)
    dialog = open_dialog(ctx, select="Beta")
    run_op(qtbot, dialog, dialog.use_button.click, "use")
    assert ctx.profile.name == "Beta" and ctx.has_apikey
    assert [p.name for p in changed] == ["Beta"]
    qtbot.waitUntil(lambda: not ctx.draining)  # Alpha's store is closed in a worker, then its lock released
    assert _lock_of(ctx, "Alpha").tryLock(0)  # released
    assert not _lock_of(ctx, "Beta").tryLock(0)  # held


def test_switching_to_a_profile_open_elsewhere_is_refused(qtbot, make_ctx, open_dialog, sandbox):
    backend = MemoryKeyring()
    ctx = make_ctx(Keychain(backend))
    elsewhere = make_ctx(Keychain(backend))
    _two_profiles(ctx, backend, sandbox.base_url, sandbox.apikey)
    assert ctx.lock_profile("Alpha")
    ctx.set_profile(ctx.profiles.get("Alpha"), sandbox.apikey)
    assert elsewhere.lock_profile("Beta")
    dialog = open_dialog(ctx, select="Beta")
    run_op(qtbot, dialog, dialog.use_button.click, "use")
    assert "open in another SMS Console" in dialog.test_result.text()
    assert ctx.profile.name == "Alpha"
    assert not _lock_of(ctx, "Alpha").tryLock(0)  # still ours


# --- start-up flow ----------------------------------------------------------------------


def test_start_opens_the_last_profile_with_its_apikey(qtbot, make_ctx, sandbox):
    from gui.views.profiles.flow import open_initial_profile

    backend = MemoryKeyring()
    ctx = make_ctx(Keychain(backend, forbid_main_thread=True))
    _two_profiles(ctx, backend, sandbox.base_url, sandbox.apikey)
    ctx.profiles.set_active("Beta")
    assert open_initial_profile(ctx)
    assert ctx.profile.name == "Beta" and ctx.has_apikey
    assert not _lock_of(ctx, "Beta").tryLock(0)


def test_start_with_profile_flag_and_unknown_profile(make_ctx, capsys):
    from gui.views.profiles.flow import open_initial_profile

    backend = MemoryKeyring()
    ctx = make_ctx(Keychain(backend), "--smoke", "--profile", "Nope")
    ctx.profiles.save(Profile("Shop", "https://gw.example.com"))
    assert not open_initial_profile(ctx)
    assert "no profile named “Nope”" in capsys.readouterr().err
    assert ctx.profile is None and backend.calls == []


def test_second_console_on_a_profile_opens_nothing(make_ctx, capsys, sandbox):
    from gui.views.profiles.flow import open_initial_profile

    backend = MemoryKeyring()
    first = make_ctx(Keychain(backend), "--smoke", "--profile", "Alpha")
    _two_profiles(first, backend, sandbox.base_url, sandbox.apikey)
    assert open_initial_profile(first)
    backend.calls.clear()
    second = make_ctx(Keychain(backend), "--smoke", "--profile", "Alpha")
    assert not open_initial_profile(second)
    assert "already open" in capsys.readouterr().err
    assert second.profile is None and not second.has_apikey
    assert backend.calls == []  # refused before reading the apikey


def test_start_with_a_locked_keyring_explains_and_opens_nothing_in_smoke(make_ctx, capsys):
    from gui.views.profiles.flow import open_initial_profile

    ctx = make_ctx(Keychain(LockedKeyring()), "--smoke")
    ctx.profiles.save(Profile("Shop", "https://gw.example.com"))
    assert not open_initial_profile(ctx)
    err = capsys.readouterr().err
    assert "could not be loaded" in err and "locked" in err
    assert ctx.profile is None


def test_start_without_profiles_opens_the_dialog_and_cancel_quits(qtbot, make_ctx, monkeypatch):
    from gui.views.profiles import dialog as profile_dialog
    from gui.views.profiles import flow as profile_flow
    from gui.views.profiles import welcome

    shown = []

    def fake_exec(dialog):
        shown.append(dialog.notice_label.text())
        dialog.reject()
        return 0

    def fake_welcome_exec(page):
        page.connect_button.click()  # first run: the welcome page's "Connect an account"
        page.reject()
        return 0

    monkeypatch.setattr(profile_dialog.ProfileDialog, "exec", fake_exec)
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", fake_welcome_exec)
    ctx = make_ctx(Keychain(MemoryKeyring()))
    assert not profile_flow.open_initial_profile(ctx)
    assert shown and "Create a profile" in shown[0]


def _console_with_recording_keyring(home, keyring_log, *args, secret=""):
    tests_dir = os.path.dirname(os.path.abspath(__file__))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring_fakes.RecordingFileKeyring",
        SMS_TEST_KEYRING_LOG=str(keyring_log),
        SMS_TEST_KEYRING_SECRET=secret,
        PYTHONPATH=os.pathsep.join([tests_dir, os.environ.get("PYTHONPATH", "")]),
        **{HOME_ENV: str(home)},
    )
    return subprocess.run(
        [sys.executable, "-m", "gui", "--smoke", "--no-crash-dialog", *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_sandbox_run_never_touches_the_keyring(sms_console_home, app_settings, sandbox):
    """A console process whose keyring backend records every call: --sandbox makes none."""
    keyring_log = sms_console_home / "keyring-calls.txt"
    result = _console_with_recording_keyring(sms_console_home, keyring_log, "--sandbox")
    assert "keyring backend: keyring fakes RecordingFileKeyring" in result.stdout, result.stdout + result.stderr
    assert not keyring_log.exists(), keyring_log.read_text()

    # Control: the same recorder does see the read of a real profile's apikey.
    from gui.profiles import ProfileStore

    ProfileStore(app_settings).save(Profile("Shop", sandbox.base_url))
    result = _console_with_recording_keyring(sms_console_home, keyring_log, "--profile", "Shop", secret=sandbox.apikey)
    assert keyring_log.read_text().splitlines() == ["get Shop"], result.stdout + result.stderr
    assert "keyring backend: keyring fakes RecordingFileKeyring" in result.stdout


# --- settings and about -----------------------------------------------------------------


def test_settings_store_the_language_for_the_next_start(qtbot, app_ctx):
    from gui.i18n import LANGUAGE_KEY
    from gui.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(app_ctx, None)
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() == ""  # System by default
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    assert "next time you start" in dialog.note.text()
    dialog.accept()
    assert QSettings(str(app_ctx.paths.settings_file), QSettings.Format.IniFormat).value(LANGUAGE_KEY) == "zh_CN"
    again = SettingsDialog(app_ctx, None)
    qtbot.addWidget(again)
    assert again.chosen_language() == "zh_CN"


def test_about_shows_versions_backend_and_opens_folders(qtbot, app_ctx, monkeypatch):
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QDesktopServices

    from gui import __version__
    from gui.views.about_dialog import AboutDialog

    backend = MemoryKeyring()
    app_ctx.keychain = Keychain(backend, secrets_allowed=False)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = AboutDialog(app_ctx, None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "MemoryKeyring" in dialog.keyring_label.text())
    assert qVersion() in dialog.versions_label.text()
    details = dialog.details()
    assert __version__ in details and str(app_ctx.paths.log_dir) in details
    dialog.findChild(QPushButton, "about_open_logs").click()
    dialog.findChild(QPushButton, "about_open_data").click()
    assert opened == [str(app_ctx.paths.log_dir), str(app_ctx.paths.data_dir)]
    assert backend.calls == []


# --- acceptance: the real Secret Service ------------------------------------------------


@pytest.mark.keyring
@real_keyring
def test_apikey_entered_in_dialog_lives_in_secret_service_and_survives_restart(
    qtbot, make_ctx, open_dialog, sandbox, sms_console_home
):
    from gui.views.main_window import MainWindow
    from gui.views.profiles.flow import open_initial_profile

    name = f"acct-{uuid.uuid4().hex[:8]}"
    account = SmsClient(sandbox.apikey, sandbox.base_url).user_get()
    first = make_ctx(Keychain(forbid_main_thread=True))
    assert "SecretService" in first.keychain.backend_description()
    try:
        dialog = open_dialog(first, startup=True)
        fill(dialog, name, sandbox.base_url, sandbox.apikey)
        run_op(qtbot, dialog, dialog.test_button.click, "test")
        assert str(account.balance) in dialog.test_result.text()
        run_op(qtbot, dialog, dialog.use_button.click, "use")
        assert first.profile.name == name and first.has_apikey

        # In the real Secret Service (a fresh keyring client reads it), not in the settings.
        assert Keychain().get(name) == (KeyringState.OK, sandbox.apikey)
        assert sandbox.apikey not in settings_text(first)

        # listening before the window exists: building it already asks for the account
        with qtbot.waitSignal(first.balance_changed, timeout=OP_TIMEOUT_MS):
            window = MainWindow(first)
            qtbot.addWidget(window)
            window.show()
        window.close()
        first.tasks.wait_all(3000)
        first.release()

        # "Open again": a new context on the same settings, as a restarted console.
        second = make_ctx(Keychain(forbid_main_thread=True))
        assert open_initial_profile(second)
        assert second.profile.name == name and second.has_apikey
        with qtbot.waitSignal(second.balance_changed, timeout=OP_TIMEOUT_MS) as blocker:
            window = MainWindow(second)  # building it already asks for the account
            qtbot.addWidget(window)
            window.show()
        assert blocker.args[0].balance == account.balance
        window.close()
        second.tasks.wait_all(3000)
        second.release()

        # And a separate console process finds it too (same home, same D-Bus session).
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{HOME_ENV: str(sms_console_home)})
        result = subprocess.run(
            [sys.executable, "-m", "gui", "--smoke", "--no-crash-dialog", "--profile", name],
            cwd=sms_console_home,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert "could not be loaded" not in result.stderr, result.stderr
        assert "keyring backend: SecretService" in result.stdout, result.stdout + result.stderr
        assert any(line.startswith("smoke ") for line in result.stdout.splitlines()), result.stdout
        assert result.returncode != 3, result.stdout + result.stderr  # 3 = no profile opened
    finally:
        Keychain().delete(name)


def test_start_shows_progress_while_the_keyring_hangs_then_explains(qtbot, make_ctx):
    from keyring_fakes import HangingKeyring
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui.views.partials import keyring_ui as keychain_ui
    from gui.views.profiles.flow import load_apikey_blocking

    backend = HangingKeyring()
    ctx = make_ctx(Keychain(backend, forbid_main_thread=True))
    ctx.profiles.save(Profile("Shop", "https://gw.example.com"))
    seen = []

    def look() -> None:
        seen.extend(
            w.objectName()
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "keyring_progress" and w.isVisible()
        )

    QTimer.singleShot(700, look)  # after the 300 ms delay, before the 1 s timeout
    try:
        result = load_apikey_blocking(ctx, "Shop", show_progress=True, timeout_ms=1000)
    finally:
        backend.release.set()
    assert seen == ["keyring_progress"]
    assert result.timed_out and result.state is KeyringState.LOCKED
    assert "did not answer within 10 seconds" in keychain_ui.explain(result)
    assert not any(w.objectName() == "keyring_progress" and w.isVisible() for w in QApplication.topLevelWidgets())


def test_switching_is_refused_while_a_send_runs(qtbot, make_ctx, open_dialog, sandbox):
    """Switching frees the profile's lock: not while this console is still sending on it."""
    import threading

    backend = MemoryKeyring()
    ctx = make_ctx(Keychain(backend))
    _two_profiles(ctx, backend, sandbox.base_url, sandbox.apikey)
    assert ctx.lock_profile("Alpha")
    ctx.set_profile(ctx.profiles.get("Alpha"), sandbox.apikey)
    release = threading.Event()
    send = ctx.run(lambda: release.wait(10), name="campaign")
    ctx.track_send(send)
    try:
        dialog = open_dialog(ctx, select="Beta")
        run_op(qtbot, dialog, dialog.use_button.click, "use")
        assert "still running" in dialog.test_result.text()
        assert ctx.profile.name == "Alpha"
        assert not _lock_of(ctx, "Alpha").tryLock(0)  # still ours
    finally:
        release.set()
    qtbot.waitUntil(lambda: not ctx.sending, timeout=5000)
    run_op(qtbot, dialog, dialog.use_button.click, "use")  # once done, the switch goes through
    assert ctx.profile.name == "Beta"
