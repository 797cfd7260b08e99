"""The log file's rotation (gui.logging_setup.RotatingLogFile) and what the start-up's context
leaves unimported until it is needed (logging.handlers, uuid)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from gui.logging_setup import RotatingLogFile

REPO = Path(__file__).resolve().parent.parent


def _record(text: str) -> logging.LogRecord:
    return logging.LogRecord("test", logging.INFO, __file__, 1, text, None, None)


def test_a_full_log_file_moves_to_dot_1_and_the_oldest_is_dropped(tmp_path):
    tmp_path = tmp_path / "logs"
    tmp_path.mkdir()
    log_file = tmp_path / "console.log"
    handler = RotatingLogFile(log_file, max_bytes=100, backups=2)
    try:
        for number in range(12):
            handler.handle(_record(f"line {number:02d} " + "x" * 30))  # 39 characters with its newline
    finally:
        handler.close()
    # two lines a file (a third would reach 100): 10-11 in the file, 08-09 in .1, 06-07 in .2, older ones gone
    assert sorted(path.name for path in tmp_path.iterdir()) == ["console.log", "console.log.1", "console.log.2"]
    assert [line[:7] for line in log_file.read_text("utf-8").splitlines()] == ["line 10", "line 11"]
    assert [line[:7] for line in (tmp_path / "console.log.1").read_text("utf-8").splitlines()] == ["line 08", "line 09"]
    assert [line[:7] for line in (tmp_path / "console.log.2").read_text("utf-8").splitlines()] == ["line 06", "line 07"]
    if os.name == "posix":
        assert log_file.stat().st_mode & 0o777 == 0o600  # the new file is private too


def test_a_log_file_without_a_size_limit_or_backups_is_never_renamed(tmp_path):
    tmp_path = tmp_path / "logs"
    tmp_path.mkdir()
    unlimited = RotatingLogFile(tmp_path / "unlimited.log", max_bytes=0, backups=3)
    no_backups = RotatingLogFile(tmp_path / "single.log", max_bytes=50, backups=0)
    try:
        for number in range(6):
            unlimited.handle(_record(f"line {number} " + "y" * 40))
            no_backups.handle(_record(f"line {number} " + "y" * 40))
    finally:
        unlimited.close()
        no_backups.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["single.log", "unlimited.log"]
    assert len((tmp_path / "unlimited.log").read_text("utf-8").splitlines()) == 6
    assert len((tmp_path / "single.log").read_text("utf-8").splitlines()) == 6  # reopened for appending, kept


def test_the_context_leaves_logging_handlers_and_uuid_to_whoever_needs_them():
    """A start-up imports gui.context before its window: logging.handlers (socket, pickle,
    queue) and uuid (platform) would cost it ~4 ms without serving its first data."""
    code = (
        "import sys\n"
        "import gui.context, gui.crash, gui.keychain\n"
        "early = [name for name in ('logging.handlers', 'pickle', 'uuid', 'platform') if name in sys.modules]\n"
        "assert early == [], early\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
