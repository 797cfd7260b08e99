"""What long store jobs need of the task that runs them (plain Python, no Qt).

``gui.workers.TaskControl`` satisfies these; a job may also run without one (None).
"""

from __future__ import annotations

from typing import Protocol


class StopCheck(Protocol):
    def check(self) -> None:
        """Raise to stop the job (TaskCancelled once the task was cancelled)."""


class ProgressControl(StopCheck, Protocol):
    def progress(self, value: int) -> None:
        """How far the job got (rows written), for the task's progress signal."""


class Cancellable(Protocol):
    @property
    def cancelled(self) -> bool:
        """True once the task was cancelled: the job stops at its next safe point."""
