"""Where the console keeps its files, and where it finds its own resources.

Plain Python (no Qt). Every folder comes from platformdirs so the console behaves on
Windows, macOS and Linux alike. ``SMS_CONSOLE_HOME`` puts every folder under one
directory: tests use it so that they never touch the real user's data.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from gui import APP_NAME, ORG_NAME

HOME_ENV = "SMS_CONSOLE_HOME"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        home = os.environ.get(HOME_ENV)
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, ORG_NAME)),
            Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME)),
            Path(platformdirs.user_log_dir(APP_NAME, ORG_NAME)),
        )

    def ensure(self) -> AppPaths:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
            _restrict(folder, 0o700)
        return self

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "sms-console.log"

    def profile_dir(self, profile_name: str) -> Path:
        """A folder per profile for its store, journal and lock file."""
        folder = self.data_dir / "profiles" / safe_file_name(profile_name)
        folder.mkdir(parents=True, exist_ok=True)
        _restrict(folder, 0o700)
        return folder


def safe_file_name(name: str) -> str:
    """A file-system-safe, still recognisable form of a profile name."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name.strip())
    return cleaned or "_"


def _restrict(path: Path, mode: int) -> None:
    # File modes only mean something on POSIX; on Windows the user profile already
    # keeps these folders private.
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, mode)


def restrict_file(path: Path) -> None:
    """Make a file readable by its owner only (0600) where the OS has modes."""
    _restrict(path, 0o600)


def resources_dir() -> Path:
    """The resources folder, wherever the console runs from.

    - frozen by PyInstaller: ``<bundle>/resources`` (build.spec puts it there);
    - installed from a wheel: ``gui/resources`` (the build backend maps it there);
    - run from a source checkout: ``<repo>/resources``.
    """
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        return base / "resources"
    here = Path(__file__).resolve().parent
    installed = here / "resources"
    if installed.is_dir():
        return installed
    return here.parent / "resources"
