"""First run: no profile yet. Offer to connect an account or to try the built-in sandbox.

Shown by ``flow.open_initial_profile`` when no profile exists (and the console was
not started with --sandbox). "Connect an account" opens the profile dialog; the page
closes once a profile with an apikey is active, and comes back if the operator closes
the profile dialog without one. "Try the sandbox" starts the local practice gateway in
this process (as ``--sandbox`` would): nothing reaches a real phone, nothing is charged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui import APP_DISPLAY_NAME

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)


class WelcomeDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("welcome_dialog")
        self.setWindowTitle(self.tr("Welcome to {0}").format(APP_DISPLAY_NAME))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading = QLabel(self.tr("Welcome to {0}").format(APP_DISPLAY_NAME), self)
        heading.setObjectName("welcome_heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(
            self.tr(
                "Send text messages through your SMS account and follow what happens to them: single and bulk "
                "sends, templates, delivery reports, replies and opt-outs, campaigns to large lists."
            ),
            self,
        )
        intro.setObjectName("welcome_intro")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.connect_button = QCommandLinkButton(
            self.tr("Connect an account"),
            self.tr(
                "Give the profile a name, enter the gateway address and your account's apikey. "
                "The apikey is kept in the system keyring, never in a file."
            ),
            self,
        )
        self.connect_button.setObjectName("welcome_connect")
        self.connect_button.setAccessibleName(self.tr("Connect an account"))
        self.connect_button.clicked.connect(self.connect_account)
        layout.addWidget(self.connect_button)

        self.sandbox_button = QCommandLinkButton(
            self.tr("Try the sandbox"),
            self.tr(
                "A practice gateway with a demo account runs inside the console. Every tab works, "
                "but nothing reaches a real phone and nothing is charged."
            ),
            self,
        )
        self.sandbox_button.setObjectName("welcome_sandbox")
        self.sandbox_button.setAccessibleName(self.tr("Try the sandbox"))
        self.sandbox_button.clicked.connect(self.try_sandbox)
        layout.addWidget(self.sandbox_button)

        hint = QLabel(self.tr("You can add or switch profiles later in Console → Profiles."), self)
        hint.setObjectName("welcome_hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)

        row = QHBoxLayout()
        row.addStretch(1)
        self.quit_button = QPushButton(self.tr("Quit"), self)
        self.quit_button.setObjectName("welcome_quit")
        self.quit_button.clicked.connect(self.reject)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        self.connect_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(560, 380)

    @property
    def ready(self) -> bool:
        return self.ctx.profile is not None and self.ctx.has_apikey

    def connect_account(self) -> None:
        from gui.views.profiles.dialog import ProfileDialog

        notice = self.tr(
            "Create a profile for your SMS account: a name, the gateway address and the apikey. "
            "The apikey is kept in the system keyring."
        )
        dialog = ProfileDialog(self.ctx, self, notice=notice)  # its Close comes back here
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        if self.ready:
            self.accept()

    def try_sandbox(self) -> None:
        from gui.app import start_sandbox
        from gui.profiles import SANDBOX_PROFILE

        if not self.ctx.lock_profile(SANDBOX_PROFILE):
            QMessageBox.warning(
                self,
                APP_DISPLAY_NAME,
                self.tr("Another SMS Console is already running the sandbox. Use that window, or connect an account."),
            )
            return
        try:
            start_sandbox(self.ctx)
        except OSError as error:
            log.exception("sandbox did not start")
            QMessageBox.warning(self, APP_DISPLAY_NAME, self.tr("The sandbox could not start: {0}").format(error))
            return
        self.accept()


def run_welcome(ctx: AppContext) -> bool:
    """Show the welcome page; True when a profile (an account or the sandbox) is active."""
    dialog = WelcomeDialog(ctx)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
    return ctx.profile is not None and ctx.has_apikey
