"""The application: command line, the context object shared by every window, start-up.

``AppContext`` is the one object passed around (git-cola style) instead of globals:
paths, settings, the task runner, the secret registry, the active profile, its apikey
(in memory only) and the API client built from them.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QLockFile, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from gui import APP_DISPLAY_NAME, APP_NAME, ORG_NAME, __version__
from gui.crash import install_crash_handler
from gui.i18n import LANGUAGE_KEY, install_translators, resolve_language
from gui.logging_setup import SecretRegistry, setup_logging
from gui.paths import AppPaths, resources_dir
from gui.profiles import SANDBOX_PROFILE, Profile, ProfileStore
from gui.services.pull import PullService
from gui.services.spend_gate import SpendGate
from gui.theme import apply_theme, requested_theme
from gui.workers import TaskRunner

if TYPE_CHECKING:
    from gui.keychain import Keychain

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 60_000
QUIT_WAIT_MS = 5_000
DRAIN_WAIT_MS = 5_000  # a profile switch waits this long for the old profile's pulls and sends


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


class ProfileChanged(RuntimeError):
    """A service built for one profile was used after the operator switched to another."""


class AppContext(QObject):
    """Everything a view or worker needs, in one place."""

    profile_changed = Signal(object)  # Profile | None
    balance_changed = Signal(object)  # Account | None: every change of the AccountService's account

    def __init__(self, paths: AppPaths, settings: QSettings, args: argparse.Namespace) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.args = args
        self.secrets = SecretRegistry()
        self.tasks = TaskRunner(parent=self)
        self.spend_gate = SpendGate()  # the one door money leaves by (gui.services.spend_gate)
        self.profiles = ProfileStore(settings)
        self.profile: Profile | None = None
        self.sandbox: Any = None  # gui.sandbox.server.SandboxServer when --sandbox
        self.account = None  # last gui.api.models.Account seen
        self._apikey: str | None = None
        self._client = None
        self._stores: dict = {}  # profile store path -> gui.store.Store, see store()
        self._stores_lock = threading.Lock()
        self._lock: QLockFile | None = None
        self._sends: set = set()  # running send tasks (compose, campaigns) of this profile
        self._pulls: set = set()  # running pull tasks (Fetch new, background poll) of this profile
        self._locked_name: str | None = None
        self.language = "en"
        self.keychain: Keychain | None = None  # set up by start()

    # --- profile and secret -------------------------------------------------------
    @property
    def has_apikey(self) -> bool:
        return bool(self._apikey)

    def verify_reply_sign(self, payload) -> bool:
        """Whether a pushed reply's ``_sign`` matches the active apikey (the push receiver asks;
        the apikey itself never leaves this object)."""
        from gui.api.texts import verify_reply_sign

        return self._apikey is not None and verify_reply_sign(payload, self._apikey)  # set: never ""

    def set_profile(self, profile: Profile | None, apikey: str | None) -> None:
        """Make ``profile`` active with ``apikey`` held in memory only.

        Leaving a profile drains its running pulls and sends (bounded, see ``_retire``) and
        then closes its client and store; the same profile with a new key only gets a new client.
        """
        leaving = self.profile is not None and (profile is None or profile.name != self.profile.name)
        old_client, self._client = self._client, None
        old_pull = self._pull[1] if self._pull is not None else None
        self._retire_pull_service()  # the old loop starts no new pull; a batch on the wire is stored
        if leaving:
            self._retire(old_client, old_pull)
        elif old_client is not None:
            old_client.close()  # a request still running on it closes its Session when done
        if self._apikey and self._apikey != apikey:
            self.secrets.discard(self._apikey)
        self.profile = profile
        self._apikey = apikey or None
        self.secrets.add(apikey)
        self.account = None
        if profile is not None and not profile.sandbox:
            self.profiles.set_active(profile.name)
        log.info("active profile: %s", profile.name if profile else None)
        self.profile_changed.emit(profile)

    def client(self):
        """The API client for the active profile (thread-safe; built once per profile)."""
        if self.profile is None or not self._apikey:
            raise RuntimeError("no active profile with an apikey")
        if self._client is None:
            from gui.api.client import SmsClient

            self._client = SmsClient(self._apikey, self.profile.base_url)
        return self._client

    def store(self):
        """The active profile's local store (gui.store.Store), opened on first use.

        It is closed when the profile is left, once its pulls and sends have finished
        (set_profile), and at release().
        """
        if self.profile is None:
            raise RuntimeError("no active profile")
        from gui.store.db import Store, store_path

        path = store_path(self.paths.profile_dir(self.profile.name))
        # The first open creates and migrates the file (a schema migration on a big
        # store takes a while), so start-up opens it in a worker (open_main_window);
        # the lock keeps a GUI-thread call meanwhile from opening it a second time.
        with self._stores_lock:
            store = self._stores.get(path)
            if store is None:
                store = self._stores[path] = Store.open(path)
        return store

    def track_send(self, task) -> None:
        """Register a running send: the profile may not be switched until it is done.

        Switching releases the profile's lock, and another console could then open the
        profile and resume the same campaign while this one still sends it.
        """
        self._sends.add(task)
        task.done.connect(lambda: self._sends.discard(task))

    @property
    def sending(self) -> bool:
        return bool(self._sends)

    def track_pull(self, task) -> None:
        """Register a running pull (pull_status / pull_reply): the provider has deleted what it
        handed out, so a profile switch lets it store its batch before the store closes."""
        self._pulls.add(task)
        task.done.connect(lambda: self._pulls.discard(task))

    def _retire(self, client, pull: PullService | None) -> None:
        """The active profile is being left: let its pulls and sends finish, then close its client
        and store. Pulls are asked to stop after the page in hand (each page is stored, or spilled,
        before the next pull); the wait is bounded by DRAIN_WAIT_MS, and a tracked task that has
        not finished by then keeps the client and store open until it has."""
        store = None
        if self.profile is not None:
            from gui.store.db import store_path

            with self._stores_lock:
                store = self._stores.pop(store_path(self.paths.profile_dir(self.profile.name)), None)
        tasks = [*self._sends, *self._pulls]
        for task in self._pulls:
            task.cancel()
        deadline = time.monotonic() + DRAIN_WAIT_MS / 1000
        for task in tasks:
            task.wait_worker(max(0.0, deadline - time.monotonic()))
        if pull is not None and not pull.wait_idle(max(0.0, deadline - time.monotonic())):
            log.warning("the previous profile's pull loop is still running: what it pulls goes to its spill file")
        running = [task for task in tasks if not task.worker_finished.is_set()]

        def close() -> None:
            if any(not task.worker_finished.is_set() for task in running):
                return
            if client is not None:
                client.close()
            if store is not None:
                store.close()

        if running:
            log.warning("%d task(s) of the previous profile still running: closing its store when done", len(running))
            for task in running:
                task.done.connect(close)
        else:
            close()

    def lock_profile(self, name: str) -> bool:
        """Only one console per profile: hold a lock file in the profile's folder."""
        if self._lock is not None and self._locked_name == name:
            return True
        lock = QLockFile(str(self.paths.profile_dir(name) / "console.lock"))
        lock.setStaleLockTime(0)  # a crashed console's lock is detected by its dead PID
        if not lock.tryLock(100):
            return False  # keep holding the current profile's lock: switching failed
        if self._lock is not None:
            self._lock.unlock()  # only now: the new profile is ours
        self._lock, self._locked_name = lock, name
        return True

    def release(self) -> None:
        """On exit (after the task runner's wait): stop the pull loop, close the client's Sessions
        and every store."""
        self._retire_pull_service()
        if self._client is not None:
            self._client.close()
            self._client = None
        for store in self._stores.values():
            store.close()
        self._stores.clear()
        if self._lock is not None:
            self._lock.unlock()
            self._lock, self._locked_name = None, None
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None

    # --- convenience for views ----------------------------------------------------
    def run(self, func: Callable, on_done=None, on_error=None, **kwargs):
        """Shortcut for ``self.tasks.run``."""
        return self.tasks.run(func, on_done, on_error, **kwargs)

    @property
    def account(self):
        """The active profile's last known gui.api.models.Account, as the GUI thread was told it
        (balance_changed): the AccountService's cache, without running ahead of the signal."""
        self.account_service()
        return self._shown_account

    @account.setter
    def account(self, account) -> None:
        service = self.account_service()
        if account is None:
            service.forget()  # another profile: late answers for this one are dropped
            self._shown_account = None
        else:
            service.remember(account)

    def refresh_account(self, on_error=None) -> None:
        """user_get in a worker (AccountService.refresh); the status bar, the account tab and
        compose follow balance_changed."""
        if self.profile is None or not self._apikey:
            return
        self.tasks.run(self.account_service().refresh, None, on_error, name="user_get")

    def account_service(self):
        """The gui.services.account.AccountService: one cached account and balance per profile.

        Its changes are re-emitted as ``balance_changed`` (queued to the GUI thread when a
        worker made them)."""
        service = getattr(self, "_account_service", None)
        if service is None:
            from gui.services.account import AccountService

            service = AccountService(lambda: self.client())
            self._shown_account = None
            # Connected before any view: when a view hears balance_changed, ctx.account is the new one.
            self.balance_changed.connect(lambda account: setattr(self, "_shown_account", account))
            service.subscribe(self.balance_changed.emit)
            self._account_service = service
        return service

    def bound(self, get: Callable[[], Any]) -> Callable[[], Any]:
        """``get`` (the client or the store) for the profile active now, refusing once it is not.

        Services take these factories: a plan worked out for one account can never be sent
        from another one the operator switched to meanwhile, and a batch pulled for one
        profile is never stored in another's store.
        """
        profile = self.profile
        if profile is None:
            raise RuntimeError("no active profile")

        def call() -> Any:
            if self.profile is not profile:
                raise ProfileChanged(f"the profile {profile.name} is no longer active")
            return get()

        return call

    # --- the pull loop (gui.services.pull) ------------------------------------------------
    _pull: tuple[Profile, PullService] | None = None  # the active profile's, see pull_service()

    def pull_service(self) -> PullService:
        """The active profile's PullService (gui.services.pull), built on first use without I/O.

        Its store and client are the profile's it was built for: after a switch they
        refuse, so a batch still on the wire is stored (or spilled) in its own profile.
        """
        profile = self.profile
        if profile is None:
            raise RuntimeError("no active profile")
        if self._pull is not None and self._pull[0] is profile:
            return self._pull[1]
        service = PullService(
            self.bound(lambda: self.client()), self.bound(lambda: self.store()), self.paths.profile_dir(profile.name)
        )
        self._retire_pull_service()
        self._pull = (profile, service)
        return service

    def _retire_pull_service(self) -> None:
        """Profile switch or quit: the old profile's loop pulls no more (its batch is still stored)."""
        if self._pull is not None:
            self._pull[1].stop()
        self._pull = None


