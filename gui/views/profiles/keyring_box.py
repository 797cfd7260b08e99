"""The "System keyring" box of the profile dialog: the backend, its state in plain words, what to do.

The states stay told apart (works / nothing stored / locked or refused / did not answer /
no usable keyring; the words are ``gui.views.partials.keyring_ui``'s): a locked or unusable
keyring offers "Try the keyring again" and shows the technical detail (redacted), and the
dialog shows "Keep the apikey for this run only" when the keyring did not take an apikey.

The texts keep the translation context "ProfileDialog": they were written in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.keychain import KeyringResult, KeyringState
from gui.views.partials import keyring_ui

# The states in which trying again can help (an unlock, a service that comes back).
TROUBLE = (KeyringState.LOCKED, KeyringState.UNAVAILABLE)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfileDialog", text)


class KeyringBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("System keyring"), parent)
        layout = QVBoxLayout(self)
        self.backend_label = QLabel(_tr("Backend: looking…"), self)
        self.backend_label.setObjectName("profile_keyring_backend")
        self.backend_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("profile_keyring_state")
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        memory_row = QHBoxLayout()
        self.memory_button = QPushButton(_tr("Keep the apikey for this run only"), self)
        self.memory_button.setObjectName("profile_keep_in_memory")
        self.memory_button.setToolTip(
            _tr("Nothing is written anywhere; you will enter the apikey again next time you start the console.")
        )
        self.memory_button.hide()
        self.retry_button = QPushButton(_tr("Try the keyring again"), self)
        self.retry_button.setObjectName("profile_keyring_retry")
        self.retry_button.hide()
        memory_row.addWidget(self.memory_button)
        memory_row.addWidget(self.retry_button)
        memory_row.addStretch(1)
        layout.addWidget(self.backend_label)
        layout.addWidget(self.state_label)
        layout.addLayout(memory_row)

    def show_backend(self, description: str) -> None:
        words, detail = keyring_ui.backend_in_words(description)  # no class names in the operator's language
        self.backend_label.setText(_tr("Backend: {0}").format(words))
        self.backend_label.setToolTip(detail)

    def show_state(self, result: KeyringResult, redact: Callable[[str], str]) -> None:
        """The state's title and what it means; for a locked or unusable keyring its detail, redacted."""
        title = keyring_ui.state_title(result)
        text = f"<b>{_escape(title)}</b> — {_escape(keyring_ui.explain(result))}"
        if result.detail and result.state in TROUBLE:
            text += "<br><small>" + _escape(_tr("Details: {0}").format(redact(result.detail))) + "</small>"
        self.state_label.setText(text)
        self.retry_button.setVisible(result.state in TROUBLE)

    def show_memory_only(self) -> None:
        self.state_label.setText(keyring_ui.memory_only_note())

    def show_sandbox(self) -> None:
        """The sandbox run never touches the keyring."""
        self.memory_button.setEnabled(False)
        self.retry_button.setEnabled(False)
        self.state_label.setText(_tr("Not used in sandbox mode."))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
