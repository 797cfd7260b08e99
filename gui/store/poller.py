"""Background poll: fetch new status reports and replies while the console is open (no Qt).

The Qt side (``gui.views.poll_status``) owns the timer and runs ``Poller.poll_once`` in a
worker; everything here is plain Python so it is tested without a GUI.

- Off unless the profile set an interval (store setting ``poll_interval_minutes``, 0 = off)
  **and** agreed to pulling (``pull_consent`` True): a pull takes reports and replies
  away from anything else that reads the same apikey.
- Each page pulled is committed to the store before the next pull (the provider has
  already deleted it), exactly as "Fetch new" does.
- The last poll time, the last success, the consecutive error count and the last error
  are kept in the store (``poll_status``) so they show after a restart too. After errors
  the next poll waits longer (interval × 2^errors, at most an hour): a gateway that is
  down is not hammered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from gui.store.db import beijing_timestamp

log = logging.getLogger(__name__)

INTERVAL_KEY = "poll_interval_minutes"
STATUS_KEY = "poll_status"
CONSENT_KEY = "pull_consent"  # same key as gui.views.partials.pull_consent
PAGE_SIZE = 100
MAX_ROUNDS = 50  # per kind and poll: 5,000 items, the rest next time
MAX_BACKOFF_S = 3600.0
INTERVAL_CHOICES = (0, 1, 2, 5, 10, 15, 30, 60)  # minutes offered in the settings


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
    reports: int = 0  # pulled (all stored)
    replies: int = 0
    new_reports: int = 0
    new_replies: int = 0
    error: BaseException | None = None
    skipped_reason: str = ""
    status: PollStatus = field(default_factory=PollStatus)


def interval_minutes(store) -> int:
    value = store.get_setting(INTERVAL_KEY, 0)
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def set_interval_minutes(store, minutes: int) -> None:
    store.set_setting(INTERVAL_KEY, max(int(minutes), 0))


def load_status(store) -> PollStatus:
    return PollStatus.from_dict(store.get_setting(STATUS_KEY))


def next_delay_s(interval_min: int, error_count: int) -> float | None:
    """Seconds until the next poll; None when polling is off."""
    if interval_min <= 0:
        return None
    base = interval_min * 60.0
    return min(base * (2 ** min(error_count, 10)), max(base, MAX_BACKOFF_S))


def _pull_all(pull: Callable[[int], list], save: Callable[[list], int], control: Any) -> tuple[int, int]:
    """Pull pages until a short one, committing each before the next pull: (pulled, new)."""
    pulled = new = 0
    for _round in range(MAX_ROUNDS):
        if control is not None and getattr(control, "cancelled", False):
            break
        batch = pull(PAGE_SIZE)
        new += save(batch)  # raises: the batch is lost only if the disk is; logged by the caller
        pulled += len(batch)
        if len(batch) < PAGE_SIZE:
            break
    return pulled, new


class Poller:
    """One profile's poll: ``poll_once()`` pulls reports then replies and records the outcome."""

    def __init__(self, store, client_getter: Callable[[], Any], now: Callable[[], str] = beijing_timestamp) -> None:
        self.store = store
        self.client_getter = client_getter
        self.now = now

    def enabled(self) -> tuple[bool, str]:
        if interval_minutes(self.store) <= 0:
            return False, "off"
        if self.store.get_setting(CONSENT_KEY) is not True:
            return False, "no consent"
        return True, ""

    def poll_once(self, control: Any = None, force: bool = False) -> PollResult:
        ok, reason = self.enabled()
        if not ok and not (force and reason == "off"):
            return PollResult(False, skipped_reason=reason, status=load_status(self.store))
        status = load_status(self.store)
        status.last_poll_at = self.now()
        result = PollResult(True)
        try:
            client = self.client_getter()
            result.reports, result.new_reports = _pull_all(client.pull_status, self.store.save_reports, control)
            result.replies, result.new_replies = _pull_all(client.pull_reply, self.store.save_replies, control)
        except Exception as exc:  # noqa: BLE001 - counted and shown; what was stored stays stored
            result.error = exc
            status.error_count += 1
            status.total_errors += 1
            status.last_error = _describe(exc)
            log.warning("background poll failed (%d in a row): %s", status.error_count, status.last_error)
        else:
            status.error_count = 0
            status.last_ok_at = status.last_poll_at
            status.last_reports, status.last_replies = result.new_reports, result.new_replies
        self.store.set_setting(STATUS_KEY, asdict(status))
        result.status = status
        return result


def _describe(exc: BaseException) -> str:
    """A short, apikey-free description (exceptions of gui.api never carry the apikey)."""
    code = getattr(exc, "code", None)
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if code is not None and str(code) not in text:
        text = f"{text} (code {code})"
    return text[:300]
