"""The form for one profile: name, gateway address, apikey, and the line that says how its last action went.

Only widgets and what they show: saving, testing and the keyring are the dialog's
(``dialog.py``), which wires the Test and Save buttons. The apikey typed here stays in
the line edit (memory only) until the dialog stores it and clears the field.

The texts keep the translation context "ProfileDialog": they were written in the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from gui.keychain import KeyringResult, KeyringState
from gui.profiles import DEFAULT_BASE_URL, Profile, ProfileStore, validate_base_url, validate_profile_name
from gui.theme import box_css, status_css
from gui.views.partials import keyring_ui
from gui.views.profiles.connection_test import https_first


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfileDialog", text)


def _tr_profiles(text: str) -> str:
    return QCoreApplication.translate("Profiles", text)


class ProfileEditor(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Profile"), parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("profile_name")
        self.name_edit.setPlaceholderText(_tr("e.g. Shop account"))
        form.addRow(_tr("&Name:"), self.name_edit)
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("profile_base_url")
        self.url_edit.setPlaceholderText(DEFAULT_BASE_URL)
        self.url_edit.textChanged.connect(self.update_url_warning)
        form.addRow(_tr("&Gateway address:"), self.url_edit)
        self.url_warning = QLabel(self)
        self.url_warning.setObjectName("profile_url_warning")
        self.url_warning.setWordWrap(True)
        self.url_warning.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", self.url_warning)

        key_row = QHBoxLayout()
        self.apikey_edit = QLineEdit(self)
        self.apikey_edit.setObjectName("profile_apikey")
        self.apikey_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Keep the typed key out of the clipboard and any input-method history.
        self.apikey_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.show_key_button = QToolButton(self)
        self.show_key_button.setObjectName("profile_show_apikey")
        self.show_key_button.setText(_tr("Show"))
        self.show_key_button.setCheckable(True)
        self.show_key_button.setToolTip(_tr("Show the apikey you are typing"))
        self.show_key_button.toggled.connect(self._toggle_show_key)
        key_row.addWidget(self.apikey_edit, 1)
        key_row.addWidget(self.show_key_button)
        apikey_label = QLabel(_tr("&Apikey:"), self)
        apikey_label.setBuddy(self.apikey_edit)
        form.addRow(apikey_label, key_row)
        self.apikey_status = QLabel(self)
        self.apikey_status.setObjectName("profile_apikey_status")
        self.apikey_status.setWordWrap(True)
        self.apikey_status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", self.apikey_status)

        actions = QHBoxLayout()
        self.test_button = QPushButton(_tr("&Test connection"), self)
        self.test_button.setObjectName("profile_test")
        self.save_button = QPushButton(_tr("&Save"), self)
        self.save_button.setObjectName("profile_save")
        self.plain_http_button = QPushButton(_tr("Try plain &http"), self)
        self.plain_http_button.setObjectName("profile_try_plain_http")
        self.plain_http_button.hide()  # offered by the connection test after https failed (connection_test.py)
        actions.addWidget(self.test_button)
        actions.addWidget(self.plain_http_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        form.addRow(actions)
        self.test_result = QLabel(self)
        self.test_result.setObjectName("profile_test_result")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.test_result)

    # --- what the form holds ----------------------------------------------------------
    def form_url(self) -> str:
        """The address to save: as typed; https:// when typed without a scheme; empty: the default."""
        text = self.url_edit.text().strip()
        if text and "://" not in text:
            return f"https://{text.rstrip('/')}"
        return text.rstrip("/") or DEFAULT_BASE_URL

    def typed_key(self) -> str:
        return self.apikey_edit.text().strip()

    def fill(self, profile: Profile | None) -> None:
        """Show a saved profile (its name is then fixed), or an empty form for a new one."""
        self.name_edit.setText(profile.name if profile else "")
        self.name_edit.setReadOnly(profile is not None)
        self.name_edit.setToolTip(
            _tr("To rename a profile, create a new one and delete the old one.") if profile else ""
        )
        self.url_edit.setText(profile.base_url if profile else DEFAULT_BASE_URL)
        self.apikey_edit.clear()
        self.show_key_button.setChecked(False)
        self.test_result.clear()
        self.update_url_warning()

    def validated_profile(self, profiles: ProfileStore, editing: str | None) -> Profile | None:
        """The profile the form describes, or None after saying what is wrong with it.

        ``editing`` is the saved profile in the form (None for a new one): its name is
        fixed, and its price settings are kept."""
        name = self.name_edit.text()
        existing = None if editing is not None else profiles.names()
        reason = None if editing is not None else validate_profile_name(name, existing)
        if reason is None:
            reason = validate_base_url(self.form_url())
        if reason is not None:
            self.show_result(_tr_profiles(reason), status_css("error"))
            return None
        old = profiles.get(name) if editing is not None else None
        if old is not None:
            return Profile(name, self.form_url(), price_per_part=old.price_per_part, unit=old.unit)
        return Profile(name, self.form_url())

    # --- what the form shows --------------------------------------------------------------
    def show_result(self, text: str, css: str = "") -> None:
        """The outcome of the last action (save, test, delete, use) under the buttons."""
        self.test_result.setText(text)
        self.test_result.setStyleSheet(css)

    def show_apikey_status(self, text: str, css: str | None = None) -> None:
        """Where the apikey is (keyring, memory, nowhere yet), under the apikey field."""
        self.apikey_status.setText(text)
        if css is not None:
            self.apikey_status.setStyleSheet(css)

    def show_key_state(self, result: KeyringResult, remembered: bool) -> None:
        """Where the saved profile's apikey is: kept for this run, in the keyring, not yet, or unknown."""
        if remembered:
            self.show_apikey_status(keyring_ui.memory_only_note(), box_css("warning"))
        elif result.state is KeyringState.OK:
            self.show_apikey_status(
                _tr("Stored in the keyring. Leave this empty to keep it; type a new apikey to replace it."),
                status_css("ok"),
            )
        elif result.state is KeyringState.MISSING:
            self.show_apikey_status(_tr("No apikey stored for this profile yet."), box_css("warning"))
        else:
            self.show_apikey_status(_tr("The keyring could not be read (see below)."), box_css("warning"))

    def show_invalid_address(self, reason: str) -> None:
        self.show_result(_tr_profiles(reason), status_css("error"))

    def update_url_warning(self) -> None:
        self.plain_http_button.hide()  # it offered http for the address that was there before
        url = self.form_url()
        reason = validate_base_url(url)
        if reason:
            self.url_warning.setText(_tr_profiles(reason))
            self.url_warning.setStyleSheet(status_css("error"))
        elif url.lower().startswith("http://"):
            text = _tr(
                "⚠ Plain http: the apikey travels unencrypted in the body of every request. "
                "Use https:// if the gateway offers it."
            )
            if https_first(self.url_edit.text()) is not None:
                text += " " + _tr("Test connection tries https:// first.")
            self.url_warning.setText(text)
            self.url_warning.setStyleSheet(box_css("warning"))
        else:
            self.url_warning.setText("")
            self.url_warning.setStyleSheet("")
        self.url_warning.setVisible(bool(self.url_warning.text()))

    def _toggle_show_key(self, shown: bool) -> None:
        self.apikey_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_key_button.setText(_tr("Hide") if shown else _tr("Show"))
