"""A rotating log file with every known secret redacted from every record.

Plain Python. Secrets are registered at run time (the apikey of each profile as it is
loaded); the filter replaces them in the formatted message, in the arguments and in
exception text, so a secret can never reach the file even through a traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
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


def setup_logging(log_file: Path, registry: SecretRegistry, level: int = logging.INFO) -> logging.Handler:
    """Attach a rotating, redacting file handler to the root logger and return it."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2 * 1024 * 1024, backupCount=5, encoding="utf-8")
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
