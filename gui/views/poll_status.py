"""The background poll's Qt side: a status-bar label that owns the timer (see gui.store.poller).

Shows whether automatic fetching is on, when it last ran and how many polls in a row
failed (the last error in the tooltip). Each poll runs ``Poller.poll_once`` in a worker;
the next one is scheduled when it is done (interval × 2^errors after failures). The
interval is a per-profile setting (Settings dialog); ``poll_settings.changed`` tells the
label to read it again.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from gui.store import poller

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PollStatus", text)


class _PollSettings(QObject):
    changed = Signal()


poll_settings = _PollSettings()      # emitted by the Settings dialog after it saved the interval


class PollStatusLabel(QLabel):
    polled = Signal(object)           # gui.store.poller.PollResult, after each poll that ran

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("status_poll")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll_now)
        self.interval = 0
        self.consent = False
        self.status = poller.PollStatus()
        self._polling = False
        self._generation = 0
        ctx.profile_changed.connect(lambda _profile: self.reschedule())
        poll_settings.changed.connect(self.reschedule)
        self.hide()
        QTimer.singleShot(0, self.reschedule)

    # --- state ------------------------------------------------------------------------
    def reschedule(self) -> None:
        """Read the profile's interval, consent and last status (in a worker), then arm the timer."""
        self._generation += 1
        self.timer.stop()
        if self.ctx.profile is None or not self.ctx.has_apikey:
            self.hide()
            return
        try:
            store = self.ctx.store()
        except Exception:  # noqa: BLE001 - no store: nothing to poll into
            self.hide()
            return
        generation = self._generation

        def read():
            return (poller.interval_minutes(store), store.get_setting(poller.CONSENT_KEY) is True,
                    poller.load_status(store))

        self.ctx.run(read, lambda state: self._apply(generation, *state),
                     lambda exc: log.warning("poll settings: %s", exc), name="poll_settings")

    def _apply(self, generation: int, interval: int, consent: bool, status: poller.PollStatus) -> None:
        if generation != self._generation:
            return
        self.interval, self.consent, self.status = interval, consent, status
        self._show()
        if not self._polling:
            self._arm()

    def _arm(self) -> None:
        delay = poller.next_delay_s(self.interval, self.status.error_count)
        if delay is None or not self.consent:
            self.timer.stop()
        else:
            self.timer.start(int(delay * 1000))

    def _show(self) -> None:
        if self.interval <= 0:
            self.hide()
            return
        if not self.consent:
            self.setText(self.tr("Auto-fetch: waiting for consent"))
            self.setToolTip(self.tr("Fetch new reports once in the Status reports tab and agree; "
                                    "then the console fetches every {0} min.").format(self.interval))
        else:
            last = (self.status.last_poll_at or "")[11:16] or self.tr("not yet")
            text = self.tr("Auto-fetch every {0} min · last {1}").format(self.interval, last)
            if self.status.error_count:
                text += " · " + self.tr("errors in a row: {0}").format(self.status.error_count)
            self.setText(("⚠ " if self.status.error_count else "") + text)
            tip = self.tr("Reports and replies are fetched in the background and kept in the local store.")
            if self.status.last_ok_at:
                tip += "\n" + self.tr("Last success: {0} (Beijing time)").format(self.status.last_ok_at)
            if self.status.last_error:
                tip += "\n" + self.tr("Last error: {0}").format(self.status.last_error)
            self.setToolTip(tip)
        self.show()

    # --- polling ----------------------------------------------------------------------
    def poll_now(self):
        """Run one poll now (the timer calls this). Returns the task, or None when it did not start."""
        if self._polling or self.ctx.profile is None or not self.ctx.has_apikey:
            return None
        try:
            store = self.ctx.store()
        except Exception:  # noqa: BLE001
            return None
        job = poller.Poller(store, self.ctx.client)
        self._polling = True
        generation = self._generation
        task = self.ctx.run(lambda control: job.poll_once(control), lambda result: self._polled(generation, result),
                            self._failed, name="background_poll", with_control=True)
        return task

    def _polled(self, generation: int, result: poller.PollResult) -> None:
        self._polling = False
        if generation == self._generation:
            self.status = result.status
            self._show()
        self._arm()
        if result.ran:
            self.polled.emit(result)

    def _failed(self, exc: BaseException) -> None:   # poll_once catches API errors; this is a bug or the disk
        self._polling = False
        log.error("background poll failed: %s", exc)
        self._arm()


# --- the Settings dialog's row (kept here so the dialog's edit stays two lines) ------------

def add_interval_row(ctx, form, parent: QWidget):
    """Add "Fetch automatically: Off / every N min" to a QFormLayout; returns the combo box."""
    from PySide6.QtWidgets import QComboBox

    combo = QComboBox(parent)
    combo.setObjectName("settings_poll_interval")
    for minutes in poller.INTERVAL_CHOICES:
        combo.addItem(_tr("Off") if minutes == 0 else _tr("Every {0} min").format(minutes), minutes)
    combo.setToolTip(_tr(
        "While the console is open, fetch new status reports and replies in the background for this profile "
        "(after you agreed to fetching once). They are kept in the local store."))
    current = 0
    try:
        # one-row primary-key read, like the pull consent: quick enough for the GUI thread
        current = poller.interval_minutes(ctx.store())
    except Exception:  # noqa: BLE001 - no profile: nothing to set
        combo.setEnabled(False)
    index = combo.findData(current)
    if index < 0:
        combo.addItem(_tr("Every {0} min").format(current), current)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    combo.setProperty("initial_minutes", current)
    form.addRow(_tr("&Fetch reports and replies:"), combo)
    return combo


def save_interval(ctx, combo) -> None:
    """Keep the chosen interval (in a worker) and let the status-bar label re-arm its timer."""
    minutes = int(combo.currentData() or 0)
    if not combo.isEnabled() or minutes == int(combo.property("initial_minutes") or 0):
        return
    store = ctx.store()
    ctx.run(lambda: poller.set_interval_minutes(store, minutes), lambda _r: poll_settings.changed.emit(),
            lambda exc: log.error("saving the poll interval failed: %s", exc), name="poll_interval")
