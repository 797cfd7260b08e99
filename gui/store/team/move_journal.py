"""Moving a profile's campaign journal into the team journal's tables (no Qt; ``gui.store.team.move``).

Each local campaign becomes one team campaign (a new id: the team's campaigns are numbered by the
team database), copied in this order:

1. one transaction: the campaign row (its state as it is: finished, cancelled, paused, running,
   draft), **all its chunks** under ids taken from the team's sequence in the local chunks' order,
   and the campaign's mark ``{"team_id", "after": 0, "done": 0}``;
2. its rows in batches of ``batch_rows`` (row number order), each batch with its mark, each row
   with its state, code, reason, sid, fee, parts and attempts as they are, its chunk id mapped.

So a moved campaign resumes on the team journal exactly where it stood: pending rows are sent,
rows ``sending`` (in doubt) keep their chunk — its request time, uid and endpoint — and are settled
through get_record before anything is resent; sent and failed rows are never sent again. The moved
chunks name the move as their console (``moved:<source>``) and their lease has already expired: the
first team console that resumes the campaign takes them over in doubt
(``gui.campaign.team_journal_chunks``), as it would take over a dead console's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any

from gui.campaign.journal_model import EXCLUDED_STATES, FAILED, SENT
from gui.store.team.move_marks import columns, in_batch, mark_key, marks_under, read_mark, write_mark

CAMPAIGN_COLUMNS = (
    "id, name, template, source, state, created_at, started_at, finished_at, parent_id, settings, last_error"
)
FINAL_STATES = frozenset((SENT, FAILED, *EXCLUDED_STATES))  # a row's state that never changes again
CHUNK_COLUMNS = "id, endpoint, state, uid, row_count, requested_at, answered_at, error"
ROW_COLUMNS = "row_no, line, mobile, text, international, state, chunk_id, code, reason, sid, fee, parts, attempts"


def moved_console(source: str) -> str:
    """The console id the moved chunks carry (no living console has it: their leases are free)."""
    return f"moved:{source}"


def has_journal(local: sqlite3.Connection) -> bool:
    row = local.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'campaign_rows'").fetchone()
    return row is not None


def local_row_count(local: sqlite3.Connection) -> int:
    return int(local.execute("SELECT COUNT(*) FROM campaign_rows").fetchone()[0]) if has_journal(local) else 0


def _start(conn: Any, local: sqlite3.Connection, source: str, campaign: tuple[Any, ...]) -> dict[str, Any]:
    """The campaign's mark; on its first batch the campaign and all its chunks are created with it."""
    key = mark_key(source, "campaign", campaign[0])
    mark = read_mark(conn, key)
    if mark:
        return mark
    parent = read_mark(conn, mark_key(source, "campaign", campaign[8])).get("team_id") if campaign[8] else None
    team_id = int(
        conn.execute(
            "INSERT INTO campaign_campaigns (name, template, source, state, created_at, started_at, finished_at,"
            " parent_id, settings, last_error, created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " RETURNING id",
            (*campaign[1:8], parent, campaign[9] or "{}", campaign[10] or "", moved_console(source)),
        ).fetchone()[0]
    )
    chunks = local.execute(
        f"SELECT {CHUNK_COLUMNS} FROM campaign_chunks WHERE campaign_id = ? ORDER BY id", (campaign[0],)
    ).fetchall()
    if chunks:
        ids = sorted(
            int(r[0])
            for r in conn.execute(
                "SELECT nextval(pg_get_serial_sequence('campaign_chunks', 'id')) FROM generate_series(1, %s)",
                (len(chunks),),
            ).fetchall()
        )
        rows = [(new_id, *chunk[1:]) for new_id, chunk in zip(ids, chunks, strict=True)]
        console = moved_console(source)
        conn.execute(
            "INSERT INTO campaign_chunks (id, campaign_id, endpoint, state, uid, row_count, requested_at,"
            " answered_at, error, console_id, lease_console, lease_holder, lease_until)"
            " SELECT id, %s, endpoint, state, uid, row_count, requested_at, answered_at, error, %s, %s, %s,"
            " now() - interval '1 second'"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::int[], %s::float8[],"
            " %s::float8[], %s::text[]) AS t(id, endpoint, state, uid, row_count, requested_at, answered_at, error)",
            (team_id, console, console, console, *columns(rows, 8)),
        )
    mark = {"team_id": team_id, "after": 0, "done": 0, "chunks": len(chunks)}
    write_mark(conn, key, mark)
    return mark


