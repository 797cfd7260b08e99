"""The application: command line and start-up.

The context every window is handed lives in ``gui.context`` (re-exported here).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui import APP_DISPLAY_NAME, APP_NAME, ORG_NAME, __version__, start_gc, startup_times
from gui.context import DRAIN_WAIT_MS, AppContext, ProfileChanged
from gui.crash import install_crash_handler
from gui.i18n import LANGUAGE_KEY, install_translators, resolve_language
from gui.logging_setup import setup_logging
from gui.paths import AppPaths, resources_dir
from gui.profiles import SANDBOX_PROFILE, Profile
from gui.theme import apply_theme, requested_theme

if TYPE_CHECKING:
    from gui.keychain.read_ahead import ApikeyReadAhead
    from gui.sandbox.process import SandboxProcess

__all__ = ["DRAIN_WAIT_MS", "AppContext", "ProfileChanged", "open_main_window", "parse_args", "run"]

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 60_000
TEAM_MIGRATE = "team-migrate"  # python -m gui team-migrate --profile NAME
TEAM_MOVE = "team-move"  # python -m gui team-move --profile NAME
QUIT_WAIT_MS = 5_000
KEYRING_DETECT_DELAY_MS = 2_000  # after the first data: which keyring backend, for the log
GC_RELEASE_LATEST_MS = 5_000  # the collector back even if the first data never comes (gui.start_gc)
# What the visible tab's first load needs first (gui.app._import_first_load): the HTTP client, then
# the plain-Python services of Compose's first load (templates, QuickSendSetup).
FIRST_LOAD_MODULES = ("gui.api.client", "gui.services.templates", "gui.services.send_setup")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=APP_NAME, description=f"{APP_DISPLAY_NAME} {__version__}")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--sandbox", action="store_true", help="start the built-in sandbox gateway on loopback and connect to it"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the main window, load every tab once, exit 0 only if all loads succeed",
    )
    parser.add_argument(
        "--no-crash-dialog", action="store_true", help="log uncaught exceptions without showing a dialog (CI)"
    )
    parser.add_argument("--profile", help="open this profile instead of the last used one")
    parser.add_argument("--lang", choices=["en", "zh_CN"], help="user interface language for this run")
    parser.add_argument(
        "--theme",
        choices=["light", "dark"],
        help="force a light or dark palette (Fusion style); default: follow the system "
        "(env SMS_CONSOLE_THEME works too)",
    )
    args, _qt_args = parser.parse_known_args(argv)
    return args


def _sandbox_gateway(paths: AppPaths) -> SandboxProcess | None:
    from gui.sandbox.process import log_path, spawn_if_supported  # None: the gateway runs in this process

    return spawn_if_supported(log_path(paths))


def start_sandbox(ctx: AppContext) -> None:
    """A gateway in this process (the welcome page's sandbox, scripts, where no process can be
    spawned): started and made the active profile's."""
    from gui.sandbox.server import SandboxServer

    server = SandboxServer(port=0).start()
    ctx.sandbox = server
    log.info("sandbox gateway on %s", server.base_url)
    ctx.set_profile(Profile(SANDBOX_PROFILE, server.base_url, sandbox=True), server.apikey)


def run(
    argv: list[str] | None = None,
    read_ahead: ApikeyReadAhead | None = None,
    gateway: SandboxProcess | None = None,
) -> int:
    """The console. ``read_ahead``: the child gui/__main__.py started to read a saved profile's
    apikey (gui.keychain.read_ahead), told the profile's name here, or stopped. ``gateway``: the
    --sandbox gateway's process gui/__main__.py started (gui.sandbox.process), stopped at the end."""
    try:
        return _run(argv, read_ahead, gateway)
    finally:
        start_gc.release()
        if read_ahead is not None:
            read_ahead.stop()  # no saved profile opened, or the console quit before it answered
        if gateway is not None:
            gateway.stop()  # (once stopped, at once)


