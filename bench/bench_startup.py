"""startup: wall time of ``python -m gui --sandbox --smoke`` (offscreen), median of N runs.

Each run starts a fresh interpreter with its own empty console home, starts the sandbox
gateway, opens the main window, loads every tab once and quits — what an operator waits
for, minus the window manager. One unrecorded warm-up run first fills the OS file cache
and the bytecode caches, so the figure is a warm start.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 1.5


def one_run() -> float:
    with tempfile.TemporaryDirectory(prefix="sms-bench-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SMS_CONSOLE_HOME=home)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "gui", "--sandbox", "--smoke"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"smoke exited {result.returncode}: {result.stdout[-500:]} {result.stderr[-500:]}")
    return elapsed


def run(opts) -> dict:
    """median wall time of `python -m gui --sandbox --smoke` (s)"""
    runs = max(1, getattr(opts, "runs", 5))
    one_run()  # warm-up
    times = [one_run() for _ in range(runs)]
    median = statistics.median(times)
    return {
        "median_s": round(median, 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "runs": runs,
        "target_s": TARGET_S,
        "ok": median < TARGET_S,
    }
