"""The sandbox gateway in a process of its own, for ``python -m gui --sandbox`` (POSIX).

In the console's own process the gateway shares its one interpreter lock: its start-up (the
``http.server`` stack, the demo account) and every answer it serves take CPU time from the
window — about a third of what start-up spent between the first paint and the first data.
A child process runs on another core.

The console opens the listening socket itself (loopback, a free port) and hands it to the child
(``--listen-fd``), so the gateway's address is known at once — the sandbox profile is complete
before the window is built, as a saved profile is — and a request sent before the child serves
waits in the socket's backlog instead of failing. The console keeps no copy: should the child
die, the socket closes with it and requests are refused (the gateway-unreachable banner), never
left hanging. The child is ``python -m gui sandbox-gateway`` (a frozen console: its own
executable with ``sandbox-gateway``), i.e. ``gui.sandbox.__main__`` with ``--exit-with-stdin``:
it serves until its standard input closes — when the console stops it, and also when the console
dies, however it dies (the pipe closes with the process). Its error output goes to a log file.

Elsewhere (Windows: no descriptor passing) and for the welcome page's "try the sandbox", the
tests' fixtures and the screenshot scripts the gateway runs in the console's process
(gui.sandbox.server.SandboxServer), driven through its Python API. Plain Python, no Qt.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui import child_process
from gui.sandbox import DEMO_APIKEY

if TYPE_CHECKING:
    from gui.paths import AppPaths

STOP_WAIT_S = 5.0
HOST = "127.0.0.1"
BACKLOG = 64  # as the in-process gateway's (gui.sandbox.httpd.Httpd.request_queue_size)


def supported() -> bool:
    """Whether the gateway can run in a process of its own here (a listening socket handed over)."""
    return os.name == "posix"


def spawn_if_supported(log_path: Path | None = None) -> SandboxProcess | None:
    """``--sandbox``: the gateway's process, started now (before Qt) so it serves by the first
    data; None where it cannot run in a process of its own (the console then starts it in its own)."""
    return SandboxProcess.spawn(log_path) if supported() else None


def wanted(argv: list[str]) -> bool:
    """Whether a console started with ``argv`` opens the sandbox's window (``--sandbox``), so that
    gui/__main__.py starts the gateway first thing: its own start (~70 ms of CPU on the other core)
    is then over before the console's window and first reads keep both cores busy — started
    once the console had imported Qt, it took ~4 ms from the first data (2026-11-26, 3
    alternations of 11 runs). Only a window's start (child_process.opens_a_window)."""
    return child_process.opens_a_window(argv) and "--sandbox" in argv


def log_path(paths: AppPaths) -> Path:
    """Where the gateway process's error output goes (appended): beside the console's log."""
    return paths.log_file.with_name("sandbox-gateway.log")


class SandboxProcess:
    """A gateway process serving ``base_url`` with ``apikey`` (the demo key)."""

    def __init__(self, proc: subprocess.Popen[bytes], base_url: str, log_file: Any = None) -> None:
        self._proc = proc
        self._log_file = log_file
        self.base_url = base_url
        self.apikey = DEMO_APIKEY

    @classmethod
    def spawn(cls, log_path: Path | None = None, *options: str) -> SandboxProcess:
        """Open the listening socket, start the gateway on it and return at once (it serves
        shortly). Its error output goes to ``log_path`` (appended) when given."""
        listener = socket.create_server((HOST, 0), backlog=BACKLOG)
        log_file = open(log_path, "ab") if log_path is not None else None  # noqa: SIM115 - closed by stop()
        try:
            fd = listener.fileno()
            proc = subprocess.Popen(
                child_process.command(
                    child_process.SANDBOX_GATEWAY, "--listen-fd", str(fd), "--exit-with-stdin", *options
                ),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log_file if log_file is not None else subprocess.DEVNULL,
                env=child_process.environment(),
                pass_fds=(fd,),
            )
            base_url = f"http://{HOST}:{listener.getsockname()[1]}"
        except BaseException:
            if log_file is not None:
                log_file.close()
            raise
        finally:
            listener.close()  # the child's now: it closes when the child ends
        return cls(proc, base_url, log_file)

    @property
    def pid(self) -> int:
        return self._proc.pid

    def running(self) -> bool:
        return self._proc.poll() is None

    def stop(self) -> None:
        """Close its standard input (it stops and exits), wait, and make sure it has gone."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(OSError):  # it has gone already
                self._proc.stdin.close()
        try:
            self._proc.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    # --- what tests ask of a gateway (the in-process one answers these in Python) -------------
    def _get(self, path: str) -> Any:
        import json
        import urllib.request  # tests only: not at start-up

        with urllib.request.urlopen(f"{self.base_url}{path}", timeout=10) as response:
            return json.load(response)

    def requests_log(self) -> list[dict]:
        """Recent calls, as SandboxServer.requests_log gives them (its ``/_sandbox/requests``)."""
        return list(self._get("/_sandbox/requests"))

    def call_count(self, endpoint: str | None = None) -> int:
        """How many calls reached ``endpoint`` ("user/get"), or any /v2 endpoint."""
        return sum(1 for call in self.requests_log() if endpoint is None or call["endpoint"] == endpoint)

    def accepted_log(self) -> list[dict]:
        """Every message the gateway accepted (its ``/_sandbox/log``)."""
        return list(self._get("/_sandbox/log")["accepted"])
