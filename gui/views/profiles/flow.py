"""Opening a profile: at start (not --sandbox) lock it, read its apikey, make it active;
and the checks before the profile dialog switches to another one.

Order matters: the profile is locked *before* its apikey is read, so a second console
on the same account says so at once and never gets as far as anything that could send.
The keyring read runs in a worker with a timeout while a small modal progress dialog
waits; when it does not give an apikey (nothing stored, locked, no keyring, no answer)
the profile dialog opens with the reason in plain words, so the operator can enter the
apikey, keep it for this run only, or pick another profile.

One console per profile: the lock is a file in the profile's folder
(``AppContext.lock_profile``); when another console holds it, the operator is told so
(``report_already_running``) instead of a second console sending the same campaign.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer

from gui import APP_DISPLAY_NAME
from gui.keychain import KeyringResult
from gui.views.partials import keyring_ui

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 300  # a quick keyring answer shows no dialog at all


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfileFlow", text)


def _tr_dialog(text: str) -> str:  # texts the profile dialog shows (they were written there)
    return QCoreApplication.translate("ProfileDialog", text)


def open_initial_profile(ctx: AppContext) -> bool:
    """True when a profile with an apikey is active; False when the console should quit."""
    smoke = bool(getattr(ctx.args, "smoke", False))
    name = initial_profile_name(ctx)
    if name is None:
        return _ask_for_profile(ctx, smoke)
    if not ctx.lock_profile(name):
        report_already_running(ctx, name)
        return False
    result = load_apikey_blocking(ctx, name, show_progress=not smoke)
    profile = ctx.profiles.get(name)
    if result.ok and result.secret and profile is not None:
        ctx.set_profile(profile, result.secret)
        return True
    return apikey_not_loaded(ctx, name, result)


def initial_profile_name(ctx: AppContext) -> str | None:
    """The saved profile a start opens without asking (--profile, else the last used one, else
    the only one); None when the operator has to be asked (or --profile names no profile)."""
    names = ctx.profiles.names()
    wanted = getattr(ctx.args, "profile", None)
    if wanted:
        return wanted if wanted in names else None
    name = ctx.profiles.active_name()
    if name not in names:
        name = names[0] if len(names) == 1 else None
    return name


def _ask_for_profile(ctx: AppContext, smoke: bool) -> bool:
    """No profile to open without asking: --profile names none, none is set up, or several and
    none was used last. The welcome page or the profile dialog (--smoke: the reason on stderr)."""
    names = ctx.profiles.names()
    wanted = getattr(ctx.args, "profile", None)
    if wanted:
        message = _tr("There is no profile named “{0}”.").format(wanted)
        if smoke:
            print(message, file=sys.stderr)
            return False
        return _open_dialog(ctx, None, message)
    if smoke:
        print(_tr("No profile is set up. Start with --sandbox, or create a profile first."), file=sys.stderr)
        return False
    if not names:  # first run: the welcome page offers an account or the sandbox
        from gui.views.profiles.welcome import run_welcome

        return run_welcome(ctx)
    return _open_dialog(ctx, None, _tr("Choose the profile to open."))


def apikey_not_loaded(ctx: AppContext, name: str, result: KeyringResult) -> bool:
    """The keyring gave no apikey for ``name``: the profile dialog with the reason in plain words
    (--smoke: the reason on stderr). True when a profile with an apikey is active afterwards."""
    notice = _tr("The apikey of “{0}” could not be loaded. {1} {2}").format(
        name, keyring_ui.state_title(result) + ".", keyring_ui.explain(result)
    )
    log.warning("profile %s: apikey not loaded (%s)", name, result.state.value)
    if getattr(ctx.args, "smoke", False):
        print(notice, file=sys.stderr)
        return False
    return _open_dialog(ctx, name, notice)


def reading_apikey_text(name: str) -> str:
    """What the operator is told while the keyring is asked for ``name``'s apikey."""
    return _tr("Reading the apikey of “{0}” from the system keyring…").format(name)


def load_apikey_blocking(
    ctx: AppContext, name: str, show_progress: bool = True, timeout_ms: int = keyring_ui.KEYRING_TIMEOUT_MS
) -> KeyringResult:
    """Read the apikey in a worker and wait for it in a local event loop (GUI stays live)."""
    outcome: list[KeyringResult] = []
    loop = QEventLoop()

    def got(result: KeyringResult) -> None:
        outcome.append(result)
        loop.quit()

    progress = None
    if show_progress:
        from PySide6.QtWidgets import QProgressDialog  # its type: first used here, not at a window's start

        progress = QProgressDialog(reading_apikey_text(name), "", 0, 0)
        progress.setObjectName("keyring_progress")
        progress.setWindowTitle(_tr("SMS Console"))
        progress.setCancelButton(None)  # the read times out by itself after 10 s
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.reset()  # QProgressDialog would show itself only on setValue: we show it ourselves
        progress.hide()
        show_timer = QTimer()
        show_timer.setSingleShot(True)
        show_timer.timeout.connect(progress.show)
        show_timer.start(PROGRESS_DELAY_MS)
    keyring_ui.load_apikey(ctx, name, got, timeout_ms=timeout_ms)
    if not outcome:
        loop.exec()
    if progress is not None:
        show_timer.stop()
        progress.close()
        progress.deleteLater()
    return outcome[0]


def _open_dialog(ctx: AppContext, select: str | None, notice: str) -> bool:
    from gui.views.profiles.dialog import ProfileDialog

    dialog = ProfileDialog(ctx, None, select=select, notice=notice, startup=True)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
    return ctx.profile is not None and ctx.has_apikey


def report_already_running(ctx: AppContext, name: str) -> int:
    """Tell the operator another console holds ``name`` (on stderr with --smoke); the exit code, 2."""
    message = QCoreApplication.translate(
        "App",
        "Another SMS Console is already open for the profile “{0}”. Use that window; "
        "two consoles on one account could send the same campaign twice.",
    ).format(name)
    log.warning("profile %s is locked by another console", name)
    if getattr(ctx.args, "smoke", False):
        print(message, file=sys.stderr)
    else:
        from PySide6.QtWidgets import QMessageBox  # its type costs ~1-2 ms: made when first shown

        QMessageBox.warning(None, APP_DISPLAY_NAME, message)
    return 2


def lock_for_switch(ctx: AppContext, name: str) -> str | None:
    """Lock ``name`` before the console switches to it: None when locked, else why not.

    A send or campaign still running refuses any switch: switching frees the profile in
    use for another console, which could send it twice."""
    if ctx.sending and (ctx.profile is None or name != ctx.profile.name):
        return _tr_dialog(
            "A send or campaign is still running on “{0}”. Let it finish, or cancel it, before switching "
            "profile: switching frees the profile for another console, which could send it twice."
        ).format(ctx.profile.name if ctx.profile else "")
    if not ctx.lock_profile(name):
        return _tr_dialog(
            "“{0}” is open in another SMS Console. Use that window; two consoles on one account "
            "could send the same campaign twice."
        ).format(name)
    return None
