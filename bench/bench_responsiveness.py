"""responsiveness: how long the GUI thread stalls while a worker is busy for 2 s.

A 10 ms QTimer heartbeat runs on the GUI thread while TaskRunner runs (a) a worker that
blocks (sleep, like a network or keyring call) and (b) a worker that computes in pure
Python (holding the GIL most of the time). The metric is the largest gap between two
beats: 10 ms when nothing stalls. tests/test_workers.py checks the same thing with a loose
500 ms bound; this is the tight figure (expect a few ms).
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUSY_S = 2.0
BEAT_MS = 10


def _measure(app, runner, work) -> list[float]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    beats: list[float] = []
    clock = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(BEAT_MS)
    heartbeat.timeout.connect(lambda: beats.append(clock.nsecsElapsed() / 1e6))
    loop = QEventLoop()
    clock.start()
    heartbeat.start()
    task = runner.run(work)
    task.done.connect(loop.quit)
    loop.exec()
    heartbeat.stop()
    return [b - a for a, b in zip(beats, beats[1:], strict=False)]


def _blocking():
    time.sleep(BUSY_S)


def _computing():
    end = time.perf_counter() + BUSY_S
    total = 0
    while time.perf_counter() < end:
        total += sum(i * i for i in range(1000))
    return total


def run(opts) -> dict:
    """largest GUI-thread stall (ms) while a worker blocks / computes for 2 s"""
    from PySide6.QtWidgets import QApplication

    from gui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    runner = TaskRunner(parent=app)  # parented: lives as long as the tasks it owns
    result = {}
    for label, work in (("blocking", _blocking), ("computing", _computing)):
        gaps = _measure(app, runner, work)
        result[f"{label}_max_gap_ms"] = round(max(gaps), 1)
        result[f"{label}_p99_gap_ms"] = round(statistics.quantiles(gaps, n=100)[98], 1)
        result[f"{label}_beats"] = len(gaps) + 1
    runner.wait_all(5000)
    result["beat_ms"] = BEAT_MS
    return result