def _run(argv: list[str] | None, read_ahead: ApikeyReadAhead | None, gateway: SandboxProcess | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [TEAM_MIGRATE]:  # the admin action, without a window (gui.team_migrate_cli)
        from gui.team_migrate_cli import main

        return main(argv[1:])
    if argv[:1] == [TEAM_MOVE]:  # a profile's local history into its team database (gui.team_move_cli)
        from gui.team_move_cli import main as move_main

        return move_main(argv[1:])
    args = parse_args(argv)
    if args.version:
        print(f"{APP_NAME} {__version__}")
        return 0

    paths = AppPaths.default().ensure()
    # --sandbox: the gateway's process (gui.sandbox.process), started by gui/__main__.py before Qt
    if args.sandbox and gateway is None:
        gateway = _sandbox_gateway(paths)

    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0], *argv]))
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))
    apply_theme(app, requested_theme(args.theme))

    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(paths, settings, args)
    setup_logging(paths.log_file, ctx.secrets)
    install_crash_handler(ctx.secrets, show_dialog=not (args.no_crash_dialog or args.smoke))
    log.info("%s %s starting (%s)", APP_NAME, __version__, " ".join(argv))

    ctx.language = resolve_language(args.lang or str(settings.value(LANGUAGE_KEY, "") or ""))
    translators = install_translators(app, ctx.language)  # noqa: F841 - kept alive for the run

    try:
        exit_code = _start(app, ctx, gateway, read_ahead)
        ctx.tasks.wait_all(QUIT_WAIT_MS)
        ctx.release()  # stops the gateway it uses
    finally:
        if gateway is not None:
            gateway.stop()  # (again: once stopped, at once)
    log.info("exit %s", exit_code)
    return exit_code


def _import_first_load() -> None:
    """Import, on the GUI thread, what the visible tab's first load needs first: the HTTP client
    (requests) and the plain-Python services of Compose's first load. The start-up calls it once
    the window's first paint is done, before it starts the loads (a saved profile: once its
    apikey's read has begun) and before the page is built, so that the first reads go out while
    the page is built.

    Not in a thread: from process start to the first data the console is CPU-bound on one
    interpreter lock, and an import thread beside the GUI thread building the page cost more than
    the two one after the other — ~12 ms more CPU and ~4 ms later first data (2026-11-26, 3
    alternations of 11 runs), the lock passing back and forth between them. The window is
    painted by then; the import takes ~45 ms (a view module is imported on the GUI thread too)."""
    for name in FIRST_LOAD_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - imported again, and failing visibly, where needed
            log.debug("importing %s after the first paint failed: %s", name, exc)


def _start(
    app: QApplication,
    ctx: AppContext,
    gateway: SandboxProcess | None = None,
    read_ahead: ApikeyReadAhead | None = None,
) -> int:
    from gui.keychain import Keychain  # keyring itself is imported on first use, in a worker

    # Sandbox mode may detect the backend (--smoke reports it) but never touches a secret.
    ctx.keychain = Keychain(secrets_allowed=not ctx.args.sandbox, forbid_main_thread=True)
    smoke = bool(ctx.args.smoke)
    if smoke:
        ctx.tasks.run(ctx.keychain.backend_description, name="keyring_detect", timeout_ms=10_000)

    if ctx.args.sandbox:
        if not ctx.lock_profile(SANDBOX_PROFILE):
            from gui.views.profiles.flow import report_already_running

            return report_already_running(ctx, SANDBOX_PROFILE)
        window = _open_window_then_start_sandbox(ctx, gateway)
    else:
        from gui.views.profiles import flow

        name = None if smoke else flow.initial_profile_name(ctx)
        profile = ctx.profiles.get(name) if name is not None else None
        if profile is not None:  # the window first, its apikey read behind it (by a child, gui.keychain.read_ahead)
            if not ctx.lock_profile(profile.name):
                flow.report_already_running(ctx, profile.name)
                return 0
            if read_ahead is None:
                from gui.keychain.read_ahead import ApikeyReadAhead

                read_ahead = ApikeyReadAhead.spawn(profile.name)
            else:
                read_ahead.ask(profile.name)
            window = _open_window_then_read_apikey(app, ctx, profile, read_ahead)
        else:  # --smoke, or the operator is asked: the apikey first (a dialog on failure)
            start_gc.release()  # a dialog comes first, and may stay open a long while
            if read_ahead is not None:
                read_ahead.dismiss()  # told no name, it exits without reading a secret (run() reaps it)
                read_ahead = None
            if not flow.open_initial_profile(ctx):
                return 3 if smoke else 0
            window = open_main_window(ctx)

    try:
        return _run_window(app, ctx, window, smoke)
    finally:
        if read_ahead is not None:
            read_ahead.stop()  # quit before it answered


