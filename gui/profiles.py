"""Profiles: an account's name and gateway base URL, kept in QSettings.

The apikey is NOT here: it lives only in the OS keyring (gui.keychain), or in memory
for the sandbox and for runs without a usable keyring.

Each profile keeps its archive and journal locally (SQLite, the default) or, in team mode
(issue 15), in a PostgreSQL database shared by the consoles of one account: where it is and
as whom this console connects (``TeamDatabase``). Its password is not here either: it is in
the keyring beside the apikey (``gui.keychain.db_secret_name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

from PySide6.QtCore import QSettings

from gui.i18n import QT_TRANSLATE_NOOP

DEFAULT_BASE_URL = "http://sms.haotingyun.com"
SANDBOX_PROFILE = "sandbox"

STORAGE_LOCAL = "local"  # the profile's own SQLite files (the default)
STORAGE_TEAM = "team"  # a team's PostgreSQL database
DEFAULT_PG_PORT = 5432
SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "disable")


def _quoted(value: str) -> str:
    """A libpq connection-string value, quoted when it must be."""
    if value and not any(ch in value for ch in " '\\\t\n"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class TeamDatabase:
    """Where a team profile's database is and as whom this console connects (no password).

    ``operator`` is the person's name the audit log shows for this console's actions;
    ``user`` is the database role (data rights only: an owner migrates, see gui.store.team)."""

    host: str = ""
    port: int = DEFAULT_PG_PORT
    database: str = ""
    user: str = ""
    sslmode: str = "prefer"
    operator: str = ""

    def conninfo(self, password: str | None, user: str | None = None, timeout_s: int = 10) -> str:
        """The libpq connection string, as ``user`` (default: the operator's role)."""
        params = {
            "host": self.host,
            "port": str(self.port),
            "dbname": self.database,
            "user": user if user is not None else self.user,
            "sslmode": self.sslmode or "prefer",
            "connect_timeout": str(timeout_s),
            # a server gone without a reset (VPN drop, host down) fails a query within ~30 s
            # instead of the system's TCP timeout of minutes; sending waits on it
            "tcp_user_timeout": "30000",
            "keepalives_idle": "30",
            "keepalives_interval": "10",
            "keepalives_count": "3",
            "application_name": "sms-console",
        }
        if password:
            params["password"] = password
        return " ".join(f"{key}={_quoted(value)}" for key, value in params.items())

    def missing(self) -> str | None:
        """None when host, database and user are filled in, else the reason (translated like
        validate_base_url's)."""
        if not self.host.strip():
            return QT_TRANSLATE_NOOP("Profiles", "The team database needs a host")
        if not self.database.strip():
            return QT_TRANSLATE_NOOP("Profiles", "The team database needs a database name")
        if not self.user.strip():
            return QT_TRANSLATE_NOOP("Profiles", "The team database needs a user")
        if not 0 < self.port < 65536:
            return QT_TRANSLATE_NOOP("Profiles", "The port must be between 1 and 65535")
        return None


@dataclass(frozen=True)
class Profile:
    name: str
    base_url: str = DEFAULT_BASE_URL
    sandbox: bool = False
    # Money per billed part, learned from the gateway's last fee/count; editable.
    price_per_part: Decimal | None = None
    unit: str = ""
    # The name the audit log records for this profile's actions ('' : the OS user name).
    operator: str = ""
    storage: str = STORAGE_LOCAL
    team: TeamDatabase = TeamDatabase()

    @property
    def is_team(self) -> bool:
        return self.storage == STORAGE_TEAM and not self.sandbox

    @property
    def is_plain_http(self) -> bool:
        return urlparse(self.base_url).scheme == "http" and not self.sandbox


def validate_base_url(url: str) -> str | None:
    """None when the URL is usable, else the reason.

    Reasons are English, marked for translation in the "Profiles" context: a view shows
    ``QCoreApplication.translate("Profiles", reason)``.
    """
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https"):
        return QT_TRANSLATE_NOOP("Profiles", "The address must start with http:// or https://")
    if not parsed.netloc:
        return QT_TRANSLATE_NOOP("Profiles", "The address has no host name")
    return None


MAX_PROFILE_NAME = 64


def validate_profile_name(name: str, existing: list[str] | None = None) -> str | None:
    """None when ``name`` can be a new profile's name, else the reason (translated like validate_base_url's).

    The name is a QSettings group, the keyring username and (made safe) a folder name,
    so separators and surrounding blanks are refused.
    """
    if not name.strip():
        return QT_TRANSLATE_NOOP("Profiles", "The profile needs a name")
    if name != name.strip():
        return QT_TRANSLATE_NOOP("Profiles", "The name must not start or end with a space")
    if len(name) > MAX_PROFILE_NAME:
        return QT_TRANSLATE_NOOP("Profiles", "The name is too long (at most 64 characters)")
    if any(ch in name for ch in "/\\") or any(ord(ch) < 32 for ch in name):
        return QT_TRANSLATE_NOOP("Profiles", "The name must not contain / or \\ or control characters")
    if name.lower() == SANDBOX_PROFILE:
        return QT_TRANSLATE_NOOP("Profiles", "“sandbox” is reserved for the built-in sandbox gateway")
    if existing is not None and name in existing:
        return QT_TRANSLATE_NOOP("Profiles", "A profile with this name already exists")
    return None


class ProfileStore:
    """Reads and writes profiles in QSettings (group ``profiles/<name>``)."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def names(self) -> list[str]:
        self._settings.beginGroup("profiles")
        try:
            return sorted(self._settings.childGroups())
        finally:
            self._settings.endGroup()

    def get(self, name: str) -> Profile | None:
        if name not in self.names():
            return None
        s = self._settings
        s.beginGroup(f"profiles/{name}")
        try:
            price_text = str(s.value("price_per_part", "") or "")
            try:
                price = Decimal(price_text) if price_text else None
            except InvalidOperation:
                price = None
            storage = str(s.value("storage", STORAGE_LOCAL) or STORAGE_LOCAL)
            try:
                port = int(str(s.value("team/port", DEFAULT_PG_PORT) or DEFAULT_PG_PORT))
            except ValueError:
                port = DEFAULT_PG_PORT
            team = TeamDatabase(
                host=str(s.value("team/host", "") or ""),
                port=port,
                database=str(s.value("team/database", "") or ""),
                user=str(s.value("team/user", "") or ""),
                sslmode=str(s.value("team/sslmode", "prefer") or "prefer"),
                operator=str(s.value("team/operator", "") or ""),
            )
            return Profile(
                name=name,
                base_url=str(s.value("base_url", DEFAULT_BASE_URL)),
                price_per_part=price,
                unit=str(s.value("unit", "") or ""),
                operator=str(s.value("operator", "") or ""),
                storage=storage if storage in (STORAGE_LOCAL, STORAGE_TEAM) else STORAGE_LOCAL,
                team=team,
            )
        finally:
            s.endGroup()

    def all(self) -> list[Profile]:
        return [p for p in (self.get(n) for n in self.names()) if p is not None]

    def save(self, profile: Profile) -> None:
        if profile.sandbox:
            return  # the sandbox profile is made fresh for each run
        s = self._settings
        s.beginGroup(f"profiles/{profile.name}")
        try:
            s.setValue("base_url", profile.base_url)
            s.setValue("price_per_part", "" if profile.price_per_part is None else str(profile.price_per_part))
            s.setValue("unit", profile.unit)
            s.setValue("operator", profile.operator)
            if profile.storage == STORAGE_TEAM or s.contains("storage"):
                # a local profile that never was a team one keeps its settings as they were
                s.setValue("storage", profile.storage)
                team = profile.team
                for key, value in (
                    ("host", team.host),
                    ("port", team.port),
                    ("database", team.database),
                    ("user", team.user),
                    ("sslmode", team.sslmode),
                    ("operator", team.operator),
                ):
                    s.setValue(f"team/{key}", value)
        finally:
            s.endGroup()
        s.sync()

    def delete(self, name: str) -> None:
        self._settings.remove(f"profiles/{name}")
        if self.active_name() == name:
            self._settings.remove("active_profile")
        self._settings.sync()

    def active_name(self) -> str | None:
        value = self._settings.value("active_profile", "")
        return str(value) if value else None

    def set_active(self, name: str) -> None:
        self._settings.setValue("active_profile", name)
        self._settings.sync()
