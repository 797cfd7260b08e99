"""Keyring backends for tests: in-memory, recording, refusing, hanging.

None of them writes anything anywhere; they stand in for the OS keyring so tests can
drive every state the console must tell apart.
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import InitError, KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A working keyring held in a dict; records every call (method, service, username)."""

    priority = 1  # "recommended": the console accepts it like a real secure store

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.calls: list[tuple[str, str, str]] = []

    def get_password(self, service, username):
        self.calls.append(("get", service, username))
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.calls.append(("set", service, username))
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.calls.append(("delete", service, username))
        if (service, username) not in self.store:
            raise PasswordDeleteError("No such password!")
        del self.store[(service, username)]

    def get_credential(self, service, username):
        self.calls.append(("get_credential", service, username))
        return None


class LockedKeyring(MemoryKeyring):
    """A Secret Service whose collection stays locked (the user dismissed the prompt)."""

    def __init__(self, error: Exception | None = None) -> None:
        super().__init__()
        self.error = error or KeyringLocked("Failed to unlock the collection!")

    def get_password(self, service, username):
        self.calls.append(("get", service, username))
        raise self.error

    def set_password(self, service, username, password):
        self.calls.append(("set", service, username))
        raise self.error

    def delete_password(self, service, username):
        self.calls.append(("delete", service, username))
        raise self.error


class InitErrorKeyring(LockedKeyring):
    def __init__(self) -> None:
        super().__init__(InitError("Failed to create the collection: Prompt dismissed.."))


class PlaintextLikeKeyring(MemoryKeyring):
    """Stands for keyrings.alt's plaintext file backends: keyring does not recommend them."""

    priority = 0.5


class HangingKeyring(MemoryKeyring):
    """A Secret Service that never answers until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service, username):
        self.calls.append(("get", service, username))
        self.release.wait(30)
        return None

    def set_password(self, service, username, password):
        self.calls.append(("set", service, username))
        self.release.wait(30)


class RecordingFileKeyring(MemoryKeyring):
    """For a console run in a subprocess: ``PYTHON_KEYRING_BACKEND=keyring_fakes.RecordingFileKeyring``
    (with tests/ on PYTHONPATH). Appends "method username" to the file named by
    ``SMS_TEST_KEYRING_LOG`` for every call; answers from ``SMS_TEST_KEYRING_SECRET`` if set."""

    def _record(self, method: str, username: str) -> None:
        import os

        with open(os.environ["SMS_TEST_KEYRING_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{method} {username}\n")

    def get_password(self, service, username):
        import os

        self._record("get", username)
        return os.environ.get("SMS_TEST_KEYRING_SECRET") or None

    def set_password(self, service, username, password):
        self._record("set", username)

    def delete_password(self, service, username):
        self._record("delete", username)

    def get_credential(self, service, username):
        self._record("get_credential", username)
        return None
