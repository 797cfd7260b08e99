"""Show that a tab is working: disable its buttons, run a progress bar, offer cancel."""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from gui.workers import Task


class BusyBar(QWidget):
    """An indeterminate (or counted) progress bar with a message and a Cancel button.

    ``track(task, disable=[...])`` shows the bar while ``task`` runs, disables the given
    widgets, wires Cancel to the task (hidden when ``cancellable=False``) and restores
    everything when the task is done, whatever its outcome.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(240)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)
        self._task: Task | None = None
        self._disabled: list[QWidget] = []
        self.cancel_button.clicked.connect(self.cancel)
        self.hide()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def track(self, task: Task, message: str = "", disable: Iterable[QWidget] = (), cancellable: bool = False) -> Task:
        self._task = task
        self._disabled = [w for w in disable if w.isEnabled()]
        for widget in self._disabled:
            widget.setEnabled(False)
        self.message.setText(message or self.tr("Working…"))
        self.bar.setRange(0, 0)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        self.show()
        # A tab or dialog may be deleted while its task runs: only touch it if alive.
        task.done.connect(lambda: self._finished(task) if shiboken6.isValid(self) else None)
        return task

    def set_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText(self.tr("Cancelling…"))

    def _finished(self, task: Task) -> None:
        if task is not self._task:
            return
        self._task = None
        for widget in self._disabled:
            widget.setEnabled(True)
        self._disabled = []
        self.hide()
