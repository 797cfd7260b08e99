"""The yardstick of bench_startup: a bare PySide6 main window with eight empty tabs.

Prints ``startup bare_shown_s=<seconds since SMS_CONSOLE_T0>`` once the window's first
paint is done (measured as gui/startup_times.py measures the console's), then quits.
Nothing of the console is imported: only PySide6 and the same few lines of timing.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget


def mark(name: str) -> None:
    print(f"startup {name}_s={time.monotonic() - float(os.environ['SMS_CONSOLE_T0']):.4f}", flush=True)


class FirstPaint(QObject):
    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.done)
        return False

    def done(self) -> None:
        mark("bare_shown")
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    tabs = QTabWidget(window)
    tabs.setDocumentMode(True)
    for index in range(8):
        tabs.addTab(QWidget(), f"Tab {index + 1}")
    window.setCentralWidget(tabs)
    window.resize(1280, 800)
    window.installEventFilter(FirstPaint(window))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
