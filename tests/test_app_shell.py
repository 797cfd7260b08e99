"""The application shell: command line, main window, settings, log, crash handler,
single instance per profile and the shipped zh_CN translation."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import gui
from gui.crash import install_crash_handler
from gui.paths import HOME_ENV, resources_dir


def run_console(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m gui ARGS`` offscreen, with its own console home, from outside the repo."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{HOME_ENV: str(home)})
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# --- command line -------------------------------------------------------------------


def test_version_flag_prints_version(sms_console_home):
    result = run_console(sms_console_home, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sms-console {gui.__version__}"


def test_sandbox_smoke_exits_zero_and_loads_every_tab(sms_console_home):
    result = run_console(sms_console_home, "--sandbox", "--smoke")
    assert result.returncode == 0, result.stdout + result.stderr
    smoke_lines = [line for line in result.stdout.splitlines() if line.startswith("smoke ")]
    assert len(smoke_lines) == 8, result.stdout
    assert all(line.endswith(": ok") for line in smoke_lines), result.stdout
    log_text = (sms_console_home / "logs" / "sms-console.log").read_text(encoding="utf-8")
    assert "exit 0" in log_text


def test_second_instance_on_locked_profile_refuses(app_ctx, sms_console_home):
    # This test process plays the first console: it holds the sandbox profile's lock.
    assert app_ctx.lock_profile("sandbox")
    result = run_console(sms_console_home, "--sandbox", "--smoke")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "already open" in result.stderr
    assert "smoke " not in result.stdout  # it opened no window, loaded nothing
    app_ctx.release()
    # Once the first console lets go, a new one starts normally.
    assert run_console(sms_console_home, "--sandbox", "--smoke").returncode == 0


# --- main window ----------------------------------------------------------------------


def test_window_title_says_sandbox(main_window):
    assert "SANDBOX" in main_window.windowTitle()
    assert main_window.tabs.count() == 8


def test_status_bar_shows_profile_url_and_balance(qtbot, main_window, app_ctx, sandbox):
    # Several loads read the account (the window's own user_get among them): the label shows
    # "…" until the window's answer arrives, which may come after another tab's.
    def balance_shown() -> bool:
        account = app_ctx.account
        return account is not None and main_window.balance_label.text() == f"Balance: {account.balance:.2f}"

    qtbot.waitUntil(balance_shown, timeout=15000)
    assert main_window.profile_label.text() == "Profile: sandbox"
    assert sandbox.base_url in main_window.url_label.text()
    # two decimals, as Compose and the confirmations show it (a balance of 856.3 reads 856.30)
    assert main_window.balance_label.text() == f"Balance: {app_ctx.account.balance:.2f}"


def test_geometry_is_remembered_across_windows(qtbot, app_ctx):
    from gui.views.main_window import MainWindow

    first = MainWindow(app_ctx)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    # Smaller than the default 1280x800, but not below what the tabs need.
    minimum = first.minimumSizeHint()
    wanted = QSize(max(1000, minimum.width() + 10), max(700, minimum.height() + 10))
    assert wanted != first.size()
    first.resize(wanted)
    first.move(40, 30)
    qtbot.waitUntil(lambda: first.size() == wanted, timeout=2000)
    first.close()
    assert app_ctx.settings.value("window/geometry") is not None

    second = MainWindow(app_ctx)  # starts at its default 1280x800, then restores
    qtbot.addWidget(second)
    assert second.size() == wanted
    # Position too, give or take the offscreen platform's frame margins.
    assert (second.pos() - first.pos()).manhattanLength() <= 10


# --- log and crash handler ------------------------------------------------------------------


def read_log(app_ctx) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return app_ctx.paths.log_file.read_text(encoding="utf-8")


def test_log_file_redacts_registered_secret_and_apikey_fields(app_ctx):
    secret = "Zq8-registered-secret-51c3"
    app_ctx.secrets.add(secret)
    log = logging.getLogger("gui.test")
    log.info("calling the gateway with key %s", secret)
    log.warning("request body apikey=unregistered0key123&mobile=13800000000")
    try:
        raise RuntimeError(f"gateway refused {secret}")
    except RuntimeError:
        log.exception("call failed")
    text = read_log(app_ctx)
    assert app_ctx.paths.log_file.exists()
    assert secret not in text
    assert "unregistered0key123" not in text
    assert "apikey=***&mobile=13800000000" in text
    assert "calling the gateway with key ***" in text
    assert "RuntimeError: gateway refused ***" in text
    # the sandbox's own apikey is registered by set_profile
    logging.getLogger("gui.test").info("sandbox key %s", app_ctx.sandbox.apikey)
    assert app_ctx.sandbox.apikey not in read_log(app_ctx)
    if os.name == "posix":
        assert app_ctx.paths.log_file.stat().st_mode & 0o777 == 0o600


def raise_and_capture(message: str):
    def deep_in_the_console():
        raise ValueError(message)

    try:
        deep_in_the_console()
    except ValueError as exc:
        return type(exc), exc, exc.__traceback__


def test_crash_handler_writes_traceback_to_log(app_ctx, monkeypatch, capsys):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    secret = "crash-secret-7f2e9a"
    app_ctx.secrets.add(secret)
    install_crash_handler(app_ctx.secrets, show_dialog=False)
    sys.excepthook(*raise_and_capture(f"boom with {secret}"))
    text = read_log(app_ctx)
    assert "CRITICAL" in text and "uncaught exception" in text
    assert "Traceback (most recent call last)" in text
    assert "deep_in_the_console" in text
    assert "ValueError: boom with ***" in text
    assert secret not in text
    assert "deep_in_the_console" in capsys.readouterr().err  # no dialog: details go to stderr


def test_crash_dialog_shows_copyable_redacted_details(qtbot, qapp, app_ctx, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    secret = "dialog-secret-0c4d"
    app_ctx.secrets.add(secret)
    install_crash_handler(app_ctx.secrets, show_dialog=True)
    seen = {}

    def inspect_and_close():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, inspect_and_close)
            return
        seen["details"] = box.detailedText()
        seen["title"] = box.windowTitle()
        box.accept()

    QTimer.singleShot(0, inspect_and_close)
    sys.excepthook(*raise_and_capture(f"dialog boom {secret}"))  # returns when the box closes
    assert "ValueError: dialog boom ***" in seen["details"]
    assert "deep_in_the_console" in seen["details"]
    assert secret not in seen["details"]
    assert "dialog boom ***" in read_log(app_ctx)


# --- translation ----------------------------------------------------------------------


def test_zh_cn_qm_is_shipped_and_translates(zh_cn, qtbot, app_ctx):
    from gui.views.main_window import MainWindow

    assert (resources_dir() / "i18n" / "sms_console_zh_CN.qm").is_file()
    assert zh_cn, "zh_CN translator did not load"
    assert QApplication.translate("TemplatesTab", "Templates") == "模板"
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    titles = {window.tabs.widget(i).objectName(): window.tabs.tabText(i) for i in range(window.tabs.count())}
    assert titles["templates_tab"] == "模板"
    assert titles["account_tab"] == "账户"
    assert window.menuBar().actions()[0].text() == "控制台(&C)"
    assert window.profile_label.text() == "账户配置：sandbox"
