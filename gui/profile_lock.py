"""The profile's ``console.lock``: held by the console that has the profile open (gui/context.py),
tried by what must not run beside such a console (moving the profile to a team database, from the
profile dialog or ``python -m gui team-move``). One name and one setting for all of them."""

from __future__ import annotations

from PySide6.QtCore import QLockFile

from gui.paths import AppPaths

LOCK_FILE = "console.lock"


def profile_lock(paths: AppPaths, name: str) -> QLockFile:
    """The lock of profile ``name`` (not taken yet)."""
    lock = QLockFile(str(paths.profile_dir(name) / LOCK_FILE))
    lock.setStaleLockTime(0)  # a crashed console's lock is detected by its dead PID
    return lock
