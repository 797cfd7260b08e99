"""A text search's page, walking the full-text index by id from the newest ids (no Qt).

A common term whose texts all lie far in the past (a campaign 80 days ago, in 5 % of the
archive) is the text search's hard case: testing ``text LIKE`` row by row down the date
index reads every newer message first (about 1 s at a million rows), and sorting every
match the index gives is as slow. But the full-text index returns its matches in id
order, from either end, skipping what does not match, and ids grow with time — mostly:
a record synced today of a message sent last month gets a new id. So the walk reads the
index's matches newest id first, a chunk at a time, fetches their messages with the
filter's other conditions, and stops once no id left can hold a message that would
still make the page: ``messages_id_blocks`` (``gui.store.counters``) bounds the send
times of every block of ids, so "every id below this one was sent before the page's
last row" is a look at a few hundred bounds. Blocks whose span misses the filter's date
range (or the page's cursor) are skipped without reading the index.

The page is exactly the one the row-by-row plan gives; only the work differs. When the
filter's other conditions reject most matches (an error code and a common word), the
walk gives up after ``WALK_BUDGET`` matches and the caller runs the row-by-row plan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from gui.store import counters, fts

WALK_BUDGET = 8_000  # matches looked up before the walk gives way to the row-by-row plan
FIRST_CHUNK = 256
PROBE_ROWS = 2_048  # rows of the other conditions' own index tested before the walk, at most
PROBE_SAMPLE = 256  # ... of which the first say whether the rest is worth testing
MAX_CHUNK = 4_096


def _next_chunk(missing: int, hits: int, walked: int) -> int:
    """Matches to read next: enough for the rows still missing at the share kept so far (doubling
    while nothing was kept), a first chunk's worth once the page is full (to pass its last block)."""
    if missing <= 0:
        return FIRST_CHUNK
    if not hits:
        return min(max(walked, FIRST_CHUNK) * 2, MAX_CHUNK)
    return min(max(int(missing * walked / hits * 1.2) + 64, FIRST_CHUNK), MAX_CHUNK)


def walk_ids(
    conn: sqlite3.Connection,
    expression: str,
    conditions: Sequence[str],
    args: Sequence[Any],
    limit: int,
    descending: bool,
    low: str | None,
    high: str | None,
    budget: int = WALK_BUDGET,
) -> list[int] | None:
    """Ids of the first ``limit`` messages by (sent_at, id) among those the index matches
    (``expression``) and ``conditions`` (over ``m``) keep, in that order. ``low`` / ``high``: the
    earliest / latest send time the conditions let through (filter range, cursor). None when
    ``budget`` matches were looked up before the page was sure."""
    span, span_args = ["1"], []
    if low:
        span.append("last_sent >= ?")
        span_args.append(low)
    if high:
        span.append("first_sent <= ?")
        span_args.append(high)
    where = " AND ".join(span)
    # the ids of the blocks that may hold a message of the range: the walk starts at one end
    # (an old range skips every newer id) and may pass blocks between that cannot (their
    # messages fail the conditions: the walk only reads past them)
    first, last = conn.execute(
        f"SELECT MIN(block), MAX(block) FROM {counters.BLOCKS_TABLE} WHERE {where}", span_args
    ).fetchone()
    if first is None:
        return []
    bits = counters.ID_BLOCK_BITS
    lo, hi = int(first) << bits, ((int(last) + 1) << bits) - 1
    # the latest (earliest) send time of every id not walked yet: those at or below (above) a position
    bound_sql = (
        f"SELECT MAX(last_sent) FROM {counters.BLOCKS_TABLE} WHERE block <= ? AND {where}"
        if descending
        else f"SELECT MIN(first_sent) FROM {counters.BLOCKS_TABLE} WHERE block >= ? AND {where}"
    )
    # sent_at of the matches the conditions keep, NULL for the others: the walk moves on past both
    sql = (
        f"SELECT f.fid, m.sent_at FROM (SELECT rowid AS fid FROM {fts.FTS_TABLE} WHERE {fts.FTS_TABLE} MATCH ?"
        f" AND rowid BETWEEN ? AND ? ORDER BY rowid {'DESC' if descending else 'ASC'} LIMIT ?) f"
        f" LEFT JOIN messages m ON m.id = f.fid AND {' AND '.join(conditions) or '1'}"
    )
    found: list[tuple[str, int]] = []  # (sent_at, id)
    walked = hits = 0
    chunk = FIRST_CHUNK
    while lo <= hi:
        rows = conn.execute(sql, [expression, lo, hi, chunk, *args]).fetchall()
        walked += len(rows)
        kept = [(str(r[1]), int(r[0])) for r in rows if r[1] is not None]
        hits += len(kept)
        found += kept
        if len(rows) < chunk:
            break  # no more matches
        if descending:
            hi = min(int(r[0]) for r in rows) - 1
        else:
            lo = max(int(r[0]) for r in rows) + 1
        if len(found) >= limit:
            found = sorted(found, reverse=descending)[:limit]
            bound = conn.execute(bound_sql, [(hi if descending else lo) >> bits, *span_args]).fetchone()[0]
            last_kept = found[-1][0]
            if bound is None or (bound <= last_kept if descending else bound >= last_kept):
                break  # no id left can hold a row that sorts before the page's last
        if walked >= budget:
            return None
        chunk = _next_chunk(limit - len(found), hits, walked)
    return [i for _, i in sorted(found, reverse=descending)[:limit]]


