"""startup: seconds from process start to the main window shown and to the visible tab's
first data, beside a bare PySide6 window with eight empty tabs, for two profiles.

Each run starts a fresh interpreter; the runs of a series share one console home, as an
operator's starts do (the unrecorded warm-up run is the first start and creates the profile's
store; until 2026-11-26 every run had an empty home, a first start each time). The time origin is
the bench's ``time.monotonic()`` taken just before ``Popen`` and handed over as
``SMS_CONSOLE_T0`` (CLOCK_MONOTONIC is one clock for every process), so a figure includes
the interpreter's own start. With ``SMS_CONSOLE_STARTUP_TIMES=1`` the console prints, in
process (gui/startup_times.py), ``shown_s`` (its main window's first paint done) and
``loaded_s`` (the visible tab's ``initial_load_finished``), then quits;
``bench/bare_window.py`` prints ``bare_shown_s`` the same way. Console and bare runs
alternate, so both see the same machine; one unrecorded warm-up of each comes first
(OS file cache, bytecode caches: the runs write bytecode even under PYTHONDONTWRITEBYTECODE);
the figures are medians.

Profiles:

- ``sandbox``: ``python -m gui --sandbox`` (no keyring; the gateway in a process of its own since
  2026-11-26, gui/sandbox/process.py — before, in the console's process).
- ``real``: a saved profile whose gateway is a second sandbox in its own process
  (``python -m gui.sandbox --port 0``) and whose apikey is in a real Secret Service: the
  series runs under ``tests/with_keyring.sh`` (a private D-Bus session with an unlocked
  gnome-keyring), so the key is read through keyring + secretstorage as on a desktop (since
  2026-11-26 by the console's read-ahead child, gui/keychain/read_ahead.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHOWN_RATIO_TARGET = 2.0
LOADED_RATIO_TARGET = 2.5
REAL_PROFILE = "bench"
_MARK = re.compile(r"^startup (\w+)_s=([0-9.]+)$")


def _timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``cmd`` with the timing env; the ``startup <name>_s=`` marks it printed."""
    env = dict(env, QT_QPA_PLATFORM="offscreen", SMS_CONSOLE_STARTUP_TIMES="1")
    # An installed console has its bytecode: the warm-up writes it even where the caller's
    # environment says not to (else every run compiles every module again).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["SMS_CONSOLE_T0"] = repr(time.monotonic())
    result = subprocess.run(
        cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    marks = {}
    for line in result.stdout.splitlines():
        found = _MARK.match(line.strip())
        if found:
            marks[found.group(1)] = float(found.group(2))
    if result.returncode != 0 or not marks:
        raise RuntimeError(f"{cmd[1:]} exited {result.returncode}: {result.stdout[-500:]} {result.stderr[-800:]}")
    return marks


def _console_run(args: list[str], home: str) -> dict[str, float]:
    marks = _timed([sys.executable, "-m", "gui", *args], dict(os.environ, SMS_CONSOLE_HOME=home))
    if "shown" not in marks or "loaded" not in marks:
        raise RuntimeError(f"the console printed {marks}, not shown and loaded")
    return marks


def _bare_run() -> float:
    return _timed([sys.executable, str(REPO / "bench" / "bare_window.py")], dict(os.environ))["bare_shown"]


def series(runs: int, args: list[str], prepare=None) -> dict:
    """Warm-up, then ``runs`` alternating console and bare runs: medians and ratios.

    The runs share one console home, as an operator's starts do: the warm-up run is the first
    start (it creates the profile's store and settings), the timed ones open what is there. A
    fresh interpreter each time, as before."""
    shown, loaded, bare = [], [], []
    with tempfile.TemporaryDirectory(prefix="sms-bench-") as home:
        if prepare is not None:
            prepare(home)
        _console_run(args, home)
        _bare_run()
        for _ in range(runs):
            marks = _console_run(args, home)
            shown.append(marks["shown"])
            loaded.append(marks["loaded"])
            bare.append(_bare_run())
    shown_s, loaded_s, bare_s = (statistics.median(values) for values in (shown, loaded, bare))
    return {
        "shown_s": round(shown_s, 3),
        "loaded_s": round(loaded_s, 3),
        "bare_shown_s": round(bare_s, 3),
        "shown_ratio_vs_bare": round(shown_s / bare_s, 2),
        "loaded_ratio_vs_bare": round(loaded_s / bare_s, 2),
    }


# --- the real profile: its own gateway process and a real keyring ---------------------------


def _real_series(runs: int) -> dict:
    """Inside tests/with_keyring.sh: a gateway process, the apikey in the keyring, the series."""
    import keyring

    gateway = subprocess.Popen(
        [sys.executable, "-m", "gui.sandbox", "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        base_url = gateway.stdout.readline().split(": ", 1)[1].strip()
        apikey = gateway.stdout.readline().split(": ", 1)[1].strip()
        from gui.keychain import SERVICE_NAME

        keyring.set_password(SERVICE_NAME, REAL_PROFILE, apikey)

        def prepare(home: str) -> None:
            from PySide6.QtCore import QSettings

            from gui.paths import AppPaths
            from gui.profiles import Profile, ProfileStore

            paths = AppPaths(Path(home) / "config", Path(home) / "data", Path(home) / "logs").ensure()
            store = ProfileStore(QSettings(str(paths.settings_file), QSettings.Format.IniFormat))
            store.save(Profile(REAL_PROFILE, base_url))
            store.set_active(REAL_PROFILE)

        return series(runs, [], prepare)
    finally:
        gateway.terminate()
        gateway.wait(10)


def real_profile(runs: int) -> dict:
    if os.environ.get("SMS_CONSOLE_REAL_KEYRING"):
        return _real_series(runs)
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        raise RuntimeError("the real profile needs dbus-run-session and gnome-keyring-daemon")
    result = subprocess.run(
        [str(REPO / "tests" / "with_keyring.sh"), sys.executable, str(Path(__file__).resolve()), "--real", str(runs)],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        raise RuntimeError(f"real-profile series exited {result.returncode}: {result.stderr[-800:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _with_targets(profile: str, figures: dict, runs: int) -> dict:
    ok = figures["shown_ratio_vs_bare"] <= SHOWN_RATIO_TARGET and figures["loaded_ratio_vs_bare"] <= LOADED_RATIO_TARGET
    return {
        "profile": profile,
        **figures,
        "runs": runs,
        "target_shown_ratio": SHOWN_RATIO_TARGET,
        "target_loaded_ratio": LOADED_RATIO_TARGET,
        "ok": ok,
    }


def run_sandbox(opts) -> dict:
    """--sandbox: median s to the window shown / the visible tab loaded, and ratios to a bare window"""
    runs = max(1, getattr(opts, "runs", 5))
    return _with_targets("sandbox", series(runs, ["--sandbox"]), runs)


def run_real(opts) -> dict:
    """a real profile (gateway process, keyring): the same figures as startup"""
    runs = max(1, getattr(opts, "runs", 5))
    return _with_targets("real", real_profile(runs), runs)


# Two rows in docs/benchmarks.md, with the same keys: the sandbox profile and the real one.
BENCHMARKS = {"startup": run_sandbox, "startup_real": run_real}


if __name__ == "__main__" and sys.argv[1:2] == ["--real"]:
    sys.path.insert(0, str(REPO))
    print(json.dumps(_real_series(int(sys.argv[2]))))
