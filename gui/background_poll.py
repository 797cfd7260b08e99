"""The background poll and the push receiver, owned by the application context (no widget).

``AppContext.background_poll()`` builds one ``BackgroundPoll`` (the main window asks for it
when it builds its status bar). It follows the active profile: it reads the profile's
interval, consent, last poll status and push receiver setting in a worker, arms a
single-shot timer, runs each poll as ``PullService.poll_once`` (the one pull loop,
gui.services.pull; in team mode only in its turn, else ``PollState.elsewhere``) in a worker
and schedules the next one when it is done (interval × 2^errors after failures,
``gui.store.poller``), and starts, keeps or stops the push
receiver (``gui.services.push_receiver``) to match the setting. The Settings dialog saves
the setting and calls ``reschedule()``; the status-bar label only shows ``PollState``, which
``changed`` carries after every change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from gui.services.pull import ELSEWHERE, PullService
from gui.services.push_receiver import PushReceiverService, PushState, push_config
from gui.store import poller

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PollState:
    """What the status bar shows about fetching in the background and receiving pushes."""

    active: bool = False  # a profile with an apikey whose settings were read
    interval: int = 0  # minutes, 0 = off
    consent: bool = False
    status: poller.PollStatus = field(default_factory=poller.PollStatus)
    waiting: int = 0  # pulled items waiting in the profile's spill file
    push: PushState = field(default_factory=PushState)
    elsewhere: bool = False  # the last poll found another console of the team pulling (team mode)


class BackgroundPoll(QObject):
    changed = Signal(object)  # PollState, after every change
    polled = Signal(object)  # gui.store.poller.PollResult, after each poll that ran
    pushed = Signal(int, int)  # reports, replies committed from a push (emitted from its thread)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll_now)
        self.interval = 0
        self.consent = False
        self.active = False
        self.status = poller.PollStatus()
        self.waiting = 0
        self.elsewhere = False
        self._polling = False
        self._generation = 0
        self.push_receiver = PushReceiverService(
            ctx.verify_reply_sign, lambda reports, replies: self.pushed.emit(reports, replies)
        )
        self._stopped = False
        self.pushed.connect(self._on_pushed)  # a bound method: queued to this (the GUI) thread
        ctx.profile_changed.connect(lambda _profile: self.reschedule())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        QTimer.singleShot(0, self.reschedule)

    @property
    def receiver(self) -> Any:
        """The running gui.store.receiver.PushReceiver, or None."""
        return self.push_receiver.receiver

    def state(self) -> PollState:
        return PollState(
            self.active,
            self.interval,
            self.consent,
            self.status,
            self.waiting,
            self.push_receiver.state(),
            self.elsewhere,
        )

    def _changed(self) -> None:
        self.changed.emit(self.state())

    def _on_pushed(self, _reports: int, _replies: int) -> None:
        self._changed()

    # --- state ------------------------------------------------------------------------
    def reschedule(self) -> None:
        """Read the profile's interval, consent, last status and push setting (in a worker), then
        arm the timer and start, keep or stop the push receiver."""
        self._generation += 1
        self.timer.stop()
        if self._stopped or self.ctx.profile is None or not self.ctx.has_apikey:
            self._inactive()
            return
        generation = self._generation
        service = self.ctx.pull_service()

        def read() -> tuple | None:
            try:
                store = service.store()  # here, not on the GUI thread: the first open may migrate the file
            except Exception:  # noqa: BLE001 - no store: nothing to poll into
                return None
            return (
                service,
                poller.interval_minutes(store),
                service.consent() is True,
                poller.load_status(store),
                push_config(store),
                service.waiting_in_spill(),
            )

        def done(state: tuple | None) -> None:
            if state is not None:
                self._apply(generation, *state)
            elif generation == self._generation:
                self._inactive()

        self.ctx.run(read, done, lambda exc: log.warning("poll settings: %s", exc), name="poll_settings")

    def _inactive(self) -> None:
        self.push_receiver.stop()
        self.active = False
        self._changed()

    def _apply(
        self,
        generation: int,
        service: PullService,
        interval: int,
        consent: bool,
        status: poller.PollStatus,
        push: dict,
        waiting: int,
    ) -> None:
        if generation != self._generation:
            return
        self.interval, self.consent, self.status, self.waiting = interval, consent, status, waiting
        self.active = True
        self.push_receiver.apply(service, service.store_pushed, push)
        self._changed()
        if not self._polling:
            self._arm()

    def _arm(self) -> None:
        delay = poller.next_delay_s(self.interval, self.status.error_count)
        if delay is None or not self.consent or self._stopped:
            self.timer.stop()
        else:
            self.timer.start(int(delay * 1000))

    def stop(self) -> None:
        """Quit or the context's release: no more polls, the receiver stops listening."""
        self._stopped = True
        self._generation += 1
        self.timer.stop()
        self.push_receiver.stop()

    # --- polling ----------------------------------------------------------------------
    def poll_now(self) -> Any:
        """Run one poll now (the timer calls this). Returns the task, or None when it did not start."""
        if self._polling or self.ctx.profile is None or not self.ctx.has_apikey:
            return None
        service = self.ctx.pull_service()
        self._polling = True
        generation = self._generation
        task = self.ctx.run(
            lambda control: service.poll_once(control),
            lambda result: self._polled(generation, result),
            self._failed,
            name="background_poll",
            with_control=True,
        )
        self.ctx.track_pull(task)  # a profile switch lets it store what it pulled first
        return task

    def _polled(self, generation: int, result: poller.PollResult) -> None:
        self._polling = False
        if generation == self._generation:
            self.status, self.waiting = result.status, result.waiting
            self.elsewhere = result.skipped_reason == ELSEWHERE
            self._changed()
        self._arm()
        if result.ran:
            self.polled.emit(result)

    def _failed(self, exc: BaseException) -> None:  # poll_once catches API errors; this is a bug or the disk
        self._polling = False
        log.error("background poll failed: %s", exc)
        self._arm()
