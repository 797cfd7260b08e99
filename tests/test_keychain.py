"""The keyring layer: every state told apart, no plaintext fallback, calls off the GUI thread.

Fake backends (tests/keyring_fakes.py) drive the states; the last tests use the real
Secret Service and run only inside tests/with_keyring.sh (SMS_CONSOLE_REAL_KEYRING=1).
"""

from __future__ import annotations

import os
import threading
import uuid

import keyring
import keyring.core
import pytest
from keyring.backends import chainer, fail, null
from keyring.errors import PasswordSetError
from keyring_fakes import HangingKeyring, InitErrorKeyring, LockedKeyring, MemoryKeyring, PlaintextLikeKeyring

from gui.keychain import SERVICE_NAME, Keychain, KeyringResult, KeyringState

real_keyring = pytest.mark.skipif(
    os.environ.get("SMS_CONSOLE_REAL_KEYRING") != "1",
    reason="needs a real Secret Service: run inside tests/with_keyring.sh",
)


@pytest.fixture
def global_backend(monkeypatch):
    """Set keyring's process-wide backend for one test (what keyring detection returns)."""

    def use(backend):
        monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
        return backend

    return use


# --- UNAVAILABLE ------------------------------------------------------------------------


def test_fail_backend_is_unavailable_for_every_call():
    keychain = Keychain(fail.Keyring())
    assert keychain.probe() is KeyringState.UNAVAILABLE
    assert keychain.get("shop") == (KeyringState.UNAVAILABLE, None)
    assert keychain.set("shop", "key-1234") is KeyringState.UNAVAILABLE
    assert keychain.delete("shop") is KeyringState.UNAVAILABLE
    assert keychain.backend_description().startswith("none usable (keyring.backends.fail.Keyring")
    assert not keychain.is_usable()


def test_detected_fail_backend_is_unavailable(global_backend):
    global_backend(fail.Keyring())
    keychain = Keychain()
    assert keychain.get("shop")[0] is KeyringState.UNAVAILABLE
    assert "fail.Keyring" in keychain.backend_description()


def test_null_backend_is_unavailable_not_silently_empty():
    # The null backend "works" and returns None: it must not read as MISSING (the
    # operator would save a key that vanishes).
    keychain = Keychain(null.Keyring())
    assert keychain.get("shop")[0] is KeyringState.UNAVAILABLE
    assert keychain.set("shop", "key-1234") is KeyringState.UNAVAILABLE


def test_chainer_with_no_backend_is_unavailable(monkeypatch):
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    keychain = Keychain(chainer.ChainerBackend())
    assert keychain.probe() is KeyringState.UNAVAILABLE
    assert "no recommended keyring backend" in keychain.backend_description()


def test_chainer_uses_the_secure_backend_never_the_plaintext_one(monkeypatch):
    secure, plaintext = MemoryKeyring(), PlaintextLikeKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plaintext, secure])
    keychain = Keychain(chainer.ChainerBackend())
    assert keychain.set("shop", "key-1234") is KeyringState.OK
    assert secure.store == {(SERVICE_NAME, "shop"): "key-1234"}
    assert plaintext.calls == []


def test_detected_plaintext_backend_is_refused(global_backend):
    plaintext = global_backend(PlaintextLikeKeyring())
    keychain = Keychain()
    assert keychain.set("shop", "key-1234") is KeyringState.UNAVAILABLE
    assert plaintext.calls == [] and plaintext.store == {}


def test_no_keyring_error_from_a_backend_is_unavailable():
    class Raising(LockedKeyring):
        def __init__(self):
            super().__init__(keyring.errors.NoKeyringError("No recommended backend"))

    assert Keychain(Raising()).get("shop")[0] is KeyringState.UNAVAILABLE


def test_secret_service_gone_is_unavailable():
    from secretstorage.exceptions import SecretServiceNotAvailableException

    backend = LockedKeyring(SecretServiceNotAvailableException("The name org.freedesktop.secrets was not provided"))
    assert Keychain(backend).get("shop")[0] is KeyringState.UNAVAILABLE


# --- LOCKED -----------------------------------------------------------------------------


