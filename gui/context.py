"""The application context: the one object every window, tab and worker is handed (git-cola style).

``AppContext`` holds, instead of globals: paths, settings, the task runner, the secret
registry, the active profile and its apikey (in memory only), and the things built per
profile — the API client, the store, the pull and account services — with one owner each.
A profile switch never blocks the GUI thread: the left profile's client, store and lock
are closed in a worker once its tracked sends and pulls have ended.

Store work through this module is watched by ``gui.store.io_guard`` like gui/app.py's.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QObject, QSettings, Signal

from gui.connectivity import Connectivity
from gui.context_services import ProfileServices
from gui.logging_setup import SecretRegistry
from gui.paths import AppPaths
from gui.profile_lock import profile_lock
from gui.profile_storage import ProfileStorage, store_key
from gui.profiles import Profile, ProfileStore
from gui.services.account import AccountService
from gui.services.profile_bound import ProfileChanged
from gui.workers import MAX_THREADS, TaskRunner

if TYPE_CHECKING:  # the others are imported when first used: a start-up paints without them
    from gui.keychain import Keychain
    from gui.services.pull import PullService
    from gui.services.spend_gate import SpendGate

__all__ = ["DRAIN_WAIT_MS", "AppContext", "ProfileChanged"]

log = logging.getLogger(__name__)

DRAIN_WAIT_MS = 5_000  # a left profile's close (in a worker) waits this long for an untracked pull loop


class _Drain:
    """A profile being left: its client, store and lock stay open until its tracked tasks ended.
    (A plain class: a dataclass costs ~0.3 ms to make, before the window's paint.)"""

    def __init__(self, name: str, client: Any, pull: PullService | None, key: str) -> None:
        self.name = name
        self.client = client
        self.pull = pull
        self.key = key  # its store's (store_key)
        self.running: set = set()  # tracked tasks whose worker has not ended yet
        self.closing = False


class AppContext(ProfileServices, QObject):
    """Everything a view or worker needs, in one place (the per-profile services: gui.context_services)."""

    profile_changed = Signal(object)  # Profile | None
    balance_changed = Signal(object)  # Account | None: every change of the AccountService's account

    def __init__(self, paths: AppPaths, settings: QSettings, args: argparse.Namespace) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.args = args
        self.secrets = SecretRegistry()
        self.tasks = TaskRunner(MAX_THREADS, parent=self)
        self._spend_gate: SpendGate | None = None  # see spend_gate
        self._spend_gate_lock = threading.Lock()
        self.profiles = ProfileStore(settings)
        self.profile: Profile | None = None
        self.sandbox: Any = None  # gui.sandbox.server.SandboxServer when --sandbox
        self.connectivity = Connectivity(self)  # the gateway unreachable? (the offline banner's state)
        # The AccountService (one cached account and balance per profile) and its account as the GUI
        # thread was told it. Connected before any view: a view hearing balance_changed sees it in ctx.account.
        self._account_service = AccountService(lambda: self.client())
        self._shown_account = None
        self.balance_changed.connect(lambda account: setattr(self, "_shown_account", account))
        self._account_service.subscribe(self.balance_changed.emit)
        self._apikey: str | None = None
        self._client = None
        # store_key(profile) -> its store (gui.store.Store, or a TeamStore in team mode): the active
        # profile's, and those of left profiles until their drain closes them (see store(), _drain())
        self._stores: dict = {}
        self.storage = ProfileStorage(paths.profile_dir, settings, lambda: self.keychain, self.secrets)
        # Held briefly (never across I/O): the switch of the profile, its apikey and client, and
        # the store cache, so a worker sees the old profile or the new one, never a mix.
        self._profile_lock = threading.Lock()
        self._opening_lock = threading.Lock()  # one Store.open at a time (a first open migrates)
        self._locks: dict[str, QLockFile] = {}  # profile name -> its console.lock, held by this console
        self._locked_name: str | None = None  # the profile last locked: active, or about to be
        self._draining: list[_Drain] = []  # profiles being left, see _drain()
        self._sends: set = set()  # running send tasks (compose, campaigns) of this profile
        self._pulls: set = set()  # running pull tasks (Fetch new, background poll) of this profile
        self._services: dict[str, tuple[Profile, Any]] = {}  # kind -> (profile, service), see _per_profile
        self.language = "en"
        self.keychain: Keychain | None = None  # set up by start()

    @property
    def spend_gate(self) -> SpendGate:
        """The one door money leaves by (gui.services.spend_gate), made on first use: nothing is
        sent before the window's first paint, which goes without the gate's module (~2 ms). A gate
        not made yet is open and has no plan to redeem; the Connectivity hears the gate's hold from
        its making on."""
        gate = self._spend_gate
        if gate is None:
            with self._spend_gate_lock:
                gate = self._spend_gate
                if gate is None:
                    from gui.services.spend_gate import SpendGate

                    gate = SpendGate()
                    self.connectivity.watch_gate(gate)
                    self._spend_gate = gate
        return gate

    @property
    def spend_gate_made(self) -> bool:
        """Whether the spend gate was made yet (one not made is open: nothing to resume)."""
        return self._spend_gate is not None

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

        Never waits: leaving a profile asks its pulls to stop and closes its client and store
        (and releases its lock) in a worker once its running pulls and sends have ended (see
        ``_drain``); the same profile with a new key only gets a new client.
        """
        old = self.profile
        # another profile, or the same one with another storage (local <-> team, another database)
        leaving = old is not None and (profile is None or store_key(profile) != store_key(old))
        old_pull = self._services["pull"][1] if "pull" in self._services else None
        self._retire_pull_service()  # the old loop starts no new pull; a batch on the wire is stored
        old_key = self._apikey
        with self._profile_lock:
            old_client, self._client = self._client, None
            self.profile = profile
            self._apikey = apikey or None
        if leaving and old is not None:
            self._drain(old, old_client, old_pull)
        elif old_client is not None:
            old_client.close()  # a request still running on it closes its Session when done
        if old_key and old_key != apikey:
            self.secrets.discard(old_key)
        self.secrets.add(apikey)
        self._account_service.forget()  # another profile: late answers for this one are dropped
        self._shown_account = None
        if profile is not None and not profile.sandbox:
            self.profiles.set_active(profile.name)
        log.info("active profile: %s", profile.name if profile else None)
        self.profile_changed.emit(profile)

    def provide_apikey(self, apikey: str) -> None:
        """The active profile's apikey, read after its window was shown (start-up): no
        profile_changed, as nothing was loaded without it; the background poll may start now."""
        with self._profile_lock:
            self._apikey = apikey or None
        self.secrets.add(apikey)
        if self._background is not None:
            self._background.reschedule()

    def client(self):
        """The API client for the active profile (thread-safe; built once per profile, without I/O)."""
        from gui.api.client import SmsClient

        with self._profile_lock:
            if self.profile is None or not self._apikey:
                raise RuntimeError("no active profile with an apikey")
            if self._client is None:
                self._client = SmsClient(self._apikey, self.profile.base_url, max_sessions=MAX_THREADS)
            return self._client

    def store(self):
        """The active profile's store, opened on first use: the local gui.store.Store, or in team
        mode a gui.store.team.TeamStore (``ProfileStorage.open_store``); closed when the profile is
        left, once its pulls and sends have finished (``_drain``), and at release().
        Raises ProfileChanged when the profile this call began with is no longer active: no store
        of a left profile is ever (re)opened. A team database out of reach: the database banner
        (``connectivity.database_failed``) and no send until it answers again."""
        profile = self.profile
        if profile is None:
            raise RuntimeError("no active profile")
        path = store_key(profile)
        store = self._cached_store(profile, path)
        if store is not None:
            return store
        # The first open creates and migrates the file (a migration of a big store takes a while), so
        # start-up opens it in a worker (open_main_window); the opening lock keeps a second caller
        # from opening it twice, and the GUI thread never waits for it (set_profile takes only _profile_lock).
        with self._opening_lock:
            store = self._cached_store(profile, path)
            if store is not None:
                return store
            try:
                store = self.storage.open_store(profile)
            except Exception as exc:
                self.connectivity.database_failed(exc)  # thread-safe: holds the sends, queues the banner
                raise
            with self._profile_lock:
                active = self.profile is not None and store_key(self.profile) == path
                if active:
                    self._stores[path] = store
            if not active:
                store.close()
                raise ProfileChanged(f"the profile {profile.name} was left while its store opened")
        return store

    def _cached_store(self, profile: Profile, path):
        with self._profile_lock:
            if self.profile is None or store_key(self.profile) != path:
                raise ProfileChanged(f"the profile {profile.name} is no longer active")
            return self._stores.get(path)

    def track_send(self, task) -> None:
        """Register a running send: the profile may not be switched until it is done. Switching releases
        the profile's lock: another console could then resume the same campaign while this one sends it."""
        self._sends.add(task)
        task.worker_ended.connect(lambda: self._sends.discard(task))

    @property
    def sending(self) -> bool:
        return bool(self._sends)

    def track_pull(self, task) -> None:
        """Register a running pull (pull_status / pull_reply): the provider has deleted what it
        handed out, so a profile switch lets it store its batch before the store closes."""
        self._pulls.add(task)
        task.worker_ended.connect(lambda: self._pulls.discard(task))

    def _drain(self, profile: Profile, client, pull: PullService | None) -> None:
        """``profile`` was just left (on the GUI thread, without waiting): ask its pulls to stop
        after the page in hand (each page is stored, or spilled, before the next pull) and,
        once every tracked pull and send has ended in its worker, close its client and store
        in a worker and then release its lock. Until then another console cannot take it."""
        drain = _Drain(profile.name, client, pull, store_key(profile))
        for task in self._pulls:
            task.cancel()
        for task in (*self._sends, *self._pulls):
            if not task.worker_finished.is_set():  # one set already has its worker_ended queued
                drain.running.add(task)
                task.worker_ended.connect(lambda task=task: self._drain_task_ended(drain, task))
        self._draining.append(drain)
        if drain.running:
            log.info("%d task(s) of %s still running: closing its store when they end", len(drain.running), drain.name)
        self._drain_task_ended(drain, None)

    def _drain_task_ended(self, drain: _Drain, task) -> None:
        drain.running.discard(task)
        if drain.running or drain.closing:
            return
        drain.closing = True
        self.tasks.run(
            lambda: self._close_left(drain),
            lambda _result: self._drained(drain),
            lambda error: self._drained(drain, error),
            name="close_profile",
        )

    def _close_left(self, drain: _Drain) -> None:
        """In a worker: close a left profile's client and store (a WAL checkpoint), unless the
        operator has come back to that profile meanwhile (then its store stays in use)."""
        if drain.pull is not None and not drain.pull.wait_idle(DRAIN_WAIT_MS / 1000):
            log.warning("the previous profile's pull loop is still running: what it pulls goes to its spill file")
        if drain.client is not None:
            drain.client.close()
        with self._profile_lock:
            back = self.profile is not None and store_key(self.profile) == drain.key
            store = None if back else self._stores.pop(drain.key, None)
        if store is not None:  # out of the cache only now, as it is closed
            store.close()

    def _drained(self, drain: _Drain, error: BaseException | None = None) -> None:
        if error is not None:
            log.error("closing the store of %s failed: %s", drain.name, error)
        if drain in self._draining:
            self._draining.remove(drain)
        self._release_unused_locks()

    @property
    def draining(self) -> bool:
        """Whether a left profile's client and store are still open (its tasks running)."""
        return bool(self._draining)

    def lock_profile(self, name: str) -> bool:
        """Only one console per profile: hold a lock file in the profile's folder.

        The active profile's lock is kept until the profile has been left and its store
        closed (``_drain``); a lock taken for a profile that never became active is
        released by the next lock_profile."""
        if name not in self._locks:
            lock = profile_lock(self.paths, name)
            if not lock.tryLock(100):
                return False  # keep holding the current profile's lock: switching failed
            self._locks[name] = lock
        self._locked_name = name
        self._release_unused_locks()
        return True

    def _release_unused_locks(self) -> None:
        """Unlock what is neither active, about to be, nor still draining."""
        keep = {self._locked_name, *(drain.name for drain in self._draining)}
        if self.profile is not None:
            keep.add(self.profile.name)
        for name in [name for name in self._locks if name not in keep]:
            self._locks.pop(name).unlock()

    def release(self) -> None:
        """On exit (after the task runner's wait): stop the pull loop, the background poll and the push
        receiver, close the client's Sessions, every store (those of left profiles still draining
        too) and unlock every profile."""
        self._retire_pull_service()
        if self._background is not None:
            self._background.stop()  # no more polls; the push receiver stops listening
        if self._watch is not None:
            self._watch.stop()  # the team listener closes its connection
        if self._client is not None:
            self._client.close()
            self._client = None
        for drain in self._draining:
            drain.closing = True  # a task ending after this starts no close of its own
            if drain.client is not None:
                drain.client.close()
        self._draining.clear()
        with self._profile_lock:
            stores, self._stores = list(self._stores.values()), {}
        for store in stores:
            store.close()
        for lock in self._locks.values():
            lock.unlock()
        self._locks.clear()
        self._locked_name = None
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
        return self._shown_account

    def refresh_account(self, on_error=None, force: bool = True) -> None:
        """user_get in a worker (AccountService.refresh); the status bar, the account tab and
        compose follow balance_changed. ``force=False`` (a first load) shares a fresh answer."""
        if self.profile is None or not self._apikey:
            return
        service = self.account_service()
        self.tasks.run(service.refresh if force else service.current, None, on_error, name="user_get")

    def account_service(self) -> AccountService:
        """The gui.services.account.AccountService: one cached account and balance per profile.

        Its changes are re-emitted as ``balance_changed`` (queued to the GUI thread when a
        worker made them)."""
        return self._account_service