def _run_window(app: QApplication, ctx: AppContext, window, smoke: bool) -> int:
    if smoke:
        start_gc.release()
        return _smoke(app, ctx, window)
    # the collector held off since gui/__main__.py: back once the first data is in, at the latest
    _after_first_load(window, start_gc.release)
    QTimer.singleShot(GC_RELEASE_LATEST_MS, start_gc.release)
    keychain = ctx.keychain
    if keychain is not None:  # the backend's name for the log, a while after the window has its data
        # (not at once: importing keyring takes the interpreter from painting the first data)
        detect = lambda: ctx.tasks.run(keychain.backend_description, name="keyring_detect")  # noqa: E731
        _after_first_load(window, lambda: QTimer.singleShot(KEYRING_DETECT_DELAY_MS, detect))
    if startup_times.enabled():
        _report_startup_times(app, window)
    code = app.exec()
    window.close()
    return code


def open_main_window(ctx: AppContext, load: bool = True, light_first_paint: bool = False):
    """Show the main window and (``load``) start the visible tab's first load once the event
    loop runs (every tab's with --smoke; the others load when first shown). ``light_first_paint``:
    the visible tab's page is built right after the window's first paint (MainWindow)."""
    from gui.views.main_window import MainWindow

    window = MainWindow(ctx, light_first_paint)
    window.show()
    if load:
        start_loads(ctx, window)
    return window


def start_loads(ctx: AppContext, window, store_opening=None) -> None:
    """Open the profile's store off the GUI thread first (most tabs read it), then start the
    visible tab's first load. The tabs load either way — a store that cannot be opened is
    reported by the tab that needs it. ``store_opening``: the task that began opening it (start-up,
    behind the window); once it has finished the loads start now, without another turn."""
    every_tab = bool(getattr(ctx.args, "smoke", False))
    if not every_tab:
        window.start_visible_reads()  # meanwhile: the visible tab's shared reads go out now
    if store_opening is not None and store_opening.finished and store_opening.error is None:
        window.start_initial_loads(every_tab)
        return
    ctx.run(
        ctx.store,
        lambda _store: window.start_initial_loads(every_tab),
        lambda _error: window.start_initial_loads(every_tab),
        name="open_store",
    )


def _open_window_then_start_sandbox(ctx: AppContext, gateway: SandboxProcess | None = None):
    """Show the sandbox's window at once (its name, the SANDBOX band), give the profile its apikey
    once the window is painted (nothing loads without it: the window's first paint goes first, as
    a saved profile's does) and start the loads. With the ``gateway`` process (started before Qt)
    the address is known from the start; without one, a gateway starts in this process after the
    paint and gives the address then."""
    address = gateway.base_url if gateway is not None else ""
    ctx.set_profile(Profile(SANDBOX_PROFILE, address, sandbox=True), None)
    if gateway is not None:
        ctx.sandbox = gateway
        log.info("sandbox gateway on %s", gateway.base_url)
    window = open_main_window(ctx, load=False, light_first_paint=True)
    opening = ctx.run(ctx.store, name="open_store")  # meanwhile; start_loads finds it open

    def start() -> None:
        _import_first_load()
        if gateway is None:
            start_sandbox(ctx)  # here, before the visible tab is built: its first load is for this profile
        else:
            ctx.provide_apikey(gateway.apikey)
        start_loads(ctx, window, opening)

    startup_times.after_first_paint(window, start)
    return window


