"""Run test code in a fresh interpreter (offscreen Qt, this repo first on the path), for what only
a new process shows: which modules and PySide types an import makes, before anything else did."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def assert_runs_clean(code: str, timeout: float = 60) -> None:
    """Run ``code`` with ``python -c`` in a fresh interpreter; fail with its error output unless it exits 0."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def run_to_first_data(home: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python *arguments`` (a console: ``-m gui ...``, or ``-c`` code that starts one) on the
    console home ``home`` with the bench's start-up marks on, so that the console quits once its
    visible tab's first data is in (gui.startup_times); fail with its error output unless it exits 0."""
    from gui.paths import HOME_ENV

    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=REPO,
        env=dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
            SMS_CONSOLE_STARTUP_TIMES="1",
            SMS_CONSOLE_T0=repr(time.monotonic()),
            **{HOME_ENV: str(home)},
            **env,
        ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result
