"""Issue 18: the console's copy of a campaign's sends costs less CPU, with the same result.

The bigram tokenizer (a regex and a cache of runs' tokens) gives exactly the tokens of the
character-by-character one it replaced; ``record_sent``'s rows go 200 to a statement and keep
what one statement a row did: a sid recorded once, a placeholder filled in, counters exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.api.models import StatusReport
from gui.store import bulk, counters, fts
from gui.store.db import SentMessage, Store, store_path
from gui.store.io_guard import allow_gui_thread_io


def reference_index_tokens(text: str | None) -> str:
    """The tokenizer as it was before (gui.store.fts until issue 18's speed-up), verbatim."""
    runs, current = [], []
    for char in (text or "").casefold():
        if char.isalnum():
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    tokens: dict[str, None] = {}
    for run in runs:
        for i in range(len(run) - 1):
            tokens[run[i : i + 2]] = None
        tokens[run[-1]] = None
    return " ".join(tokens)


SAMPLES = [
    None,
    "",
    "_",
    "a",
    "回T退订",
    "【豪霆云】用户12您好，您预约的体检将于8:00开始，回T退订",
    "Straße ﬁne ǅ İstanbul ΣΑΣ 123_abc x__y",
    "٣٤٥ ²³ ½ Ⅻ 〇 a\u0301b",
]


def test_tokens_equal_the_old_tokenizer_on_samples():
    for text in SAMPLES:
        assert fts.index_tokens(text) == reference_index_tokens(text)
        assert fts.index_tokens(text) == reference_index_tokens(text)  # from the run cache too


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=80) | st.text(alphabet="回T退订豪霆云_ 1a，Aß", max_size=40))
def test_tokens_equal_the_old_tokenizer(text):
    assert fts.index_tokens(text) == reference_index_tokens(text)
    assert fts.index_tokens(text) == reference_index_tokens(text)


def test_run_cache_stays_bounded():
    for i in range(fts._RUN_TOKENS_MAX * 2 + 3):
        fts.index_tokens(f"x{i}y")
    assert len(fts._RUN_TOKENS) <= fts._RUN_TOKENS_MAX


def sent(sid, i, campaign_id=1):
    return SentMessage(
        sid,
        f"138{i:08d}",
        f"【豪霆云】用户{i}您好，回T退订",
        "2026-03-01 10:00:00",
        0,
        "",
        1,
        "0.05",
        "",
        None,
        campaign_id,
    )


def test_record_sent_in_many_statements_keeps_one_row_per_sid_and_exact_counters(tmp_path):
    n = bulk.ROWS_PER_STATEMENT * 2 + 37  # full statements and a remainder
    with allow_gui_thread_io(), Store.open(store_path(tmp_path)) as store:
        # a report came first for sid 5: its placeholder is filled in by the send
        store.save_reports([StatusReport(5, None, "2026-03-01 10:00:09", "DELIVRD", "13800000005", "SUCCESS")])
        first = [sent(i + 1, i) for i in range(n)]
        # a sid twice in one call, and sids without a number (in doubt) are each kept
        first += [sent(3, 999_001), sent(None, 999_002), sent(None, 999_003)]
        store.record_sent(first)
        store.record_sent([sent(7, 999_004, campaign_id=2)])  # recorded before: kept as it was
        with store.reading() as conn:
            assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == n + 2
            assert conn.execute("SELECT mobile FROM messages WHERE sid = 3").fetchone()[0] == "13800000002"
            assert conn.execute("SELECT campaign_id FROM messages WHERE sid = 7").fetchone()[0] == 1
            row = conn.execute("SELECT source, text, report_status FROM messages WHERE sid = 5").fetchone()
            assert tuple(row) == ("console", "【豪霆云】用户4您好，回T退订", "SUCCESS")
            assert counters.stored(conn) == counters.recount(conn)
            assert fts.watermark(conn) == conn.execute("SELECT MAX(id) FROM messages").fetchone()[0]
            found = set(fts.matching_ids(conn, "用户4您好"))
            placeholder_id = conn.execute("SELECT id FROM messages WHERE sid = 5").fetchone()[0]
            assert placeholder_id in found  # the filled-in placeholder is searchable
