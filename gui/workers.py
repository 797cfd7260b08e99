"""Run work off the GUI thread and hand the outcome back to it.

Modelled on Picard's ``run_task``: ``TaskRunner.run(func, on_done=...)`` runs ``func``
on a thread pool and delivers its result, its exception or its progress to the GUI
thread through queued signals. Every API call, keyring call and heavy file or database
job goes through here; nothing that can block runs on the GUI thread.

- A running task stays referenced by the runner until it has finished, so its signal
  object cannot be garbage collected under the worker.
- ``TaskControl`` is handed to functions that ask for it (``with_control=True``): they
  can check ``cancelled`` and call ``progress(value)``. Progress is coalesced to at
  most one delivery per ``PROGRESS_INTERVAL`` so a flood of updates never floods the
  event loop; the last value is always delivered.
- ``timeout_ms`` abandons a task that hangs (a Secret Service can): the error callback
  gets ``TaskTimeout`` and a late result is dropped.
- ``wait_all(bound_ms)`` on quit waits for running tasks, but never forever.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.1  # seconds: about ten progress updates a second at most
# The task runner's thread count, and so the HTTP Sessions the console's client keeps (one per
# worker slot, see AppContext.client). The default is the core count (2 here): one hung keyring
# call plus one long campaign would starve everything else.
MAX_THREADS = 8


class TaskCancelled(Exception):
    """Raised inside a task that noticed it was cancelled."""


class TaskTimeout(Exception):
    """The task did not finish within its time limit; its late result is ignored."""


class TaskControl:
    """What a running function may see of its task: cancellation and progress."""

    def __init__(self, emit_progress: Callable[[Any], None]) -> None:
        self._cancel = threading.Event()
        self._emit_progress = emit_progress
        self._last_progress = 0.0
        self._pending: Any = None
        self._has_pending = False
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise TaskCancelled if the task was cancelled."""
        if self._cancel.is_set():
            raise TaskCancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; returns True early if cancelled."""
        return self._cancel.wait(seconds)

    def progress(self, value: Any, force: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            if force or now - self._last_progress >= PROGRESS_INTERVAL:
                self._last_progress = now
                self._has_pending = False
                emit = True
            else:
                self._pending = value
                self._has_pending = True
                emit = False
        if emit:
            self._emit_progress(value)

    def flush(self) -> None:
        with self._lock:
            pending, has = self._pending, self._has_pending
            self._has_pending = False
        if has:
            self._emit_progress(pending)


class Task(QObject):
    """One unit of work. Lives in the GUI thread.

    The worker emits the private ``_*_from_worker`` signals; they reach this object's
    slots queued, in the GUI thread, which re-emit the public signals there. So every
    public signal of a Task is emitted from the GUI thread (safe to wait on in tests).
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    done = Signal()  # after succeeded/failed, in the GUI thread
    # In the GUI thread once the function has returned or raised, after succeeded/failed. Unlike
    # ``done`` it also waits for the worker of a task its timeout has already finished.
    worker_ended = Signal()

    _succeeded_from_worker = Signal(object)
    _failed_from_worker = Signal(object)
    _progress_from_worker = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.control = TaskControl(self._progress_from_worker.emit)
        self.finished = False
        self.abandoned = False
        self.result: Any = None
        self.error: BaseException | None = None
        # Set by the worker thread when the function has returned or raised, before the
        # outcome reaches the GUI thread (worker_ended follows there).
        self.worker_finished = threading.Event()
        self._succeeded_from_worker.connect(self._relay_succeeded, Qt.ConnectionType.QueuedConnection)
        self._failed_from_worker.connect(self._relay_failed, Qt.ConnectionType.QueuedConnection)
        self._progress_from_worker.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _relay_succeeded(self, result: Any) -> None:
        try:
            self.succeeded.emit(result)
        finally:
            self.worker_ended.emit()

    @Slot(object)
    def _relay_failed(self, error: Any) -> None:
        try:
            self.failed.emit(error)
        finally:
            self.worker_ended.emit()

    @Slot(object)
    def _relay_progress(self, value: Any) -> None:
        if not self.finished:
            self.progressed.emit(value)

    def cancel(self) -> None:
        self.control.cancel()

    @property
    def cancelled(self) -> bool:
        return self.control.cancelled


