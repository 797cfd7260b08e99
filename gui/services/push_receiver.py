"""The push receiver's setting and its one owner (plain Python, no Qt).

The receiver itself is ``gui.store.receiver.PushReceiver`` (a small HTTP server that checks
``_sign`` and stores before answering SUCCESS). This module keeps what decides whether it
runs: the profile's setting (store setting ``push_receiver``: enabled, host, port, path),
read with ``push_config``, and ``PushReceiverService``, which starts, keeps or stops the
one receiver so that it matches the active profile's setting. The application context
owns the service (``gui.background_poll.BackgroundPoll``); the Settings dialog writes the
setting and asks the context to apply it; the status bar only shows ``PushState``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from gui.api.models import Reply, StatusReport
from gui.store.receiver import PushReceiver

log = logging.getLogger(__name__)

PUSH_KEY = "push_receiver"  # store setting: {"enabled", "host", "port", "path"}
DEFAULT_PUSH: dict[str, Any] = {"enabled": False, "host": "0.0.0.0", "port": 8090, "path": ""}

StorePushed = Callable[[Sequence[StatusReport], Sequence[Reply]], tuple[int, int]]


class SettingsStore(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...


def push_config(store: SettingsStore) -> dict[str, Any]:
    """The profile's push receiver setting, with the defaults for what it does not say."""
    value = store.get_setting(PUSH_KEY)
    config = dict(DEFAULT_PUSH)
    if isinstance(value, dict):
        config.update({k: v for k, v in value.items() if k in DEFAULT_PUSH})
    return config


@dataclass(frozen=True)
class PushState:
    """What the status bar shows: the port while running, the counts, or why it is not running."""

    port: int | None = None  # None: not running
    stored: int = 0  # reports and replies stored from pushes
    rejected: int = 0
    error: str = ""  # the receiver could not start (port taken, address not this machine's)


class PushReceiverService:
    """``PushReceiverService(verify_reply, on_stored)``; ``apply(owner, store_pushed, config)``
    makes the one receiver match a profile's setting, ``stop()`` ends it (profile left, quit).

    ``owner`` is the object the receiver stores through (the profile's ``PullService``): a
    new owner (another profile) restarts the receiver even with the same setting. Call from
    one thread (the GUI thread); the receiver answers pushes on threads of its own."""

    def __init__(self, verify_reply: Callable[[dict[str, Any]], bool], on_stored: Callable[[int, int], None]) -> None:
        self._verify_reply = verify_reply
        self._on_stored = on_stored
        self.receiver: PushReceiver | None = None
        self._key: tuple[int, str, int, str] | None = None
        self.error = ""

    def apply(self, owner: object, store_pushed: StorePushed, config: Mapping[str, Any]) -> None:
        """Start, keep or stop the receiver to match ``config`` (``push_config``'s shape)."""
        key = (id(owner), str(config["host"]), int(config["port"]), str(config["path"])) if config["enabled"] else None
        if key == self._key and (key is None or self.receiver is not None):
            return
        self.stop()
        self._key = key
        if key is None:
            return
        try:
            self.receiver = PushReceiver(
                store_pushed,  # pushed items go into the store the way pulled ones do
                host=key[1],
                port=key[2],
                path=key[3],
                verify_reply=self._verify_reply,
                on_stored=self._on_stored,
            ).start()
        except OSError as exc:  # the port is taken, or the address is not this machine's
            self.error = str(exc)
            log.error("push receiver not started on %s:%s: %s", key[1], key[2], exc)

    def stop(self) -> None:
        self._key = None
        self.error = ""
        if self.receiver is not None:
            receiver, self.receiver = self.receiver, None
            receiver.stop()

    def state(self) -> PushState:
        receiver = self.receiver
        if receiver is None:
            return PushState(error=self.error)
        stats = receiver.stats
        return PushState(receiver.port, stats.reports_stored + stats.replies_stored, stats.rejected)