def probe_ids(
    conn: sqlite3.Connection,
    conditions: Sequence[str],
    args: Sequence[Any],
    like: str,
    limit: int,
    descending: bool,
    rows: int | None = None,
) -> list[int] | None:
    """The row-by-row plan, for at most ``rows`` rows of ``conditions`` (a status, an error code, a
    campaign: their index walked by time): ids of the first ``limit`` whose text is ``LIKE like``,
    or None when that many rows would not settle the page — judged from a first sample of
    ``PROBE_SAMPLE`` rows (a text in none of a failed status's newest rows is left to the walk)."""
    rows = PROBE_ROWS if rows is None else rows
    order = "DESC" if descending else "ASC"

    def stream(extra: Sequence[str]) -> str:
        return (
            f"FROM messages m WHERE {' AND '.join([*conditions, *extra]) or '1'}"
            f" ORDER BY m.sent_at {order}, m.id {order} LIMIT ?"
        )

    like_sql = "m.text LIKE ? ESCAPE '\\'"
    first = min(PROBE_SAMPLE, rows)
    sample = conn.execute(f"SELECT m.id, m.sent_at, {like_sql} {stream([])}", [like, *args, first]).fetchall()
    hits = [int(r[0]) for r in sample if r[2]]
    if len(hits) >= limit or len(sample) < first:
        return hits[:limit]
    rest = rows - len(sample)
    if not hits or (limit - len(hits)) * len(sample) / len(hits) > rest:
        return None
    after = [f"(m.sent_at, m.id) {'<' if descending else '>'} (?, ?)"]
    after_args = [*args, sample[-1][1], sample[-1][0]]
    more = [
        int(r[0])
        for r in conn.execute(
            f"SELECT id FROM (SELECT m.id AS id, {like_sql} AS hit {stream(after)}) WHERE hit LIMIT ?",
            [like, *after_args, rest, limit - len(hits)],
        )
    ]
    if len(hits) + len(more) >= limit:
        return hits + more
    tested = conn.execute(f"SELECT COUNT(*) FROM (SELECT 1 {stream(after)})", [*after_args, rest]).fetchone()[0]
    return hits + more if tested < rest else None


def page_ids(
    conn: sqlite3.Connection,
    expression: str,
    conditions: Sequence[str],
    args: Sequence[Any],
    like: str,
    limit: int,
    descending: bool,
    span: tuple[str | None, str | None],
    probe: bool,
    budget: int = WALK_BUDGET,
) -> tuple[list[int] | None, str]:
    """The "walk" plan: (ids of the page's rows in order, the plan that found them), or (None,
    "scan") when neither settled the page within its budget. ``conditions``: the filter's others
    (not the text) and the cursor; ``span``: the send times they allow; ``probe``: they have an
    index of their own (status, error code, campaign) that may reach the page sooner."""
    if probe:
        ids = probe_ids(conn, conditions, args, like, limit, descending)
        if ids is not None:
            return ids, "scan"
    text_too = [*conditions, "m.text LIKE ? ESCAPE '\\'"]
    ids = walk_ids(conn, expression, text_too, [*args, like], limit, descending, span[0], span[1], budget)
    return (ids, "walk") if ids is not None else (None, "scan")
