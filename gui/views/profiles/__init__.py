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

from gui.views.profiles.dialog import ProfileDialog
from gui.views.profiles.flow import load_apikey_blocking, open_initial_profile, report_already_running
from gui.views.profiles.welcome import WelcomeDialog, run_welcome

__all__ = [
    "ProfileDialog",
    "WelcomeDialog",
    "load_apikey_blocking",
    "open_initial_profile",
    "report_already_running",
    "run_welcome",
]
