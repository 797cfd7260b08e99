"""A saved profile's apikey read from the keyring by a process of its own, while the window is built.

Read in the console, the apikey costs about 65 ms of CPU before the first data: importing keyring
(its metadata and jaraco stack, ~43 ms), the Secret Service backend (secretstorage, jeepney,
cryptography, ~11 ms), choosing it and the D-Bus call. The console's one interpreter lock makes
that time the window's. A child does it on another core instead. It is started first thing
(gui/__main__.py, before Qt is imported: a start that may open a saved profile), imports keyring
and chooses its backend while the console starts Qt, then reads the profile's name from its
standard input — the console writes it once it knows which profile opens — and writes its answer
as one JSON line on its standard output: pipes only the console holds, so the apikey touches no
disk, no command line and no log. A child told no name (closed input: no saved profile opens, or
the console quit) exits without reading any secret.

It only speeds things up: the console takes the child's answer when it is the apikey, and on any
other answer or none (nothing stored, a locked or absent keyring, a crash, no answer in time)
reads the keyring itself as before (gui.views.partials.keyring_ui), which tells those states
apart and words them. The child is ``python -m gui keyring-read NAME`` (a frozen console: its own
executable). Plain Python, no Qt.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys

from gui import child_process


def may_open_a_saved_profile(argv: list[str]) -> bool:
    """Whether a console started with ``argv`` may open a saved profile (and read its apikey):
    a window's start (child_process.opens_a_window) that is neither the sandbox nor a smoke run."""
    return child_process.opens_a_window(argv) and not any(arg in ("--sandbox", "--smoke") for arg in argv)


class ApikeyReadAhead:
    """The child reading one profile's apikey; ``secret()`` waits for its answer (a worker)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self._proc = proc

    @classmethod
    def spawn(cls, profile_name: str | None = None) -> ApikeyReadAhead | None:
        """Start the child (returns at once): for ``profile_name``, or (None) for the name ``ask()``
        gives it later. None when it cannot be started (the console reads the keyring itself)."""
        name = [profile_name] if profile_name is not None else []  # none: it reads the name from stdin
        try:
            proc = subprocess.Popen(
                child_process.command(child_process.KEYRING_READ, *name),
                stdin=subprocess.DEVNULL if profile_name is not None else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # keyring's own warnings: the console's read logs its failures
                env=child_process.environment(),
                text=True,
                encoding="utf-8",
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console window
            )
        except OSError:
            return None
        return cls(proc)

    def ask(self, profile_name: str) -> None:
        """Tell a child started without a name which profile's apikey to read."""
        if self._proc.stdin is None:
            raise RuntimeError("this child was given its profile's name when it started")
        try:
            self._proc.stdin.write(profile_name + "\n")
            self._proc.stdin.flush()  # (secret() closes it)
        except OSError:
            pass  # it has gone: secret() finds no answer and the console reads the keyring itself

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

    def dismiss(self) -> None:
        """No saved profile opens: close the child's input without waiting; told no name, it
        exits by itself without reading a secret (``stop()`` reaps it later)."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()

    def stop(self) -> None:
        """End the child if it still runs (the console quit, or gave up waiting): told no name,
        it exits by itself; otherwise it is killed."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            self.dismiss()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(1)
        if self._proc.poll() is None:
            self._proc.kill()
        with contextlib.suppress(Exception):
            self._proc.communicate(timeout=5)


def main(argv: list[str]) -> int:
    """The child: look the profile's apikey up (``argv[0]``, or the line its standard input
    gives once the keyring is imported and its backend chosen) and print the answer as one
    JSON line; nothing when no name comes."""
    from gui.keychain import Keychain

    if len(argv) > 1:
        print(json.dumps({"state": "usage"}), flush=True)
        return 2
    keychain = Keychain()
    if argv:
        name = argv[0]
    else:
        keychain.is_usable()  # keyring imported, its backend chosen (no secret read) while the console starts
        name = sys.stdin.readline().rstrip("\n")
        if not name:
            return 0
    result = keychain.lookup(name)
    print(json.dumps({"state": result.state.value, "secret": result.secret if result.ok else None}), flush=True)
    return 0
