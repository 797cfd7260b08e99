"""The profile form's storage box: local (SQLite, the default) or a team's PostgreSQL database.

Only widgets and what they show (issue 15, item 1): the database's host, port, name, the
operator's database user, sslmode, the operator's name for the audit log, and the password —
typed here, held in the line edit (memory only) until the dialog stores it in the keyring
beside the apikey (``team_actions.py``). "Test database" and "Prepare the database…" are wired
by ``team_actions.TeamStorageActions``; the owner's credentials for the latter are asked by
``OwnerDialog`` and never kept. "Move local history to the team database…" is ``team_move.py``'s.

The texts use the translation context "ProfileDialog", like the rest of the form.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.profiles import DEFAULT_PG_PORT, SSL_MODES, STORAGE_LOCAL, STORAGE_TEAM, Profile, TeamDatabase


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfileDialog", text)


def _secret_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    return edit


class TeamStorageBox(QGroupBox):
    """Where the profile keeps its archive and campaigns; the team database's fields when shared."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Storage"), parent)
        self.setObjectName("profile_storage_box")
        root = QVBoxLayout(self)
        self.storage_combo = QComboBox(self)
        self.storage_combo.setObjectName("profile_storage")
        self.storage_combo.addItem(_tr("On this computer (local, the default)"), STORAGE_LOCAL)
        self.storage_combo.addItem(_tr("Team database (PostgreSQL, shared by several consoles)"), STORAGE_TEAM)
        self.storage_combo.setAccessibleName(_tr("Storage"))
        root.addWidget(self.storage_combo)

        self.team_fields = QWidget(self)
        form = QFormLayout(self.team_fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.host_edit = QLineEdit(self.team_fields)
        self.host_edit.setObjectName("profile_db_host")
        self.host_edit.setPlaceholderText(_tr("e.g. db.example.com"))
        self.port_spin = QSpinBox(self.team_fields)
        self.port_spin.setObjectName("profile_db_port")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PG_PORT)
        host_row = QHBoxLayout()
        host_row.addWidget(self.host_edit, 1)
        host_row.addWidget(QLabel(_tr("Port:"), self.team_fields))
        host_row.addWidget(self.port_spin)
        host_label = QLabel(_tr("&Host:"), self.team_fields)
        host_label.setBuddy(self.host_edit)  # a row of a layout gets no buddy: its "&" would show as text
        form.addRow(host_label, host_row)
        self.database_edit = QLineEdit(self.team_fields)
        self.database_edit.setObjectName("profile_db_name")
        form.addRow(_tr("Data&base:"), self.database_edit)
        self.user_edit = QLineEdit(self.team_fields)
        self.user_edit.setObjectName("profile_db_user")
        self.user_edit.setToolTip(_tr("The operators' database role: data rights only, no schema changes"))
        form.addRow(_tr("Database &user:"), self.user_edit)
        self.password_edit = _secret_edit(self.team_fields, "profile_db_password")
        form.addRow(_tr("Database pass&word:"), self.password_edit)
        self.password_status = QLabel(self.team_fields)
        self.password_status.setObjectName("profile_db_password_status")
        self.password_status.setWordWrap(True)
        form.addRow("", self.password_status)
        self.sslmode_combo = QComboBox(self.team_fields)
        self.sslmode_combo.setObjectName("profile_db_sslmode")
        for mode in SSL_MODES:
            self.sslmode_combo.addItem(mode, mode)
        self.sslmode_combo.setToolTip(_tr("TLS to the database: use verify-full across a network you do not own"))
        form.addRow(_tr("TLS (sslmode):"), self.sslmode_combo)
        self.operator_edit = QLineEdit(self.team_fields)
        self.operator_edit.setObjectName("profile_db_operator")
        self.operator_edit.setPlaceholderText(_tr("Your name, as the team's audit log shows it"))
        form.addRow(_tr("&Operator name:"), self.operator_edit)
        actions = QHBoxLayout()
        self.test_db_button = QPushButton(_tr("Test &database"), self.team_fields)
        self.test_db_button.setObjectName("profile_db_test")
        self.prepare_button = QPushButton(_tr("&Prepare the database…"), self.team_fields)
        self.prepare_button.setObjectName("profile_db_prepare")
        self.prepare_button.setToolTip(
            _tr("Create or update the team tables as the database's owner (asks for the owner's password)")
        )
        actions.addWidget(self.test_db_button)
        actions.addWidget(self.prepare_button)
        actions.addStretch(1)
        form.addRow(actions)
        self.move_button = QPushButton(_tr("&Move local history to the team database…"), self.team_fields)
        self.move_button.setObjectName("profile_db_move")
        self.move_button.setToolTip(
            _tr(
                "Copy this profile's archive and campaigns from this computer into the team database "
                "(the local file is kept)"
            )
        )
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_button)
        move_row.addStretch(1)
        form.addRow(move_row)
        self.db_result = QLabel(self.team_fields)
        self.db_result.setObjectName("profile_db_result")
        self.db_result.setWordWrap(True)
        self.db_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.db_result)
        root.addWidget(self.team_fields)
        self.storage_combo.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    # --- what the box holds ---------------------------------------------------------------
    @property
    def storage(self) -> str:
        return str(self.storage_combo.currentData())

    def team(self) -> TeamDatabase:
        return TeamDatabase(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
            sslmode=str(self.sslmode_combo.currentData()),
            operator=self.operator_edit.text().strip(),
        )

    def typed_password(self) -> str:
        return self.password_edit.text()

    def apply(self, profile: Profile) -> Profile:
        """``profile`` with the storage the box shows (the team fields are kept for a local one too)."""
        return replace(profile, storage=self.storage, team=self.team())

    def invalid(self) -> str | None:
        """Why the team fields cannot be saved (untranslated, "Profiles" context), None when they can."""
        return self.team().missing() if self.storage == STORAGE_TEAM else None

    def fill(self, profile: Profile | None) -> None:
        team = profile.team if profile is not None else TeamDatabase()
        storage = profile.storage if profile is not None else STORAGE_LOCAL
        self.storage_combo.setCurrentIndex(max(self.storage_combo.findData(storage), 0))
        self.host_edit.setText(team.host)
        self.port_spin.setValue(team.port)
        self.database_edit.setText(team.database)
        self.user_edit.setText(team.user)
        self.sslmode_combo.setCurrentIndex(max(self.sslmode_combo.findData(team.sslmode), 0))
        self.operator_edit.setText(team.operator)
        self.password_edit.clear()
        self.password_status.clear()
        self.show_result("")

    # --- what the box shows ---------------------------------------------------------------
    def show_result(self, text: str, css: str = "") -> None:
        self.db_result.setText(text)
        self.db_result.setStyleSheet(css)

    def _show_fields(self) -> None:
        self.team_fields.setVisible(self.storage == STORAGE_TEAM)


class OwnerDialog(QDialog):
    """The database owner's role and password, for one "Prepare the database…" (never kept)."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("owner_dialog")
        self.setWindowTitle(_tr("Prepare the team database"))
        layout = QVBoxLayout(self)
        note = QLabel(
            _tr(
                "Creating or updating the tables of “{0}” needs its owner's role (schema changes). The owner's "
                "password is used for this once and not kept; operators connect with data rights only."
            ).format(database),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("owner_user")
        form.addRow(_tr("Owner &role:"), self.user_edit)
        self.password_edit = _secret_edit(self, "owner_password")
        form.addRow(_tr("Owner pass&word:"), self.password_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)  # the note wraps to a few lines, not a narrow column

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.password_edit.clear()
        super().done(result)
