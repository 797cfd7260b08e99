"""Full-text index over message texts: FTS5 on character bigrams made in Python (no Qt).

Why bigrams: Chinese has no spaces, so a word tokenizer sees a whole sentence as one
token, and FTS5's trigram tokenizer cannot find terms shorter than three characters —
退订 is two. So the console tokenises texts itself: every run of letters and digits
(Chinese, Latin, digits alike, case-folded) becomes its overlapping two-character
pieces plus its last character alone::

    "回T退订"  ->  "回t t退 退订 订"

and that string goes into a *contentless* FTS5 table (``content=''``, rowid =
``messages.id``) whose unicode61 tokenizer keeps each piece as one token. The texts
themselves stay in ``messages`` only, and ``detail=none`` drops positions, so the
index costs a fraction of the texts' size.

Searching: a query run of two or more characters asks for all of its bigrams (AND);
a single character asks for the prefix ``x*`` (every occurrence of a character starts a
bigram or is a run's last character). Without positions this finds a superset — texts
that hold the pieces in another order — so callers confirm with ``text LIKE`` (see
``gui.store.archive``); both together find exactly the texts that contain the query.

The index follows ``messages`` by id: ``catch_up`` indexes every row above the
watermark kept in ``archive_meta``. Store methods that insert messages call it inside
their own transaction, so a committed message is a searchable one.
"""

from __future__ import annotations

import operator
import re
import sqlite3
from collections.abc import Iterable, Mapping

from gui.store import bulk

FTS_TABLE = "messages_fts"
VOCAB_TABLE = "messages_fts_vocab"
WATERMARK_KEY = "fts_indexed_id"
CATCH_UP_BATCH = 5000
# A term in fewer texts than this drives the query from the full-text index; a more common
# one is tested row by row along the sort index (see the module doc; measured by bench_archive).
FTS_DRIVE_MAX_MATCHES = 10_000


# A run: letters and digits. ``[^\W_]`` is exactly ``str.isalnum`` (re's word characters are
# the alphanumeric ones plus the underscore), matched in C rather than a character at a time.
_RUN = re.compile(r"[^\W_]+")
# The tokens of runs seen lately: a campaign's texts share their template's runs (回t退订…),
# only the personalised ones are new. Cleared when full; any thread may use it (a dict's
# get / set are atomic, and a lost entry is only recomputed).
_RUN_TOKENS: dict[str, tuple[str, ...]] = {}
_RUN_TOKENS_MAX = 4096


def _runs(text: str) -> list[str]:
    """Maximal runs of letters and digits, case-folded (whitespace and punctuation split runs)."""
    return _RUN.findall(text.casefold())


def _run_tokens(run: str) -> tuple[str, ...]:
    """A run's bigrams in order, then its last character."""
    tokens = _RUN_TOKENS.get(run)
    if tokens is None:
        if len(_RUN_TOKENS) >= _RUN_TOKENS_MAX:
            _RUN_TOKENS.clear()
        tokens = _RUN_TOKENS[run] = (*map(operator.add, run, run[1:]), run[-1])
    return tokens


def index_tokens(text: str | None) -> str:
    """The token string indexed for ``text``: each run's bigrams and its last character, once each."""
    if not text:
        return ""
    tokens: list[str] = []
    for run in _RUN.findall(text.casefold()):
        tokens += _run_tokens(run)
    return " ".join(dict.fromkeys(tokens))


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def query_terms(query: str | None) -> tuple[list[str], list[str]]:
    """(bigrams, single characters) the index must hold for a text containing ``query``."""
    bigrams: dict[str, None] = {}
    singles: dict[str, None] = {}
    for run in _runs(query or ""):
        if len(run) == 1:
            singles[run] = None
        for i in range(len(run) - 1):
            bigrams[run[i : i + 2]] = None
    return list(bigrams), list(singles)


def match_expression(query: str | None) -> str | None:
    """The FTS5 MATCH expression for texts that may contain ``query``; None when the query has
    no letter or digit (nothing the index can narrow: scan instead)."""
    bigrams, singles = query_terms(query)
    parts = [_quote(b) for b in bigrams] + [_quote(s) + " *" for s in singles]
    return " AND ".join(parts) if parts else None


# --- schema -------------------------------------------------------------------------

SCHEMA = f"""
CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
    tokens, content='', detail=none, columnsize=0, tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row');
"""


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the index tables (inside the caller's transaction) and index every message."""
    for statement in SCHEMA.strip().split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO archive_meta (key, value) VALUES (?, 0) ON CONFLICT(key) DO NOTHING", (WATERMARK_KEY,))
    catch_up(conn)


def watermark(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM archive_meta WHERE key = ?", (WATERMARK_KEY,)).fetchone()
    return int(row[0]) if row else 0


def pending(conn: sqlite3.Connection) -> bool:
    """True when messages exist that the index has not seen yet."""
    top = conn.execute("SELECT MAX(id) FROM messages").fetchone()[0]
    return top is not None and int(top) > watermark(conn)


def index_rows(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, str]], known: Mapping[str, str] | None = None
) -> int:
    """Index (id, text) pairs never indexed before (a contentless table cannot replace a row).

    ``known``: ``index_tokens`` of texts, worked out before the write transaction began (the
    tokens are Python work the file's write lock need not wait for); other texts are tokenised here."""
    if known:
        batch = [
            (int(row_id), tokens)
            for row_id, text in rows
            if (tokens := known[text] if text in known else index_tokens(text))
        ]
    else:
        batch = [(int(row_id), tokens) for row_id, text in rows if (tokens := index_tokens(text))]
    bulk.insert_rows(conn, f"INSERT INTO {FTS_TABLE} (rowid, tokens) VALUES ", 2, batch)
    return len(batch)