def start_sandbox(ctx: AppContext) -> None:
    from gui.sandbox.server import SandboxServer

    server = SandboxServer(port=0)
    server.start()
    ctx.sandbox = server
    log.info("sandbox gateway on %s", server.base_url)
    ctx.set_profile(Profile(SANDBOX_PROFILE, server.base_url, sandbox=True), server.apikey)


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.version:
        print(f"{APP_NAME} {__version__}")
        return 0

    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = cast(QApplication, QApplication.instance() or QApplication([sys.argv[0], *argv]))
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))
    apply_theme(app, requested_theme(args.theme))

    paths = AppPaths.default().ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(paths, settings, args)
    setup_logging(paths.log_file, ctx.secrets)
    install_crash_handler(ctx.secrets, show_dialog=not (args.no_crash_dialog or args.smoke))
    log.info("%s %s starting (%s)", APP_NAME, __version__, " ".join(argv))

    ctx.language = resolve_language(args.lang or str(settings.value(LANGUAGE_KEY, "") or ""))
    translators = install_translators(app, ctx.language)  # noqa: F841 - kept alive for the run

    exit_code = _start(app, ctx)
    ctx.tasks.wait_all(QUIT_WAIT_MS)
    ctx.release()
    log.info("exit %s", exit_code)
    return exit_code


