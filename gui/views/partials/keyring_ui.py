"""What views use of the keyring: calls run in a worker with a timeout, and plain words.

Every keyring call goes through ``ctx.tasks`` (never on the GUI thread: a Secret
Service can hang on an unlock prompt nobody sees). The callback always receives a
``KeyringResult`` in the GUI thread — a timeout or an unexpected error becomes a
result too, so a view has one path to handle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.keychain import Keychain, KeyringResult, KeyringState
from gui.workers import TaskTimeout

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.keychain.read_ahead import ApikeyReadAhead
    from gui.workers import Task

log = logging.getLogger(__name__)

KEYRING_TIMEOUT_MS = 10_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("Keyring", text)


def keychain_of(ctx: AppContext) -> Keychain:
    """The context's keychain; AppContext.start() sets it up before any window opens."""
    if ctx.keychain is None:
        raise RuntimeError("no keychain yet: AppContext.start() sets it up")
    return ctx.keychain


def _run(
    ctx: AppContext,
    name: str,
    func: Callable[[], KeyringResult],
    on_result: Callable[[KeyringResult], None],
    timeout_ms: int,
) -> Task:
    def work() -> KeyringResult:
        result = func()
        if result.secret:
            ctx.secrets.add(result.secret)  # redact it from every log line from now on
        return result

    def failed(error: BaseException) -> None:
        if isinstance(error, TaskTimeout):
            log.warning("keyring %s: no answer within %d ms", name, timeout_ms)
            on_result(
                KeyringResult(KeyringState.LOCKED, detail=f"no answer within {timeout_ms // 1000} s", timed_out=True)
            )
        else:
            log.warning("keyring %s failed: %s", name, type(error).__name__)
            on_result(KeyringResult(KeyringState.LOCKED, detail=type(error).__name__))

    return ctx.tasks.run(work, on_result, failed, name=f"keyring_{name}", timeout_ms=timeout_ms)


def load_apikey(
    ctx: AppContext,
    profile_name: str,
    on_result: Callable[[KeyringResult], None],
    timeout_ms: int = KEYRING_TIMEOUT_MS,
    read_ahead: ApikeyReadAhead | None = None,
) -> Task:
    """The profile's apikey: one kept for this run wins, else the one the start-up's child read
    (``read_ahead``, gui.keychain.read_ahead) when it read one, else the keyring's — read here,
    which tells every other state apart."""

    def lookup() -> KeyringResult:
        keychain = keychain_of(ctx)
        remembered = keychain.session_secret(profile_name)
        if remembered:
            return KeyringResult(KeyringState.OK, secret=remembered, detail="kept in memory for this run")
        if read_ahead is not None:
            secret = read_ahead.secret(timeout_ms / 1000)
            if secret:
                return KeyringResult(KeyringState.OK, secret=secret, detail="read ahead")
            log.info("the keyring read ahead gave no apikey: reading the keyring here")
        return keychain.lookup(profile_name)

    # with a child, two waits of timeout_ms each at the most: its answer, then the keyring here
    return _run(ctx, "read", lookup, on_result, timeout_ms * (2 if read_ahead is not None else 1))


def store_apikey(
    ctx: AppContext,
    profile_name: str,
    secret: str,
    on_result: Callable[[KeyringResult], None],
    timeout_ms: int = KEYRING_TIMEOUT_MS,
) -> Task:
    ctx.secrets.add(secret)

    def store() -> KeyringResult:
        keychain = keychain_of(ctx)
        result = keychain.store(profile_name, secret)
        if result.ok:
            keychain.forget_for_session(profile_name)  # the keyring has it now
        return result

    return _run(ctx, "write", store, on_result, timeout_ms)


def delete_apikey(
    ctx: AppContext,
    profile_name: str,
    on_result: Callable[[KeyringResult], None],
    timeout_ms: int = KEYRING_TIMEOUT_MS,
) -> Task:
    return _run(ctx, "delete", lambda: keychain_of(ctx).remove(profile_name), on_result, timeout_ms)


def probe_keyring(
    ctx: AppContext, on_result: Callable[[KeyringResult], None], timeout_ms: int = KEYRING_TIMEOUT_MS
) -> Task:
    return _run(ctx, "probe", lambda: KeyringResult(keychain_of(ctx).probe()), on_result, timeout_ms)


def describe_backend(ctx: AppContext, on_text: Callable[[str], None], timeout_ms: int = KEYRING_TIMEOUT_MS) -> Task:
    """The backend's description (detection only), or a plain 'unknown' on timeout."""

    def failed(error: BaseException) -> None:
        on_text(_tr("unknown (the keyring did not answer)"))

    keychain = ctx.keychain
    if keychain is None:  # a context built without start-up (some tests): nothing to detect

        def describe() -> str:
            return _tr("not set up")
    else:
        describe = keychain.backend_description
    return ctx.tasks.run(describe, on_text, failed, name="keyring_detect", timeout_ms=timeout_ms)


# --- plain words ---------------------------------------------------------------------
UNUSABLE_PREFIX = "none usable ("  # how Keychain.backend_description starts when no secure keyring answers


def backend_in_words(description: str) -> tuple[str, str]:
    """(what the operator reads, the technical detail for a tooltip and support) of a
    Keychain.backend_description: a working backend by its name; none usable in words, its
    class name and the reason only in the detail."""
    if description.startswith(UNUSABLE_PREFIX):
        return _tr("no keyring available (the apikey cannot be saved on this computer)"), description
    return description, description


def state_title(result: KeyringResult) -> str:
    state = result.state
    if state is KeyringState.OK:
        return _tr("Keyring works")
    if state is KeyringState.MISSING:
        return _tr("No apikey stored")
    if state is KeyringState.LOCKED:
        return _tr("Keyring did not answer") if result.timed_out else _tr("Keyring locked or refused")
    return _tr("No usable keyring")


def explain(result: KeyringResult) -> str:
    """What the state means and what the operator can do, in plain words."""
    state = result.state
    if state is KeyringState.OK:
        return _tr("The apikey is kept in the system keyring, not in any file of the console.")
    if state is KeyringState.MISSING:
        return _tr(
            "The keyring works, but no apikey is stored for this profile yet. "
            "Enter the apikey and save: it goes into the system keyring."
        )
    if state is KeyringState.LOCKED and result.timed_out:
        return _tr(
            "The system keyring did not answer within 10 seconds. A prompt asking you to unlock it "
            "may be waiting behind another window, or its service is not responding. "
            "Unlock the keyring and try again."
        )
    if state is KeyringState.LOCKED:
        return _tr(
            "The system keyring is locked or refused access. Unlock it (on Linux: GNOME Keyring "
            "or KWallet; it usually unlocks when you log in) and try again."
        )
    return _tr(
        "This computer has no usable keyring, so the apikey cannot be saved. "
        "You can keep it in memory for this run only: you will have to enter it again "
        "next time you start the console. To save it, use a system keyring: Windows "
        "Credential Locker, macOS Keychain, or on Linux GNOME Keyring or KWallet."
    )


def memory_only_note() -> str:
    return _tr(
        "The apikey is kept in memory for this run only. It is not saved anywhere; "
        "you will have to enter it again next time."
    )
