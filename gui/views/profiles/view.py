"""The profile dialog's widgets: the list, the form, the keyring box, the buttons, and the busy line.

``ProfileDialog`` (``dialog.py``) is what the dialog does; this base lays it out, greys
out what the sandbox run does not use, and keeps count of the keyring and connection steps
under way (the buttons wait while one runs). The form is ``editor.ProfileEditor`` and the
keyring box ``keyring_box.KeyringBox``; their widgets are reachable on the dialog too
(``dialog.name_edit``, ``dialog.memory_button``, ...), where callers and tests find them.

The texts keep the translation context "ProfileDialog".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.theme import box_css
from gui.views.profiles.editor import ProfileEditor
from gui.views.profiles.keyring_box import KeyringBox
from gui.views.profiles.team_box import TeamStorageBox

if TYPE_CHECKING:
    from gui.context import AppContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfileDialog", text)


class ProfileDialogView(QDialog):
    """``operation_finished(name)`` is emitted after each asynchronous step ("load", "probe",
    "save", "test", "delete", "use") so tests and callers can wait on it."""

    operation_finished = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None, notice: str, startup: bool) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.startup = startup
        self.setObjectName("profile_dialog")
        self.setWindowTitle(_tr("Profiles"))
        self.setModal(True)
        self._alive = True
        self._busy = 0
        self._editing: str | None = None  # name of the saved profile in the form; None = new
        self._sandbox = bool(ctx.profile is not None and ctx.profile.sandbox)
        self._build(notice)

    # --- building -------------------------------------------------------------------
    def _build(self, notice: str) -> None:
        root = QVBoxLayout(self)
        self.notice_label = QLabel(notice, self)
        self.notice_label.setObjectName("profile_notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(box_css("notice"))
        self.notice_label.setVisible(bool(notice))
        root.addWidget(self.notice_label)

        body = QHBoxLayout()
        root.addLayout(body, 1)

        left = QVBoxLayout()
        self.profile_list = QListWidget(self)
        self.profile_list.setObjectName("profile_list")
        self.profile_list.setAccessibleName(_tr("Saved profiles"))
        left.addWidget(self.profile_list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(_tr("&New"), self)
        self.add_button.setObjectName("profile_add")
        self.delete_button = QPushButton(_tr("&Delete…"), self)
        self.delete_button.setObjectName("profile_delete")
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)
        body.addLayout(left, 1)

        # The form scrolls rather than squeezes: with the team database's fields it is taller than a
        # small screen, and a layout squeezed below its labels' heights clips their last lines.
        self.form_page = page = QWidget(self)
        page.setObjectName("profile_form_page")
        right = QVBoxLayout(page)
        right.setContentsMargins(0, 0, 0, 0)
        self.editor = editor = ProfileEditor(page)
        right.addWidget(editor)
        self.team_box = TeamStorageBox(page)  # local or team storage (team_box.py, team_actions.py)
        right.addWidget(self.team_box)
        right.addStretch(1)
        self.team_box.storage_combo.currentIndexChanged.connect(self._grow_for_team_fields)
        self.form_scroll = scroll = QScrollArea(self)
        scroll.setObjectName("profile_form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        body.addWidget(scroll, 2)
        # The form's widgets, as the dialog's (tests and callers reach them here).
        self.name_edit, self.url_edit, self.url_warning = editor.name_edit, editor.url_edit, editor.url_warning
        self.apikey_edit, self.show_key_button = editor.apikey_edit, editor.show_key_button
        self.apikey_status, self.test_result = editor.apikey_status, editor.test_result
        self.test_button, self.save_button = editor.test_button, editor.save_button

        self.keyring_box = keyring = KeyringBox(self)
        root.addWidget(keyring)
        self.backend_label, self.keyring_state_label = keyring.backend_label, keyring.state_label
        self.memory_button, self.retry_button = keyring.memory_button, keyring.retry_button

        bottom = QHBoxLayout()
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("profile_busy")
        self.busy_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bottom.addWidget(self.busy_label, 1)
        self.use_button = QPushButton(_tr("&Use this profile"), self)
        self.use_button.setObjectName("profile_use")
        self.close_button = QPushButton(_tr("Quit") if self.startup else _tr("Close"), self)
        self.close_button.setObjectName("profile_close")
        self.close_button.clicked.connect(self.reject)
        bottom.addWidget(self.use_button)
        bottom.addWidget(self.close_button)
        root.addLayout(bottom)

    def fit_to_screen(self, width: int = 820, least_height: int = 560) -> None:
        """The default size: ``width`` wide and tall enough for the whole form (at least
        ``least_height``), within the screen's free area; what does not fit scrolls."""
        area = self.screen().availableGeometry()
        for widget in self.form_page.findChildren(QWidget):  # before the first show, hints cached earlier
            widget.updateGeometry()  # (the team fields shown by fill()) are stale
        chrome = self.sizeHint().height() - self.form_scroll.sizeHint().height()
        wrapped = 3 * self.fontMetrics().lineSpacing()  # the status lines wrap once texts arrive
        height = max(least_height, chrome + self.form_page.sizeHint().height() + wrapped)
        self.resize(min(width, area.width() - 40), min(height, area.height() - 40))

    def _grow_for_team_fields(self) -> None:
        """Switched to team storage in a shown dialog: taller for its fields (never narrower or shorter)."""
        if self.isVisible() and self.team_box.team_fields.isVisibleTo(self.team_box):
            width, height = self.width(), self.height()
            self.fit_to_screen(width, height)

    def _enter_sandbox_mode(self) -> None:
        """The sandbox run never touches the keyring: profiles can be looked at, not used."""
        self.notice_label.setText(
            _tr(
                "This console is connected to the built-in sandbox gateway. Profiles and the keyring are not "
                "used in sandbox mode; start the console without --sandbox to add, edit or use a real account."
            )
        )
        self.notice_label.show()
        for widget in (self.editor, self.team_box, self.add_button, self.delete_button, self.use_button):
            widget.setEnabled(False)
        self.keyring_box.show_sandbox()

    # --- helpers --------------------------------------------------------------------
    def _guard(self, func: Callable) -> Callable:
        """Wrap a worker callback so it is dropped once the dialog is closed."""

        def call(*args):
            if self._alive:
                func(*args)

        return call

    def _begin(self, text: str) -> None:
        self._busy += 1
        self.busy_label.setText(text)
        self._update_buttons()

    def _end(self, operation: str) -> None:
        self._busy = max(0, self._busy - 1)
        if not self._busy:
            self.busy_label.setText("")
        self._update_buttons()
        self.operation_finished.emit(operation)

    def _update_buttons(self) -> None:
        if self._sandbox:
            return
        idle = self._busy == 0
        has_saved = self._editing is not None
        for widget in (self.save_button, self.test_button, self.add_button, self.profile_list, self.team_box):
            widget.setEnabled(idle)
        self.delete_button.setEnabled(idle and has_saved)
        self.use_button.setEnabled(idle)
        self.memory_button.setEnabled(idle)
        self.retry_button.setEnabled(idle)

    def _confirm_delete(self, name: str, in_use: bool) -> bool:
        """Ask before deleting ``name``; the profile in use is refused with a word of why."""
        if in_use:
            QMessageBox.information(
                self,
                _tr("Delete profile"),
                _tr("“{0}” is the profile in use. Switch to another profile first.").format(name),
            )
            return False
        answer = QMessageBox.question(
            self,
            _tr("Delete profile"),
            _tr(
                "Delete the profile “{0}”? Its apikey is removed from the system keyring. "
                "Its local data folder (campaign history, archive) is kept."
            ).format(name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