def _start(app: QApplication, ctx: AppContext) -> int:
    from gui.keychain import Keychain

    # Sandbox mode may detect the backend (--smoke reports it) but never touches a secret.
    ctx.keychain = Keychain(secrets_allowed=not ctx.args.sandbox, forbid_main_thread=True)
    ctx.tasks.run(ctx.keychain.backend_description, name="keyring_detect", timeout_ms=10_000)
    if ctx.args.sandbox:
        if not ctx.lock_profile(SANDBOX_PROFILE):
            return _already_running(ctx, SANDBOX_PROFILE)
        start_sandbox(ctx)
    else:
        from gui.views.profile_flow import open_initial_profile

        if not open_initial_profile(ctx):
            return 3 if ctx.args.smoke else 0

    window = open_main_window(ctx)
    if ctx.args.smoke:
        return _smoke(app, ctx, window)
    code = app.exec()
    window.close()
    return code


def open_main_window(ctx: AppContext):
    """Show the main window and start every tab's first load once the event loop runs."""
    from gui.views.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    # Open the profile's store off the GUI thread first: most tabs read it. The tabs load
    # either way — a store that cannot be opened is reported by the tab that needs it.
    ctx.run(
        ctx.store,
        lambda _store: window.start_initial_loads(),
        lambda _error: window.start_initial_loads(),
        name="open_store",
    )
    return window


def _already_running(ctx: AppContext, name: str) -> int:
    message = QApplication.translate(
        "App",
        "Another SMS Console is already open for the profile “{0}”. Use that window; "
        "two consoles on one account could send the same campaign twice.",
    ).format(name)
    log.warning("profile %s is locked by another console", name)
    if ctx.args.smoke:
        print(message, file=sys.stderr)
    else:
        QMessageBox.warning(None, APP_DISPLAY_NAME, message)
    return 2


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
