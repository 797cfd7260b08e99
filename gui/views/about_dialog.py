"""About: versions, the keyring backend in use, and where the console keeps its files."""

from __future__ import annotations

import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui import APP_DISPLAY_NAME, __version__
from gui.views.partials import keyring_ui

if TYPE_CHECKING:
    from gui.context import AppContext


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._alive = True
        self._backend_detail = ""  # the keyring backend as Keychain.backend_description says it
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About {0}").format(APP_DISPLAY_NAME))
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{APP_DISPLAY_NAME} {__version__}</h2>", self)
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("A desktop console for operators of a Haotingyun SMS account."), self))

        form = QFormLayout()
        self.versions_label = self._selectable(
            f"Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()} · "
            f"{platform.system()} {platform.release()}"
        )
        self.versions_label.setObjectName("about_versions")
        form.addRow(self.tr("Versions:"), self.versions_label)
        self.keyring_label = self._selectable(self.tr("looking…"))
        self.keyring_label.setObjectName("about_keyring")
        form.addRow(self.tr("Keyring:"), self.keyring_label)
        paths = ctx.paths
        for title, folder, name in (
            (self.tr("Data folder:"), paths.data_dir, "data"),
            (self.tr("Log folder:"), paths.log_dir, "logs"),
            (self.tr("Settings folder:"), paths.config_dir, "config"),
        ):
            form.addRow(title, self._folder_row(folder, name))
        layout.addLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(self.tr("&Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("about_copy")
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        keyring_ui.describe_backend(ctx, self._show_backend)
        self.resize(620, 280)

    def _selectable(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def _folder_row(self, folder: Path, name: str) -> QWidget:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        label = self._selectable(str(folder))
        label.setObjectName(f"about_{name}_path")
        button = QPushButton(self.tr("Open folder"), row)
        button.setObjectName(f"about_open_{name}")
        button.clicked.connect(lambda: self.open_folder(folder))
        box.addWidget(label, 1)
        box.addWidget(button)
        return row

    @staticmethod
    def open_folder(folder: Path) -> bool:
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _show_backend(self, description: str) -> None:
        if self._alive:
            words, self._backend_detail = keyring_ui.backend_in_words(description)
            self.keyring_label.setText(words)  # a class name only in the tooltip and the copied details
            self.keyring_label.setToolTip(self._backend_detail)

    def details(self) -> str:
        """Plain text for a support request (no secret: versions, backend, folders)."""
        paths = self.ctx.paths
        return "\n".join(
            [
                f"{APP_DISPLAY_NAME} {__version__}",
                self.versions_label.text(),
                f"Python executable: {sys.executable}",
                f"Keyring: {self._backend_detail or self.keyring_label.text()}",
                f"Data: {paths.data_dir}",
                f"Logs: {paths.log_dir}",
                f"Settings: {paths.config_dir}",
            ]
        )

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())

    def done(self, result: int) -> None:
        self._alive = False
        super().done(result)
