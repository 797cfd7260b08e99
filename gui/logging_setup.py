"""A rotating log file with every known secret redacted from every record.

Plain Python. Secrets are registered at run time (the apikey of each profile as it is
loaded); the filter replaces them in the formatted message, in the arguments and in
exception text, so a secret can never reach the file even through a traceback.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path

from gui.paths import restrict_file

REDACTED = "***"
_APIKEY_FIELD = re.compile(r"(apikey=)[^&\s'\"]+", re.IGNORECASE)


class SecretRegistry:
    """The set of strings that must never be written anywhere."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 4:
            with self._lock:
                self._secrets.add(secret)

    def discard(self, secret: str | None) -> None:
        with self._lock:
            self._secrets.discard(secret or "")

    def redact(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        # A form body or URL logged by a library carries apikey=...: hide it even when
        # the key is not (yet) registered.
        return _APIKEY_FIELD.sub(r"\1" + REDACTED, text)


class RedactingFormatter(logging.Formatter):
    def __init__(self, registry: SecretRegistry, fmt: str) -> None:
        super().__init__(fmt)
        self._registry = registry

    def format(self, record: logging.LogRecord) -> str:
        return self._registry.redact(super().format(record))


class RotatingLogFile(logging.FileHandler):
    """The log file, rotated by size as ``logging.handlers.RotatingFileHandler`` rotates it:
    a record that would take the file to ``max_bytes`` first renames it ``<name>.1`` (the
    older ``.1`` … ``.<backups - 1>`` each one number up, the last one dropped) and starts an
    empty file. Written here because ``logging.handlers`` imports socket, pickle and queue:
    ~2 ms of every start-up, before its window's first data, for one class."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_with(record):
                self._rotate()
        except Exception:  # noqa: BLE001 - logging's way: report the failure, never raise it
            self.handleError(record)
            return
        super().emit(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        if self.max_bytes <= 0 or not os.path.isfile(self.baseFilename):  # never rotate a device or a pipe
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)  # the end (Windows' text files need it said)
        return self.stream.tell() + len(f"{self.format(record)}\n") >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        if self.backups > 0:
            for number in range(self.backups - 1, 0, -1):
                older, newer = f"{self.baseFilename}.{number}", f"{self.baseFilename}.{number + 1}"
                if os.path.exists(older):
                    if os.path.exists(newer):
                        os.remove(newer)
                    os.rename(older, newer)
            first = f"{self.baseFilename}.1"
            if os.path.exists(first):
                os.remove(first)
            os.rename(self.baseFilename, first)
        self.stream = self._open()
        restrict_file(Path(self.baseFilename))


def setup_logging(log_file: Path, registry: SecretRegistry, level: int = logging.INFO) -> logging.Handler:
    """Attach a rotating, redacting file handler to the root logger and return it."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingLogFile(log_file, max_bytes=2 * 1024 * 1024, backups=5)
    handler.setFormatter(RedactingFormatter(registry, "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "_sms_console", False)]:
        root.removeHandler(old)
        old.close()
    handler._sms_console = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    restrict_file(log_file)
    # urllib3 logs request lines at DEBUG; keep it quiet, the body is never logged anyway.
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    return handler