@pytest.mark.parametrize("backend_factory", [LockedKeyring, InitErrorKeyring], ids=["KeyringLocked", "InitError"])
def test_locked_or_refusing_backend_is_locked(backend_factory):
    keychain = Keychain(backend_factory())
    state, secret = keychain.get("shop")
    assert (state, secret) == (KeyringState.LOCKED, None)
    assert keychain.probe() is KeyringState.LOCKED
    assert keychain.set("shop", "key-1234") is KeyringState.LOCKED
    assert keychain.delete("shop") is KeyringState.LOCKED
    assert keychain.is_usable()  # a backend is there; it said no


def test_locked_result_says_why_without_the_secret():
    backend = LockedKeyring(PasswordSetError("cannot store key-SECRET-9876 now"))
    result = Keychain(backend).store("shop", "key-SECRET-9876")
    assert result.state is KeyringState.LOCKED
    assert "PasswordSetError" in result.detail
    assert "key-SECRET-9876" not in result.detail
    assert "key-SECRET-9876" not in repr(result)


def test_dbus_and_secretstorage_errors_are_locked():
    from secretstorage.exceptions import LockedException, PromptDismissedException

    for error in (
        LockedException("Item is locked!"),
        PromptDismissedException("Prompt dismissed."),
        OSError("connection reset by D-Bus"),
    ):
        assert Keychain(LockedKeyring(error)).get("shop")[0] is KeyringState.LOCKED, error


# --- MISSING and OK ---------------------------------------------------------------------


def test_missing_then_stored_then_deleted():
    backend = MemoryKeyring()
    keychain = Keychain(backend)
    assert keychain.probe() is KeyringState.OK
    assert keychain.get("shop") == (KeyringState.MISSING, None)
    assert keychain.set("shop", "key-1234") is KeyringState.OK
    assert keychain.get("shop") == (KeyringState.OK, "key-1234")
    assert backend.store == {(SERVICE_NAME, "shop"): "key-1234"}  # one service, username = profile
    assert keychain.delete("shop") is KeyringState.OK
    assert keychain.get("shop") == (KeyringState.MISSING, None)
    assert keychain.delete("shop") is KeyringState.MISSING


def test_profiles_do_not_share_secrets():
    keychain = Keychain(MemoryKeyring())
    keychain.set("shop", "key-shop")
    keychain.set("客户 B", "key-b")
    assert keychain.get("shop")[1] == "key-shop"
    assert keychain.get("客户 B")[1] == "key-b"


def test_a_write_that_does_not_stick_is_not_reported_as_saved():
    class Forgetful(MemoryKeyring):
        def set_password(self, service, username, password):
            self.calls.append(("set", service, username))

    result = Keychain(Forgetful()).store("shop", "key-1234")
    assert result.state is KeyringState.MISSING
    assert "not found after writing" in result.detail


def test_empty_apikey_is_never_stored():
    with pytest.raises(ValueError):
        Keychain(MemoryKeyring()).store("shop", "")


def test_backend_description_names_the_backend_without_reading_secrets():
    backend = MemoryKeyring()
    description = Keychain(backend).backend_description()
    assert "MemoryKeyring" in description
    assert backend.calls == []


# --- sandbox and thread rules -----------------------------------------------------------


def test_secrets_disallowed_never_touches_the_backend():
    backend = MemoryKeyring()
    keychain = Keychain(backend, secrets_allowed=False)
    assert keychain.probe() is KeyringState.UNAVAILABLE
    assert keychain.get("shop")[0] is KeyringState.UNAVAILABLE
    assert keychain.set("shop", "key-1234") is KeyringState.UNAVAILABLE
    assert keychain.delete("shop") is KeyringState.UNAVAILABLE
    assert keychain.backend_description()  # detection is still allowed
    assert backend.calls == []


def test_keyring_call_on_the_main_thread_is_refused_when_forbidden():
    backend = MemoryKeyring()
    keychain = Keychain(backend, forbid_main_thread=True)
    with pytest.raises(RuntimeError, match="GUI thread"):
        keychain.get("shop")
    assert backend.calls == []
    answers = []
    worker = threading.Thread(target=lambda: answers.append(keychain.get("shop")))
    worker.start()
    worker.join(5)
    assert answers == [(KeyringState.MISSING, None)]