def _chunk_map(store: Any, local: sqlite3.Connection, source: str, local_id: int, team_id: int) -> dict[int, int]:
    """Local chunk id -> team chunk id: both in id order (the team's were taken in the local order)."""
    local_ids = [
        int(r[0])
        for r in local.execute("SELECT id FROM campaign_chunks WHERE campaign_id = ? ORDER BY id", (local_id,))
    ]
    if not local_ids:
        return {}
    with store.reading() as conn:
        team_ids = [
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM campaign_chunks WHERE campaign_id = %s AND console_id = %s ORDER BY id LIMIT %s",
                (team_id, moved_console(source), len(local_ids)),
            ).fetchall()
        ]
    if len(team_ids) != len(local_ids):
        raise RuntimeError(
            f"campaign {local_id}: {len(local_ids)} chunks here but {len(team_ids)} in the team database"
        )
    return dict(zip(local_ids, team_ids, strict=True))


def _rows_batch(
    conn: Any, local: sqlite3.Connection, source: str, local_id: int, chunk_map: dict[int, int], batch_rows: int
) -> dict[str, Any] | None:
    """The next batch of a campaign's rows and its mark; None when every row is copied."""
    key = mark_key(source, "campaign", local_id)
    mark = read_mark(conn, key)
    rows = local.execute(
        f"SELECT {ROW_COLUMNS} FROM campaign_rows WHERE campaign_id = ? AND row_no > ? ORDER BY row_no LIMIT ?",
        (local_id, int(mark["after"]), batch_rows),
    ).fetchall()
    if not rows:
        return None
    mapped = [(*r[:6], chunk_map.get(r[6]) if r[6] is not None else None, *r[7:]) for r in rows]
    conn.execute(
        "INSERT INTO campaign_rows (campaign_id, row_no, line, mobile, text, international, state, chunk_id, code,"
        " reason, sid, fee, parts, attempts)"
        " SELECT %s, * FROM unnest(%s::int[], %s::int[], %s::text[], %s::text[], %s::smallint[], %s::text[],"
        " %s::bigint[], %s::int[], %s::text[], %s::bigint[], %s::text[], %s::int[], %s::int[])"
        " ON CONFLICT (campaign_id, row_no) DO NOTHING",
        (int(mark["team_id"]), *columns(mapped, 13)),
    )
    mark.update(after=int(rows[-1][0]), done=int(mark["done"]) + len(rows))
    write_mark(conn, key, mark)
    return mark


def move_journal(
    local: sqlite3.Connection,
    store: Any,
    source: str,
    batch_rows: int,
    between: Callable[[], None],
    progress: Callable[[int], None],
) -> dict[int, int]:
    """Copy every campaign (see the module's docstring); returns local campaign id -> team id.
    ``between()`` runs before each batch (it raises to stop); ``progress(rows copied)`` after it."""
    if not has_journal(local):
        return {}
    mapping: dict[int, int] = {}
    done: dict[int, int] = {}
    for campaign in local.execute(f"SELECT {CAMPAIGN_COLUMNS} FROM campaign_campaigns ORDER BY id").fetchall():
        local_id = int(campaign[0])
        between()
        mark = in_batch(store, source, partial(_start, local=local, source=source, campaign=campaign))
        mapping[local_id] = int(mark["team_id"])
        done[local_id] = int(mark["done"])
        progress(sum(done.values()))
        chunk_map = _chunk_map(store, local, source, local_id, mapping[local_id])
        while True:
            between()
            batch = in_batch(
                store,
                source,
                partial(
                    _rows_batch,
                    local=local,
                    source=source,
                    local_id=local_id,
                    chunk_map=chunk_map,
                    batch_rows=batch_rows,
                ),
            )
            if batch is None:
                break
            done[local_id] = int(batch["done"])
            progress(sum(done.values()))
    return mapping


