"""Background poll: its settings and its last outcome, kept in the profile's store (no Qt).

The poll itself is ``gui.services.pull.PullService.poll_once`` (the one pull loop); the Qt
side (``gui.background_poll``, owned by the application context) owns the timer and runs it
in a worker.

- Off unless the profile set an interval (store setting ``poll_interval_minutes``, 0 = off)
  **and** agreed to pulling (``pull_consent`` True): a pull takes reports and replies
  away from anything else that reads the same apikey.
- Each page pulled is committed to the store before the next pull (the provider has
  already deleted it), exactly as "Fetch new" does: both use the same loop.
- The last poll time, the last success, the consecutive error count and the last error
  are kept in the store (``poll_status``) so they show after a restart too. After errors
  the next poll waits longer (interval × 2^errors, at most an hour): a gateway that is
  down is not hammered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

INTERVAL_KEY = "poll_interval_minutes"
STATUS_KEY = "poll_status"
MAX_BACKOFF_S = 3600.0
INTERVAL_CHOICES = (0, 1, 2, 5, 10, 15, 30, 60)  # minutes offered in the settings


class SettingsStore(Protocol):
    """The profile's store settings (``gui.store.db.Store``): JSON-serialisable values by key."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass
class PollStatus:
    last_poll_at: str | None = None  # Beijing time of the last attempt
    last_ok_at: str | None = None
    error_count: int = 0  # consecutive failed polls (0 after a success)
    total_errors: int = 0
    last_error: str = ""
    last_reports: int = 0  # new in the last successful poll
    last_replies: int = 0

    @classmethod
    def from_dict(cls, value: Any) -> PollStatus:
        if not isinstance(value, dict):
            return cls()
        known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class PollResult:
    ran: bool  # False: off, no consent, or no profile
    reports: int = 0  # pulled in this poll: stored, spilled or unsaved (PullOutcome.items)
    replies: int = 0  # likewise
    new_reports: int = 0
    new_replies: int = 0
    error: BaseException | None = None
    skipped_reason: str = ""
    status: PollStatus = field(default_factory=PollStatus)
    waiting: int = 0  # pulled items waiting in the spill file (gui.services.pull_spill)


def interval_minutes(store: SettingsStore) -> int:
    value = store.get_setting(INTERVAL_KEY, 0)
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def set_interval_minutes(store: SettingsStore, minutes: int) -> None:
    store.set_setting(INTERVAL_KEY, max(int(minutes), 0))


def load_status(store: SettingsStore) -> PollStatus:
    return PollStatus.from_dict(store.get_setting(STATUS_KEY))


def next_delay_s(interval_min: int, error_count: int) -> float | None:
    """Seconds until the next poll; None when polling is off."""
    if interval_min <= 0:
        return None
    base = interval_min * 60.0
    return min(base * (2.0 ** min(error_count, 10)), max(base, MAX_BACKOFF_S))


def describe(exc: BaseException) -> str:
    """A short, apikey-free description (exceptions of gui.api never carry the apikey)."""
    code = getattr(exc, "code", None)
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if code is not None and str(code) not in text:
        text = f"{text} (code {code})"
    return text[:300]