def test_session_secret_is_memory_only():
    backend = MemoryKeyring()
    keychain = Keychain(backend)
    keychain.remember_for_session("shop", "key-1234")
    assert keychain.session_secret("shop") == "key-1234"
    assert backend.store == {}
    keychain.forget_for_session("shop")
    assert keychain.session_secret("shop") is None


# --- worker helpers (Qt) ----------------------------------------------------------------


@pytest.fixture
def keyring_ctx(qapp, app_paths, app_settings):
    from gui.app import AppContext, parse_args

    ctx = AppContext(app_paths, app_settings, parse_args([]))
    yield ctx
    ctx.tasks.wait_all(3000)
    ctx.release()


def _wait_result(qtbot, start) -> KeyringResult:
    results: list[KeyringResult] = []
    task = start(results.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert len(results) == 1
    return results[0]


def test_helpers_run_in_a_worker_and_register_the_secret(qtbot, keyring_ctx):
    from gui.views.partials import keyring_ui as keychain_ui

    backend = MemoryKeyring()
    keyring_ctx.keychain = Keychain(backend, forbid_main_thread=True)  # a GUI-thread call would fail
    stored = _wait_result(qtbot, lambda cb: keychain_ui.store_apikey(keyring_ctx, "shop", "key-77665544", cb))
    assert stored.state is KeyringState.OK
    loaded = _wait_result(qtbot, lambda cb: keychain_ui.load_apikey(keyring_ctx, "shop", cb))
    assert (loaded.state, loaded.secret) == (KeyringState.OK, "key-77665544")
    assert keyring_ctx.secrets.redact("x key-77665544 y") == "x *** y"
    deleted = _wait_result(qtbot, lambda cb: keychain_ui.delete_apikey(keyring_ctx, "shop", cb))
    assert deleted.state is KeyringState.OK
    assert backend.store == {}


def test_hanging_keyring_times_out_as_locked_and_gui_keeps_running(qtbot, keyring_ctx):
    from gui.views.partials import keyring_ui as keychain_ui

    backend = HangingKeyring()
    keyring_ctx.keychain = Keychain(backend, forbid_main_thread=True)
    try:
        result = _wait_result(qtbot, lambda cb: keychain_ui.load_apikey(keyring_ctx, "shop", cb, timeout_ms=200))
        assert result.state is KeyringState.LOCKED and result.timed_out
        assert "did not answer" in keychain_ui.explain(result)
    finally:
        backend.release.set()


def test_session_secret_wins_over_keyring(qtbot, keyring_ctx):
    from gui.views.partials import keyring_ui as keychain_ui

    backend = MemoryKeyring()
    keyring_ctx.keychain = Keychain(backend)
    keyring_ctx.keychain.remember_for_session("shop", "key-session")
    loaded = _wait_result(qtbot, lambda cb: keychain_ui.load_apikey(keyring_ctx, "shop", cb))
    assert loaded.secret == "key-session"
    assert backend.calls == []


def test_every_state_has_plain_words(qapp):
    from gui.views.partials import keyring_ui as keychain_ui

    texts = {keychain_ui.explain(KeyringResult(state)) for state in KeyringState}
    texts.add(keychain_ui.explain(KeyringResult(KeyringState.LOCKED, timed_out=True)))
    assert len(texts) == len(KeyringState) + 1
    assert "memory for this run only" in keychain_ui.explain(KeyringResult(KeyringState.UNAVAILABLE))


# --- the real Secret Service ------------------------------------------------------------


@pytest.mark.keyring
@real_keyring
def test_real_secret_service_round_trip():
    keychain = Keychain()
    assert "SecretService" in keychain.backend_description()
    name = f"test-{uuid.uuid4().hex[:8]}"
    secret = f"key-{uuid.uuid4().hex}"
    try:
        assert keychain.probe() is KeyringState.OK
        assert keychain.get(name) == (KeyringState.MISSING, None)
        assert keychain.set(name, secret) is KeyringState.OK
        assert Keychain().get(name) == (KeyringState.OK, secret)  # a fresh instance reads it back
        assert keyring.get_password(SERVICE_NAME, name) == secret
    finally:
        keychain.delete(name)
    assert keychain.get(name) == (KeyringState.MISSING, None)
