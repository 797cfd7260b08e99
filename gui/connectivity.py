"""Whether the active profile's gateway can be reached: the owner of the offline banner's state.

A tab's load that fails because the gateway cannot be reached (no network, a refused or
timed-out connection, TLS or DNS trouble, a proxy's 502/503/504) does not open a dialog:
it calls ``report`` and the main window's one banner says "cannot reach the gateway" with
a Retry. Any answer from the gateway (``reached``: a load that succeeded, a user_get, a
background poll) clears it. ``AppContext.connectivity`` holds one per console; a profile
switch forgets what the previous profile could not reach (one banner per profile).

Only loads the operator did not ask for (``in_background``: a tab's first load, the reload
after a profile switch, Retry) stay silent; an operator's own action (Send, Save, Search,
Refresh…) keeps its dialog: they asked and must hear about that very request. A provider's
refusal (an ApiError code) is an answer, not "offline".

In team mode the profile's archive and journal are a PostgreSQL database (issue 15, item 7).
When it cannot be reached (``gui.store.backend.database_unreachable``: the store would not
open, a load or a send's check failed for want of it) the console holds the spend gate —
nothing is sent, nothing is queued to be sent later — and ``database_offline`` shows the
database banner with its own Retry, which asks the database again in a worker. What the tabs
loaded stays on screen. The gate's hold is the one state: ``SpendGate.subscribe`` tells this
object (from any thread) and the banner follows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.api.errors import ApiError, TransportError, UnreadableResponse, describe

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.services.spend_gate import SpendGate

log = logging.getLogger(__name__)

DATABASE_PROBE_TIMEOUT_MS = 40_000  # above the connection string's connect (10 s) and TCP (30 s) timeouts

# A proxy or load balancer in front of the gateway answers these when it cannot reach it.
GATEWAY_DOWN_STATUSES = frozenset({502, 503, 504})


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the gateway could not be reached (not that it refused)."""
    if isinstance(error, TransportError):  # timeouts, refused or reset connections, TLS, DNS
        return True
    return (
        isinstance(error, UnreadableResponse)
        and error.reason == "http_error"
        and error.http_status in GATEWAY_DOWN_STATUSES
    )


