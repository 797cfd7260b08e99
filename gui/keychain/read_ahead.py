"""A saved profile's apikey read from the keyring by a process of its own, while the window is built.

Read in the console, the apikey costs about 65 ms of CPU before the first data: importing keyring
(its metadata and jaraco stack, ~43 ms), the Secret Service backend (secretstorage, jeepney,
cryptography, ~11 ms), choosing it and the D-Bus call. The console's one interpreter lock makes
that time the window's. A child started as soon as the profile is known (before the window) does
it on another core and writes its answer as one JSON line on its standard output: a pipe only the
console reads, so the apikey touches no disk, no command line and no log.

It only speeds things up: the console takes the child's answer when it is the apikey, and on any
other answer or none (nothing stored, a locked or absent keyring, a crash, no answer in time)
reads the keyring itself as before (gui.views.partials.keyring_ui), which tells those states
apart and words them. The child is ``python -m gui keyring-read NAME`` (a frozen console: its own
executable). Plain Python, no Qt.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

READ_COMMAND = "keyring-read"  # python -m gui keyring-read PROFILE
_NOT_INHERITED = ("SMS_CONSOLE_STARTUP_TIMES", "SMS_CONSOLE_T0")  # the console's start-up marks


def read_command(profile_name: str) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, READ_COMMAND, profile_name]
    return [sys.executable, "-m", "gui", READ_COMMAND, profile_name]


class ApikeyReadAhead:
    """The child reading one profile's apikey; ``secret()`` waits for its answer (a worker)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self._proc = proc

    @classmethod
    def spawn(cls, profile_name: str) -> ApikeyReadAhead | None:
        """Start the child (returns at once); None when it cannot be started (the console reads itself)."""
        env = {name: value for name, value in os.environ.items() if name not in _NOT_INHERITED}
        if not getattr(sys, "frozen", False):  # the child imports this very package, wherever it is
            package_root = str(Path(__file__).resolve().parents[2])
            env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        try:
            proc = subprocess.Popen(
                read_command(profile_name),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # keyring's own warnings: the console's read logs its failures
                env=env,
                text=True,
                encoding="utf-8",
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console window
            )
        except OSError:
            return None
        return cls(proc)

    def secret(self, timeout_s: float) -> str | None:
        """The apikey the child found; None for any other answer, none within ``timeout_s`` or a
        failure (the child is stopped then). Blocks: call it in a worker."""
        try:
            out, _ = self._proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.stop()
            return None
        try:
            answer = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
        except ValueError:
            return None
        secret = answer.get("secret") if isinstance(answer, dict) and answer.get("state") == "ok" else None
        return secret if isinstance(secret, str) and secret else None

    def stop(self) -> None:
        """End the child if it still runs (the console quit, or gave up waiting)."""
        if self._proc.poll() is None:
            self._proc.kill()
        with contextlib.suppress(Exception):
            self._proc.communicate(timeout=5)


def main(argv: list[str]) -> int:
    """The child: look ``argv[0]``'s apikey up and print the answer as one JSON line."""
    from gui.keychain import Keychain

    if len(argv) != 1:
        print(json.dumps({"state": "usage"}), flush=True)
        return 2
    result = Keychain().lookup(argv[0])
    print(json.dumps({"state": result.state.value, "secret": result.secret if result.ok else None}), flush=True)
    return 0