def catch_up(conn: sqlite3.Connection, batch_size: int = CATCH_UP_BATCH, known: Mapping[str, str] | None = None) -> int:
    """Index the messages above the watermark; call inside a write transaction. Returns rows indexed.

    Rows with an empty text (a report's placeholder for a message the console has not
    seen) are passed over; whoever fills in their text indexes them (``index_rows``).
    """
    mark = watermark(conn)
    done = 0
    while True:
        rows = conn.execute(
            "SELECT id, text FROM messages WHERE id > ? ORDER BY id LIMIT ?", (mark, batch_size)
        ).fetchall()
        if not rows:
            break
        done += index_rows(conn, ((r[0], r[1]) for r in rows), known)
        mark = int(rows[-1][0])
    conn.execute("UPDATE archive_meta SET value = ? WHERE key = ?", (mark, WATERMARK_KEY))
    return done


def _term_counts(conn: sqlite3.Connection, query: str, cap: int | None = None) -> list[tuple[str, int]]:
    """(MATCH term, how many texts hold it) for each term of ``query``, rarest first.

    ``cap``: count each term's texts no further than that (``count_matches``): the vocabulary's
    count reads the term's whole list, 25 ms for a bigram in every text of a million."""
    bigrams, singles = query_terms(query)
    counts = []
    for term in bigrams:
        if cap is not None:
            counts.append((_quote(term), count_matches(conn, _quote(term), cap)))
            continue
        row = conn.execute(f"SELECT doc FROM {VOCAB_TABLE} WHERE term = ?", (term,)).fetchone()
        counts.append((_quote(term), int(row[0]) if row else 0))
    for char in singles:
        if cap is not None:
            counts.append((_quote(char) + " *", count_matches(conn, _quote(char) + " *", cap)))
            continue
        # every bigram starting with the character, and the character alone (an over-count)
        row = conn.execute(
            f"SELECT COALESCE(SUM(doc), 0) FROM {VOCAB_TABLE} WHERE term >= ? AND term < ?", (char, char + "\U0010ffff")
        ).fetchone()
        counts.append((_quote(char) + " *", int(row[0])))
    return sorted(counts, key=lambda item: item[1])


def narrow_expression(
    conn: sqlite3.Connection, query: str, max_terms: int = 4, cap: int | None = None
) -> tuple[str | None, int | None]:
    """(MATCH expression of the ``max_terms`` rarest terms, the rarest term's count — no more than
    ``cap`` when given).

    A few rare terms narrow as well as all of them (LIKE confirms anyway) and an AND of
    many common bigrams — a URL, a long number — is what makes FTS5 slow."""
    counts = _term_counts(conn, query, cap)
    if not counts:
        return None, None
    return " AND ".join(term for term, _ in counts[:max_terms]), counts[0][1]


def count_matches(conn: sqlite3.Connection, expression: str, cap: int) -> int:
    """How many texts ``expression`` matches, counting no further than ``cap``."""
    return int(
        conn.execute(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT ?)",
            (expression, int(cap)),
        ).fetchone()[0]
    )


def matching_ids(conn: sqlite3.Connection, query: str) -> list[int]:
    """Ids of messages the index says may contain ``query`` (a superset: confirm with LIKE)."""
    expression = match_expression(query)
    if expression is None:
        return []
    return [int(r[0]) for r in conn.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (expression,))]


# --- the archive's text plans (gui.store.archive) --------------------------------------


def text_plan(conn: sqlite3.Connection, text: str, drive_max: int = FTS_DRIVE_MAX_MATCHES) -> tuple[str, str | None]:
    """("fts", MATCH expression) when the index narrows ``text`` to at most ``drive_max`` texts,
    else ("scan", None): test ``text LIKE`` row by row along the sort index.

    Each term's texts are counted up to ``drive_max`` + 1 (the index's answer, capped: the
    vocabulary's count would read a common term's whole list); when every term is common but
    their combination may not be (a long number, a URL), a capped count of the AND decides."""
    plan, expression = text_plan_with_expression(conn, text, drive_max)
    return plan, (expression if plan == "fts" else None)


def text_plan_with_expression(conn: sqlite3.Connection, text: str, drive_max: int) -> tuple[str, str | None]:
    """``text_plan``, with the index's expression for a "scan" too (when it has one: the walk's)."""
    expression, rarest = narrow_expression(conn, text, cap=max(drive_max, 0) + 1)
    if expression is None:
        return "scan", None
    if rarest is not None and rarest <= drive_max:
        return "fts", expression
    if " AND " in expression and count_matches(conn, expression, drive_max + 1) <= drive_max:
        return "fts", expression
    return "scan", expression
