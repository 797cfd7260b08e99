"""The campaign engine: sends a journaled campaign exactly once (plain Python, no Qt).

How a run goes (``CampaignEngine.run``):

- Rows left ``sending`` by an earlier run (crash, kill) are in doubt: queued for settlement.
- The pending rows go out in chunks of at most ``chunk_size`` (1000): one text for the whole
  chunk through batch_send, personalised texts through multi_send, international numbers one
  per call through single_send. Before a chunk leaves, its rows are claimed in the journal
  (one transaction); when its answer is in, every row's result is recorded (one transaction).
- Ramp-up: a run's (and a resume's) first requests are small and grow (50, 100, 200, 500 rows,
  two in flight), then full chunks, the whole window: a pause at the first answer stops it under 1,000.
- Up to ``max_in_flight`` (8) chunk requests run at once on a small thread pool; the journal
  is written only from the engine's own thread. The window adapts AIMD-style: -5 (rate
  exceeded), transport failures and in-doubt answers halve it and start an exponential
  backoff; every answered chunk grows it back by 1/window.
- A whole request refused before processing (-5, -51, balance, apikey…) puts its rows back
  to pending; balance, apikey, IP and quota errors stop the run (``paused``, with the error).
- A request with no answer (``SendInDoubt``) leaves its rows ``sending``: after the grace period
  they are settled from the provider's records, only the rows without a record are sent again.
- ``pause()`` / ``resume()`` / ``cancel()`` from any thread; ``should_stop`` (the console
  quitting) ends the run resumable. Once ``pause()`` returned no request leaves — no chunk,
  retry or settlement call — and the state is ``pausing`` (``Progress.in_flight`` rows already
  submitted, answers awaited: they cannot be recalled), then ``paused``.
- ``on_progress(Progress)`` after answers, at most every ``progress_interval`` s (plus a last one).
- The store's copy of the sends: from the journal once the run stopped sending (archive_copy.py).

``EngineCore`` (engine_core.py: state, pacing, progress), ``AnswerHandling`` (engine_answers.py), here the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from gui.api.errors import ApiError
from gui.api.models import BatchSendResult, Record, SendResult
from gui.campaign import settle as settle_mod
from gui.campaign.engine_answers import AnswerHandling
from gui.campaign.engine_core import (
    DOUBT_CODES,
    HALT_CODES,
    RAMP_IN_FLIGHT,
    RAMP_SIZES,
    SLOW_DOWN_CODES,
    STATE_PAUSING,
    STATE_SETTLING,
    ChunkJob,
    EngineSettings,
    Progress,
    RowCounts,
    RunOutcome,
    SystemClock,
    error_text,
)
from gui.campaign.engine_settling import (
    NOT_SENT_AFTER_SETTLING,
    CampaignSettlement,
    record_settled_in_store,
    settle_campaign,
)
from gui.campaign.journal import (
    CANCELLED,
    FAILED,
    FINISHED,
    PAUSED,
    PENDING,
    RUNNING,
    SENDING,
    SENT,
    JournalRow,
    PendingRow,
)
from gui.campaign.protocols import CampaignClient

log = logging.getLogger(__name__)

__all__ = [
    "CANCELLED",
    "DOUBT_CODES",
    "FINISHED",
    "HALT_CODES",
    "NOT_SENT_AFTER_SETTLING",
    "PAUSED",
    "RAMP_IN_FLIGHT",
    "RAMP_SIZES",
    "RUNNING",
    "SLOW_DOWN_CODES",
    "STATE_PAUSING",
    "STATE_SETTLING",
    "CampaignEngine",
    "CampaignSettlement",
    "EngineSettings",
    "Progress",
    "RunOutcome",
    "SystemClock",
    "send_test_message",
    "settle_campaign",
]

# Team mode: how often a run whose own rows are done looks again at other consoles' chunks.
ELSEWHERE_POLL_SECONDS = 0.25

_InFlight = dict[Future[SendResult | BatchSendResult], ChunkJob]


class CampaignEngine(AnswerHandling):
    # --- the run ------------------------------------------------------------------
    def run(self, should_stop: Callable[[], bool] | None = None) -> RunOutcome:
        """Send the campaign until it is finished, cancelled, halted or stopped."""
        stop = should_stop or (lambda: False)
        self.journal.mark_in_doubt(self.campaign_id)
        self._doubt = {c.id: c for c in self.journal.doubtful_chunks(self.campaign_id)}
        counts = self.journal.counts(self.campaign_id)
        self._counts = RowCounts(
            sent=counts.get(SENT, 0),
            failed=counts.get(FAILED, 0),
            in_doubt=counts.get(SENDING, 0),
            pending=counts.get(PENDING, 0),
        )
        self._total = self._counts.sent + self._counts.failed + self._counts.in_doubt + self._counts.pending
        self._restart_ramp()
        self.journal.set_state(self.campaign_id, RUNNING)
        self._set_state(RUNNING)
        in_flight: _InFlight = {}
        outcome_state = FINISHED
        error: BaseException | None = None
        if self.archive is not None:
            self.archive.run_started()
        executor = ThreadPoolExecutor(max_workers=max(1, self.settings.max_in_flight), thread_name_prefix="campaign")
        try:
            while True:
                if self._cancel.is_set():
                    outcome_state = CANCELLED
                    break
                if stop():
                    outcome_state = "stopped"
                    break
                if self._halt is not None:
                    outcome_state, error = PAUSED, self._halt
                    break
                if self._pause.is_set():
                    self._pausing(in_flight)
                    self._wait_paused(stop)  # cancelled or stopped while paused: the loop's checks decide
                    continue

                now = self.clock.time()
                exhausted = False
                if now >= self._backoff_until:
                    exhausted = self._submit(executor, in_flight)

                if in_flight:
                    done, _ = wait(list(in_flight), timeout=0.1, return_when=FIRST_COMPLETED)
                    for future in done:
                        self._handle(in_flight.pop(future), future)
                    continue

                if self._pause.is_set():
                    continue  # paused while claiming: nothing more leaves, not even a settlement call

                if self._counts.pending > 0 and now < self._backoff_until:
                    self._sleep(min(self._backoff_until - now, 0.2))
                    continue

                if self._doubt:
                    self._settle(stop)
                    continue

                if self._counts.pending > 0 and not exhausted:
                    continue  # e.g. rows released by the last answer
                if self._rows_elsewhere():
                    continue
                self._counts.pending = 0
                outcome_state = FINISHED
                break
        except BaseException as exc:
            error = exc
            outcome_state = "stopped"
            log.exception("campaign %s: engine stopped on an unexpected error", self.campaign_id)
        finally:
            try:
                self._drain(in_flight)
                executor.shutdown(wait=True)
            finally:
                if self._store_writer is not None:  # the run's sends are in the store when it returns
                    self._store_writer.close()
                    self._store_writer = None

        try:
            if outcome_state in (FINISHED, CANCELLED):
                self.journal.set_state(self.campaign_id, outcome_state)
            else:  # halted, stopped or crashed: resumable
                self.journal.set_state(self.campaign_id, PAUSED, error=error_text(error))
            self._set_state(outcome_state, error_text(error))
            progress = self._emit(force=True) or self.progress()  # forced: always a Progress
        finally:
            if self.archive is not None:  # the copy begins after the run's last journal write; not awaited
                self.archive.run_ended()
        return RunOutcome(outcome_state, progress, error)

    # --- claiming and sending -----------------------------------------------------
    def _submit(self, executor: ThreadPoolExecutor, in_flight: _InFlight) -> bool:
        """Claim chunks and hand them to the pool while the window (or the ramp) allows.

        True when no pending row was left to claim. Nothing is handed over once pause()
        or cancel() was called: a chunk claimed meanwhile goes back to pending unsent."""
        while len(in_flight) < self._in_flight_allowed():
            if self._pause.is_set() or self._cancel.is_set():
                return False
            job = self._claim_next()
            if job is None:
                return True
            with self._submit_lock:  # pause() waits for this hand-over, never for the journal
                leaves = not (self._pause.is_set() or self._cancel.is_set())
                if leaves:
                    in_flight[executor.submit(self._send, job)] = job
                    self.requests_submitted += 1
            if not leaves:
                self.journal.release_chunk(job.chunk_id, "paused before sending")
                self._claimed_up_to = 0  # rows back to pending: scan from the start
                return False
            self._ramp_claimed += 1
            self._counts.pending -= len(job.rows)
            self._counts.sending += len(job.rows)
        return False

    def _claim_next(self) -> ChunkJob | None:
        size = self._next_chunk_size()
        now = self.clock.time()
        prefix = f"{self.settings.uid_prefix}{self.campaign_id}-" if self.settings.use_uid else None
        # One transaction reads the first pending rows and claims them (no other engine in between);
        # with the store on the same file, it takes its turn with the store's writer.
        with self._write_turn.held():
            claimed = self.journal.claim_next(
                self.campaign_id,
                size,
                choose_request,
                after_row=self._claimed_up_to,
                uid_prefix=prefix,
                requested_at=now,
            )
            if claimed is None and self._claimed_up_to:
                self._claimed_up_to = 0  # whatever went back to pending meanwhile
                claimed = self.journal.claim_next(
                    self.campaign_id, size, choose_request, uid_prefix=prefix, requested_at=now
                )
        if claimed is None:
            return None
        if claimed.scanned_to is not None:
            self._claimed_up_to = claimed.scanned_to
        # else: international rows were left pending in between; the next scan starts where this one did
        return ChunkJob(claimed.chunk_id, claimed.endpoint, claimed.rows, claimed.uid, now)

    def _send(self, job: ChunkJob) -> SendResult | BatchSendResult:
        """Runs on a pool thread: only the HTTP call, no journal."""
        mobiles = [r.mobile for r in job.rows]
        if job.endpoint == "sms/single_send":
            return self.client.single_send(mobiles[0], job.rows[0].text, uid=job.uid)
        if job.endpoint == "sms/batch_send":
            return self.client.batch_send(mobiles, job.rows[0].text, uid=job.uid)
        return self.client.multi_send(mobiles, [r.text for r in job.rows], uid=job.uid)

    def _drain(self, in_flight: _InFlight) -> None:
        """Wait for every request in flight and record its outcome."""
        while in_flight:
            done, _ = wait(list(in_flight), timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                self._handle(in_flight.pop(future), future)

    def _rows_elsewhere(self) -> bool:
        """Team mode: other consoles still hold rows of this campaign (never in a local journal).

        A chunk whose console's lease expired (it died) is taken over in doubt and settled
        from the provider's records before any of its rows is sent again; while living
        consoles send theirs, wait for them, claiming whatever they put back to pending."""
        elsewhere = self.journal.chunks_elsewhere(self.campaign_id)
        for chunk in elsewhere.taken_over:
            self._doubt[chunk.id] = chunk
            self._counts.in_doubt += len(self.journal.chunk_rows(chunk.id))
        if elsewhere.taken_over:
            return True
        if elsewhere.live:
            self._set_state(RUNNING, "other consoles are sending the rest")
            self._emit()
            self._wake.wait(ELSEWHERE_POLL_SECONDS)  # pause and cancel wake it at once
            self._wake.clear()
            return True
        return False

    # --- pause --------------------------------------------------------------------
    def _pausing(self, in_flight: _InFlight) -> None:
        """Paused: nothing leaves any more; wait for the answers of what was already submitted."""
        if in_flight:
            self._set_state(STATE_PAUSING)
            self._emit(force=True)
            self._drain(in_flight)

    def _wait_paused(self, stop: Callable[[], bool]) -> bool:
        self.journal.set_state(self.campaign_id, PAUSED)
        self._set_state(PAUSED)
        self._emit(force=True)
        while self._pause.is_set() and not self._cancel.is_set() and not stop():
            self._wake.wait(0.1)
            self._wake.clear()
        if self._cancel.is_set() or stop():
            return False
        self.journal.set_state(self.campaign_id, RUNNING)
        self._set_state(RUNNING)
        self._restart_ramp()  # a resume starts small again, as a run does
        self._emit(force=True)
        return True

    # --- settlement ---------------------------------------------------------------
    def _settle(self, stop: Callable[[], bool]) -> None:
        now = self.clock.time()
        first_due = min(c.requested_at for c in self._doubt.values()) + self.settings.grace_seconds
        if now < first_due:
            self._set_state(STATE_SETTLING, "waiting for the provider's records")
            self._emit()
            self._sleep(min(first_due - now, 0.2))
            return
        self._set_state(STATE_SETTLING, "settling rows in doubt")
        self._emit(force=True)

        def check_stop() -> None:
            # paused too: no settlement call leaves after Pause (the rows stay in doubt until resumed)
            if stop() or self._cancel.is_set() or self._pause.is_set():
                raise _Stopped()

        try:
            result = settle_mod.settle_chunks(
                self.journal,
                self.client,
                list(self._doubt.values()),
                now=now,
                grace_seconds=self.settings.grace_seconds,
                use_uid=self.settings.use_uid,
                margin=self.settings.settle_margin,
                request_seconds=self.settings.settle_request_seconds,
                should_stop=check_stop,
                on_sent=self._settled_in_store,
            )
        except _Stopped:
            return
        except ApiError as exc:
            self._settle_failed(exc, now, halt=exc.code in HALT_CODES)
            return
        except Exception as exc:  # noqa: BLE001 - transport trouble: rows stay in doubt, try again later
            self._settle_failed(exc, now)
            return
        self._settle_failures = 0
        for chunk_id in [cid for cid, c in self._doubt.items() if c.requested_at + self.settings.grace_seconds <= now]:
            del self._doubt[chunk_id]
        self._counts.in_doubt -= result.sent + result.unsent
        self._counts.sent += result.sent
        self._counts.pending += result.unsent
        self._claimed_up_to = 0  # rows back to pending: scan from the start
        self._set_state(RUNNING)
        log.info(
            "campaign %s: settled %d rows as sent, %d to send again (%d get_record calls)",
            self.campaign_id,
            result.sent,
            result.unsent,
            result.calls,
        )
        self._emit(force=True)

    def _settle_failed(self, exc: BaseException, now: float, halt: bool = False) -> None:
        self._settle_failures += 1
        log.warning("campaign %s: settling failed (%s)", self.campaign_id, error_text(exc))
        if halt or self._settle_failures >= self.settings.settle_attempts:
            self._halt = exc
            return
        self._slow_down(now)
        self._sleep(min(self._backoff_until - now, 1.0))

    def _settled_in_store(self, pairs: list[tuple[JournalRow, Record]]) -> None:
        if self.settings.record_in_store:
            record_settled_in_store(self.store, self.campaign_id, pairs)


def choose_request(rows: Sequence[PendingRow]) -> tuple[str, Sequence[PendingRow]]:
    """One request among the first pending rows: an international row alone (single_send),
    else the domestic rows in one batch_send (one text) or multi_send (personalised)."""
    if rows[0].international:
        return "sms/single_send", rows[:1]
    chosen = [r for r in rows if not r.international]
    return ("sms/batch_send" if len({r.text for r in chosen}) == 1 else "sms/multi_send"), chosen


class _Stopped(Exception):
    pass


def send_test_message(client: CampaignClient, number: str, text: str) -> SendResult:
    """The optional test send to the operator's own number before a campaign (single_send).

    Only the campaign service calls it, after the spend gate (tests/test_architecture.py)."""
    return client.single_send(number, text)
