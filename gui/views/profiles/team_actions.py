"""What the storage box does: the database password in the keyring, "Test database", "Prepare the database…".

Every keyring call and every connection runs in a worker (``ctx.tasks``), counted by the
dialog's busy line like its other steps (``begin``/``end``: "db_password", "db_test",
"db_prepare" are the operations it then reports). The password goes to the keyring under
``gui.keychain.db_secret_name(profile)`` — beside the apikey, never into the settings — and
to ``ctx.storage`` for this run; the owner's password for a migration is used once and dropped.

The texts use the translation context "ProfileDialog".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.keychain import KeyringResult, KeyringState, db_secret_name
from gui.theme import box_css, status_css
from gui.views.partials import keyring_ui
from gui.views.profiles.team_box import OwnerDialog, TeamStorageBox

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.team_admin import MigrationReport, SchemaVersions

log = logging.getLogger(__name__)

DB_TIMEOUT_MS = 60_000  # above the connect timeout (10 s) and a first migration's work


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfileDialog", text)


def _tr_profiles(text: str) -> str:
    return QCoreApplication.translate("Profiles", text)


def _failure(error: BaseException) -> KeyringResult:
    """A keyring call that raised (a timeout, say) as the state the box shows."""
    return KeyringResult(KeyringState.LOCKED, detail=type(error).__name__)


class TeamStorageActions:
    """The storage box's workers, for the dialog (``editing()``: the saved profile in the form)."""

    def __init__(
        self,
        ctx: AppContext,
        box: TeamStorageBox,
        begin: Callable[[str], None],
        end: Callable[[str], None],
        guard: Callable[[Callable], Callable],
        editing: Callable[[], str | None],
    ) -> None:
        self.ctx = ctx
        self.box = box
        self._begin, self._end, self._guard, self._editing = begin, end, guard, editing
        self.owner_dialog: OwnerDialog | None = None
        box.test_db_button.clicked.connect(self.test_database)
        box.prepare_button.clicked.connect(self.ask_owner)
        box.password_edit.textChanged.connect(lambda text: self.ctx.secrets.add(text) if text else None)

    # --- the password in the keyring -------------------------------------------------------
    def load_state(self, name: str) -> None:
        """Say whether a database password is stored for the team profile ``name``."""
        self._begin(_tr("Reading the keyring…"))
        keychain = keyring_ui.keychain_of(self.ctx)
        self.ctx.tasks.run(
            lambda: keychain.lookup(db_secret_name(name)),
            self._guard(lambda result: self._loaded(name, result)),
            self._guard(lambda error: self._loaded(name, _failure(error))),
            name="keyring_db_read",
            timeout_ms=keyring_ui.KEYRING_TIMEOUT_MS,  # a hung Secret Service ends as "locked"
        )

    def _loaded(self, name: str, result: KeyringResult) -> None:
        if name == self._editing():
            if result.state is KeyringState.OK:
                self.box.password_status.setText(
                    _tr("Stored in the keyring. Leave this empty to keep it; type a new password to replace it.")
                )
                self.box.password_status.setStyleSheet(status_css("ok"))
            elif result.state is KeyringState.MISSING:
                self.box.password_status.setText(_tr("No database password stored for this profile yet."))
                self.box.password_status.setStyleSheet(box_css("warning"))
            else:
                self.box.password_status.setText(_tr("The keyring could not be read (see below)."))
                self.box.password_status.setStyleSheet(box_css("warning"))
        self._end("db_password")

    def save_password(self, name: str) -> None:
        """The typed database password (if any) into the keyring beside the apikey."""
        password = self.box.typed_password()
        if not password:
            return
        self.ctx.secrets.add(password)
        self._begin(_tr("Saving the database password in the keyring…"))
        keychain = keyring_ui.keychain_of(self.ctx)
        self.ctx.tasks.run(
            lambda: keychain.store(db_secret_name(name), password),
            self._guard(lambda result: self._stored(name, password, result)),
            self._guard(
                lambda error: self._stored(name, password, KeyringResult(KeyringState.LOCKED, detail=str(error)))
            ),
            name="keyring_db_write",
            timeout_ms=keyring_ui.KEYRING_TIMEOUT_MS,
        )

    def _stored(self, name: str, password: str, result: KeyringResult) -> None:
        # for this run either way: the console can open the store; without a keyring nothing is written
        self.ctx.storage.remember_password(name, password)
        if name == self._editing():
            self.box.password_edit.clear()
        if result.ok:
            self.box.password_status.setText(_tr("The database password is in the system keyring."))
            self.box.password_status.setStyleSheet(status_css("ok"))
        else:
            self.box.password_status.setText(
                _tr("The keyring did not take the database password: it is kept for this run only.")
            )
            self.box.password_status.setStyleSheet(box_css("warning"))
        self._end("db_password")

    def forget(self, name: str) -> None:
        """The profile was deleted: its database password goes from the keyring and from memory."""
        self.ctx.storage.forget_password(name)
        keychain = keyring_ui.keychain_of(self.ctx)
        self.ctx.tasks.run(
            lambda: keychain.remove(db_secret_name(name)),
            None,
            None,
            name="keyring_db_delete",
            timeout_ms=keyring_ui.KEYRING_TIMEOUT_MS,
        )

    # --- test and prepare ------------------------------------------------------------------
    def _checked_team(self):
        reason = self.box.team().missing()
        if reason:
            self.box.show_result(_tr_profiles(reason), status_css("error"))
            return None
        return self.box.team()

    def test_database(self) -> None:
        """Connect as the operator (in a worker) and say whether the schema is current."""
        from gui.team_admin import schema_versions

        team = self._checked_team()
        if team is None:
            self._end_without_work("db_test")
            return
        typed, name, storage = self.box.typed_password(), self._editing(), self.ctx.storage
        self._begin(_tr("Connecting to the team database…"))

        def connect() -> SchemaVersions:
            password = typed or (storage.password(name) if name else None)
            return schema_versions(team.conninfo(password))

        self.ctx.tasks.run(
            connect,
            self._guard(lambda versions: self._tested(team.user, versions)),
            self._guard(lambda error: self._failed(error, "db_test")),
            name="team_db_test",
            timeout_ms=DB_TIMEOUT_MS,
        )

    def _tested(self, user: str, versions: SchemaVersions) -> None:
        needed = versions.needed()
        if versions.current:
            self.box.show_result(
                _tr("Connected as {0}. The schema is current (archive {1}, campaign journal {2}).").format(
                    user, versions.store, versions.journal
                ),
                status_css("ok"),
            )
        else:
            self.box.show_result(
                _tr(
                    "Connected as {0}, but the schema is not current: archive {1} (needs {2}), campaign journal {3} "
                    "(needs {4}). An owner must use “Prepare the database…” first."
                ).format(user, versions.store, needed.store, versions.journal, needed.journal),
                box_css("warning"),
            )
        self._end("db_test")

    def _failed(self, error: BaseException, operation: str) -> None:
        detail = self.ctx.secrets.redact(str(error).strip() or type(error).__name__)
        self.box.show_result(_tr("The team database could not be used: {0}").format(detail), status_css("error"))
        self._end(operation)

    def _end_without_work(self, operation: str) -> None:
        self._begin("")
        self._end(operation)

    def ask_owner(self) -> None:
        """ "Prepare the database…": the owner's credentials in a dialog, then both migrations."""
        team = self._checked_team()
        if team is None:
            self._end_without_work("db_prepare")
            return
        dialog = self.owner_dialog = OwnerDialog(team.database, self.box.window())
        dialog.accepted.connect(lambda: self.prepare(dialog.user_edit.text().strip(), dialog.password_edit.text()))
        dialog.open()

    def prepare(self, owner: str, owner_password: str) -> None:
        """Both migrations as ``owner`` in a worker; the operator role of the form gets data rights."""
        from gui.team_admin import prepare_database

        if self.owner_dialog is not None:
            self.owner_dialog.password_edit.clear()
        team = self._checked_team()
        if team is None or not owner:
            if team is not None:
                self.box.show_result(_tr("Enter the owner's role."), status_css("error"))
            self._end_without_work("db_prepare")
            return
        self.ctx.secrets.add(owner_password)
        self._begin(_tr("Preparing the team database…"))
        self.ctx.tasks.run(
            lambda: prepare_database(team.conninfo(owner_password, user=owner), team.user),
            self._guard(self._prepared),
            self._guard(lambda error: self._failed(error, "db_prepare")),
            name="team_db_prepare",
            timeout_ms=DB_TIMEOUT_MS,
        )

    def _prepared(self, report: MigrationReport) -> None:
        before, after = report.before, report.after
        self.box.show_result(
            _tr("The database is prepared: archive schema {0} → {1}, campaign journal schema {2} → {3}.").format(
                before.store, after.store, before.journal, after.journal
            ),
            status_css("ok"),
        )
        self._end("db_prepare")
