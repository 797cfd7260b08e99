"""10,000 tasks through the real TaskRunner leave open files and connections flat (issue 11, item 4).

QThreadPool gives every task a fresh Python thread state: per-thread caches of SQLite
connections and HTTP Sessions were empty on every task, and each task left a connection
(two open files) or a Session behind. The tasks here are the application context's own
store and client at work — store reads, store writes and user_get against the sandbox over
HTTP — and the open file descriptors (/proc/self/fd) and the pooled connections must not
grow between the warm-up and the end. The driver is bench/bench_soak.py's (``bench/run.py soak``).
"""

from __future__ import annotations

import os

import pytest

from bench.bench_soak import TASKS, soak
from gui.store.io_guard import allow_gui_thread_io
from gui.store.pool import READERS
from gui.workers import MAX_THREADS

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts /proc/self/fd")

TOLERANCE = 5


def test_ten_thousand_tasks_leave_files_and_connections_flat(qtbot, app_ctx, sandbox):
    with allow_gui_thread_io():
        store = app_ctx.store()  # opened before the count starts, like start-up's open_store
    client = app_ctx.client()
    user_gets_before = sandbox.call_count("user/get")

    result = soak(app_ctx.tasks, app_ctx.store, app_ctx.client, TASKS)

    assert result["tasks"] == TASKS == 10_000
    assert result["http"] + result["write"] + result["read"] == TASKS
    assert abs(result["fds_growth"]) <= TOLERANCE, result
    assert abs(result["connections_after"] - result["connections_before"]) <= TOLERANCE, result
    assert result["connections_after"] <= 1 + READERS + MAX_THREADS, result
    # the work was real: the gateway answered every user_get, the store holds every write
    assert sandbox.call_count("user/get") - user_gets_before == result["http"] >= 900
    assert store.count_reports() == result["write"] >= 2500
    assert store is app_ctx.store() and client is app_ctx.client()  # the context's own, all along
