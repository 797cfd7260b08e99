"""A tripwire for store and journal work on the GUI thread (plain Python, no Qt).

The house rule: the GUI thread never opens, reads or writes a store or a journal — a
big archive or a busy writer would freeze the window. Workers do that work and hand
back the result by signal. ``check()`` is called by ``Store`` and ``Journal`` on each
use; when the guard is on and the caller is the main (GUI) thread with a frame of
``gui/views``, ``gui/app.py`` or ``gui/context.py`` (the application context) on the
stack, it raises ``GuiThreadIOError``.

The test suite turns the guard on for every test (tests/conftest.py);
tests/test_io_guard.py shows it catches a view that reads on the GUI thread. A test body that
pokes a store directly needs nothing (its own frames are not views); one that calls a
view method which touches the store on purpose wraps it in ``allow_gui_thread_io()``.
Set ``SMS_CONSOLE_IO_GUARD=1`` to run the console itself with the guard on.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_GUI = Path(__file__).resolve().parent.parent
_VIEWS_PREFIX = str(_GUI / "views") + os.sep
_APP_FILES = (str(_GUI / "app.py"), str(_GUI / "context.py"))

_state = {"enabled": os.environ.get("SMS_CONSOLE_IO_GUARD") == "1"}
_allowed = threading.local()


class GuiThreadIOError(RuntimeError):
    """A store or journal call from view code on the GUI thread."""


def enable(on: bool = True) -> None:
    _state["enabled"] = on


def enabled() -> bool:
    return _state["enabled"]


@contextmanager
def allow_gui_thread_io() -> Iterator[None]:
    """Let the code inside touch a store on the GUI thread (tests that do it on purpose)."""
    _allowed.depth = getattr(_allowed, "depth", 0) + 1
    try:
        yield
    finally:
        _allowed.depth -= 1


def _view_frame() -> str | None:
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(_VIEWS_PREFIX) or filename in _APP_FILES:
            return f"{filename}:{frame.f_lineno} in {frame.f_code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return None


def check(what: str) -> None:
    """Raise if ``what`` (a store or journal operation) runs for a view on the GUI thread."""
    if not _state["enabled"] or threading.current_thread() is not threading.main_thread():
        return
    if getattr(_allowed, "depth", 0):
        return
    where = _view_frame()
    if where is not None:
        raise GuiThreadIOError(f"{what} on the GUI thread, from {where}: run it in a worker (ctx.run)")
