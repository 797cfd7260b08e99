"""The OS keyring, with its states told apart (plain Python, no Qt).

A profile's apikey lives only here: service ``SERVICE_NAME``, username = profile name.
A team profile's database password lives beside it, username ``db_secret_name(profile)``
("<profile>/db": a profile name never holds "/", so it is never another profile's apikey).
``keyring`` picks Windows Credential Locker, macOS Keychain or the Secret Service by
itself (on Linux found quicker: ``gui.keychain.backend``); this layer adds what the console needs on top:

- explicit states (``KeyringState``) so the operator is told in plain words what is
  wrong and what to do, instead of a traceback;
- no plaintext fallback: keyring's fail / null backends, an empty chainer and any
  backend keyring does not recommend (e.g. keyrings.alt's plaintext files) count as
  UNAVAILABLE; the operator may then keep the apikey in memory for one run
  (``session``), never on disk;
- ``secrets_allowed=False`` (sandbox mode): the backend may be *detected* (``--smoke``
  reports it) but no secret is ever read, written or deleted.

Every method here may block (a Secret Service can hang waiting for an unlock prompt
or a dead daemon), so views call them through ``gui.views.partials.keyring_ui``, which
runs them in a worker with a timeout. Nothing here logs or raises with the secret in the text.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring itself is imported on first use (in a worker): it costs ~0.1 s of start-up.
log = logging.getLogger(__name__)

_T = TypeVar("_T")

SERVICE_NAME = "sms-console"
PROBE_USERNAME = "/probe"
DB_SECRET_SUFFIX = "/db"


def db_secret_name(profile_name: str) -> str:
    """The keyring username of ``profile_name``'s team database password (the apikey's: the name)."""
    return f"{profile_name}{DB_SECRET_SUFFIX}"


# What a user would call each backend's store; keyed by the backend's module.
_BACKEND_HINTS = {
    "keyring.backends.SecretService": "secretstorage",
    "keyring.backends.libsecret": "libsecret",
    "keyring.backends.kwallet": "KWallet over D-Bus",
    "keyring.backends.Windows": "Windows Credential Locker",
    "keyring.backends.macOS": "macOS Keychain",
}


class KeyringState(enum.Enum):
    UNAVAILABLE = "unavailable"  # no usable backend at all
    LOCKED = "locked"  # a backend exists but refused: locked, access denied, no answer
    MISSING = "missing"  # the keyring works; no secret stored for this profile
    OK = "ok"  # the keyring works (and, for a lookup, the secret was found)


@dataclass(frozen=True)
class KeyringResult:
    """The outcome of one keyring call. ``detail`` is technical and never holds the secret."""

    state: KeyringState
    secret: str | None = field(default=None, repr=False)
    detail: str = ""
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.state is KeyringState.OK


def _unavailable_exceptions() -> tuple[type[BaseException], ...]:
    import keyring.errors

    found: list[type[BaseException]] = [keyring.errors.NoKeyringError]
    try:
        from secretstorage.exceptions import SecretServiceNotAvailableException

        found.append(SecretServiceNotAvailableException)
    except ImportError:  # not on Windows / macOS
        pass
    return tuple(found)


def _refused_exceptions() -> tuple[type[BaseException], ...]:
    """Errors meaning 'a keyring is there but it said no' (locked, denied, D-Bus trouble)."""
    import keyring.errors

    found: list[type[BaseException]] = [keyring.errors.KeyringError]
    try:
        from secretstorage.exceptions import SecretStorageException

        found.append(SecretStorageException)
    except ImportError:
        pass
    try:
        from jeepney import DBusErrorResponse

        found.append(DBusErrorResponse)
    except ImportError:
        pass
    return tuple(found)


class Keychain:
    """The console's view of the OS keyring. Thread-safe; every method may block."""

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        service: str = SERVICE_NAME,
        secrets_allowed: bool = True,
        forbid_main_thread: bool = False,
    ) -> None:
        self.service = service
        self.secrets_allowed = secrets_allowed
        # The console sets this: a keyring call on the GUI (main) thread is a bug that
        # freezes the window when the Secret Service hangs, so it fails loudly.
        self.forbid_main_thread = forbid_main_thread
        self._given_backend = backend
        self._backend: KeyringBackend | None = None
        self._usable: bool | None = None
        self._why_unusable = ""
        self._detect_lock = threading.Lock()
        # Apikeys the operator chose to keep for this run only (no usable keyring).
        self._session: dict[str, str] = {}
        self._session_lock = threading.Lock()

    # --- detection (no secret is read or written) -------------------------------------
    def _detect(self) -> KeyringBackend:
        import keyring.core
        from keyring.backends import chainer, fail, null

        from gui.keychain.backend import default_backend

        with self._detect_lock:
            if self._backend is not None:
                return self._backend
            try:
                backend = self._given_backend or default_backend()  # keyring's choice, on Linux quicker
            except Exception as exc:  # noqa: BLE001 - a broken config must not stop the console
                log.warning("keyring detection failed: %s", type(exc).__name__)
                backend = fail.Keyring()
            usable, why = True, ""
            if isinstance(backend, (fail.Keyring, null.Keyring)):
                usable, why = False, "no recommended keyring backend"
            elif isinstance(backend, chainer.ChainerBackend):
                # Use the best *recommended* backend directly, so a plaintext one that
                # the chainer would also hold can never receive a secret.
                recommended = [b for b in backend.backends if keyring.core.recommended(b)]
                if recommended:
                    backend = recommended[0]
                else:
                    usable, why = False, "no recommended keyring backend to chain"
            elif self._given_backend is None and not keyring.core.recommended(backend):
                usable, why = False, "the keyring backend is not a secure store"
            self._backend, self._usable, self._why_unusable = backend, usable, why
            log.info("keyring backend: %s%s", self._describe(backend), "" if usable else f" (unusable: {why})")
            return backend

    @staticmethod
    def _describe(backend: KeyringBackend) -> str:
        cls = type(backend)
        hint = _BACKEND_HINTS.get(cls.__module__, f"{cls.__module__}.{cls.__qualname__}")
        return f"{cls.name} ({hint})"

    def backend_description(self) -> str:
        """Which backend the console uses, e.g. 'SecretService Keyring (secretstorage)'.

        Detection only: no secret is read or written (safe in sandbox mode).
        """
        backend = self._detect()
        if self._usable:
            return self._describe(backend)
        cls = type(backend)
        return f"none usable ({cls.__module__}.{cls.__qualname__}: {self._why_unusable})"

    def is_usable(self) -> bool:
        """True when a secure backend was found (it may still be locked)."""
        self._detect()
        return bool(self._usable)

    # --- secrets --------------------------------------------------------------------
    def _call(
        self, what: str, func: Callable[..., _T], *args: str, secret: str | None = None
    ) -> KeyringResult | _Value[_T]:
        """Run one backend call; map every failure to a state. Returns the value or a KeyringResult."""
        if not self.secrets_allowed:
            return KeyringResult(KeyringState.UNAVAILABLE, detail="sandbox mode: the keyring is not used")
        if self.forbid_main_thread and threading.current_thread() is threading.main_thread():
            raise RuntimeError("keyring call on the GUI thread; use gui.views.partials.keyring_ui helpers")
        self._detect()
        if not self._usable:
            return KeyringResult(KeyringState.UNAVAILABLE, detail=self._why_unusable)
        try:
            return _Value(func(*args))
        except _unavailable_exceptions() as exc:
            return self._failure(what, KeyringState.UNAVAILABLE, exc, secret)
        except _refused_exceptions() as exc:
            return self._failure(what, KeyringState.LOCKED, exc, secret)
        except Exception as exc:  # noqa: BLE001 - any other refusal is still "the keyring said no"
            return self._failure(what, KeyringState.LOCKED, exc, secret)

    def _failure(self, what: str, state: KeyringState, exc: BaseException, secret: str | None) -> KeyringResult:
        # A backend's message is shown to the operator and logged: single line, short,
        # and without the secret should a backend ever echo what it was given.
        text = " ".join(str(exc).split())
        if secret:
            text = text.replace(secret, "***")
        text = text[:300]
        detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
        log.warning("keyring %s failed (%s): %s", what, state.value, detail)
        return KeyringResult(state, detail=detail)

    def probe(self) -> KeyringState:
        """Is the keyring usable right now? Looks up an entry that is never stored."""
        if not self.secrets_allowed:
            return KeyringState.UNAVAILABLE
        # A profile name never contains "/" (it is a QSettings group), so this entry
        # cannot belong to anyone; MISSING means the keyring answered: it works.
        state = self.lookup(PROBE_USERNAME).state
        return KeyringState.OK if state in (KeyringState.OK, KeyringState.MISSING) else state

    def lookup(self, profile_name: str) -> KeyringResult:
        """The stored apikey of ``profile_name`` as a KeyringResult (OK / MISSING / ...)."""
        outcome = self._call("read", self._backend_get, profile_name)
        if isinstance(outcome, KeyringResult):
            return outcome
        secret = outcome.value
        if not secret:
            return KeyringResult(KeyringState.MISSING)
        return KeyringResult(KeyringState.OK, secret=secret)

    def get(self, profile_name: str) -> tuple[KeyringState, str | None]:
        result = self.lookup(profile_name)
        return result.state, result.secret

    def store(self, profile_name: str, secret: str) -> KeyringResult:
        if not secret:
            raise ValueError("refusing to store an empty apikey")
        outcome = self._call("write", self._backend_set, profile_name, secret, secret=secret)
        if isinstance(outcome, KeyringResult):
            return outcome
        # Some backends accept a write into a store that cannot hold it (a chainer of
        # nothing, a misconfigured vault): read it back before telling the operator it is safe.
        check = self.lookup(profile_name)
        if check.state is KeyringState.OK and check.secret == secret:
            return KeyringResult(KeyringState.OK)
        if check.state is KeyringState.OK:
            return KeyringResult(KeyringState.LOCKED, detail="the keyring returned a different value after writing")
        return KeyringResult(check.state, detail=check.detail or "the apikey was not found after writing")

    def set(self, profile_name: str, secret: str) -> KeyringState:
        return self.store(profile_name, secret).state

    def remove(self, profile_name: str) -> KeyringResult:
        """Delete the stored apikey; MISSING when there was none."""
        self.forget_for_session(profile_name)
        if not self.secrets_allowed:
            return KeyringResult(KeyringState.UNAVAILABLE, detail="sandbox mode: the keyring is not used")
        existing = self.lookup(profile_name)
        if existing.state is not KeyringState.OK:
            return existing
        outcome = self._call("delete", self._backend_delete, profile_name)
        if isinstance(outcome, KeyringResult):
            return outcome
        return KeyringResult(KeyringState.OK)

    def delete(self, profile_name: str) -> KeyringState:
        return self.remove(profile_name).state

    # --- in-memory apikeys (no usable keyring; this run only) -------------------------
    def remember_for_session(self, profile_name: str, secret: str) -> None:
        with self._session_lock:
            self._session[profile_name] = secret

    def forget_for_session(self, profile_name: str) -> None:
        with self._session_lock:
            self._session.pop(profile_name, None)

    def session_secret(self, profile_name: str) -> str | None:
        with self._session_lock:
            return self._session.get(profile_name)

    # --- backend calls (the only places keyring is touched) ---------------------------
    # _call has run _detect(): these get the cached backend.
    def _backend_get(self, profile_name: str) -> str | None:
        return self._detect().get_password(self.service, profile_name)

    def _backend_set(self, profile_name: str, secret: str) -> None:
        self._detect().set_password(self.service, profile_name, secret)

    def _backend_delete(self, profile_name: str) -> None:
        self._detect().delete_password(self.service, profile_name)


class _Value(Generic[_T]):
    """A backend call's answer (``_call``'s other outcome is a KeyringResult). A plain class: a
    dataclass costs ~0.4 ms to make, and every start-up imports this module."""

    __slots__ = ("value",)

    def __init__(self, value: _T) -> None:
        self.value = value
