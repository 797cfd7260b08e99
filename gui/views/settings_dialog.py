"""Settings: only what the console really lets the operator choose: the language, fetching in
the background and receiving pushes (the last two per profile, kept in its store).

Saving the background settings asks the context's background poll (``ctx.background_poll()``)
to read them again: it re-arms its timer and starts or stops the push receiver.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import LANGUAGE_KEY
from gui.services.push_receiver import DEFAULT_PUSH, PUSH_KEY, push_config
from gui.store import poller
from gui.views.partials.a11y import name_inputs

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    # The rows' strings keep the context they had in gui/views/poll_status.py.
    return QCoreApplication.translate("PollStatus", text)


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("settings_language")
        # Language names are written in their own language, so anyone can find theirs.
        self.language_combo.addItem(self.tr("System language"), "")
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("中文（简体）", "zh_CN")
        current = str(ctx.settings.value(LANGUAGE_KEY, "") or "")
        index = self.language_combo.findData(current)
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_combo.currentIndexChanged.connect(self._update_note)
        form.addRow(self.tr("&Language:"), self.language_combo)
        self.poll_combo = add_interval_row(ctx, form, self)  # background poll and push receiver
        layout.addLayout(form)
        self.note = QLabel(self)
        self.note.setObjectName("settings_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._initial = current
        self._update_note()
        name_inputs(self)
        self.resize(460, 180)

    def chosen_language(self) -> str:
        return str(self.language_combo.currentData() or "")

    def _update_note(self) -> None:
        if self.chosen_language() != self._initial:
            self.note.setText(self.tr("The new language takes effect the next time you start the console."))
        else:
            self.note.setText(self.tr("The language is applied when the console starts."))

    def accept(self) -> None:
        self.ctx.settings.setValue(LANGUAGE_KEY, self.chosen_language())
        self.ctx.settings.sync()
        save_interval(self.ctx, self.poll_combo)
        super().accept()


# --- fetching in the background and receiving pushes --------------------------------------


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


def add_interval_row(ctx: AppContext, form: QFormLayout, parent: QWidget) -> _IntervalCombo:
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


def save_interval(ctx: AppContext, combo: _IntervalCombo) -> None:
    """Keep the chosen interval and push receiver (in a worker); then the context's background
    poll re-arms its timer and starts or stops the receiver (``ctx.background_poll()``)."""
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
        lambda _r: ctx.background_poll().reschedule(),
        lambda exc: log.error("saving the background fetch settings failed: %s", exc),
        name="poll_interval",
    )
