"""Secrets: a known apikey goes through a full working session; afterwards it is nowhere.

The flow (real widgets, real HTTP, a profile whose key lives in a keyring fake): every
tab's first load, a single send, an in-doubt batch send, a refused send (-1), pulled
status reports and replies (one pull cut by a connection reset), a records search and
export, a campaign imported, dry-run, sent and exported, an unhandled exception through
the installed crash handler. Then every file under SMS_CONSOLE_HOME and the export
folder (logs, crash report, settings.ini, store = archive + journal, exports) is searched
for the key (UTF-8 and UTF-16), and so is the text of every exception the session
raised or showed. The store (archive and journal) and the log files are owner-only (0600).
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import uuid
from pathlib import Path

from keyring_fakes import MemoryKeyring
from PySide6.QtCore import QSettings
from tab_helpers import wait_dialog

from gui.keychain import Keychain
from gui.store.io_guard import allow_gui_thread_io
from tests.campaign.helpers import answer_spend

TIMEOUT = 30_000


def files_holding(root: Path, secret: str) -> list[str]:
    needles = [secret.encode("utf-8"), secret.encode("utf-16-le"), secret.upper().encode()]
    return [
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


def idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.busy.busy, timeout=TIMEOUT)


def test_known_apikey_is_nowhere_after_a_full_session(qtbot, qapp, sms_console_home, app_paths, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    from gui.app import AppContext, parse_args
    from gui.crash import install_crash_handler
    from gui.logging_setup import setup_logging
    from gui.profiles import Profile
    from gui.sandbox.server import SandboxServer
    from gui.views.main_window import MainWindow
    from gui.views.partials import errors as error_views

    apikey = f"key-{uuid.uuid4().hex}"
    exports = tmp_path / "exports"
    exports.mkdir()
    shown: list[BaseException] = []
    real_describe = error_views.describe_error

    def recording_describe(ctx, error):
        shown.append(error)
        return real_describe(ctx, error)

    monkeypatch.setattr(error_views, "describe_error", recording_describe)

    server = SandboxServer(port=0, apikey=apikey, timeout_mode="close", balance="1000").start()
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(app_paths, settings, parse_args(["--no-crash-dialog"]))
    handler = setup_logging(app_paths.log_file, ctx.secrets, level=logging.DEBUG)
    old_hook = sys.excepthook
    install_crash_handler(ctx.secrets, show_dialog=False)
    ctx.keychain = Keychain(MemoryKeyring())
    window = None
    try:
        profile = Profile("Shop", server.base_url)
        ctx.profiles.save(profile)
        ctx.keychain.set("Shop", apikey)  # the profile's key lives in the (fake) keyring
        assert ctx.keychain.get("Shop")[1] == apikey
        assert ctx.lock_profile("Shop")
        ctx.set_profile(profile, apikey)

        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        pages = {window.tabs.widget(i).objectName(): window.tabs.widget(i) for i in range(window.tabs.count())}
        pending = set(pages)
        for name, page in pages.items():
            page.initial_load_finished.connect(lambda ok, msg, n=name: pending.discard(n))
        window.start_initial_loads(every_tab=True)
        qtbot.waitUntil(lambda: not pending, timeout=60_000)

        # --- compose: a send, an in-doubt send, a refused send
        compose = pages["compose_tab"]

        def send(numbers, text):
            compose.set_mode("batch")
            compose.text_edit.setPlainText(text)
            compose.number_list.set_numbers(numbers)
            compose.results = []
            qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
            dialog = wait_dialog(qtbot, "spend_confirm_dialog")
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: bool(compose.results) and not compose.busy.busy, timeout=TIMEOUT)

        send(["13800138000", "13800138001"], "【Demo】Your verification code is 11.")
        server.control.set(timeout_after_processing=1)
        send(["13800138002"], "【Demo】Your verification code is 12.")
        server.control.set(api_error_next=[-1], fault_endpoints=["sms/batch_send"])
        send(["13800138003", "13800138004"], "【Demo】Your verification code is 13.")
        server.control.set(fault_endpoints=None)
        assert {r.code for r in compose.results} == {-1}

        # --- pulled reports and replies (the first reports pull is cut by a reset)
        with allow_gui_thread_io():
            store = ctx.store()
        store.set_setting("pull_consent", True)
        server.advance(120)
        server.add_reply("13800138000", "退订")
        reports, replies = pages["reports_tab"], pages["replies_tab"]
        server.control.set(connection_reset_next=1, fault_endpoints=["sms/pull_status"])
        reports.fetch_new()
        idle(qtbot, reports)
        server.control.set(fault_endpoints=None)
        reports.fetch_new()
        idle(qtbot, reports)
        replies.fetch_new()
        idle(qtbot, replies)
        assert store.count_reports() >= 3 and store.count_replies() >= 1

        # --- records: search and export
        records = pages["records_tab"]
        records.search()
        idle(qtbot, records)
        with qtbot.waitSignal(records.export_to(exports / "records.csv").done, timeout=TIMEOUT):
            pass
        with qtbot.waitSignal(records.export_to(exports / "records.xlsx").done, timeout=TIMEOUT):
            pass

        # --- a campaign: import, dry run, send, export
        campaigns = pages["campaigns_tab"]
        source = exports / "list.csv"
        source.write_text(
            "手机号,name,service,time\n" + "".join(f"{13612340000 + i},客户{i},体检,9:00\n" for i in range(30)),
            encoding="utf-8",
        )
        with qtbot.waitSignal(campaigns.file_loaded, timeout=TIMEOUT):
            campaigns.load_file(source)
        campaigns.template_edit.setPlainText("【豪霆云】#name#您好，您预约的#service#将于#time#开始，回T退订")
        campaigns.price_edit.setText("0.05")
        with qtbot.waitSignal(campaigns.dry_run_finished, timeout=TIMEOUT):
            campaigns.start_dry_run()
        with qtbot.waitSignal(campaigns.campaign_finished, timeout=60_000) as finished:
            campaigns.start_campaign()
            answer_spend(qtbot, campaigns)
        assert finished.args[0].state == "finished", finished.args[0].error
        with qtbot.waitSignal(campaigns.export_dry_run(exports / "dry-run.xlsx").done, timeout=TIMEOUT):
            pass
        with allow_gui_thread_io():  # the test reads the tab's journal to find the campaign
            cid = max(c.id for c in campaigns.service.journal().campaigns())
        campaigns.open_results(cid)
        qtbot.waitUntil(lambda: campaigns.results_model.rowCount() == 30, timeout=TIMEOUT)
        with qtbot.waitSignal(campaigns.export_results(exports / "campaign.csv").done, timeout=TIMEOUT):
            pass

        # --- a crash: an unhandled exception whose text holds the key, through the installed hook
        try:
            raise RuntimeError(f"boom while using {apikey} (apikey={apikey})")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        logging.getLogger("test").warning("a careless log line with %s in it", apikey)
        window.close()
    finally:
        sys.excepthook = old_hook
        ctx.tasks.wait_all(5000)
        ctx.release()
        server.stop()
        settings.sync()
        logging.getLogger().removeHandler(handler)
        handler.close()

    # the session really did all that
    log_text = app_paths.log_file.read_text(encoding="utf-8")
    assert "uncaught exception" in log_text and "boom while using ***" in log_text
    assert shown, "the faults along the way were shown to the operator"
    assert {type(e).__name__ for e in shown} >= {"ApiError", "SendInDoubt"}
    assert sorted(p.name for p in exports.iterdir()) == [
        "campaign.csv",
        "dry-run.xlsx",
        "list.csv",
        "records.csv",
        "records.xlsx",
    ]

    # nowhere on disk
    assert files_holding(sms_console_home, apikey) == []
    assert files_holding(exports, apikey) == []
    # in no exception the session showed
    for error in shown:
        for text in (str(error), repr(error), repr(error.args), repr(getattr(error, "cause", None))):
            assert apikey not in text, (type(error).__name__, text)

    # owner-only: the store (archive + campaign journal) and the logs
    if os.name == "posix":
        data_files = [
            p
            for p in sms_console_home.rglob("*")
            if p.is_file() and (p.name.startswith("console.sqlite3") or p.name.startswith("sms-console.log"))
        ]
        assert any(p.name == "console.sqlite3" for p in data_files)
        for path in data_files:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, f"{path.name} is {oct(mode)}"
