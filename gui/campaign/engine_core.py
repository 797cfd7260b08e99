"""The campaign engine's state, settings and pacing (plain Python, no Qt).

``EngineCore`` holds what a run knows between answers — the counts, the window of requests
in flight, the backoff, the ramp-up, pause and cancel — and turns it into ``Progress``.
The answers are handled in ``engine_answers.py`` and the run loop is ``engine.py``'s
``CampaignEngine``; ``gui.campaign.engine`` re-exports the public names of all three.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from gui.api.errors import ApiError
from gui.campaign import settle as settle_mod
from gui.campaign.archive_copy import ArchiveCopier
from gui.campaign.engine_store import StoreWriter, WriteTurn
from gui.campaign.journal import PAUSED, RUNNING, Chunk, Journal, PendingRow
from gui.campaign.protocols import CampaignClient, Clock, SentStore

log = logging.getLogger("gui.campaign.engine")

# Whole-request refusals that stop the run until the operator fixes something.
HALT_CODES = frozenset({3, -1, -2, -3, -4, 13})
# Whole-request refusals that mean "not now": rows back to pending, slow down, try again.
SLOW_DOWN_CODES = frozenset({-5, -51})
# Provider faults after which the request may or may not have been processed: settle.
DOUBT_CODES = frozenset({-50, -53})

STATE_SETTLING = "settling"
# Pause was pressed: no request leaves any more, the answers of those already submitted
# are awaited (they cannot be recalled); then the state is ``paused``.
STATE_PAUSING = "pausing"

# Ramp-up: the first requests of a run (and after a pause) are this small and grow, so a
# pause pressed at the first answer stops the campaign at a few hundred messages. Only runs
# with chunks larger than the last step ramp up (the console's 1000; tests' small chunks don't).
RAMP_SIZES = (50, 100, 200, 500)
# While ramping at most this many requests are in flight; the full window opens once all
# but the last ramp request were answered (then the last one and full chunks overlap).
RAMP_IN_FLIGHT = 2


class SystemClock:
    """The engine's time source; tests substitute one tied to the sandbox's clock."""

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


@dataclass
class EngineSettings:
    chunk_size: int = 1000
    max_in_flight: int = 8  # 100 ms away and ~25 ms of work a side per 1000-row request: 8 keep the line busy
    grace_seconds: float = 90.0  # wait this long after an in-doubt request before reading records
    use_uid: bool = False  # the account has uid enabled: tag chunks and match on it
    uid_prefix: str = "c"
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    settle_margin: float = settle_mod.DEFAULT_WINDOW_MARGIN
    settle_request_seconds: float = settle_mod.DEFAULT_REQUEST_SECONDS
    settle_attempts: int = 5  # failed settlement calls before the run stops (resumable)
    progress_interval: float = 0.1
    record_in_store: bool = True


@dataclass(frozen=True)
class Progress:
    campaign_id: int
    state: str  # running | pausing | paused | settling | finished | cancelled | stopped
    total: int  # rows planned for sending
    sent: int
    failed: int
    in_doubt: int  # rows whose request had no answer, waiting for settlement
    pending: int
    rate: float  # rows answered per second (recent)
    eta_seconds: float | None
    window: int  # requests allowed in flight now
    message: str = ""
    in_flight: int = 0  # rows submitted whose answer is awaited (pausing: "N already submitted")

    @property
    def done(self) -> int:
        return self.sent + self.failed


@dataclass
class RunOutcome:
    state: str  # finished | cancelled | paused (halted or operator) | stopped
    progress: Progress
    error: BaseException | None = None


@dataclass
class ChunkJob:
    """A claimed chunk on its way: its rows, the endpoint and uid it goes with."""

    chunk_id: int
    endpoint: str
    rows: list[PendingRow]
    uid: str | None
    requested_at: float


@dataclass
class RowCounts:
    sent: int = 0
    failed: int = 0
    in_doubt: int = 0
    pending: int = 0
    sending: int = 0  # claimed and in flight


class EngineCore:
    """State, control (any thread), pacing, ramp-up and progress of one campaign's run."""

    def __init__(
        self,
        journal: Journal,
        client: CampaignClient,
        campaign_id: int,
        settings: EngineSettings | None = None,
        *,
        store: SentStore | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        clock: Clock | None = None,
        archive: ArchiveCopier | None = None,
    ) -> None:
        self.journal = journal
        self.client = client
        self.campaign_id = campaign_id
        self.settings = settings or EngineSettings()
        self.store = store
        # the sends' copy into the store: from the journal once the run stopped sending
        # (archive_copy.py, the service's), else each chunk as answered (engine_store.py, closed by run())
        self.archive = archive
        self._store_writer: StoreWriter | None = None
        # the journal's claims and results take turns with that copy at a shared file's write lock
        self._write_turn = WriteTurn(getattr(journal, "path", None), store)
        self.on_progress = on_progress
        self.clock: Clock = clock or SystemClock()
        self._pause = threading.Event()
        self._cancel = threading.Event()
        self._wake = threading.Event()
        # Held while a request is claimed and handed to the pool, and by pause(): once
        # pause() returned, no request leaves until resume().
        self._submit_lock = threading.Lock()
        self.requests_submitted = 0  # send requests handed to the pool by this engine
        # requests_submitted when the last pause() took effect: every send request the
        # provider sees from this engine beyond it left after the pause (the benchmark counts)
        self.submitted_at_pause: int | None = None
        self._window = float(self.settings.max_in_flight)
        self._failures = 0
        self._backoff_until = 0.0
        self._halt: BaseException | None = None
        self._doubt: dict[int, Chunk] = {}
        self._settle_failures = 0
        self._counts = RowCounts()
        self._total = 0
        self._answered_times: deque[tuple[float, int]] = deque()
        self._last_progress = 0.0
        self._state = RUNNING
        self._message = ""
        self._random = random.Random()
        # Rows up to this one are known not to be pending (claimed by this run); rows put
        # back to pending reset it, so they go out first, as before.
        self._claimed_up_to = 0
        self._ramp_claimed = 0  # requests claimed since the run (or a resume) began
        self._ramp_answered = 0  # ... and answered (any outcome)

    # --- control (any thread) -----------------------------------------------------
    def pause(self) -> None:
        """No request leaves after this returns; those already submitted are awaited."""
        with self._submit_lock:
            self._pause.set()
            self.submitted_at_pause = self.requests_submitted
        self._wake.set()

    def resume(self) -> None:
        self._pause.clear()
        self._wake.set()

    def cancel(self) -> None:
        self._cancel.set()
        self._wake.set()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    # --- ramp-up ------------------------------------------------------------------
    def _ramp_steps(self) -> tuple[int, ...]:
        return RAMP_SIZES if self.settings.chunk_size > RAMP_SIZES[-1] else ()

    def _restart_ramp(self) -> None:
        self._ramp_claimed = self._ramp_answered = 0

    def _next_chunk_size(self) -> int:
        steps = self._ramp_steps()
        if self._ramp_claimed < len(steps):
            return steps[self._ramp_claimed]
        return self.settings.chunk_size

    def _in_flight_allowed(self) -> int:
        window = max(1, int(self._window))
        steps = self._ramp_steps()
        if steps and self._ramp_answered < len(steps) - 1:
            return min(window, RAMP_IN_FLIGHT)
        return window

    # --- pacing -------------------------------------------------------------------
    def _slow_down(self, now: float) -> None:
        self._window = max(1.0, self._window / 2)
        self._failures += 1
        delay = min(self.settings.backoff_max, self.settings.backoff_base * (2 ** (self._failures - 1)))
        delay *= 0.5 + self._random.random() / 2  # jitter: several consoles don't retry in step
        self._backoff_until = max(self._backoff_until, now + delay)

    def _success(self) -> None:
        self._failures = 0
        self._window = min(float(self.settings.max_in_flight), self._window + 1.0 / self._window)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.clock.sleep(seconds)

    # --- progress -----------------------------------------------------------------
    def _set_state(self, state: str, message: str = "") -> None:
        self._state, self._message = state, message

    def progress(self) -> Progress:
        now = self.clock.time()
        while self._answered_times and self._answered_times[0][0] < now - 10.0:
            self._answered_times.popleft()
        c = self._counts
        rate = 0.0
        eta: float | None = None
        if self._state not in (STATE_PAUSING, PAUSED):  # no rate, no time left while nothing leaves
            if self._answered_times:
                span = max(now - self._answered_times[0][0], 0.5)
                rate = sum(n for _, n in self._answered_times) / span
            remaining = c.pending + c.sending + c.in_doubt
            eta = remaining / rate if rate > 0 else None
        return Progress(
            self.campaign_id,
            self._state,
            self._total,
            c.sent,
            c.failed,
            c.in_doubt,
            c.pending + c.sending,
            rate,
            eta,
            max(1, int(self._window)),
            self._message,
            c.sending,
        )

    def _emit(self, force: bool = False) -> Progress | None:
        now = time.monotonic()
        if not force and now - self._last_progress < self.settings.progress_interval:
            return None
        self._last_progress = now
        progress = self.progress()
        if self.on_progress is not None:
            try:
                self.on_progress(progress)
            except Exception:
                log.exception("campaign progress listener failed")
        return progress


def error_text(error: BaseException | None) -> str:
    if error is None:
        return ""
    if isinstance(error, ApiError):
        return f"code {error.code}: {error.msg}" if error.msg else f"code {error.code}"
    return f"{type(error).__name__}: {error}"
