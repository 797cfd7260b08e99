"""What the start-up's context leaves unimported until it is needed (uuid: team profiles only)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_context_leaves_uuid_to_whoever_needs_it():
    """A start-up imports gui.context before its window: uuid (platform) would cost it ~2 ms
    without serving its first data (the installation id is a team profile's)."""
    code = (
        "import sys\n"
        "import gui.context, gui.crash, gui.keychain\n"
        "early = [name for name in ('uuid', 'platform') if name in sys.modules]\n"
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
