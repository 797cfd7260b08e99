"""The background poll's Qt side: a status-bar label that owns the timer (see gui.store.poller).

Shows whether automatic fetching is on, when it last ran and how many polls in a row
failed (the last error in the tooltip). Each poll runs ``PullService.poll_once`` (the one
pull loop, gui.services.pull) in a worker;
the next one is scheduled when it is done (interval × 2^errors after failures). The
interval is a per-profile setting (Settings dialog); ``poll_settings.changed`` tells the
label to read it again.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from gui.services.pull import PullService
from gui.store import poller

if TYPE_CHECKING:
    from gui.store.receiver import PushReceiver

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PollStatus", text)


class _PollSettings(QObject):
    changed = Signal()


poll_settings = _PollSettings()  # emitted by the Settings dialog after it saved the interval

PUSH_KEY = "push_receiver"  # store setting: {"enabled", "host", "port", "path"}
DEFAULT_PUSH = {"enabled": False, "host": "0.0.0.0", "port": 8090, "path": ""}


def push_config(store) -> dict:
    value = store.get_setting(PUSH_KEY)
    config = dict(DEFAULT_PUSH)
    if isinstance(value, dict):
        config.update({k: v for k, v in value.items() if k in DEFAULT_PUSH})
    return config


class PollStatusLabel(QLabel):
    polled = Signal(object)  # gui.store.poller.PollResult, after each poll that ran
    pushed = Signal(int, int)  # reports, replies committed from a push (emitted from its thread)

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
        self.waiting = 0  # pulled items waiting in the profile's spill file
        self._polling = False
        self._generation = 0
        self.receiver: PushReceiver | None = None  # while pushes are received
        self._receiver_key: tuple | None = None
        self.receiver_error = ""
        self.pushed.connect(lambda _r, _p: self._show())
        ctx.profile_changed.connect(lambda _profile: self.reschedule())
        poll_settings.changed.connect(self.reschedule)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_receiver)
        self.hide()
        QTimer.singleShot(0, self.reschedule)

    # --- state ------------------------------------------------------------------------
    def reschedule(self) -> None:
        """Read the profile's interval, consent and last status (in a worker), then arm the timer."""
        self._generation += 1
        self.timer.stop()
        if self.ctx.profile is None or not self.ctx.has_apikey:
            self.stop_receiver()
            self.hide()
            return
        generation = self._generation
        service = self.ctx.pull_service()

        def read():
            try:
                store = service.store()  # here, not on the GUI thread: the first open may migrate the file
            except Exception:  # noqa: BLE001 - no store: nothing to poll into
                return None
            return (
                service,
                poller.interval_minutes(store),
                service.consent() is True,
                poller.load_status(store),
                push_config(store),
                service.waiting_in_spill(),
            )

        def done(state) -> None:
            if state is not None:
                self._apply(generation, *state)
            elif generation == self._generation:
                self.stop_receiver()
                self.hide()

        self.ctx.run(read, done, lambda exc: log.warning("poll settings: %s", exc), name="poll_settings")

    def _apply(
        self,
        generation: int,
        service: PullService,
        interval: int,
        consent: bool,
        status: poller.PollStatus,
        push: dict,
        waiting: int,
    ) -> None:
        if generation != self._generation:
            return
        self.interval, self.consent, self.status, self.waiting = interval, consent, status, waiting
        self._apply_push(service, push)
        self._show()
        if not self._polling:
            self._arm()

    def _arm(self) -> None:
        delay = poller.next_delay_s(self.interval, self.status.error_count)
        if delay is None or not self.consent:
            self.timer.stop()
        else:
            self.timer.start(int(delay * 1000))

    # --- push receiver --------------------------------------------------------------------
    def _apply_push(self, service: PullService, push: dict) -> None:
        """Start, keep or stop the push receiver to match the profile's setting."""
        key = (id(service), str(push["host"]), int(push["port"]), str(push["path"])) if push["enabled"] else None
        if key == self._receiver_key and (key is None or self.receiver is not None):
            return
        self.stop_receiver()
        self._receiver_key = key
        if key is None:
            return
        from gui.store.receiver import PushReceiver

        try:
            self.receiver = PushReceiver(
                service.store_pushed,  # pushed items go into the store the way pulled ones do
                host=key[1],
                port=key[2],
                path=key[3],
                verify_reply=self.ctx.verify_reply_sign,
                on_stored=lambda reports, replies: self.pushed.emit(reports, replies),
            ).start()
        except OSError as exc:  # the port is taken, or the address is not this machine's
            self.receiver_error = str(exc)
            log.error("push receiver not started on %s:%s: %s", key[1], key[2], exc)

    def stop_receiver(self) -> None:
        self._receiver_key = None
        self.receiver_error = ""
        if self.receiver is not None:
            receiver, self.receiver = self.receiver, None
            receiver.stop()

    def _push_text(self) -> str:
        if self.receiver is not None:
            stats = self.receiver.stats
            return self.tr("Push on :{0} ({1} stored, {2} rejected)").format(
                self.receiver.port, stats.reports_stored + stats.replies_stored, stats.rejected
            )
        if self.receiver_error:
            return "⚠ " + self.tr("Push receiver not running: {0}").format(self.receiver_error)
        return ""

    def _show(self) -> None:
        push = self._push_text()
        if self.interval <= 0:
            if push:
                self.setText(push)
                self.setToolTip(self.tr("The provider pushes reports and replies to this computer's callback URL."))
                self.show()
            else:
                self.hide()
            return
        if not self.consent:
            self.setText(self.tr("Auto-fetch: waiting for consent"))
            self.setToolTip(
                self.tr(
                    "Fetch new reports once in the Status reports tab and agree; "
                    "then the console fetches every {0} min."
                ).format(self.interval)
            )
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
        if push:
            self.setText(f"{self.text()} · {push}")
        if self.waiting:
            self.setText(
                "⚠ " + self.tr("{0} fetched items wait to be stored").format(self.waiting) + " · " + self.text()
            )
            self.setToolTip(
                self.tr(
                    "The local store refused them; they are kept in a file in the profile's folder and "
                    "stored before anything else is fetched."
                )
                + "\n"
                + self.toolTip()
            )
        self.show()

    # --- polling ----------------------------------------------------------------------
    def poll_now(self):
        """Run one poll now (the timer calls this). Returns the task, or None when it did not start."""
        if self._polling or self.ctx.profile is None or not self.ctx.has_apikey:
            return None
        service = self.ctx.pull_service()
        self._polling = True
        generation = self._generation
        task = self.ctx.run(
            lambda control: service.poll_once(control),
            lambda result: self._polled(generation, result),
            self._failed,
            name="background_poll",
            with_control=True,
        )
        self.ctx.track_pull(task)  # a profile switch lets it store what it pulled first
        return task

    def _polled(self, generation: int, result: poller.PollResult) -> None:
        self._polling = False
        if generation == self._generation:
            self.status, self.waiting = result.status, result.waiting
            self._show()
        self._arm()
        if result.ran:
            self.polled.emit(result)

    def _failed(self, exc: BaseException) -> None:  # poll_once catches API errors; this is a bug or the disk
        self._polling = False
        log.error("background poll failed: %s", exc)
        self._arm()


