"""What the start-up's context leaves unimported until it is needed (uuid: team profiles only)."""

from __future__ import annotations

from fresh_python import assert_runs_clean


def test_the_context_leaves_uuid_to_whoever_needs_it():
    """A start-up imports gui.context before its window: uuid (platform) would cost it ~2 ms
    without serving its first data (the installation id is a team profile's)."""
    code = (
        "import sys\n"
        "import gui.context, gui.crash, gui.keychain\n"
        "early = [name for name in ('uuid', 'platform') if name in sys.modules]\n"
        "assert early == [], early\n"
    )
    assert_runs_clean(code)
