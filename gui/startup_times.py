"""Start-up timestamps for ``bench/bench_startup.py``: silent unless the bench asks.

The bench sets ``SMS_CONSOLE_T0`` to its ``time.monotonic()`` just before it starts the
console (CLOCK_MONOTONIC: one clock for every process on the machine), and
``SMS_CONSOLE_STARTUP_TIMES=1``. The console then prints ``startup <mark>_s=<seconds since T0>``
lines on stdout — ``main_s`` (gui/__main__ reached: the interpreter is up), ``shown_s``
(the main window's first paint is done) and ``loaded_s`` (the visible tab's first data is
in) — and quits once the visible tab has loaded. ``bench/bare_window.py`` marks its own
window's first paint the same way (``after_first_paint``), so the two are measured alike.
The console also reads a profile's apikey after its window's first paint (gui/app.py).
"""

from __future__ import annotations

import os
import sys
import time

T0_ENV = "SMS_CONSOLE_T0"
ASK_ENV = "SMS_CONSOLE_STARTUP_TIMES"


def enabled() -> bool:
    return bool(os.environ.get(ASK_ENV)) and bool(os.environ.get(T0_ENV))


def mark(name: str) -> None:
    """Print ``startup <name>_s=...`` when the bench asked; nothing otherwise."""
    if enabled():
        elapsed = time.monotonic() - float(os.environ[T0_ENV])
        print(f"startup {name}_s={elapsed:.4f}", file=sys.stdout, flush=True)


FIRST_PAINT_FALLBACK_MS = 1_000


def after_first_paint(widget, then, fallback_ms: int | None = FIRST_PAINT_FALLBACK_MS) -> None:
    """Call ``then()`` once, when ``widget``'s first paint is done: its first Paint event, then a
    zero timer (the whole window is painted in the pass of its first Paint event). A window
    that is not painted (minimised) gets ``then()`` after ``fallback_ms`` all the same (None: never)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def __init__(self, parent) -> None:
            super().__init__(parent)
            self.done = False

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, self.call)
            return False

        def call(self) -> None:
            if not self.done:
                self.done = True
                widget.removeEventFilter(self)
                then()

    watcher = _FirstPaint(widget)
    widget.installEventFilter(watcher)
    if fallback_ms is not None:
        QTimer.singleShot(fallback_ms, watcher.call)
