"""The campaign engine: sends a journaled campaign exactly once (plain Python, no Qt).

How a run goes (``CampaignEngine.run``):

- Rows left ``sending`` by an earlier run (a crash, a kill) are in doubt: their chunks
  are queued for settlement (``gui.campaign.settle``) and are not sent meanwhile.
- The pending rows go out in chunks of at most ``chunk_size`` (1000): one text for the
  whole chunk through batch_send, personalised texts through multi_send, international
  numbers one per call through single_send. Before a chunk leaves, its rows are claimed
  in the journal (one transaction); when its answer is in, every row's result is
  recorded (one transaction).
- Up to ``max_in_flight`` (4) chunk requests run at once on a small thread pool; the
  journal is written only from the engine's own thread. The window adapts AIMD-style:
  -5 (rate exceeded), transport failures and in-doubt answers halve it and start an
  exponential backoff; every answered chunk grows it back by 1/window.
- A whole request refused before processing (-5, -51, balance, apikey…) puts its rows
  back to pending: nothing was sent, nothing is duplicated. Balance, apikey, IP and
  quota errors stop the run (state ``paused`` with the error) until the operator acts.
- A request with no answer (``SendInDoubt``) leaves its rows ``sending``: after the
  grace period they are settled from the provider's records, and only the rows without
  a record are sent again.
- ``pause()`` / ``resume()`` / ``cancel()`` from any thread; ``should_stop`` (the task's
  cancellation, e.g. the console quitting) ends the run resumable, not cancelled.
- ``on_progress(Progress)`` after every answered chunk, at most every
  ``progress_interval`` seconds (plus a last one).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from decimal import Decimal

from gui.api.errors import ApiError, LimitError, SendInDoubt
from gui.api.models import BatchSendResult, Record, SendResult
from gui.campaign import settle as settle_mod
from gui.campaign.journal import (
    CANCELLED,
    CHUNK_ANSWERED,
    CHUNK_IN_DOUBT,
    FAILED,
    FINISHED,
    PAUSED,
    PENDING,
    RUNNING,
    SENDING,
    SENT,
    Chunk,
    Journal,
    JournalRow,
    PendingRow,
    RowResult,
)
from gui.campaign.protocols import CampaignClient, Clock, SentStore

log = logging.getLogger(__name__)

# Whole-request refusals that stop the run until the operator fixes something.
HALT_CODES = frozenset({3, -1, -2, -3, -4, 13})
# Whole-request refusals that mean "not now": rows back to pending, slow down, try again.
SLOW_DOWN_CODES = frozenset({-5, -51})
# Provider faults after which the request may or may not have been processed: settle.
DOUBT_CODES = frozenset({-50, -53})

STATE_SETTLING = "settling"


class SystemClock:
    """The engine's time source; tests substitute one tied to the sandbox's clock."""

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


@dataclass
class EngineSettings:
    chunk_size: int = 1000
    max_in_flight: int = 4
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
    state: str  # running | paused | settling | finished | cancelled | stopped
    total: int  # rows planned for sending
    sent: int
    failed: int
    in_doubt: int  # rows whose request had no answer, waiting for settlement
    pending: int
    rate: float  # rows answered per second (recent)
    eta_seconds: float | None
    window: int  # requests allowed in flight now
    message: str = ""

    @property
    def done(self) -> int:
        return self.sent + self.failed


@dataclass
class RunOutcome:
    state: str  # finished | cancelled | paused (halted or operator) | stopped
    progress: Progress
    error: BaseException | None = None


@dataclass
class _Job:
    chunk_id: int
    endpoint: str
    rows: list[PendingRow]
    uid: str | None
    requested_at: float


@dataclass
class _Counts:
    sent: int = 0
    failed: int = 0
    in_doubt: int = 0
    pending: int = 0
    sending: int = 0  # claimed and in flight


class CampaignEngine:
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
    ) -> None:
        self.journal = journal
        self.client = client
        self.campaign_id = campaign_id
        self.settings = settings or EngineSettings()
        self.store = store
        self.on_progress = on_progress
        self.clock: Clock = clock or SystemClock()
        self._pause = threading.Event()
        self._cancel = threading.Event()
        self._wake = threading.Event()
        self._window = float(self.settings.max_in_flight)
        self._failures = 0
        self._backoff_until = 0.0
        self._halt: BaseException | None = None
        self._doubt: dict[int, Chunk] = {}
        self._settle_failures = 0
        self._counts = _Counts()
        self._total = 0
        self._answered_times: deque[tuple[float, int]] = deque()
        self._last_progress = 0.0
        self._state = RUNNING
        self._message = ""
        self._random = random.Random()
        # Rows up to this one are known not to be pending (claimed by this run); rows put
        # back to pending reset it, so they go out first, as before.
        self._claimed_up_to = 0

    # --- control (any thread) -----------------------------------------------------
    def pause(self) -> None:
        self._pause.set()
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

    # --- the run ------------------------------------------------------------------
    def run(self, should_stop: Callable[[], bool] | None = None) -> RunOutcome:
        """Send the campaign until it is finished, cancelled, halted or stopped."""
        stop = should_stop or (lambda: False)
        self.journal.mark_in_doubt(self.campaign_id)
        self._doubt = {c.id: c for c in self.journal.doubtful_chunks(self.campaign_id)}
        counts = self.journal.counts(self.campaign_id)
        self._counts = _Counts(
            sent=counts.get(SENT, 0),
            failed=counts.get(FAILED, 0),
            in_doubt=counts.get(SENDING, 0),
            pending=counts.get(PENDING, 0),
        )
        self._total = self._counts.sent + self._counts.failed + self._counts.in_doubt + self._counts.pending
        self.journal.set_state(self.campaign_id, RUNNING)
        self._set_state(RUNNING)
        in_flight: dict[Future[SendResult | BatchSendResult], _Job] = {}
        outcome_state = FINISHED
        error: BaseException | None = None
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
                    self._drain(in_flight)
                    if not self._wait_paused(stop):
                        continue  # cancelled or stopped while paused: the loop's checks decide
                    continue

                now = self.clock.time()
                exhausted = False
                if now >= self._backoff_until:
                    while len(in_flight) < max(1, int(self._window)):
                        job = self._claim_next()
                        if job is None:
                            exhausted = True
                            break
                        in_flight[executor.submit(self._send, job)] = job
                        self._counts.pending -= len(job.rows)
                        self._counts.sending += len(job.rows)

                if in_flight:
                    done, _ = wait(list(in_flight), timeout=0.1, return_when=FIRST_COMPLETED)
                    for future in done:
                        self._handle(in_flight.pop(future), future)
                    continue

                if self._counts.pending > 0 and now < self._backoff_until:
                    self._sleep(min(self._backoff_until - now, 0.2))
                    continue

                if self._doubt:
                    self._settle(stop)
                    continue

                if self._counts.pending > 0 and not exhausted:
                    continue  # e.g. rows released by the last answer
                self._counts.pending = 0
                outcome_state = FINISHED
                break
        except BaseException as exc:
            error = exc
            outcome_state = "stopped"
            log.exception("campaign %s: engine stopped on an unexpected error", self.campaign_id)
        finally:
            self._drain(in_flight)
            executor.shutdown(wait=True)

        if outcome_state == FINISHED:
            self.journal.set_state(self.campaign_id, FINISHED)
        elif outcome_state == CANCELLED:
            self.journal.set_state(self.campaign_id, CANCELLED)
        else:
            # halted, stopped or crashed: resumable
            self.journal.set_state(self.campaign_id, PAUSED, error=_error_text(error))
        self._set_state(outcome_state, _error_text(error))
        progress = self._emit(force=True) or self.progress()  # forced: always a Progress
        return RunOutcome(outcome_state, progress, error)

    # --- claiming and sending -----------------------------------------------------
    def _claim_next(self) -> _Job | None:
        rows = self.journal.next_pending(self.campaign_id, self.settings.chunk_size, self._claimed_up_to)
        if not rows and self._claimed_up_to:
            self._claimed_up_to = 0  # whatever went back to pending meanwhile
            rows = self.journal.next_pending(self.campaign_id, self.settings.chunk_size)
        if not rows:
            return None
        if rows[0].international:
            chosen = [rows[0]]
            endpoint = "sms/single_send"
        else:
            chosen = [r for r in rows if not r.international]
            endpoint = "sms/batch_send" if len({r.text for r in chosen}) == 1 else "sms/multi_send"
        now = self.clock.time()
        prefix = f"{self.settings.uid_prefix}{self.campaign_id}-" if self.settings.use_uid else None
        chunk_id, uid = self.journal.claim_chunk(
            self.campaign_id, endpoint, [r.row_no for r in chosen], uid_prefix=prefix, requested_at=now
        )
        if len(chosen) == len(rows):
            self._claimed_up_to = rows[-1].row_no
        # else: international rows were left pending in between; the next scan starts where this one did
        return _Job(chunk_id, endpoint, chosen, uid, now)

    def _send(self, job: _Job) -> SendResult | BatchSendResult:
        """Runs on a pool thread: only the HTTP call, no journal."""
        mobiles = [r.mobile for r in job.rows]
        if job.endpoint == "sms/single_send":
            return self.client.single_send(mobiles[0], job.rows[0].text, uid=job.uid)
        if job.endpoint == "sms/batch_send":
            return self.client.batch_send(mobiles, job.rows[0].text, uid=job.uid)
        return self.client.multi_send(mobiles, [r.text for r in job.rows], uid=job.uid)

    def _drain(self, in_flight: dict[Future[SendResult | BatchSendResult], _Job]) -> None:
        """Wait for every request in flight and record its outcome."""
        while in_flight:
            done, _ = wait(list(in_flight), timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                self._handle(in_flight.pop(future), future)

    # --- answers ------------------------------------------------------------------
    def _handle(self, job: _Job, future: Future[SendResult | BatchSendResult]) -> None:
        now = self.clock.time()
        self._counts.sending -= len(job.rows)
        try:
            answer = future.result()
        except ApiError as exc:
            self._on_api_error(job, exc, now)
        except SendInDoubt as exc:
            if exc.maybe_sent:
                self._in_doubt(job, exc, now)
            else:
                # The connection could not even be opened: nothing left the machine.
                self.journal.release_chunk(job.chunk_id, f"not sent: {exc.cause}")
                self._counts.pending += len(job.rows)
                self._claimed_up_to = 0  # rows back to pending: scan from the start
                self._slow_down(now)
        except LimitError as exc:
            self._record(job, [RowResult(r.row_no, FAILED, None, exc.explain("en")) for r in job.rows], now)
        except Exception as exc:  # noqa: BLE001 - unknown whether it went out: settle, never resend blindly
            log.warning(
                "campaign %s chunk %s: unexpected %s; treated as in doubt",
                self.campaign_id,
                job.chunk_id,
                type(exc).__name__,
            )
            self._in_doubt(job, exc, now)
        else:
            self._on_answer(job, answer, now)
        self._emit()

    def _on_answer(self, job: _Job, answer: SendResult | BatchSendResult, now: float) -> None:
        # batch/multi_send answer one item per number (``data``); single_send is itself the item.
        items: list[SendResult] = list(getattr(answer, "data", None) or ([answer] if hasattr(answer, "code") else []))
        results: list[RowResult] = []
        unmatched: list[PendingRow] = []
        by_index = len(items) == len(job.rows)
        by_mobile: dict[str, list[SendResult]] = {}
        if not by_index:
            for answered in items:
                by_mobile.setdefault(_plain(answered.mobile), []).append(answered)
        fee_texts: dict[int, str] = {}  # by id(): the parser shares one Decimal per distinct fee of an answer
        for index, row in enumerate(job.rows):
            item: SendResult | None = None
            if by_index:
                candidate = items[index]
                if (
                    candidate.mobile == row.mobile
                    or not candidate.mobile
                    or _plain(candidate.mobile) == _plain(row.mobile)
                ):
                    item = candidate
                else:
                    by_index = False
                    for it in items:
                        by_mobile.setdefault(_plain(it.mobile), []).append(it)
            if item is None:
                queue = by_mobile.get(_plain(row.mobile))
                item = queue.pop(0) if queue else None
            if item is None:
                unmatched.append(row)
                results.append(RowResult(row.row_no, SENDING))
                continue
            if item.code == 0:
                fee = item.fee
                fee_text = fee_texts.get(id(fee))
                if fee_text is None:
                    fee_text = fee_texts[id(fee)] = _fee_text(fee)
                results.append(RowResult(row.row_no, SENT, 0, "", item.sid or None, fee_text, int(item.count or 0)))
            elif item.code in HALT_CODES:
                # Not sent and not billed (balance too low…): back to pending, stop until the operator acts.
                results.append(RowResult(row.row_no, PENDING))
                if self._halt is None:
                    self._halt = ApiError(item.code, item.msg or "", item.detail or "", endpoint=job.endpoint)
            else:
                results.append(RowResult(row.row_no, FAILED, item.code, item.msg or item.detail or ""))
        state = CHUNK_IN_DOUBT if unmatched else CHUNK_ANSWERED
        self._record(
            job,
            results,
            now,
            chunk_state=state,
            error=f"{len(unmatched)} numbers missing from the answer" if unmatched else "",
        )
        if unmatched:
            self._doubt[job.chunk_id] = self.journal.chunk(job.chunk_id)
        self._success()

    def _on_api_error(self, job: _Job, exc: ApiError, now: float) -> None:
        code = exc.code
        if code in SLOW_DOWN_CODES:
            self.journal.release_chunk(job.chunk_id, f"code {code}")
            self._counts.pending += len(job.rows)
            self._claimed_up_to = 0  # rows back to pending: scan from the start
            self._slow_down(now)
        elif code in HALT_CODES:
            self.journal.release_chunk(job.chunk_id, f"code {code}")
            self._counts.pending += len(job.rows)
            self._claimed_up_to = 0  # rows back to pending: scan from the start
            if self._halt is None:
                self._halt = exc
        elif code in DOUBT_CODES:
            self._in_doubt(job, exc, now)
        else:
            # The provider refused the whole request for a reason of the request itself.
            reason = exc.msg or exc.detail or f"code {code}"
            self._record(job, [RowResult(r.row_no, FAILED, code, reason) for r in job.rows], now, error=f"code {code}")

    def _in_doubt(self, job: _Job, exc: BaseException, now: float) -> None:
        self.journal.mark_chunk(job.chunk_id, CHUNK_IN_DOUBT, error=_error_text(exc))
        self._doubt[job.chunk_id] = self.journal.chunk(job.chunk_id)
        self._counts.in_doubt += len(job.rows)
        self._slow_down(now)
        log.info(
            "campaign %s chunk %s (%d rows) in doubt: %s",
            self.campaign_id,
            job.chunk_id,
            len(job.rows),
            type(exc).__name__,
        )

    def _record(
        self, job: _Job, results: Sequence[RowResult], now: float, chunk_state: str = CHUNK_ANSWERED, error: str = ""
    ) -> None:
        self.journal.record_chunk_results(job.chunk_id, results, chunk_state, error=error, answered_at=now)
        answered = 0
        for result in results:
            if result.state == SENT:
                self._counts.sent += 1
                answered += 1
            elif result.state == FAILED:
                self._counts.failed += 1
                answered += 1
            elif result.state == SENDING:
                self._counts.in_doubt += 1
            elif result.state == PENDING:
                self._counts.pending += 1
                self._claimed_up_to = 0  # rows back to pending: scan from the start
        self._answered_times.append((now, answered))
        if self.store is not None and self.settings.record_in_store:
            self._record_in_store(self.store, job.rows, results, job.uid)

    def _record_in_store(
        self, store: SentStore, rows: Sequence[PendingRow], results: Sequence[RowResult], uid: str | None
    ) -> None:
        try:
            from gui.store.db import SentMessage, beijing_timestamp

            stamp = beijing_timestamp()
            by_no = {r.row_no: r for r in rows}
            messages = [
                SentMessage(
                    res.sid,
                    by_no[res.row_no].mobile,
                    by_no[res.row_no].text,
                    stamp,
                    0,
                    "",
                    res.parts,
                    res.fee or "0",
                    "",
                    uid,
                    self.campaign_id,
                )
                for res in results
                if res.state == SENT
            ]
            store.record_sent(messages)
        except Exception:
            log.exception("campaign %s: recording sends in the store failed", self.campaign_id)

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
            if stop() or self._cancel.is_set():
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
        log.warning("campaign %s: settling failed (%s)", self.campaign_id, _error_text(exc))
        if halt or self._settle_failures >= self.settings.settle_attempts:
            self._halt = exc
            return
        self._slow_down(now)
        self._sleep(min(self._backoff_until - now, 1.0))

    def _settled_in_store(self, pairs: list[tuple[JournalRow, Record]]) -> None:
        if self.settings.record_in_store:
            _record_settled_in_store(self.store, self.campaign_id, pairs)

    # --- progress -----------------------------------------------------------------
    def _set_state(self, state: str, message: str = "") -> None:
        self._state, self._message = state, message

    def progress(self) -> Progress:
        now = self.clock.time()
        while self._answered_times and self._answered_times[0][0] < now - 10.0:
            self._answered_times.popleft()
        rate = 0.0
        if self._answered_times:
            span = max(now - self._answered_times[0][0], 0.5)
            rate = sum(n for _, n in self._answered_times) / span
        c = self._counts
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


class _Stopped(Exception):
    pass


def _record_settled_in_store(store: SentStore | None, campaign_id: int, pairs: list[tuple[JournalRow, Record]]) -> None:
    """Copy rows settled as sent into the store's sent messages (the journal holds the truth)."""
    if store is None or not pairs:
        return
    try:
        from gui.store.db import SentMessage

        store.record_sent(
            [
                SentMessage(
                    rec.sid or None,
                    row.mobile,
                    row.text,
                    rec.send_time,
                    0,
                    "",
                    int(rec.fee or 0),
                    "",
                    "",
                    rec.uid,
                    campaign_id,
                )
                for row, rec in pairs
            ]
        )
    except Exception:
        log.exception("campaign %s: recording settled sends in the store failed", campaign_id)