class Connectivity(QObject):
    """``offline(str)``: the gateway could not be reached (the detail: what failed, in the
    operator's language, redacted); ``online()``: it answered again (or another profile)."""

    offline = Signal(str)
    online = Signal()
    database_offline = Signal(str)  # the team database cannot be reached: the detail (sending is held)
    database_online = Signal()
    _gate_changed = Signal(str)  # the spend gate's hold changed, from any thread: queued to this one

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self.detail = ""  # the last failure's description while offline, "" while online
        self._retries: dict[str, Callable[[], None]] = {}  # what failed, by name: run again on Retry
        # what failed because the team database did not answer: run again once it answers (retry_database)
        self._database_retries: dict[str, Callable[[], None]] = {}
        self._background: set[str] = set()  # tabs (by name) whose load running now nobody clicked
        ctx.profile_changed.connect(lambda _profile: self.forget())
        # Every user_get that succeeds (status bar, tabs, after a send) says the gateway answers.
        ctx.balance_changed.connect(self._account_read)
        self.database_detail = ""  # why the team database is out of reach, "" while it is not
        self._probing = False
        self._gate_changed.connect(self._gate_held)  # the gate, once made, tells it (watch_gate)

    def watch_gate(self, gate: SpendGate) -> None:
        """Hear ``gate``'s hold from now on (AppContext makes its gate on first use)."""
        gate.subscribe(self._gate_changed.emit)

    def _account_read(self, account: object) -> None:
        if account is not None:
            self.reached()

    def in_background(self, page: QObject) -> None:
        """The load ``page`` starts now was not asked for by the operator: should it fail for
        want of the gateway, the banner says so and no dialog opens (``show_load_error``)."""
        self._background.add(page.objectName())

    def take_background(self, page: QObject) -> bool:
        """Whether ``page``'s load that just ended was a background one (and forget it)."""
        name = page.objectName()
        background = name in self._background
        self._background.discard(name)
        return background

    @property
    def is_offline(self) -> bool:
        return bool(self.detail)

    def report(self, error: BaseException, retry: Callable[[], None] | None = None, name: str = "") -> bool:
        """A background load failed with ``error``: True (and the banner told) when it is
        because the gateway (or, in team mode, the team database) cannot be reached, False when
        the caller should say it itself. ``retry`` (under ``name``: one per tab) runs again when
        the operator presses Retry."""
        if self.database_failed(error):
            if retry is not None:  # apart from the gateway's: an answer from the gateway says nothing of the database
                self._database_retries[name or repr(retry)] = retry
            return True
        if not unreachable(error):
            if isinstance(error, ApiError):
                self.reached()  # a refusal is an answer: the gateway is there (the caller says why)
            return False
        if retry is not None:
            self._retries[name or repr(retry)] = retry
        _title, body = describe(error, "zh" if self._ctx.language.startswith("zh") else "en")
        body = self._ctx.secrets.redact(body)
        status = getattr(error, "http_status", None)
        self.detail = body + (f" (HTTP {status})" if status and str(status) not in body else "")
        log.info("gateway unreachable: %s", type(error).__name__)
        self.offline.emit(self.detail)
        return True

    def reached(self, page: QObject | None = None) -> None:
        """The gateway answered (``page``'s load, when given): hide the banner; nothing is
        waiting for a Retry any more."""
        if page is not None:
            self._background.discard(page.objectName())
        self._retries.clear()
        if self.detail:
            self.detail = ""
            log.info("gateway reachable again")
            self.online.emit()

    def forget(self) -> None:
        """Another profile (or none): what the last one could not reach says nothing of this one."""
        self._database_retries.clear()
        self.reached()
        if self._ctx.spend_gate_made:  # one not made yet is open
            self._ctx.spend_gate.resume()  # another database (or none): its own failure will hold it again

    # --- the team database ------------------------------------------------------------
    @property
    def database_unreachable(self) -> bool:
        return bool(self.database_detail)

    def database_failed(self, error: BaseException) -> bool:
        """``error`` came from the store or journal (any thread): when it says the team database
        cannot be reached, hold sending (the banner follows) and return True."""
        from gui.store.backend import database_unreachable

        if not database_unreachable(error):
            return False
        detail = self._ctx.secrets.redact(str(error).strip() or type(error).__name__)
        log.info("team database unreachable: %s", type(error).__name__)
        self._ctx.spend_gate.hold(detail)
        return True

    def _gate_held(self, reason: str) -> None:
        """On the GUI thread: the spend gate's hold changed (``database_failed``, a service's check)."""
        self.database_detail = reason
        if reason:
            self.database_offline.emit(reason)
        else:
            self.database_online.emit()

    def retry_database(self) -> None:
        """The database banner's Retry: ask the database again in a worker (the profile's store,
        one round trip); when it answers, sending opens again and the failed loads run again."""
        if self._probing:
            return
        self._probing = True
        ctx = self._ctx

        def probe() -> None:
            from gui.store.backend import ensure_reachable

            ensure_reachable(ctx.store())

        def answered(_result: object) -> None:
            self._probing = False
            ctx.spend_gate.resume()
            self.retry_loads()

        def failed(error: BaseException) -> None:
            self._probing = False
            if not self.database_failed(error):
                log.warning("the team database answered the retry with an error: %s", error)
            self.database_offline.emit(self.database_detail)  # the banner's time of the last try

        # bounded: a probe that hangs (a server gone without a reset) must not leave Retry dead
        ctx.run(probe, answered, failed, name="database_probe", timeout_ms=DATABASE_PROBE_TIMEOUT_MS)

    def retry_loads(self) -> None:
        """The database answers again: run the loads it failed (one that fails again is listed
        again by ``report``), and those still waiting for the gateway."""
        waiting, self._database_retries = self._database_retries, {}
        self._run_again({**self._retries, **waiting})

    def retry(self) -> None:
        """Run the failed loads again (each tab's refresh; they stay listed until the gateway
        answers); with none waiting (a background poll failed), ask user_get."""
        if not self._retries:
            self._ctx.refresh_account(on_error=lambda error: self.report(error))
        self._run_again(dict(self._retries))

    def _run_again(self, retries: dict[str, Callable[[], None]]) -> None:
        for name, run in retries.items():
            self._background.add(name)  # a Retry that fails again updates the banner, no dialog
            run()

    def polled(self, result: object) -> None:
        """A background poll ran (gui.store.poller.PollResult): its failure or answer counts too."""
        error = getattr(result, "error", None)
        if error is None:
            self.reached()
        else:
            self.report(error)  # an ApiError clears the banner too: the gateway answered
