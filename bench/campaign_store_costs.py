"""The campaign benchmark's store costs: the console's copy of a campaign's sends without the
network (bench_campaign.py): ``Store.record_sent`` per message and ``fts.index_tokens`` per row."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def store_write_costs(text: Callable[[int], str], chunk: int, rows: int = 20_000, repeats: int = 3) -> dict:
    """µs per message of the store's copy of sends (record_sent) and of its bigram tokens."""
    from gui.store import fts
    from gui.store.db import SentMessage, Store, store_path

    texts = [text(i) for i in range(rows)]
    tokens = []
    for _ in range(repeats):
        started = time.perf_counter()
        for sample in texts:
            fts.index_tokens(sample)
        tokens.append((time.perf_counter() - started) / rows * 1e6)
    recorded = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store.open(store_path(Path(tmp)))
            spent = 0.0
            for start in range(0, rows, chunk):
                batch = [
                    SentMessage(10**9 + i, str(13000000000 + i), texts[i], "2026-03-01 10:00:00", 0, "", 1, "0.05", "",
                                "c1-1", 1)
                    for i in range(start, min(rows, start + chunk))
                ]  # fmt: skip
                started = time.perf_counter()
                store.record_sent(batch)
                spent += time.perf_counter() - started
            store.close()
        recorded.append(spent / rows * 1e6)
    return {"record_sent_us_per_message": round(min(recorded), 1), "fts_tokens_us_per_row": round(min(tokens), 2)}
