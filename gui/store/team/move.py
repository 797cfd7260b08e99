"""Move a profile to a team: copy its local archive and campaign journal into the team database
(issue 15, item 6; plain Python, no Qt).

``move_profile(local_path, store, source)`` reads the profile's SQLite file (read-only: **the local
file is left as it was**, a backup of everything copied) and writes into a ``TeamStore``'s database:

1. the campaign journal (``gui.store.team.move_journal``): every campaign, chunk and row, each row in
   its state — sent, failed, in doubt (``sending``), pending — so a moved campaign resumed by a team
   console sends only its unsent rows and settles the in-doubt ones through get_record first;
2. the archive (``gui.store.team.move_archive``): sent messages, status reports, get_record's
   records, replies, the suppression list, the audit log and the account's price.

Everything goes in batches of ``batch_rows``, each batch in one transaction with its progress mark
(``gui.store.team.move_marks``): a move stopped anywhere — Cancel, a kill, a lost network — and run
again continues after the last batch committed and copies nothing twice. ``should_stop`` (Cancel)
and ``busy`` (a campaign of the profile started) are asked between batches.

At the end every table is counted: its local rows, and how many of them the team database holds
(found by key: a sid, a reply's key, a number; campaign rows in their own state). The
``MoveReport`` says which tables match; a mismatch is a failure the caller must show, not a note.

``source`` names what is moved — the profile's console id (``gui.profile_storage.console_id``:
this installation and the profile) — so the marks of one local file never mix with another's.
The team's counters (``messages_daily``) follow from its own triggers; the statistics' per-day
sync marks stay local (a team reads its reports through its one puller).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from gui.store import io_guard
from gui.store.backend import is_team
from gui.store.team import move_archive, move_journal
from gui.store.team.move_marks import MoveCancelled, MoveRefused, in_batch

BATCH_ROWS = 5_000
CAMPAIGN_ROWS = "campaign_rows"
# The order of the move, as the progress names the tables (the journal first: the archive's
# messages name the team's ids of the moved campaigns).
TABLE_ORDER = (CAMPAIGN_ROWS, *(t.name for t in move_archive.TABLES))
REPORT_ORDER = ("campaigns", "campaign_chunks", CAMPAIGN_ROWS, *(t.name for t in move_archive.TABLES))

Progress = Callable[[str, int, int], None]  # (table, rows copied, rows to copy)


@dataclass(frozen=True)
class TableCount:
    """One table at the end of a move: rows in the local file, and how many of them the team holds."""

    table: str
    local: int
    team: int

    @property
    def ok(self) -> bool:
        return self.local == self.team


@dataclass(frozen=True)
class MoveReport:
    """What a move (or a check) found: one count per table, and the moved campaigns' team ids."""

    source: str
    local_path: Path
    counts: tuple[TableCount, ...]
    campaigns: dict[int, int] = field(default_factory=dict)  # local campaign id -> team campaign id

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.counts)

    @property
    def mismatches(self) -> list[TableCount]:
        return [c for c in self.counts if not c.ok]

    def count(self, table: str) -> TableCount:
        return next(c for c in self.counts if c.table == table)


def open_local(path: Path | str) -> sqlite3.Connection:
    """The profile's SQLite file, read-only (``mode=ro``: nothing here can write to it)."""
    path = Path(path)
    if not path.is_file():
        raise MoveRefused(f"there is no local store at {path}")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _check_ready(store: Any) -> None:
    """The team database has both schemas (archive and journal) this console knows."""
    from gui.campaign.team_journal_schema import TeamSchemaError, check_version
    from gui.store.team import migrations

    if not is_team(store):
        raise MoveRefused("the target is not a team database")
    with store.reading() as conn:
        try:
            check_version(conn)
        except TeamSchemaError as exc:
            raise MoveRefused(str(exc)) from exc
        version = migrations.current_version(conn)
    if version != migrations.SCHEMA_VERSION:
        raise MoveRefused(
            f"the team database has archive schema {version}, this console needs {migrations.SCHEMA_VERSION}: "
            "an owner must prepare it first"
        )


def local_totals(local: sqlite3.Connection) -> dict[str, int]:
    """The rows a move copies, per table of ``TABLE_ORDER``."""
    totals = {CAMPAIGN_ROWS: move_journal.local_row_count(local)}
    totals.update({t.name: move_archive.local_count(local, t) for t in move_archive.TABLES})
    return totals


def move_profile(
    local_path: Path | str,
    store: Any,
    source: str,
    *,
    batch_rows: int = BATCH_ROWS,
    on_progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    busy: Callable[[], str | None] | None = None,
) -> MoveReport:
    """Copy the profile's local file at ``local_path`` into ``store`` (a TeamStore), check the
    counts, return the report. Raises ``MoveRefused`` (nothing done, or a campaign started),
    ``MoveCancelled`` (``should_stop`` said so: a new run continues), or the database's error."""
    io_guard.check("moving a profile")
    if not source:
        raise ValueError("a move needs the source's name")
    batch_rows = max(1, int(batch_rows))

    def between() -> None:
        if should_stop is not None and should_stop():
            raise MoveCancelled("the move was stopped; what was copied stays, run it again to continue")
        reason = busy() if busy is not None else None
        if reason:
            raise MoveRefused(reason)

    between()  # a running campaign refuses the move before anything is read
    _check_ready(store)
    local = open_local(local_path)
    try:
        totals = local_totals(local)

        def report(table: str, done: int) -> None:
            if on_progress is not None:
                on_progress(table, min(done, totals[table]), totals[table])

        report(CAMPAIGN_ROWS, 0)
        campaigns = move_journal.move_journal(
            local, store, source, batch_rows, between, lambda done: report(CAMPAIGN_ROWS, done)
        )
        for table in move_archive.TABLES:
            if not move_archive.table_exists(local, table.name):
                report(table.name, 0)
                continue
            done = 0
            report(table.name, done)
            while True:
                between()
                copy = partial(
                    move_archive.copy_batch,
                    local=local,
                    source=source,
                    table=table,
                    batch_rows=batch_rows,
                    campaigns=campaigns,
                )
                mark = in_batch(store, source, copy)
                if mark is None:
                    break
                done = int(mark["done"])
                report(table.name, done)
            report(table.name, totals[table.name])
        return _counted(local, store, source, Path(local_path), campaigns)
    finally:
        local.close()


def check_move(local_path: Path | str, store: Any, source: str) -> MoveReport:
    """The counts of a move (done, partly done or not begun) without copying anything."""
    io_guard.check("checking a move")
    local = open_local(local_path)
    try:
        return _counted(local, store, source, Path(local_path), move_journal.campaign_map(store, source))
    finally:
        local.close()


def _counted(
    local: sqlite3.Connection, store: Any, source: str, local_path: Path, campaigns: dict[int, int]
) -> MoveReport:
    counts = [TableCount(table, here, there) for table, here, there in move_journal.check_journal(local, store, source)]
    for table in move_archive.TABLES:
        total = move_archive.local_count(local, table)
        counts.append(TableCount(table.name, total, move_archive.count_present(local, store, table)))
    return MoveReport(source, local_path, tuple(counts), dict(campaigns))


__all__ = [
    "BATCH_ROWS",
    "REPORT_ORDER",
    "TABLE_ORDER",
    "MoveCancelled",
    "MoveRefused",
    "MoveReport",
    "TableCount",
    "check_move",
    "local_totals",
    "move_profile",
    "open_local",
]
