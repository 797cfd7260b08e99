"""Settings: only what the console really lets the operator choose (for now, the language)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from gui.i18n import LANGUAGE_KEY
from gui.views.partials.a11y import name_inputs
from gui.views.poll_status import add_interval_row, save_interval

if TYPE_CHECKING:
    from gui.context import AppContext


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
        self.poll_combo = add_interval_row(ctx, form, self)  # background poll (gui.views.poll_status)
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
