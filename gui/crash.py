"""Last-resort handling of uncaught exceptions: log the traceback, show copyable details."""

from __future__ import annotations

import logging
import sys
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QThread

if TYPE_CHECKING:
    from types import TracebackType

    from gui.logging_setup import SecretRegistry

log = logging.getLogger("gui.crash")


def install_crash_handler(registry: SecretRegistry, show_dialog: bool = True) -> None:
    def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = registry.redact("".join(traceback.format_exception(exc_type, exc, tb)))
        log.critical("uncaught exception:\n%s", details)
        app = QCoreApplication.instance()
        on_gui_thread = app is not None and QThread.currentThread() is app.thread()
        if show_dialog and on_gui_thread:
            from PySide6.QtWidgets import QMessageBox  # here: a crash needs it, a start-up does not (~1 ms)

            box = QMessageBox(
                QMessageBox.Icon.Critical,
                QCoreApplication.translate("Crash", "Unexpected error"),
                QCoreApplication.translate(
                    "Crash",
                    "Something went wrong inside SMS Console. Your data is safe; the details "
                    "were written to the log file. Please send them to support.",
                ),
            )
            box.setDetailedText(details)
            box.exec()
        else:
            sys.stderr.write(details)

    sys.excepthook = handle
