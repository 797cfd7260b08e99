"""Where a profile keeps its archive and journal: local SQLite files or a team's PostgreSQL (issue 15).

``ProfileStorage`` opens a profile's store (``gui.store.db.Store`` or ``gui.store.team.TeamStore``)
and makes its campaign journal's opener (``gui.campaign.journal.Journal`` or
``gui.campaign.team_journal.TeamJournal``). It owns nothing it opens: ``AppContext`` keeps and
closes the store, the campaign service its journal.

A team profile's database password is read from the keyring beside the apikey
(``gui.keychain.db_secret_name``), in the worker that opens the store, and held in memory for
the run (it is added to the secret registry: no log line shows it). Nothing here writes it.

The console id a TeamJournal needs names this installation and the profile: a random id made
once and kept in the settings, then "/" and the profile's name — stable across restarts, one
living console per id.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.profiles import Profile

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from gui.keychain import Keychain
    from gui.logging_setup import SecretRegistry

INSTALLATION_ID_KEY = "team/installation_id"


def installation_id(settings: QSettings) -> str:
    """This installation's id, made on first use and kept in the settings."""
    value = str(settings.value(INSTALLATION_ID_KEY, "") or "")
    if not value:
        import uuid  # here: uuid imports platform (~2 ms), and only a team profile needs this

        value = uuid.uuid4().hex[:16]
        settings.setValue(INSTALLATION_ID_KEY, value)
        settings.sync()
    return value


def console_id(settings: QSettings, profile_name: str) -> str:
    """The TeamJournal's console id of ``profile_name`` on this installation."""
    return f"{installation_id(settings)}/{profile_name}"


def store_key(profile: Profile) -> str:
    """What tells a profile's stores apart: its name, and in team mode its database and role
    (a profile moved to a team, or to another database, opens another store)."""
    if not profile.is_team:
        return profile.name
    team = profile.team
    return f"{profile.name}@{team.user}@{team.host}:{team.port}/{team.database}"


class ProfileStorage:
    """Opens a profile's store and journal, local or team. Thread-safe; every open does I/O."""

    def __init__(
        self,
        profile_dir: Callable[[str], Path],
        settings: QSettings,
        keychain: Callable[[], Keychain | None],
        secrets: SecretRegistry,
    ) -> None:
        self._profile_dir = profile_dir
        self._settings = settings
        self._keychain = keychain
        self._secrets = secrets
        self._passwords: dict[str, str] = {}  # profile name -> its database password (this run only)
        self._lock = threading.Lock()

    # --- the database password --------------------------------------------------------
    def remember_password(self, profile_name: str, password: str) -> None:
        """The password the operator just saved (or chose to keep for this run)."""
        self._secrets.add(password)
        with self._lock:
            self._passwords[profile_name] = password

    def forget_password(self, profile_name: str) -> None:
        with self._lock:
            self._passwords.pop(profile_name, None)

    def password(self, profile_name: str) -> str | None:
        """The team database password of ``profile_name``: held, kept for this run, or read from
        the keyring (in a worker: the keychain refuses the GUI thread); None when there is none."""
        from gui.keychain import KeyringState, db_secret_name

        with self._lock:
            held = self._passwords.get(profile_name)
        if held:
            return held
        keychain = self._keychain()
        if keychain is None:
            return None
        name = db_secret_name(profile_name)
        secret = keychain.session_secret(name)
        if not secret:
            result = keychain.lookup(name)
            secret = result.secret if result.state is KeyringState.OK else None
        if secret:
            self.remember_password(profile_name, secret)
        return secret or None

    def conninfo(self, profile: Profile) -> str:
        """The operator's connection string of a team profile (with its password)."""
        return profile.team.conninfo(self.password(profile.name))

    # --- opening ----------------------------------------------------------------------
    def open_store(self, profile: Profile) -> Any:
        """The profile's store, opened (a local one created and migrated on first use; a team one
        must have been migrated by an owner: ``TeamStore.open`` refuses otherwise)."""
        if profile.is_team:
            from gui.store.team import TeamStore

            return TeamStore.open(self.conninfo(profile))
        from gui.store.db import Store, store_path

        return Store.open(store_path(self._profile_dir(profile.name)))

    def journal_opener(self, profile: Profile) -> Callable[[], Any]:
        """The factory of ``profile``'s campaign journal: nothing is touched until the first
        worker calls it (the campaign service opens it then, and closes it)."""
        if not profile.is_team:
            from gui.services.campaigns import profile_journal

            return profile_journal(self._profile_dir, profile.name)
        ident = console_id(self._settings, profile.name)  # settings: read here, on the calling thread

        def open_team_journal() -> Any:
            from gui.campaign.team_journal import TeamJournal

            return TeamJournal(self.conninfo(profile), ident)

        return open_team_journal


__all__ = ["ProfileStorage", "console_id", "installation_id", "store_key"]