# --- the Settings dialog's row (kept here so the dialog's edit stays two lines) ------------


class _PushRow(QWidget):
    """ "Receive pushes on port N" with the callback URL's secret path (off by default)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enable_box = QCheckBox(_tr("Receive pushes on port"), self)
        self.enable_box.setObjectName("settings_push_enabled")
        self.port = QSpinBox(self)
        self.port.setObjectName("settings_push_port")
        self.port.setRange(1024, 65535)
        self.path = QLineEdit(self)
        self.path.setObjectName("settings_push_path")
        self.path.setReadOnly(True)
        self.path.setToolTip(
            _tr(
                "Put http://<this computer's address>:<port><path> as the callback_url. "
                "The random path keeps others from posting fake reports."
            )
        )
        self.port.setAccessibleName(_tr("Push receiver port"))
        self.path.setAccessibleName(_tr("Push receiver path (for the callback URL)"))
        for widget in (self.enable_box, self.port, self.path):
            layout.addWidget(widget)
        self.secret_path = "/push/" + secrets.token_urlsafe(12)  # offered when the profile has none yet
        self.initial: tuple[bool, int, str] = (False, 0, "")
        self.host = ""
        self.fill(DEFAULT_PUSH)
        self.setEnabled(False)  # until the profile's settings are read (add_interval_row)
        self.setToolTip(
            _tr(
                "Off by default. For a computer the provider can reach: it pushes reports and replies "
                "here; replies are checked against the apikey, everything is stored before answering."
            )
        )

    def fill(self, config: dict) -> None:
        self.enable_box.setChecked(bool(config["enabled"]))
        self.port.setValue(int(config["port"]))
        self.path.setText(str(config["path"]) or self.secret_path)
        self.initial = (bool(config["enabled"]), int(config["port"]), str(config["path"]))
        self.host = str(config["host"])
        self.setEnabled(True)


class _IntervalCombo(QComboBox):
    def __init__(self, parent: QWidget, push_row: _PushRow) -> None:
        super().__init__(parent)
        self.push_row = push_row


def add_interval_row(ctx, form, parent: QWidget) -> _IntervalCombo:
    """Add "Fetch automatically: Off / every N min" and the push receiver's row to a QFormLayout;
    returns the combo box. Both stay disabled until the profile's settings are read (in a worker)."""
    row = _PushRow(parent)
    combo = _IntervalCombo(parent, row)
    combo.setObjectName("settings_poll_interval")
    for minutes in poller.INTERVAL_CHOICES:
        combo.addItem(_tr("Off") if minutes == 0 else _tr("Every {0} min").format(minutes), minutes)
    combo.setToolTip(
        _tr(
            "While the console is open, fetch new status reports and replies in the background for this profile "
            "(after you agreed to fetching once). They are kept in the local store."
        )
    )
    combo.setCurrentIndex(0)
    combo.setProperty("initial_minutes", 0)
    combo.setEnabled(False)
    form.addRow(_tr("&Fetch reports and replies:"), combo)
    form.addRow(_tr("Push receiver:"), row)

    def read():
        store = ctx.store()  # in the worker: the first open may migrate the file
        return poller.interval_minutes(store), push_config(store)

    def loaded(values) -> None:
        current, config = values
        if not shiboken6.isValid(combo):
            return  # the dialog was closed before the settings were read
        index = combo.findData(current)
        if index < 0:
            combo.addItem(_tr("Every {0} min").format(current), current)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
        combo.setProperty("initial_minutes", current)
        combo.setEnabled(True)
        row.fill(config)

    # No profile, or the store cannot be opened: both rows stay disabled (nothing to set).
    ctx.run(read, loaded, lambda exc: log.warning("poll settings not read: %s", exc), name="poll_settings_read")
    return combo


def save_interval(ctx, combo: _IntervalCombo) -> None:
    """Keep the chosen interval and push receiver (in a worker); the status-bar label then
    re-arms its timer and starts or stops the receiver."""
    minutes = int(combo.currentData() or 0)
    row = combo.push_row
    push = (row.enable_box.isChecked(), row.port.value(), row.path.text())
    interval_changed = combo.isEnabled() and minutes != int(combo.property("initial_minutes") or 0)
    push_changed = row.isEnabled() and push != row.initial
    if not (interval_changed or push_changed):
        return

    def save():
        store = ctx.store()
        if interval_changed:
            poller.set_interval_minutes(store, minutes)
        if push_changed:
            store.set_setting(PUSH_KEY, {"enabled": push[0], "host": row.host, "port": push[1], "path": push[2]})

    ctx.run(
        save,
        lambda _r: poll_settings.changed.emit(),
        lambda exc: log.error("saving the background fetch settings failed: %s", exc),
        name="poll_interval",
    )
