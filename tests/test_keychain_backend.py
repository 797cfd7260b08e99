"""gui.keychain.backend: keyring's own choice of backend, found without its full scan on Linux
when nothing could outrank the Secret Service (issue 17, start-up)."""

from __future__ import annotations

import os
import sys

import keyring
import keyring.core
import pytest
from keyring.backends import SecretService, fail
from keyring_fakes import MemoryKeyring

from gui.keychain import Keychain, KeyringState, backend

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the direct pick is Linux only")


class _AnsweringSecretService(SecretService.Keyring):
    """The Secret Service backend as when a daemon answers on D-Bus (its priority check passes)."""

    priority = 5


@pytest.fixture
def plain_linux(monkeypatch, tmp_path):
    """Nothing configured: no backend set in the process, no env, no keyringrc.cfg, not KDE,
    keyring's own plugins only; keyring's scan recorded instead of run."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr(backend, "_foreign_plugins", lambda: False)
    scans: list[str] = []

    def scan():
        scans.append("scan")
        return fail.Keyring()

    monkeypatch.setattr(keyring, "get_keyring", scan)
    return scans


@linux
def test_the_secret_service_is_asked_directly_when_it_answers(plain_linux, monkeypatch):
    monkeypatch.setattr(SecretService, "Keyring", _AnsweringSecretService)
    assert isinstance(backend.default_backend(), _AnsweringSecretService)
    assert plain_linux == [], "keyring's scan of every backend is not run"


@linux
def test_keyrings_scan_decides_when_the_secret_service_does_not_answer(plain_linux, monkeypatch):
    monkeypatch.setattr(SecretService, "Keyring", _raising_priority_class())
    chosen = backend.default_backend()
    assert isinstance(chosen, fail.Keyring) and plain_linux == ["scan"]
    assert Keychain(chosen).get("shop")[0] is KeyringState.UNAVAILABLE  # the states stay told apart


def _raising_priority_class():
    """A Secret Service backend class whose ``priority`` raises as keyring's does without a daemon."""

    class NoDaemonMeta(type(SecretService.Keyring)):
        @property
        def priority(cls):
            raise RuntimeError("The Secret Service daemon is neither running nor activatable through D-Bus")

    return NoDaemonMeta("NoDaemonSecretService", (SecretService.Keyring,), {})


@linux
@pytest.mark.parametrize(
    "configure",
    [
        pytest.param(lambda mp, tmp: mp.setattr(keyring.core, "_keyring_backend", MemoryKeyring()), id="set_keyring"),
        pytest.param(lambda mp, tmp: mp.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"), id="env"),
        pytest.param(lambda mp, tmp: mp.setenv("XDG_CURRENT_DESKTOP", "KDE"), id="kde"),
        pytest.param(lambda mp, tmp: mp.setattr(backend, "_foreign_plugins", lambda: True), id="plugin"),
        pytest.param(lambda mp, tmp: _write_keyringrc(tmp), id="keyringrc"),
    ],
)
def test_anything_that_could_choose_another_backend_leaves_the_choice_to_keyring(
    plain_linux, monkeypatch, tmp_path, configure
):
    monkeypatch.setattr(SecretService, "Keyring", _AnsweringSecretService)
    configure(monkeypatch, tmp_path)
    assert isinstance(backend.default_backend(), fail.Keyring) and plain_linux == ["scan"]


def _write_keyringrc(config_home) -> None:
    (config_home / "python_keyring").mkdir()
    (config_home / "python_keyring" / "keyringrc.cfg").write_text("[backend]\n")


def test_keyrings_own_plugins_are_not_foreign():
    # keyring registers its own backends under the same entry point group
    assert backend._KEYRING_OWN_PLUGINS == "keyring.backends."
    assert isinstance(backend._foreign_plugins(), bool)


@pytest.mark.skipif(
    os.environ.get("SMS_CONSOLE_REAL_KEYRING") != "1", reason="needs a real Secret Service: tests/with_keyring.sh"
)
def test_a_real_secret_service_is_the_backend_keyring_would_choose(monkeypatch):
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    assert isinstance(backend.default_backend(), SecretService.Keyring)
    assert Keychain().backend_description() == "SecretService Keyring (secretstorage)"
