"""Which of a query's bigrams narrow the search most: the planner's own element statistics (no Qt).

``ANALYZE`` keeps the most common elements of ``messages.tokens`` with their frequencies
(``pg_stats.most_common_elems``); a bigram not among them is rarer than all of them. The text
search asks the GIN index for the few rarest bigrams only (``ILIKE`` confirms the rest): an AND
of many common bigrams — a URL, a long number — reads long posting lists for nothing.

The statistics are read once per store every ``CACHE_S`` seconds (they change with ANALYZE only).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

CACHE_S = 300.0

_lock = threading.Lock()
_cache: dict[int, tuple[float, dict[str, float]]] = {}


def element_frequencies(store: Any) -> dict[str, float]:
    """bigram -> share of messages holding it, for the most common ones (empty before ANALYZE)."""
    key = id(store)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached is not None and now - cached[0] < CACHE_S:
            return cached[1]
    rows = store._query(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
        " WHERE schemaname = current_schema() AND tablename = 'messages' AND attname = 'tokens'"
    )
    frequencies: dict[str, float] = {}
    if rows and rows[0][0] is not None:
        frequencies = {str(e): float(f) for e, f in zip(rows[0][0], rows[0][1], strict=False)}
    with _lock:
        _cache[key] = (now, frequencies)
    return frequencies


def rarest_terms(store: Any, bigrams: Sequence[str], limit: int) -> list[str]:
    """At most ``limit`` of ``bigrams``, rarest first (unknown to the statistics counts as rarest)."""
    frequencies = element_frequencies(store)
    ranked = sorted(enumerate(bigrams), key=lambda item: (frequencies.get(item[1], 0.0), item[0]))
    return [term for _, term in ranked[:limit]]


def estimated_share(store: Any, terms: Sequence[str]) -> float:
    """The share of messages at most holding all of ``terms`` (the rarest one's frequency; 0 for a
    term rarer than every element the statistics keep)."""
    frequencies = element_frequencies(store)
    return min((frequencies.get(term, 0.0) for term in terms), default=0.0)


def keys_share(store: Any, all_of: Sequence[str], any_of: Sequence[str]) -> float:
    """The share of messages holding every token of ``all_of`` and one of ``any_of`` (a filter's
    keys, ``gui.store.team.schema.V4``), as if independent; a key rarer than every element the
    statistics keep counts as none (its own messages are few)."""
    frequencies = element_frequencies(store)
    share = 1.0
    for token in all_of:
        share *= frequencies.get(token, 0.0)
    if any_of:
        share *= min(1.0, sum(frequencies.get(token, 0.0) for token in any_of))
    return share


def estimated_messages(store: Any) -> float:
    """How many messages there are, by the planner's statistics (no count)."""
    rows = store._query("SELECT reltuples FROM pg_class WHERE oid = to_regclass('messages')")
    return max(float(rows[0][0]), 0.0) if rows and rows[0][0] is not None else 0.0