def campaign_map(store: Any, source: str) -> dict[int, int]:
    """Local campaign id -> team campaign id of the campaigns already moved from ``source``."""
    prefix = mark_key(source, "campaign", "")
    with store.reading() as conn:
        marks = marks_under(conn, prefix)
    return {int(k[len(prefix) :]): int(v["team_id"]) for k, v in marks.items() if "team_id" in v}


def rows_present(here: dict[str, int], there: dict[str, int]) -> int:
    """How many of a campaign's rows (``here``: rows per state) the team campaign holds (``there``).

    A row in a final state (sent, failed, left out at import) must be in the same state there. A
    pending or in-doubt row may have moved on since (a team console resumed the campaign): it
    counts while the team campaign has a row for it beyond those matched in a final state."""
    final = sum(min(n, there.get(state, 0)) for state, n in here.items() if state in FINAL_STATES)
    open_rows = sum(n for state, n in here.items() if state not in FINAL_STATES)
    return final + min(open_rows, max(0, sum(there.values()) - final))


def check_journal(local: sqlite3.Connection, store: Any, source: str) -> list[tuple[str, int, int]]:
    """(table, rows here, rows of them in the team database) for campaigns, chunks and rows (a row
    in a final state counts only in that state: ``rows_present``)."""
    if not has_journal(local):
        return [("campaigns", 0, 0), ("campaign_chunks", 0, 0), ("campaign_rows", 0, 0)]
    mapping = campaign_map(store, source)
    campaigns = [int(r[0]) for r in local.execute("SELECT id FROM campaign_campaigns")]
    here = {"campaigns": len(campaigns), "campaign_chunks": 0, "campaign_rows": 0}
    there = {"campaigns": 0, "campaign_chunks": 0, "campaign_rows": 0}
    with store.reading() as conn:
        for local_id in campaigns:
            chunks = int(
                local.execute("SELECT COUNT(*) FROM campaign_chunks WHERE campaign_id = ?", (local_id,)).fetchone()[0]
            )
            states = dict(
                local.execute(
                    "SELECT state, COUNT(*) FROM campaign_rows WHERE campaign_id = ? GROUP BY state", (local_id,)
                )
            )
            here["campaign_chunks"] += chunks
            here["campaign_rows"] += sum(states.values())
            team_id = mapping.get(local_id)
            if (
                team_id is None
                or not conn.execute("SELECT 1 FROM campaign_campaigns WHERE id = %s", (team_id,)).fetchone()
            ):
                continue
            there["campaigns"] += 1
            team_chunks = conn.execute(
                "SELECT COUNT(*) FROM campaign_chunks WHERE campaign_id = %s AND console_id = %s",
                (team_id, moved_console(source)),
            ).fetchone()[0]
            there["campaign_chunks"] += min(chunks, int(team_chunks))
            team_states = dict(
                conn.execute(
                    "SELECT state, COUNT(*) FROM campaign_rows WHERE campaign_id = %s GROUP BY state", (team_id,)
                ).fetchall()
            )
            there["campaign_rows"] += rows_present(states, {k: int(v) for k, v in team_states.items()})
    return [(table, here[table], there[table]) for table in ("campaigns", "campaign_chunks", "campaign_rows")]


__all__ = ["campaign_map", "check_journal", "has_journal", "local_row_count", "move_journal", "moved_console"]
