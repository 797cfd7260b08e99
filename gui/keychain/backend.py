"""Which keyring backend the console uses when none is given: keyring's own choice, found faster on Linux.

``keyring.get_keyring()`` with nothing configured imports and asks every backend it knows
(the macOS one's ``find_library``, KWallet, libsecret, Windows, the chainer and every plugin
registered under the ``keyring.backends`` entry points) and takes the one of highest
priority. On a Linux desktop that is the Secret Service (priority 5; KWallet has 4.9 outside
KDE, libsecret 4.8), and the scan costs about a tenth of a second of start-up before the
apikey can be read. So, on Linux, when nothing chose another backend and nothing could
outrank it, the Secret Service is asked directly, and keyring's scan runs only when it does
not answer. Elsewhere, or when anything was configured, keyring chooses as always.

Nothing could outrank it when: no backend was set in this process (``keyring.set_keyring``),
none is named by ``PYTHON_KEYRING_BACKEND`` or a ``keyringrc.cfg``, the desktop is not KDE
(KWallet has 5.1 there) and no package other than keyring registers a backend plugin.
Plain Python, no Qt; may block (D-Bus), so it runs where Keychain's detection runs: in a worker.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

_KEYRING_OWN_PLUGINS = "keyring.backends."  # keyring registers its own backends as plugins too


def default_backend() -> KeyringBackend:
    """The backend keyring would choose (see the module doc); may raise as keyring.get_keyring() does."""
    import keyring

    direct = _secret_service_directly() if sys.platform.startswith("linux") else None
    return direct if direct is not None else keyring.get_keyring()


def _nothing_configured() -> bool:
    import keyring.core
    from keyring.util import platform_

    if keyring.core._keyring_backend is not None or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return False
    if "KDE" in os.environ.get("XDG_CURRENT_DESKTOP", "").split(":"):
        return False
    return not (platform_.config_root() / "keyringrc.cfg").exists()


def _secret_service_directly() -> KeyringBackend | None:
    """The Secret Service backend when it answers and nothing could outrank it; else None (keyring's scan)."""
    if not _nothing_configured() or _foreign_plugins():
        return None
    from keyring.backends import SecretService

    try:
        priority = SecretService.Keyring.priority  # asks D-Bus; raises when no Secret Service answers
    except Exception as exc:  # noqa: BLE001 - any failure: keyring's scan decides, as before
        log.debug("Secret Service not available directly (%s): keyring's scan decides", type(exc).__name__)
        return None
    return SecretService.Keyring() if priority >= 1 else None


def _foreign_plugins() -> bool:
    """Whether a package other than keyring registers a keyring backend (it might outrank the Secret Service)."""
    from importlib import metadata

    try:
        plugins = metadata.entry_points(group="keyring.backends")
    except Exception:  # noqa: BLE001 - unreadable metadata: let keyring's scan decide
        return True
    return any(not plugin.value.startswith(_KEYRING_OWN_PLUGINS) for plugin in plugins)