NOT_SENT_AFTER_SETTLING = "not in the provider's records: not sent"


@dataclass(frozen=True)
class CampaignSettlement:
    """What settling a campaign's rows in doubt outside a run found."""

    campaign_id: int
    sent: int  # rows found in the provider's records: now sent, with the record's sid
    not_sent: int  # rows without a record after the grace period: back to pending (not sent)
    waiting: int  # rows whose request is younger than the grace period: still in doubt
    retry_at: float | None  # when the youngest waiting rows can be settled (epoch seconds), None if none wait
    calls: int  # get_record calls made


def settle_campaign(
    journal: Journal,
    client: CampaignClient,
    campaign_id: int,
    settings: EngineSettings | None = None,
    now: float | None = None,
    *,
    store: SentStore | None = None,
    should_stop: Callable[[], None] | None = None,
) -> CampaignSettlement:
    """Settle the rows in doubt of a campaign nobody is running (cancelled, paused, finished, killed).

    Nothing is sent: the provider's records are read with get_record (``settle.settle_chunks``),
    and only chunks whose request is at least ``settings.grace_seconds`` old are settled.
    A row with a record becomes sent (sid from the record); a row without one goes back to
    pending — "not sent" — which resuming the campaign sends. The campaign's state is kept.
    Rows still in the grace period stay in doubt; ``retry_at`` says when to try again.
    API and transport errors propagate; the rows then stay in doubt.

    Never call it for a campaign an engine is running: its requests in flight are not in doubt.
    """
    settings = settings or EngineSettings()
    now = time.time() if now is None else now
    chunks = journal.doubtful_chunks(campaign_id)
    due = [c for c in chunks if c.requested_at + settings.grace_seconds <= now]
    waiting_chunks = [c for c in chunks if c.requested_at + settings.grace_seconds > now]
    waiting_rows = sum(len(journal.chunk_rows(c.id)) for c in waiting_chunks)
    retry_at = max((c.requested_at + settings.grace_seconds for c in waiting_chunks), default=None)
    if not due:
        return CampaignSettlement(campaign_id, 0, 0, waiting_rows, retry_at, 0)
    on_sent = (lambda pairs: _record_settled_in_store(store, campaign_id, pairs)) if settings.record_in_store else None
    outcome = settle_mod.settle_chunks(
        journal,
        client,
        due,
        now=now,
        grace_seconds=settings.grace_seconds,
        use_uid=settings.use_uid,
        margin=settings.settle_margin,
        request_seconds=settings.settle_request_seconds,
        should_stop=should_stop,
        on_sent=on_sent,
        unsent_reason=NOT_SENT_AFTER_SETTLING,
    )
    log.info(
        "campaign %s: settled outside a run: %d sent, %d not sent, %d still in doubt (%d get_record calls)",
        campaign_id,
        outcome.sent,
        outcome.unsent,
        waiting_rows,
        outcome.calls,
    )
    return CampaignSettlement(campaign_id, outcome.sent, outcome.unsent, waiting_rows, retry_at, outcome.calls)


def _plain(mobile: str) -> str:
    """A number as the provider may echo it (+86 stripped, spaces trimmed) — cheap, per row."""
    mobile = (mobile or "").strip()
    return mobile[3:] if mobile.startswith("+86") else mobile


def _fee_text(fee: Decimal | str | None) -> str:
    if fee is None:
        return ""
    if isinstance(fee, Decimal):
        return format(fee, "f")
    return str(fee)


def _error_text(error: BaseException | None) -> str:
    if error is None:
        return ""
    if isinstance(error, ApiError):
        return f"code {error.code}: {error.msg}" if error.msg else f"code {error.code}"
    return f"{type(error).__name__}: {error}"


def send_test_message(client: CampaignClient, number: str, text: str) -> SendResult:
    """The optional test send to the operator's own number before a campaign (single_send).

    Only the campaign service calls it, after the spend gate (tests/test_architecture.py)."""
    return client.single_send(number, text)
