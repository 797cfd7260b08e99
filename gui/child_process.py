"""How the console starts a child process of its own (the sandbox gateway, gui.sandbox.process;
the keyring read-ahead, gui.keychain.read_ahead): ``python -m gui <command>`` — a frozen console:
its own executable with ``<command>`` (gui/__main__.py dispatches both before Qt) — with the
console's environment, less its start-up marks, and its own package importable. Plain Python.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SANDBOX_GATEWAY = "sandbox-gateway"  # gui.sandbox.__main__ on a socket the console hands over
KEYRING_READ = "keyring-read"  # gui.keychain.read_ahead.main
# the console's own start-up marks (gui.startup_times) are not a child's to print
_NOT_INHERITED = ("SMS_CONSOLE_STARTUP_TIMES", "SMS_CONSOLE_T0")


def opens_a_window(argv: list[str]) -> bool:
    """Whether a console started with ``argv`` opens a window, and so may start its children before
    Qt: not a subcommand (team-migrate, team-move, ...), --version or --help."""
    if argv[:1] and not argv[0].startswith("-"):
        return False
    return not any(arg in ("--version", "-h", "--help") for arg in argv)


def command(name: str, *arguments: str) -> list[str]:
    """The command line that runs the console's child ``name``: the frozen executable or this interpreter."""
    if getattr(sys, "frozen", False):
        return [sys.executable, name, *arguments]
    return [sys.executable, "-m", "gui", name, *arguments]


def environment() -> dict[str, str]:
    """The child's environment: the console's, less its start-up marks; from source, this very
    ``gui`` package first on the path, wherever the console was started from."""
    env = {name: value for name, value in os.environ.items() if name not in _NOT_INHERITED}
    if not getattr(sys, "frozen", False):
        package_root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return env
