"""The campaign engine's answers: each chunk's outcome recorded in the journal (plain Python).

Runs on the engine's own thread (the only one that writes the journal). An answer records
every row's result in one transaction; a whole request refused before processing puts its
rows back to pending; a request with no answer leaves them in doubt for settlement.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import Future
from decimal import Decimal

from gui.api.errors import ApiError, LimitError, SendInDoubt
from gui.api.models import BatchSendResult, SendResult
from gui.campaign.engine_core import (
    DOUBT_CODES,
    HALT_CODES,
    SLOW_DOWN_CODES,
    ChunkJob,
    EngineCore,
    error_text,
)
from gui.campaign.engine_store import StoreWriter
from gui.campaign.journal import (
    CHUNK_ANSWERED,
    CHUNK_IN_DOUBT,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    PendingRow,
    RowResult,
)

log = logging.getLogger("gui.campaign.engine")  # one logger for the whole engine


class AnswerHandling(EngineCore):
    """``_handle(job, future)``: what the provider said about one chunk, into the journal."""

    def _handle(self, job: ChunkJob, future: Future[SendResult | BatchSendResult]) -> None:
        now = self.clock.time()
        self._counts.sending -= len(job.rows)
        self._ramp_answered += 1
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

    def _on_answer(self, job: ChunkJob, answer: SendResult | BatchSendResult, now: float) -> None:
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

    def _on_api_error(self, job: ChunkJob, exc: ApiError, now: float) -> None:
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

    def _in_doubt(self, job: ChunkJob, exc: BaseException, now: float) -> None:
        self.journal.mark_chunk(job.chunk_id, CHUNK_IN_DOUBT, error=error_text(exc))
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
        self,
        job: ChunkJob,
        results: Sequence[RowResult],
        now: float,
        chunk_state: str = CHUNK_ANSWERED,
        error: str = "",
    ) -> None:
        with self._write_turn.held():
            self.journal.record_chunk_results(job.chunk_id, results, chunk_state, error=error, answered_at=now)
        sent = failed = 0
        for result in results:
            if result.state == SENT:
                sent += 1
            elif result.state == FAILED:
                failed += 1
            elif result.state == SENDING:
                self._counts.in_doubt += 1
            elif result.state == PENDING:
                self._counts.pending += 1
                self._claimed_up_to = 0  # rows back to pending: scan from the start
        self._counts.sent += sent
        self._counts.failed += failed
        self._answered_times.append((now, sent + failed))
        if self.archive is not None:  # copied from the journal once the run stopped sending
            self.archive.answered(sent)
        elif self.store is not None and self.settings.record_in_store:
            if self._store_writer is None:
                self._store_writer = StoreWriter(self.store, self.campaign_id, self._write_turn)
            self._store_writer.put(job.rows, results, job.uid)


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