class _Runnable(QRunnable):
    def __init__(self, task: Task, func: Callable[..., Any], with_control: bool) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._func = func
        self._with_control = with_control

    def run(self) -> None:  # worker thread
        task = self._task
        try:
            result = self._func(task.control) if self._with_control else self._func()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            if not isinstance(exc, TaskCancelled):
                log.info(
                    "task %s failed: %s", task.name, "".join(traceback.format_exception_only(type(exc), exc)).strip()
                )
            task.control.flush()
            task.worker_finished.set()
            task._failed_from_worker.emit(exc)
        else:
            task.control.flush()
            task.worker_finished.set()
            task._succeeded_from_worker.emit(result)


def _alive(obj: Any) -> bool:
    """False for a QObject whose C++ side was deleted; True for anything else."""
    return not isinstance(obj, QObject) or shiboken6.isValid(obj)


class TaskRunner(QObject):
    """Owns the thread pool and the set of running tasks."""

    def __init__(self, max_threads: int = MAX_THREADS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running: set[Task] = set()

    @property
    def running(self) -> list[Task]:
        return list(self._running)

    def run(
        self,
        func: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        *,
        name: str = "",
        with_control: bool = False,
        timeout_ms: int | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Run ``func`` on the pool; callbacks run in the GUI thread.

        ``owner`` (a widget) ties the callbacks to its life: when it has been deleted
        by the time the outcome arrives (a dialog closed mid-load), the callbacks are
        skipped. Callbacks that are bound methods of a QObject get the same guard
        without being told, since calling into a deleted C++ object raises.
        """
        task = Task(name or getattr(func, "__name__", "task"), self)
        self._running.add(task)

        def finish(result: Any, error: BaseException | None) -> None:
            if task.finished:
                return  # already timed out; the late outcome is dropped
            task.finished = True
            task.result, task.error = result, error
            self._running.discard(task)
            try:
                if not _alive(owner) or not _alive(getattr(on_done if error is None else on_error, "__self__", None)):
                    log.info("task %s finished after its owner was deleted; outcome dropped", task.name)
                elif error is None:
                    if on_done is not None:
                        on_done(result)
                elif on_error is not None:
                    on_error(error)
                elif not isinstance(error, (TaskCancelled, TaskTimeout)):
                    log.error("unhandled error in task %s: %r", task.name, error)
            except RuntimeError as exc:
                # A lambda callback reached into a widget deleted while the task ran (a
                # dialog closed mid-load). The work itself is done and stored; only its
                # display is moot. Anything else is a real bug and goes on up.
                if "already deleted" not in str(exc):
                    raise
                log.info("task %s: its window was closed before the outcome arrived", task.name)
            finally:
                task.done.emit()
                if not task.abandoned:
                    task.deleteLater()

        task.succeeded.connect(lambda result: finish(result, None))
        task.failed.connect(lambda error: finish(None, error))
        if on_progress is not None:
            task.progressed.connect(lambda value: _alive(owner) and on_progress(value))
        if timeout_ms is not None:

            def expire() -> None:
                if not task.finished:
                    task.abandoned = True
                    task.cancel()
                    # The worker still holds the task and will emit its late outcome:
                    # delete it only then (deleting now kills the worker's emit).
                    task.succeeded.connect(task.deleteLater)
                    task.failed.connect(task.deleteLater)
                    finish(None, TaskTimeout(f"{task.name} did not finish within {timeout_ms} ms"))

            QTimer.singleShot(timeout_ms, task, expire)
        self.pool.start(_Runnable(task, func, with_control))
        return task

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait_all(self, bound_ms: int = 5000) -> bool:
        """On quit: cancel and wait for running work, at most ``bound_ms``."""
        self.cancel_all()
        return self.pool.waitForDone(bound_ms)
