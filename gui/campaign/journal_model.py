"""The campaign journal's states and records, shared by both journals (plain Python).

``gui.campaign.journal.Journal`` keeps them in the profile's SQLite file (local mode),
``gui.campaign.team_journal.TeamJournal`` in the team's PostgreSQL database (team mode);
the engine, settling and the campaign service see the same rows, chunks and campaigns
from either. Every name here stays importable from ``gui.campaign.journal``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
SUPPRESSED = "suppressed"
DUPLICATE = "duplicate"
REJECTED = "rejected"
IN_DOUBT = "in_doubt"  # a presentation state: 'sending' while nobody runs the campaign

ROW_STATES = (PENDING, SENDING, SENT, FAILED, SUPPRESSED, DUPLICATE, REJECTED)
EXCLUDED_STATES = (SUPPRESSED, DUPLICATE, REJECTED)

# Campaign states
DRAFT = "draft"  # created, not started
RUNNING = "running"  # an engine works on it (or died while working: see ``unfinished``)
PAUSED = "paused"  # the operator paused, or the engine stopped on an account problem
CANCELLED = "cancelled"
FINISHED = "finished"

# Chunk states
CHUNK_SENDING = "sending"
CHUNK_ANSWERED = "answered"
CHUNK_IN_DOUBT = "in_doubt"
CHUNK_SETTLED = "settled"
CHUNK_RELEASED = "released"  # refused as a whole before processing (-5, balance…): rows back to pending


class JournalError(Exception):
    pass


@dataclass(frozen=True)
class PlannedRow:
    """A row of a new campaign. ``state`` is pending for rows to send, else why not."""

    line: int
    mobile: str
    text: str = ""
    international: bool = False
    state: str = PENDING
    reason: str = ""
    parts: int = 0


@dataclass(frozen=True)
class JournalRow:
    row_no: int
    line: int
    mobile: str
    text: str
    international: bool
    state: str
    chunk_id: int | None
    code: int | None
    reason: str
    sid: int | None
    fee: str
    parts: int


@dataclass(frozen=True)
class RowsSummary:
    """What a plan needs of a campaign's rows in some states, counted by the database
    (``JournalBase.rows_summary``) instead of read row by row: a 100,000-row plan is then a few
    aggregate reads, not 100,000 objects built while the GUI thread waits for the interpreter."""

    count: int
    parts_each: tuple[tuple[int, int], ...]  # (parts, messages with that many), fewest parts first
    international: int
    by_state: tuple[tuple[str, int], ...]  # (state, rows), by state
    samples: tuple[tuple[str, str], ...]  # (mobile, text) of the first rows in row order

    @property
    def parts(self) -> int:
        return sum(parts * n for parts, n in self.parts_each)

    def in_state(self, state: str) -> int:
        return dict(self.by_state).get(state, 0)


class ArchivedRow(NamedTuple):
    """A sent row as the store's archive copies it (``Journal.archive_chunks``)."""

    campaign_id: int
    uid: str | None  # the chunk's
    answered_at: float  # epoch seconds: when the chunk's results were recorded
    mobile: str
    text: str
    sid: int | None
    fee: str
    parts: int


class PendingRow(NamedTuple):
    """What the engine needs of a row it is about to send (cheap to build by the thousand)."""

    row_no: int
    mobile: str
    text: str
    international: int  # 0 or 1, as stored


@dataclass(frozen=True)
class RowResult:
    """The outcome of one row of a chunk, as recorded by ``record_chunk_results``."""

    row_no: int
    state: str  # SENT, FAILED, PENDING (released) or SENDING (still in doubt)
    code: int | None = None
    reason: str = ""
    sid: int | None = None
    fee: str = ""
    parts: int = 0


@dataclass(frozen=True)
class Chunk:
    id: int
    campaign_id: int
    endpoint: str
    state: str
    uid: str | None
    row_count: int
    requested_at: float
    answered_at: float | None
    error: str


@dataclass
class CampaignInfo:
    id: int
    name: str
    template: str
    source: str
    state: str
    created_at: float
    started_at: float | None
    finished_at: float | None
    parent_id: int | None
    settings: dict[str, Any]
    last_error: str
    counts: dict[str, int] = field(default_factory=dict)
    total_fee: str = "0"
    total_parts: int = 0

    @property
    def planned(self) -> int:
        return sum(self.counts.get(s, 0) for s in (PENDING, SENDING, SENT, FAILED))

    @property
    def unfinished(self) -> bool:
        """Rows remain to send or to settle and the campaign was neither finished nor cancelled."""
        return self.state in (RUNNING, PAUSED) and bool(self.counts.get(PENDING, 0) or self.counts.get(SENDING, 0))


@dataclass(frozen=True)
class ClaimedChunk:
    """What ``claim_next`` claimed: the chunk's id and uid, its endpoint and rows, and
    ``scanned_to``, the last pending row the claim looked at when it took every row it saw
    (the next claim may start after it), else None (rows were left pending in between)."""

    chunk_id: int
    endpoint: str
    rows: list[PendingRow]
    uid: str | None
    scanned_to: int | None


# How a claim picks the rows of one request out of the first pending ones:
# (rows in row order) -> (endpoint, the rows it sends). Given by the engine.
ChunkChooser = Callable[[Sequence[PendingRow]], tuple[str, Sequence[PendingRow]]]


@dataclass(frozen=True)
class ChunksElsewhere:
    """Chunks of a campaign with rows ``sending`` that other consoles claimed (team mode).

    ``taken_over``: chunks whose console's lease expired (it died): now this console's to
    settle, in doubt. ``live``: chunks still leased by a living console (its answers come).
    The local journal never has any: one console per file.
    """

    taken_over: list[Chunk] = field(default_factory=list)
    live: int = 0


def campaign_info(r: Sequence[Any]) -> CampaignInfo:
    """A ``CampaignInfo`` from a row of (id, name, template, source, state, created_at,
    started_at, finished_at, parent_id, settings as JSON text, last_error)."""
    return CampaignInfo(
        id=r[0],
        name=r[1],
        template=r[2],
        source=r[3],
        state=r[4],
        created_at=r[5],
        started_at=r[6],
        finished_at=r[7],
        parent_id=r[8],
        settings=json.loads(r[9] or "{}"),
        last_error=r[10] or "",
    )


def fee_total(fees: Iterable[str]) -> str:
    """The sum of exact decimal fees kept as text (unreadable and empty ones count 0)."""
    total = Decimal(0)
    for piece in fees:
        with contextlib.suppress(InvalidOperation):
            total += Decimal(piece)
    return format(total, "f")
