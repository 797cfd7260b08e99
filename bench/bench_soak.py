"""soak: 10,000 tasks through the TaskRunner; open files and connections must stay flat.

Each task is what the console's workers do all day: a store read (most of them), a store
write, or an HTTP call (``user_get`` against an in-process sandbox gateway). QThreadPool
gives every task a fresh Python thread state, which is why the store and the client own
bounded pools instead of per-thread caches (issue 11, item 4). The metrics: open file
descriptors after a warm-up and at the end, their growth, and the pooled SQLite
connections plus HTTP Sessions left open at the end. Target: ``fds_growth`` <= 5.

    python bench/run.py soak

tests/test_connections_soak.py runs the same ``soak()`` through the application context.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TASKS = 10_000
WARMUP = 600  # the warm-up's ordinary mix runs tasks WARMUP // 2 .. WARMUP
BATCH = 400  # tasks queued at once (the runner keeps a Task object per queued task)
HTTP_EVERY = 10  # one task in ten is a user_get; of the rest, one in three writes


def open_fds() -> int:
    """File descriptors open in this process (Linux /proc, else /dev/fd)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(folder):
            return len(os.listdir(folder)) - 1  # less the one listdir itself holds
    raise RuntimeError("cannot count open file descriptors on this system")


def connections(store: Any, client: Any) -> int:
    """Pooled SQLite connections of the store plus HTTP Sessions of the client."""
    return int(store.open_connections()) + int(client.open_sessions())


def kind_of(index: int) -> str:
    """What task ``index`` does: "http" (user_get), "write" (save_reports) or "read"."""
    if index % HTTP_EVERY == 0:
        return "http"
    return "write" if index % 3 == 0 else "read"


def _job(index: int, store_of: Callable[[], Any], client_of: Callable[[], Any]) -> Any:
    from gui.api.models import StatusReport

    kind = kind_of(index)
    if kind == "http":
        return client_of().user_get()
    store = store_of()
    if kind == "write":
        sid = 10_000_000 + index
        report = StatusReport(sid, None, "2024-05-01 10:00:07", "DELIVRD", "13800138000", "SUCCESS")
        return store.save_reports([report])
    if index % 3 == 1:
        return store.reports_joined(limit=5)
    return store.is_suppressed("13800138000"), store.get_setting("soak", 0)


def _run_batch(runner: Any, indexes: range, job: Callable[[int], Any], errors: list[BaseException]) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    left = [len(indexes)]

    def one_done(*_outcome: Any) -> None:
        left[0] -= 1
        if left[0] == 0:
            loop.quit()

    def one_failed(error: BaseException) -> None:
        errors.append(error)
        one_done()

    for index in indexes:
        runner.run(lambda i=index: job(i), one_done, one_failed, name="soak")
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)  # never hang: a stuck batch shows as missing results
    guard.start(120_000)
    if left[0]:
        loop.exec()
    guard.stop()
    if left[0]:
        raise RuntimeError(f"{left[0]} soak tasks did not finish within 120 s")


def soak(runner: Any, store_of: Callable[[], Any], client_of: Callable[[], Any], tasks: int = TASKS) -> dict[str, Any]:
    """Run ``tasks`` tasks through ``runner`` (a gui.workers.TaskRunner); call on the GUI thread."""
    errors: list[BaseException] = []
    ran: list[int] = []  # indexes of the tasks started (appended from the worker threads)

    def job(index: int) -> Any:
        ran.append(index)
        return _job(index, store_of, client_of)

    # Warm-up: every worker thread at once, first all calling user_get, then all reading (released
    # together by a barrier, so the thread pool, the Sessions and the readers reach their working
    # size), then the ordinary mix.
    threads = runner.pool.maxThreadCount()
    for first in (0, 1):
        together = threading.Barrier(threads)

        def at_once(index: int, together: threading.Barrier = together) -> Any:
            together.wait(30)
            return job(index)

        _run_batch(runner, range(first, first + threads * HTTP_EVERY, HTTP_EVERY), at_once, errors)
    _run_batch(runner, range(WARMUP // 2, WARMUP), job, errors)
    done = 2 * threads + WARMUP // 2
    gc.collect()
    fds_before = open_fds()
    connections_before = connections(store_of(), client_of())
    index = WARMUP
    while done < tasks:
        size = min(BATCH, tasks - done)
        _run_batch(runner, range(index, index + size), job, errors)
        index += size
        done += size
    gc.collect()
    fds_after = open_fds()
    if errors:
        raise RuntimeError(f"{len(errors)} of {tasks} soak tasks failed, first: {errors[0]!r}")
    return {
        "tasks": done,
        "fds_before": fds_before,
        "fds_after": fds_after,
        "fds_growth": fds_after - fds_before,
        "connections_before": connections_before,
        "connections_after": connections(store_of(), client_of()),
        **{kind: sum(1 for i in ran if kind_of(i) == kind) for kind in ("http", "write", "read")},
    }


def run(opts: Any) -> dict[str, Any]:
    """open files and pooled connections before/after 10,000 store and HTTP tasks"""
    from PySide6.QtWidgets import QApplication

    from gui.api.client import SmsClient
    from gui.sandbox.server import SandboxServer
    from gui.store.db import Store, store_path
    from gui.workers import MAX_THREADS, TaskRunner

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner(parent=app)
    server = SandboxServer(port=0).start()
    with tempfile.TemporaryDirectory(prefix="sms-soak-bench-") as folder:
        store = Store.open(store_path(Path(folder)))
        client = SmsClient(server.apikey, server.base_url, timeout=(5, 30), max_sessions=MAX_THREADS)
        try:
            result = soak(runner, lambda: store, lambda: client)
        finally:
            runner.wait_all(5000)
            client.close()
            store.close()
            server.stop()
    return {key: result[key] for key in ("tasks", "fds_before", "fds_after", "fds_growth", "connections_after")}
