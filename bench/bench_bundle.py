"""bundle: size of the PyInstaller one-folder bundle dist/sms-console, in MiB (as `du -sm`).

Builds it from build.spec when it is missing (or with --rebuild), then measures the
folder and times one ``--sandbox --smoke`` run of the frozen executable.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "sms-console"
EXECUTABLE = BUNDLE / ("sms-console.exe" if os.name == "nt" else "sms-console")
LIMIT_MB = 120  # as .ci/run


def build() -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm", "--log-level", "WARN"],
        cwd=REPO,
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def folder_size(folder: Path) -> tuple[int, int]:
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def frozen_smoke_s() -> float:
    with tempfile.TemporaryDirectory(prefix="sms-bench-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SMS_CONSOLE_HOME=home)
        start = time.perf_counter()
        result = subprocess.run(
            [str(EXECUTABLE), "--sandbox", "--smoke"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"frozen smoke exited {result.returncode}: {result.stdout[-500:]} {result.stderr[-500:]}")
    return elapsed


def run(opts) -> dict:
    """size of dist/sms-console in MiB (builds it if missing; --rebuild forces)"""
    build_s = None
    if getattr(opts, "rebuild", False) or not EXECUTABLE.exists():
        build_s = round(build(), 1)
    size, files = folder_size(BUNDLE)
    size_mb = size / 2**20
    result = {"size_mb": round(size_mb, 1), "files": files, "limit_mb": LIMIT_MB, "ok": size_mb <= LIMIT_MB}
    if build_s is not None:
        result["build_s"] = build_s
    result["frozen_smoke_s"] = round(frozen_smoke_s(), 3)
    return result
