"""Profiles: add, edit, delete, test and switch accounts; the apikey goes to the OS keyring.

Every keyring call and the connection test run in workers (``gui.views.partials.keyring_ui``,
``ctx.tasks``); the dialog stays responsive and shows what it is waiting for. The
apikey typed here is held in memory only: it is stored in the keyring (or, with the
operator's consent when no keyring works, kept for this run), never written to
QSettings, a log or a file, and never shown again once stored.

``operation_finished(name)`` is emitted after each asynchronous step ("load", "probe",
"save", "test", "delete", "use") so tests and callers can wait on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.keychain import KeyringResult, KeyringState
from gui.views.partials import keyring_ui
from gui.profiles import DEFAULT_BASE_URL, Profile, validate_base_url, validate_profile_name
from gui.theme import box_css, status_css
from gui.views.partials.a11y import name_inputs
from gui.views.partials.errors import describe_error

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

NAME_ROLE = Qt.ItemDataRole.UserRole
TEST_TIMEOUT_MS = 45_000  # above the client's own (10 s connect, 30 s read)


def _tr_profiles(text: str) -> str:
    return QCoreApplication.translate("Profiles", text)


class ProfileDialog(QDialog):
    operation_finished = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        select: str | None = None,
        notice: str = "",
        startup: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.startup = startup
        self.setObjectName("profile_dialog")
        self.setWindowTitle(self.tr("Profiles"))
        self.setModal(True)
        self._alive = True
        self._busy = 0
        self._editing: str | None = None  # name of the saved profile in the form; None = new
        self._known_keys: dict[str, str] = {}  # apikeys read or entered in this dialog (memory only)
        self._states: dict[str | None, KeyringResult] = {}
        self._pending_memory_key: tuple[str, str] | None = None
        self._sandbox = bool(ctx.profile is not None and ctx.profile.sandbox)
        self._build(notice)
        self._reload_list(select or (ctx.profile.name if ctx.profile and not self._sandbox else None))
        if self._sandbox:
            self._enter_sandbox_mode()
        keyring_ui.describe_backend(ctx, self._guard(self._show_backend))
        name_inputs(self)  # screen readers: each field named after its label
        self.resize(820, 560)

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
        self.profile_list.setAccessibleName(self.tr("Saved profiles"))
        self.profile_list.currentItemChanged.connect(self._on_current_changed)
        left.addWidget(self.profile_list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&New"), self)
        self.add_button.setObjectName("profile_add")
        self.add_button.clicked.connect(self.new_profile)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        self.delete_button.setObjectName("profile_delete")
        self.delete_button.clicked.connect(self.delete_profile)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)
        body.addLayout(left, 1)

        self.editor = QGroupBox(self.tr("Profile"), self)
        form = QFormLayout(self.editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit(self.editor)
        self.name_edit.setObjectName("profile_name")
        self.name_edit.setPlaceholderText(self.tr("e.g. Shop account"))
        form.addRow(self.tr("&Name:"), self.name_edit)
        self.url_edit = QLineEdit(self.editor)
        self.url_edit.setObjectName("profile_base_url")
        self.url_edit.setPlaceholderText(DEFAULT_BASE_URL)
        self.url_edit.textChanged.connect(self._update_url_warning)
        form.addRow(self.tr("&Gateway address:"), self.url_edit)
        self.url_warning = QLabel(self.editor)
        self.url_warning.setObjectName("profile_url_warning")
        self.url_warning.setWordWrap(True)
        self.url_warning.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", self.url_warning)

        key_row = QHBoxLayout()
        self.apikey_edit = QLineEdit(self.editor)
        self.apikey_edit.setObjectName("profile_apikey")
        self.apikey_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Keep the typed key out of the clipboard and any input-method history.
        self.apikey_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.apikey_edit.textChanged.connect(self._on_apikey_typed)
        self.show_key_button = QToolButton(self.editor)
        self.show_key_button.setObjectName("profile_show_apikey")
        self.show_key_button.setText(self.tr("Show"))
        self.show_key_button.setCheckable(True)
        self.show_key_button.setToolTip(self.tr("Show the apikey you are typing"))
        self.show_key_button.toggled.connect(self._toggle_show_key)
        key_row.addWidget(self.apikey_edit, 1)
        key_row.addWidget(self.show_key_button)
        apikey_label = QLabel(self.tr("&Apikey:"), self.editor)
        apikey_label.setBuddy(self.apikey_edit)
        form.addRow(apikey_label, key_row)
        self.apikey_status = QLabel(self.editor)
        self.apikey_status.setObjectName("profile_apikey_status")
        self.apikey_status.setWordWrap(True)
        self.apikey_status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", self.apikey_status)

        actions = QHBoxLayout()
        self.test_button = QPushButton(self.tr("&Test connection"), self.editor)
        self.test_button.setObjectName("profile_test")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton(self.tr("&Save"), self.editor)
        self.save_button.setObjectName("profile_save")
        self.save_button.clicked.connect(lambda: self.save_profile())
        actions.addWidget(self.test_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        form.addRow(actions)
        self.test_result = QLabel(self.editor)
        self.test_result.setObjectName("profile_test_result")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.test_result)
        body.addWidget(self.editor, 2)

        self.keyring_box = QGroupBox(self.tr("System keyring"), self)
        keyring_layout = QVBoxLayout(self.keyring_box)
        self.backend_label = QLabel(self.tr("Backend: looking…"), self.keyring_box)
        self.backend_label.setObjectName("profile_keyring_backend")
        self.backend_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keyring_state_label = QLabel(self.keyring_box)
        self.keyring_state_label.setObjectName("profile_keyring_state")
        self.keyring_state_label.setWordWrap(True)
        self.keyring_state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        memory_row = QHBoxLayout()
        self.memory_button = QPushButton(self.tr("Keep the apikey for this run only"), self.keyring_box)
        self.memory_button.setObjectName("profile_keep_in_memory")
        self.memory_button.setToolTip(
            self.tr("Nothing is written anywhere; you will enter the apikey again next time you start the console.")
        )
        self.memory_button.clicked.connect(self.keep_in_memory)
        self.memory_button.hide()
        self.retry_button = QPushButton(self.tr("Try the keyring again"), self.keyring_box)
        self.retry_button.setObjectName("profile_keyring_retry")
        self.retry_button.clicked.connect(self._retry_keyring)
        self.retry_button.hide()
        memory_row.addWidget(self.memory_button)
        memory_row.addWidget(self.retry_button)
        memory_row.addStretch(1)
        keyring_layout.addWidget(self.backend_label)
        keyring_layout.addWidget(self.keyring_state_label)
        keyring_layout.addLayout(memory_row)
        root.addWidget(self.keyring_box)

        bottom = QHBoxLayout()
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("profile_busy")
        self.busy_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bottom.addWidget(self.busy_label, 1)
        self.use_button = QPushButton(self.tr("&Use this profile"), self)
        self.use_button.setObjectName("profile_use")
        self.use_button.clicked.connect(self.use_profile)
        self.close_button = QPushButton(self.tr("Quit") if self.startup else self.tr("Close"), self)
        self.close_button.setObjectName("profile_close")
        self.close_button.clicked.connect(self.reject)
        bottom.addWidget(self.use_button)
        bottom.addWidget(self.close_button)
        root.addLayout(bottom)

    def _enter_sandbox_mode(self) -> None:
        """The sandbox run never touches the keyring: profiles can be looked at, not used."""
        self.notice_label.setText(
            self.tr(
                "This console is connected to the built-in sandbox gateway. Profiles and the keyring are not "
                "used in sandbox mode; start the console without --sandbox to add, edit or use a real account."
            )
        )
        self.notice_label.show()
        for widget in (
            self.editor,
            self.add_button,
            self.delete_button,
            self.use_button,
            self.memory_button,
            self.retry_button,
        ):
            widget.setEnabled(False)
        self.keyring_state_label.setText(self.tr("Not used in sandbox mode."))

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
        for widget in (self.save_button, self.test_button, self.add_button, self.profile_list):
            widget.setEnabled(idle)
        self.delete_button.setEnabled(idle and has_saved)
        self.use_button.setEnabled(idle)
        self.memory_button.setEnabled(idle)
        self.retry_button.setEnabled(idle)

    def _reload_list(self, select: str | None, load: bool = True) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        active = self.ctx.profile.name if self.ctx.profile is not None and not self._sandbox else None
        chosen = None
        for name in self.ctx.profiles.names():
            label = name if name != active else self.tr("{0} (in use)").format(name)
            item = QListWidgetItem(label, self.profile_list)
            item.setData(NAME_ROLE, name)
            if name == select:
                chosen = item
        self.profile_list.blockSignals(False)
        if chosen is None and self.profile_list.count():
            chosen = self.profile_list.item(0)
        if chosen is None:
            self.new_profile()
            return
        self.profile_list.blockSignals(True)
        self.profile_list.setCurrentItem(chosen)
        self.profile_list.blockSignals(False)
        if load and not self._sandbox:
            self._on_current_changed(chosen, None)
        elif self._sandbox:
            self._fill_form(self.ctx.profiles.get(chosen.data(NAME_ROLE)))

    def selected_name(self) -> str | None:
        return self._editing

    def _form_url(self) -> str:
        return self.url_edit.text().strip().rstrip("/") or DEFAULT_BASE_URL

    def _typed_key(self) -> str:
        return self.apikey_edit.text().strip()

    def _key_for_current(self) -> str | None:
        typed = self._typed_key()
        if typed:
            return typed
        return self._known_keys.get(self._editing) if self._editing else None

    def _fill_form(self, profile: Profile | None) -> None:
        self.name_edit.setText(profile.name if profile else "")
        self.name_edit.setReadOnly(profile is not None)
        self.name_edit.setToolTip(
            self.tr("To rename a profile, create a new one and delete the old one.") if profile else ""
        )
        self.url_edit.setText(profile.base_url if profile else DEFAULT_BASE_URL)
        self.apikey_edit.clear()
        self.show_key_button.setChecked(False)
        self.test_result.clear()
        self._update_url_warning()

    # --- form reactions ---------------------------------------------------------------
    def _on_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is None:
            return
        name = current.data(NAME_ROLE)
        profile = self.ctx.profiles.get(name)
        if profile is None:
            return
        self._editing = name
        self._pending_memory_key = None
        self._fill_form(profile)
        self._update_buttons()
        if self._sandbox:
            return
        self.apikey_status.setText(self.tr("Looking in the keyring…"))
        self._begin(self.tr("Reading the keyring…"))
        keyring_ui.load_apikey(self.ctx, name, self._guard(lambda result: self._on_loaded(name, result)))

    def _on_loaded(self, name: str, result: KeyringResult) -> None:
        if result.ok and result.secret:
            self._known_keys[name] = result.secret
        self._states[name] = result
        if name == self._editing:
            self._show_key_state(result)
        self._end("load")

    def new_profile(self) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clearSelection()
        self.profile_list.setCurrentItem(None)  # type: ignore[call-overload]  # stubs miss Qt's nullptr: no current item
        self.profile_list.blockSignals(False)
        self._editing = None
        self._pending_memory_key = None
        self._fill_form(None)
        self.name_edit.setFocus()
        self._update_buttons()
        if self._sandbox:
            return
        self.apikey_status.setText(self.tr("The apikey will be stored in the system keyring."))
        self._begin(self.tr("Checking the keyring…"))
        keyring_ui.probe_keyring(self.ctx, self._guard(self._on_probed))

    def _on_probed(self, result: KeyringResult) -> None:
        self._states[None] = result
        if self._editing is None:
            self._show_keyring_state(result)
            if result.state is not KeyringState.OK:
                self.apikey_status.setText(self.tr("No keyring: the apikey can only be kept for this run."))
        self._end("probe")

    def _update_url_warning(self) -> None:
        url = self.url_edit.text().strip() or DEFAULT_BASE_URL
        reason = validate_base_url(url)
        if reason:
            self.url_warning.setText(_tr_profiles(reason))
            self.url_warning.setStyleSheet(status_css("error"))
        elif url.lower().startswith("http://"):
            self.url_warning.setText(
                self.tr(
                    "⚠ Plain http: the apikey travels unencrypted in the body of every request. "
                    "Use https:// if the gateway offers it."
                )
            )
            self.url_warning.setStyleSheet(box_css("warning"))
        else:
            self.url_warning.setText("")
            self.url_warning.setStyleSheet("")
        self.url_warning.setVisible(bool(self.url_warning.text()))

    def _toggle_show_key(self, shown: bool) -> None:
        self.apikey_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_key_button.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _on_apikey_typed(self, text: str) -> None:
        if text.strip():
            self.ctx.secrets.add(text.strip())

    # --- keyring state display ---------------------------------------------------------
    def _show_backend(self, description: str) -> None:
        self.backend_label.setText(self.tr("Backend: {0}").format(description))

    def _show_keyring_state(self, result: KeyringResult) -> None:
        title = keyring_ui.state_title(result)
        text = f"<b>{_escape(title)}</b> — {_escape(keyring_ui.explain(result))}"
        if result.detail and result.state in (KeyringState.LOCKED, KeyringState.UNAVAILABLE):
            text += (
                "<br><small>"
                + _escape(self.tr("Details: {0}").format(self.ctx.secrets.redact(result.detail)))
                + "</small>"
            )
        self.keyring_state_label.setText(text)
        trouble = result.state in (KeyringState.LOCKED, KeyringState.UNAVAILABLE)
        self.retry_button.setVisible(trouble)

    def _show_key_state(self, result: KeyringResult) -> None:
        name = self._editing
        remembered = name is not None and keyring_ui.keychain_of(self.ctx).session_secret(name) is not None
        if remembered:
            self.apikey_status.setText(keyring_ui.memory_only_note())
            self.apikey_status.setStyleSheet(box_css("warning"))
            self.keyring_state_label.setText(keyring_ui.memory_only_note())
            return
        if result.state is KeyringState.OK:
            self.apikey_status.setText(
                self.tr("Stored in the keyring. Leave this empty to keep it; type a new apikey to replace it.")
            )
            self.apikey_status.setStyleSheet(status_css("ok"))
        elif result.state is KeyringState.MISSING:
            self.apikey_status.setText(self.tr("No apikey stored for this profile yet."))
            self.apikey_status.setStyleSheet(box_css("warning"))
        else:
            self.apikey_status.setText(self.tr("The keyring could not be read (see below)."))
            self.apikey_status.setStyleSheet(box_css("warning"))
        self._show_keyring_state(result)

    def _retry_keyring(self) -> None:
        if self._editing is not None:
            item = self.profile_list.currentItem()
            self._on_current_changed(item, None)
        else:
            self.new_profile()

    # --- actions -------------------------------------------------------------------------
    def _validated_profile(self) -> Profile | None:
        name = self.name_edit.text()
        existing = None if self._editing is not None else self.ctx.profiles.names()
        reason = None if self._editing is not None else validate_profile_name(name, existing)
        if reason is None:
            reason = validate_base_url(self._form_url())
        if reason is not None:
            self.test_result.setText(_tr_profiles(reason))
            self.test_result.setStyleSheet(status_css("error"))
            return None
        old = self.ctx.profiles.get(name) if self._editing is not None else None
        if old is not None:
            return Profile(name, self._form_url(), price_per_part=old.price_per_part, unit=old.unit)
        return Profile(name, self._form_url())

    def save_profile(self, then: Callable[[], None] | None = None) -> None:
        """Save name and address to the settings and a typed apikey to the keyring."""
        profile = self._validated_profile()
        if profile is None:
            self.operation_finished.emit("save")
            return
        secret = self._typed_key()
        self.ctx.profiles.save(profile)
        is_new = self._editing is None
        self._editing = profile.name
        if is_new:
            # List it without reading its (empty) keyring entry: that read could land
            # after the write below and report "missing".
            self._reload_list(profile.name, load=False)
            self.name_edit.setReadOnly(True)
        self._refresh_active(profile)
        if not secret:
            self.test_result.setText(self.tr("Saved."))
            self.test_result.setStyleSheet(status_css("ok"))
            self._after_save(then)
            return
        self._begin(self.tr("Saving the apikey in the keyring…"))
        keyring_ui.store_apikey(
            self.ctx, profile.name, secret, self._guard(lambda result: self._on_stored(profile, secret, result, then))
        )

    def _after_save(self, then: Callable[[], None] | None) -> None:
        self.operation_finished.emit("save")
        if then is not None:
            then()

    def _on_stored(self, profile: Profile, secret: str, result: KeyringResult, then: Callable[[], None] | None) -> None:
        self._states[profile.name] = result
        if result.ok:
            self._known_keys[profile.name] = secret
            self._pending_memory_key = None
            if profile.name == self._editing:
                self.apikey_edit.clear()
                self._show_key_state(result)
            self.test_result.setText(self.tr("Saved. The apikey is in the system keyring."))
            self.test_result.setStyleSheet(status_css("ok"))
            self._end("save")
            if self.ctx.profile is not None and self.ctx.profile.name == profile.name:
                self.ctx.set_profile(profile, secret)  # the active profile now uses the new key
            if then is not None:
                then()
            return
        # No plaintext fallback: offer to keep it in memory for this run, and say so.
        self._pending_memory_key = (profile.name, secret)
        self._show_keyring_state(result)
        self.memory_button.show()
        self.test_result.setText(
            self.tr(
                "The profile was saved, but not its apikey: the keyring did not take it. See the keyring box below."
            )
        )
        self.test_result.setStyleSheet(status_css("error"))
        self._end("save")

    def keep_in_memory(self) -> None:
        """The operator's choice when no keyring works: this run only, nothing written."""
        pending = self._pending_memory_key
        if pending is None:
            secret = self._typed_key()
            if not secret or self._editing is None:
                self.test_result.setText(self.tr("Save the profile with its apikey first."))
                self.test_result.setStyleSheet(status_css("error"))
                return
            pending = (self._editing, secret)
        name, secret = pending
        self.ctx.secrets.add(secret)
        keyring_ui.keychain_of(self.ctx).remember_for_session(name, secret)
        self._known_keys[name] = secret
        self._pending_memory_key = None
        self.memory_button.hide()
        if name == self._editing:
            self.apikey_edit.clear()
            self.apikey_status.setText(keyring_ui.memory_only_note())
            self.apikey_status.setStyleSheet(box_css("warning"))
        self.test_result.setText(keyring_ui.memory_only_note())
        self.test_result.setStyleSheet(box_css("warning"))
        if self.ctx.profile is not None and self.ctx.profile.name == name:
            self.ctx.set_profile(self.ctx.profiles.get(name) or self.ctx.profile, secret)

    def _refresh_active(self, profile: Profile) -> None:
        """A changed address of the profile in use applies at once (same apikey)."""
        active = self.ctx.profile
        if active is None or active.sandbox or active.name != profile.name or active == profile:
            return
        key = self._known_keys.get(profile.name)
        if key:
            self.ctx.set_profile(profile, key)

    def test_connection(self) -> None:
        """user_get with the address and apikey in the form (or the stored apikey)."""
        url = self._form_url()
        reason = validate_base_url(url)
        if reason:
            self.test_result.setText(_tr_profiles(reason))
            self.test_result.setStyleSheet(status_css("error"))
            self.operation_finished.emit("test")
            return
        secret = self._key_for_current()
        if not secret:
            self.test_result.setText(self.tr("Enter the apikey to test the connection."))
            self.test_result.setStyleSheet(status_css("error"))
            self.operation_finished.emit("test")
            return
        self.ctx.secrets.add(secret)

        def user_get():
            from gui.api.client import SmsClient

            return SmsClient(secret, url).user_get()

        self.test_result.setText(self.tr("Connecting to {0}…").format(url))
        self.test_result.setStyleSheet("")
        self._begin(self.tr("Testing the connection…"))
        self.ctx.tasks.run(
            user_get,
            self._guard(self._on_test_ok),
            self._guard(self._on_test_failed),
            name="profile_test_connection",
            timeout_ms=TEST_TIMEOUT_MS,
        )

    def _on_test_ok(self, account) -> None:
        self.test_result.setText(
            self.tr("Connected: account “{0}”, balance {1}.").format(account.nick, account.balance)
        )
        self.test_result.setStyleSheet(status_css("ok"))
        self._end("test")

    def _on_test_failed(self, error: BaseException) -> None:
        title, body = describe_error(self.ctx, error)
        text = f"{title}: {body}" if body and body != title else title
        self.test_result.setText(self.tr("The connection test failed. {0}").format(text))
        self.test_result.setStyleSheet(status_css("error"))
        self._end("test")

    def delete_profile(self) -> None:
        name = self._editing
        if name is None:
            return
        if self.ctx.profile is not None and not self.ctx.profile.sandbox and self.ctx.profile.name == name:
            QMessageBox.information(
                self,
                self.tr("Delete profile"),
                self.tr("“{0}” is the profile in use. Switch to another profile first.").format(name),
            )
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete profile"),
            self.tr(
                "Delete the profile “{0}”? Its apikey is removed from the system keyring. "
                "Its local data folder (campaign history, archive) is kept."
            ).format(name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._begin(self.tr("Removing the apikey from the keyring…"))
        keyring_ui.delete_apikey(self.ctx, name, self._guard(lambda result: self._on_deleted(name, result)))

    def _on_deleted(self, name: str, result: KeyringResult) -> None:
        if result.state in (KeyringState.OK, KeyringState.MISSING):
            self.ctx.profiles.delete(name)
            self._known_keys.pop(name, None)
            self._editing = None
            self.test_result.setText(self.tr("Profile “{0}” deleted.").format(name))
            self.test_result.setStyleSheet(status_css("ok"))
            self._end("delete")
            self._reload_list(None)
            return
        # Keep the profile while its apikey is still in the keyring: deleting only the
        # settings would leave a secret behind that no screen shows any more.
        self._show_keyring_state(result)
        self.test_result.setText(
            self.tr(
                "The profile was not deleted: its apikey could not be removed "
                "from the keyring. See the keyring box below."
            )
        )
        self.test_result.setStyleSheet(status_css("error"))
        self._end("delete")

    def use_profile(self) -> None:
        """Make the profile in the form the active one (saving pending edits first)."""
        if self._editing is None or self._typed_key() or self._form_url() != self._saved_url():
            self.save_profile(then=self._activate_after_save)
            return
        self._activate()

    def _saved_url(self) -> str | None:
        profile = self.ctx.profiles.get(self._editing) if self._editing else None
        return profile.base_url if profile else None

    def _activate_after_save(self) -> None:
        if self._busy:  # a keyring read of the new entry is still under way
            self.operation_finished.connect(self._activate_when_idle)
            return
        self._activate()

    def _activate_when_idle(self, _operation: str) -> None:
        if self._busy:
            return
        self.operation_finished.disconnect(self._activate_when_idle)
        self._activate()

    def _activate(self) -> None:
        name = self._editing
        profile = self.ctx.profiles.get(name) if name else None
        if not name or profile is None:
            self.operation_finished.emit("use")
            return
        secret = self._known_keys.get(name) or keyring_ui.keychain_of(self.ctx).session_secret(name)
        if not secret:
            self.test_result.setText(self.tr("There is no apikey for “{0}”: enter it and save.").format(name))
            self.test_result.setStyleSheet(status_css("error"))
            self.operation_finished.emit("use")
            return
        if self.ctx.sending and (self.ctx.profile is None or name != self.ctx.profile.name):
            self.test_result.setText(
                self.tr(
                    "A send or campaign is still running on “{0}”. Let it finish, or cancel it, before switching "
                    "profile: switching frees the profile for another console, which could send it twice."
                ).format(self.ctx.profile.name if self.ctx.profile else "")
            )
            self.test_result.setStyleSheet(status_css("error"))
            self.operation_finished.emit("use")
            return
        if not self.ctx.lock_profile(name):
            self.test_result.setText(
                self.tr(
                    "“{0}” is open in another SMS Console. Use that window; two consoles on one account "
                    "could send the same campaign twice."
                ).format(name)
            )
            self.test_result.setStyleSheet(status_css("error"))
            self.operation_finished.emit("use")
            return
        self.ctx.set_profile(profile, secret)
        self.operation_finished.emit("use")
        self.accept()

    # --- closing ---------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._alive = False  # late worker results are dropped from now on
        self.apikey_edit.clear()
        self._known_keys.clear()
        self._pending_memory_key = None
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