def _open_window_then_read_apikey(
    app: QApplication, ctx: AppContext, profile: Profile, read_ahead: ApikeyReadAhead | None = None
):
    """Show the (locked) profile's window at once, read its apikey from the keyring in a worker
    once the window is painted (``read_ahead``: the child's answer first), then start the loads.
    No apikey (nothing stored, locked, no keyring, no answer): the profile dialog with the
    reason, as before a window; closing it without a profile quits."""
    from gui.views.partials import keyring_ui
    from gui.views.profiles import flow

    ctx.set_profile(profile, None)  # its name in the title and status bar; nothing loads without the apikey
    window = open_main_window(ctx, load=False, light_first_paint=True)
    window.statusBar().showMessage(flow.reading_apikey_text(profile.name))
    opening = ctx.run(ctx.store, name="open_store")  # meanwhile; start_loads finds it open

    def got(result) -> None:
        window.statusBar().clearMessage()
        if result.ok and result.secret:
            ctx.provide_apikey(result.secret)
        elif not flow.apikey_not_loaded(ctx, profile.name, result):
            app.quit()
            return
        start_loads(ctx, window, opening)

    def read_then_import() -> None:
        keyring_ui.load_apikey(ctx, profile.name, got, read_ahead=read_ahead)  # its answer waits in a worker
        _import_first_load()

    startup_times.after_first_paint(window, read_then_import)
    return window


def _after_first_load(window, then) -> None:
    """``then()`` once the visible tab's first load has finished (well or not)."""

    def built(page) -> None:
        def finished(_ok: bool, _message: str) -> None:
            page.initial_load_finished.disconnect(finished)
            then()

        page.initial_load_finished.connect(finished)

    window.tabs.when_built(window.tabs.currentIndex(), built)


def _report_startup_times(app: QApplication, window) -> None:
    """bench_startup asked (gui.startup_times): mark the first paint and the visible tab's
    first data, then quit."""

    def loaded(ok: bool, message: str) -> None:
        if ok:
            startup_times.mark("loaded")
        else:
            print(f"startup load failed: {message}", flush=True)
        app.quit()

    startup_times.after_first_paint(window, lambda: startup_times.mark("shown"), fallback_ms=None)
    window.tabs.when_built(window.tabs.currentIndex(), lambda page: page.initial_load_finished.connect(loaded))


def _smoke(app: QApplication, ctx: AppContext, window) -> int:
    """Load every tab once; exit 0 only if every load succeeded."""
    outcome: dict[str, tuple[bool, str]] = {}
    pending = set(range(window.tabs.count()))

    def finished(index: int, ok: bool, message: str) -> None:
        name = window.tabs.widget(index).objectName()
        outcome[name] = (ok, message)
        pending.discard(index)
        if not pending:
            app.quit()

    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        page.initial_load_finished.connect(lambda ok, msg, i=index: finished(i, ok, msg))
    QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)
    app.exec()
    if ctx.keychain is not None:
        print(f"keyring backend: {ctx.keychain.backend_description()}")
    failed = {name: msg for name, (ok, msg) in outcome.items() if not ok}
    for index in pending:
        failed[window.tabs.widget(index).objectName()] = "did not finish loading"
    for name, (ok, msg) in sorted(outcome.items()):
        print(f"smoke {name}: {'ok' if ok else 'FAILED ' + msg}")
    window.close()
    return 1 if failed else 0
