"""views/profiles: choosing, adding and switching the account the console works on.

- ``dialog.ProfileDialog``: the profiles dialog (list, buttons, and what they do);
  laid out by ``view.ProfileDialogView``, with the form ``editor.ProfileEditor``, the
  box ``keyring_box.KeyringBox`` and the ``connection_test`` run in a worker.
- ``flow``: the start-up choice of profile (``open_initial_profile``), the one-console-
  per-profile message (``report_already_running``) and the checks before a switch.
- ``welcome``: the first-run page (``run_welcome``): connect an account or try the sandbox.

The keyring's plain words and worker calls are shared with the About dialog:
``gui.views.partials.keyring_ui``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gui.views.profiles.dialog import ProfileDialog
    from gui.views.profiles.flow import load_apikey_blocking, open_initial_profile, report_already_running
    from gui.views.profiles.welcome import WelcomeDialog, run_welcome

# Each name from its module when first asked for: a start-up that needs only ``flow`` (a saved
# profile's window) does not import the dialog and the welcome page before its first paint.
_HOMES = {
    "ProfileDialog": "dialog",
    "WelcomeDialog": "welcome",
    "run_welcome": "welcome",
    "load_apikey_blocking": "flow",
    "open_initial_profile": "flow",
    "report_already_running": "flow",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:  # a submodule (``from gui.views.profiles import flow``) is imported by the import system
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "ProfileDialog",
    "WelcomeDialog",
    "load_apikey_blocking",
    "open_initial_profile",
    "report_already_running",
    "run_welcome",
]
