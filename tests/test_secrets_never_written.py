"""A known apikey goes through the whole profile flow; afterwards no file holds it.

The flow: the profile dialog (typed apikey, a failing and a working connection test,
save, use), then the main window with user_get and every tab's first load, then
closing (geometry to QSettings, logs flushed). Then every file under SMS_CONSOLE_HOME
(logs, settings.ini, per-profile data, lock files) is searched for the apikey.
"""

from __future__ import annotations

import logging
import socket
import uuid
from pathlib import Path

import pytest
from keyring.backends import fail
from keyring_fakes import MemoryKeyring
from PySide6.QtCore import QSettings

from gui.keychain import Keychain

OP_TIMEOUT_MS = 15_000


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens here once the socket is closed


def _files_holding(root: Path, secret: str) -> list[str]:
    needles = [secret.encode("utf-8"), secret.encode("utf-16-le")]
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(str(path.relative_to(root)))
    return found


def _wait(qtbot, dialog, action, operation: str) -> None:
    with qtbot.waitSignal(
        dialog.operation_finished, timeout=OP_TIMEOUT_MS, check_params_cb=lambda name: name == operation
    ):
        action()


@pytest.mark.parametrize("keyring_kind", ["keyring", "no-keyring"])
def test_known_apikey_is_in_no_file_after_a_full_flow(qtbot, qapp, sms_console_home, app_paths, keyring_kind):
    from gui.app import AppContext, parse_args
    from gui.logging_setup import setup_logging
    from gui.sandbox.server import SandboxServer
    from gui.views.main_window import MainWindow
    from gui.views.profiles import ProfileDialog

    apikey = f"key-{uuid.uuid4().hex}"
    server = SandboxServer(port=0, apikey=apikey).start()
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(app_paths, settings, parse_args(["--no-crash-dialog"]))
    handler = setup_logging(app_paths.log_file, ctx.secrets, level=logging.DEBUG)
    backend = MemoryKeyring() if keyring_kind == "keyring" else fail.Keyring()
    ctx.keychain = Keychain(backend, forbid_main_thread=True)
    try:
        dialog = ProfileDialog(ctx, None, startup=True)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.operation_finished, timeout=OP_TIMEOUT_MS):
            dialog.show()
        dialog.name_edit.setText("Shop")
        dialog.apikey_edit.setText(apikey)
        dialog.show_key_button.click()  # shown on screen while typing is fine; written is not

        dialog.url_edit.setText(_closed_port_url())  # an error path: the request fails
        _wait(qtbot, dialog, dialog.test_button.click, "test")
        assert "failed" in dialog.test_result.text()
        assert apikey not in dialog.test_result.text()

        dialog.url_edit.setText(server.base_url)
        _wait(qtbot, dialog, dialog.test_button.click, "test")
        assert dialog.test_result.text().startswith("Connected")

        _wait(qtbot, dialog, dialog.use_button.click, "save")
        if keyring_kind == "no-keyring":
            assert ctx.profile is None
            dialog.memory_button.click()  # this run only
            _wait(qtbot, dialog, dialog.use_button.click, "use")
        else:
            qtbot.waitUntil(lambda: ctx.profile is not None, timeout=OP_TIMEOUT_MS)
            assert backend.store  # the keyring has it (the fake keyring lives in memory)
        assert ctx.profile.name == "Shop" and ctx.has_apikey

        # listening before the window exists: building it already asks for the account
        with qtbot.waitSignal(ctx.balance_changed, timeout=OP_TIMEOUT_MS):
            window = MainWindow(ctx)
            qtbot.addWidget(window)
            window.show()
        pending = set(range(window.tabs.count()))
        for index in range(window.tabs.count()):
            window.tabs.widget(index).initial_load_finished.connect(lambda ok, msg, i=index: pending.discard(i))
        window.start_initial_loads(every_tab=True)
        qtbot.waitUntil(lambda: not pending, timeout=60_000)
        logging.getLogger("test").warning("a careless log line with %s in it", apikey)
        window.close()
    finally:
        ctx.tasks.wait_all(5000)
        ctx.release()
        server.stop()
        settings.sync()
        logging.getLogger().removeHandler(handler)
        handler.close()

    log_text = app_paths.log_file.read_text(encoding="utf-8")
    assert "Shop" in log_text  # the log was written during the flow
    assert "Shop" in app_paths.settings_file.read_text(encoding="utf-8")  # so was the profile
    assert _files_holding(sms_console_home, apikey) == []
