"""Profiles: an account's name and gateway base URL, kept in QSettings.

The apikey is NOT here: it lives only in the OS keyring (gui.keychain), or in memory
for the sandbox and for runs without a usable keyring.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

from PySide6.QtCore import QSettings

from gui.i18n import QT_TRANSLATE_NOOP

DEFAULT_BASE_URL = "http://sms.haotingyun.com"
SANDBOX_PROFILE = "sandbox"


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

    @property
    def is_plain_http(self) -> bool:
        return urlparse(self.base_url).scheme == "http" and not self.sandbox

    def with_price(self, price: Decimal | None, unit: str | None = None) -> Profile:
        return replace(self, price_per_part=price, unit=unit if unit is not None else self.unit)


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
            return Profile(
                name=name,
                base_url=str(s.value("base_url", DEFAULT_BASE_URL)),
                price_per_part=price,
                unit=str(s.value("unit", "") or ""),
                operator=str(s.value("operator", "") or ""),
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
