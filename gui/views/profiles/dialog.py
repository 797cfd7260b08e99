"""Profiles: add, edit, delete, test and switch accounts; the apikey goes to the OS keyring.

Every keyring call and the connection test run in workers (``gui.views.partials.keyring_ui``,
``connection_test``, ``ctx.tasks``); the dialog stays responsive and shows what it is
waiting for. The apikey typed here is held in memory only: it is stored in the keyring
(or, with the operator's consent when no keyring works, kept for this run), never
written to QSettings, a log or a file, and never shown again once stored.

The widgets are laid out by ``view.ProfileDialogView``; this is what they do.
``operation_finished(name)`` is emitted after each asynchronous step ("load", "probe",
"save", "test", "delete", "use") so tests and callers can wait on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QWidget

from gui.keychain import KeyringResult, KeyringState
from gui.profiles import Profile, validate_base_url
from gui.theme import box_css, status_css
from gui.views.partials import keyring_ui
from gui.views.partials.a11y import name_inputs
from gui.views.profiles import connection_test
from gui.views.profiles.flow import lock_for_switch
from gui.views.profiles.team_actions import TeamStorageActions
from gui.views.profiles.team_move import TeamMoveAction
from gui.views.profiles.view import ProfileDialogView

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

NAME_ROLE = Qt.ItemDataRole.UserRole


class ProfileDialog(ProfileDialogView):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        select: str | None = None,
        notice: str = "",
        startup: bool = False,
    ) -> None:
        super().__init__(ctx, parent, notice, startup)
        self._known_keys: dict[str, str] = {}  # apikeys read or entered in this dialog (memory only)
        self._states: dict[str | None, KeyringResult] = {}
        self._pending_memory_key: tuple[str, str] | None = None
        self._tester = connection_test.ConnectionTester(
            ctx, self.editor, self._begin, self._end, self._guard, self._key_for_current
        )
        self.team_actions = TeamStorageActions(
            ctx, self.team_box, self._begin, self._end, self._guard, lambda: self._editing
        )
        self.team_move = TeamMoveAction(ctx, self.team_box, self._begin, self._end, self._guard, lambda: self._editing)
        self._wire()
        self._reload_list(select or (ctx.profile.name if ctx.profile and not self._sandbox else None))
        if self._sandbox:
            self._enter_sandbox_mode()
        keyring_ui.describe_backend(ctx, self._guard(self.keyring_box.show_backend))
        name_inputs(self)  # screen readers: each field named after its label
        self.fit_to_screen()

    def _wire(self) -> None:
        self.profile_list.currentItemChanged.connect(self._on_current_changed)
        self.add_button.clicked.connect(self.new_profile)
        self.delete_button.clicked.connect(self.delete_profile)
        self.apikey_edit.textChanged.connect(self._on_apikey_typed)
        self.test_button.clicked.connect(self.test_connection)
        self.save_button.clicked.connect(lambda: self.save_profile())
        self.memory_button.clicked.connect(self.keep_in_memory)
        self.retry_button.clicked.connect(self._retry_keyring)
        self.use_button.clicked.connect(self.use_profile)

    # --- the list ---------------------------------------------------------------------
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
            self.editor.fill(self.ctx.profiles.get(chosen.data(NAME_ROLE)))

    def selected_name(self) -> str | None:
        return self._editing

    def _key_for_current(self) -> str | None:
        typed = self.editor.typed_key()
        if typed:
            return typed
        return self._known_keys.get(self._editing) if self._editing else None

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
        self.editor.fill(profile)
        self.team_box.fill(profile)
        self._update_buttons()
        if self._sandbox:
            return
        if profile.is_team:
            self.team_actions.load_state(name)
        self.editor.show_apikey_status(self.tr("Looking in the keyring…"))
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
        self.editor.fill(None)
        self.team_box.fill(None)
        self.name_edit.setFocus()
        self._update_buttons()
        if self._sandbox:
            return
        self.editor.show_apikey_status(self.tr("The apikey will be stored in the system keyring."))
        self._begin(self.tr("Checking the keyring…"))
        keyring_ui.probe_keyring(self.ctx, self._guard(self._on_probed))

    def _on_probed(self, result: KeyringResult) -> None:
        self._states[None] = result
        if self._editing is None:
            self.keyring_box.show_state(result, self.ctx.secrets.redact)
            if result.state is not KeyringState.OK:
                self.editor.show_apikey_status(self.tr("No keyring: the apikey can only be kept for this run."))
        self._end("probe")

    def _on_apikey_typed(self, text: str) -> None:
        if text.strip():
            self.ctx.secrets.add(text.strip())

    # --- keyring state display ---------------------------------------------------------
    def _show_key_state(self, result: KeyringResult) -> None:
        name = self._editing
        remembered = name is not None and keyring_ui.keychain_of(self.ctx).session_secret(name) is not None
        self.editor.show_key_state(result, remembered)
        if remembered:
            self.keyring_box.show_memory_only()
        else:
            self.keyring_box.show_state(result, self.ctx.secrets.redact)

    def _retry_keyring(self) -> None:
        if self._editing is not None:
            item = self.profile_list.currentItem()
            self._on_current_changed(item, None)
        else:
            self.new_profile()

    # --- actions -------------------------------------------------------------------------
    def save_profile(self, then: Callable[[], None] | None = None) -> None:
        """Save name and address to the settings and a typed apikey to the keyring."""
        profile = self.editor.validated_profile(self.ctx.profiles, self._editing)
        team_problem = self.team_box.invalid() if profile is not None else None
        if team_problem:
            self.editor.show_invalid_address(team_problem)  # a "Profiles" reason, shown like the address's
        if profile is None or team_problem:
            self.operation_finished.emit("save")
            return
        profile = self.team_box.apply(profile)  # local or team storage; the database password: the keyring
        secret = self.editor.typed_key()
        self.ctx.profiles.save(profile)
        self.team_actions.save_password(profile.name)
        is_new = self._editing is None
        self._editing = profile.name
        if is_new:
            # List it without reading its (empty) keyring entry: that read could land
            # after the write below and report "missing".
            self._reload_list(profile.name, load=False)
            self.name_edit.setReadOnly(True)
        self._refresh_active(profile)
        if not secret:
            self.editor.show_result(self.tr("Saved."), status_css("ok"))
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
            self.editor.show_result(self.tr("Saved. The apikey is in the system keyring."), status_css("ok"))
            self._end("save")
            if self.ctx.profile is not None and self.ctx.profile.name == profile.name:
                self.ctx.set_profile(profile, secret)  # the active profile now uses the new key
            if then is not None:
                then()
            return
        # No plaintext fallback: offer to keep it in memory for this run, and say so.
        self._pending_memory_key = (profile.name, secret)
        self.keyring_box.show_state(result, self.ctx.secrets.redact)
        self.memory_button.show()
        self.editor.show_result(
            self.tr(
                "The profile was saved, but not its apikey: the keyring did not take it. See the keyring box below."
            ),
            status_css("error"),
        )
        self._end("save")

    def keep_in_memory(self) -> None:
        """The operator's choice when no keyring works: this run only, nothing written."""
        pending = self._pending_memory_key
        if pending is None:
            secret = self.editor.typed_key()
            if not secret or self._editing is None:
                self.editor.show_result(self.tr("Save the profile with its apikey first."), status_css("error"))
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
            self.editor.show_apikey_status(keyring_ui.memory_only_note(), box_css("warning"))
        self.editor.show_result(keyring_ui.memory_only_note(), box_css("warning"))
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
        url = self.editor.form_url()
        reason = validate_base_url(url)
        if reason:
            self.editor.show_invalid_address(reason)
            self.operation_finished.emit("test")
            return
        secret = self._key_for_current()
        if not secret:
            self.editor.show_result(self.tr("Enter the apikey to test the connection."), status_css("error"))
            self.operation_finished.emit("test")
            return
        self._tester.test(url, secret)  # https first where the address allows (connection_test.py)

    def delete_profile(self) -> None:
        name = self._editing
        if name is None:
            return
        in_use = self.ctx.profile is not None and not self.ctx.profile.sandbox and self.ctx.profile.name == name
        if not self._confirm_delete(name, in_use):
            return
        self._begin(self.tr("Removing the apikey from the keyring…"))
        keyring_ui.delete_apikey(self.ctx, name, self._guard(lambda result: self._on_deleted(name, result)))

    def _on_deleted(self, name: str, result: KeyringResult) -> None:
        if result.state in (KeyringState.OK, KeyringState.MISSING):
            self.team_actions.forget(name)  # its database password too (team mode)
            self.ctx.profiles.delete(name)
            self._known_keys.pop(name, None)
            self._editing = None
            self.editor.show_result(self.tr("Profile “{0}” deleted.").format(name), status_css("ok"))
            self._end("delete")
            self._reload_list(None)
            return
        # Keep the profile while its apikey is still in the keyring: deleting only the
        # settings would leave a secret behind that no screen shows any more.
        self.keyring_box.show_state(result, self.ctx.secrets.redact)
        self.editor.show_result(
            self.tr(
                "The profile was not deleted: its apikey could not be removed "
                "from the keyring. See the keyring box below."
            ),
            status_css("error"),
        )
        self._end("delete")

    def use_profile(self) -> None:
        """Make the profile in the form the active one (saving pending edits first)."""
        if self._editing is None or self.editor.typed_key() or self.editor.form_url() != self._saved_url():
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
            self.editor.show_result(
                self.tr("There is no apikey for “{0}”: enter it and save.").format(name), status_css("error")
            )
            self.operation_finished.emit("use")
            return
        refusal = lock_for_switch(self.ctx, name)
        if refusal is not None:
            self.editor.show_result(refusal, status_css("error"))
            self.operation_finished.emit("use")
            return
        self.ctx.set_profile(profile, secret)
        self.operation_finished.emit("use")
        self.accept()

    # --- closing ---------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._alive = False  # late worker results are dropped from now on
        self.apikey_edit.clear()
        self.team_box.password_edit.clear()
        self._known_keys.clear()
        self._pending_memory_key = None
        super().done(result)
