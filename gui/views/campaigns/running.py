"""The "Running" page: the running campaign's progress (sent / failed / in doubt, rate, time
left) and its Pause, Resume and Cancel buttons.

The page shows; Pause, Resume and Cancel reach the engine through the presenter (runs.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from gui.views.campaigns.common import duration, state_word


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignsTab", text)


def _enable(button: QPushButton, enabled: bool) -> None:
    if button.isEnabled() != enabled:
        button.setEnabled(enabled)


class RunningPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.running_title = QLabel(_tr("No campaign is running."), self)
        layout.addWidget(self.running_title)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("campaign_progress")
        layout.addWidget(self.progress_bar)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("campaign_counts")
        layout.addWidget(self.counts_label)
        buttons = QHBoxLayout()
        self.pause_button = QPushButton(_tr("Pause"), self)
        self.resume_button = QPushButton(_tr("Resume"), self)
        self.cancel_button = QPushButton(_tr("Cancel campaign"), self)
        for b in (self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(b)
            b.setEnabled(False)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_running(self, campaign_id: int) -> None:
        self.running_title.setText(_tr("Campaign {0} is running.").format(campaign_id))

    def show_fresh(self) -> None:
        """A new run: an empty progress, never the previous run's."""
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.counts_label.clear()

    def _set_bar(self, value: int, total: int) -> None:
        """The bar follows without a synchronous repaint: QProgressBar.setValue repaints at
        once whenever its text changes (~1 ms of GUI thread per update, holding the GIL the
        campaign's threads wait for); with updates off it only records the value, and
        turning them on again schedules one ordinary paint with the label's."""
        bar = self.progress_bar
        if bar.maximum() == total and bar.value() == value:
            return
        bar.setUpdatesEnabled(False)
        if bar.maximum() != total:
            bar.setRange(0, total)
        bar.setValue(value)
        bar.setUpdatesEnabled(True)

    def _set_counts(self, text: str) -> None:
        if self.counts_label.text() != text:  # an equal text still relays out the label
            self.counts_label.setText(text)

    def show_started(self) -> None:
        """A run began: it can be paused and cancelled."""
        self.pause_button.setEnabled(True)
        self.resume_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

    def show_progress(self, progress, running: bool) -> None:
        """The engine's progress; Pause and Resume are offered while ``running``.

        Pausing and paused never say running, and show no rate or time left: nothing
        leaves then, only the answers of the rows already submitted are awaited."""
        self._set_bar(progress.sent + progress.failed, max(progress.total, 1))
        state = progress.state
        in_flight = getattr(progress, "in_flight", 0)
        if state == "pausing":
            self._set_counts(
                _tr("Pausing — {0} already submitted · sent {1} · failed {2} · in doubt {3} · to send {4}").format(
                    in_flight, progress.sent, progress.failed, progress.in_doubt, progress.pending - in_flight
                )
            )
        elif state == "paused":
            self._set_counts(
                _tr("Paused — {0} sent · failed {1} · in doubt {2} · to send {3}").format(
                    progress.sent, progress.failed, progress.in_doubt, progress.pending
                )
            )
        elif state != "running":  # finished, cancelled, stopped, settling: no rate, no time left
            self._set_counts(
                _tr("{0} · sent {1} · failed {2} · in doubt {3} · to send {4}").format(
                    state_word(state), progress.sent, progress.failed, progress.in_doubt, progress.pending
                )
            )
        else:
            self._set_counts(
                _tr("{0} · sent {1} · failed {2} · in doubt {3} · to send {4} · {5:.0f} rows/s · time left {6}").format(
                    state_word(state),
                    progress.sent,
                    progress.failed,
                    progress.in_doubt,
                    progress.pending,
                    progress.rate,
                    duration(progress.eta_seconds),
                )
            )
        if running:
            self.show_title(progress.campaign_id, state)
        paused = state == "paused"
        _enable(self.pause_button, not paused and state != "pausing" and running)
        _enable(self.resume_button, paused and running)

    def show_title(self, campaign_id: int, state: str) -> None:
        """The title says what the run does now: running, pausing or paused."""
        if state == "pausing":
            self.running_title.setText(_tr("Campaign {0} is pausing.").format(campaign_id))
        elif state == "paused":
            self.running_title.setText(_tr("Campaign {0} is paused.").format(campaign_id))
        elif state in ("running", "settling"):
            self.show_running(campaign_id)

    def show_stopped(self) -> None:
        """No run any more: nothing to pause, resume or cancel."""
        for b in (self.pause_button, self.resume_button, self.cancel_button):
            b.setEnabled(False)

    def show_ended(self, campaign_id: int | None, state: str) -> None:
        self.running_title.setText(_tr("Campaign {0}: {1}.").format(campaign_id, state_word(state)))
