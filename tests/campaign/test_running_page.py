"""The Running page's progress: the bar and counts follow the engine's Progress, touching a
widget only when what it shows changes, and the bar never repaints synchronously (its paint
waits for the event loop, with the label's)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject

from gui.campaign.engine import Progress
from gui.views.campaigns.running import RunningPage

pytestmark = pytest.mark.usefixtures("qapp")


def progress(sent: int, total: int = 1000, state: str = "running") -> Progress:
    return Progress(
        campaign_id=7,
        state=state,
        total=total,
        sent=sent,
        failed=0,
        in_doubt=0,
        pending=total - sent,
        in_flight=0,
        rate=100.0,
        eta_seconds=5.0,
        window=8,
    )


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_progress_bar_and_counts_follow_without_a_synchronous_repaint(qtbot) -> None:
    page = RunningPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.show_fresh()
    counter = PaintCounter()
    page.progress_bar.installEventFilter(counter)
    qtbot.wait(50)
    counter.paints = 0

    page.show_progress(progress(250), running=True)
    assert page.progress_bar.maximum() == 1000 and page.progress_bar.value() == 250
    assert counter.paints == 0  # QProgressBar.setValue alone would have painted here, at once
    assert page.progress_bar.updatesEnabled()
    assert "sent 250" in page.counts_label.text()
    qtbot.waitUntil(lambda: counter.paints > 0)  # painted by the event loop

    text = page.counts_label.text()
    page.show_progress(progress(250), running=True)  # the same progress: nothing changes
    assert page.counts_label.text() == text and page.progress_bar.value() == 250
    assert page.pause_button.isEnabled() and not page.resume_button.isEnabled()

    page.show_progress(progress(1000, state="finished"), running=False)
    assert page.progress_bar.value() == 1000 and not page.pause_button.isEnabled()
