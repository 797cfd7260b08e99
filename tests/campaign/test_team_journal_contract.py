"""The journal contract, once for each backend: the local journal (SQLite) and the team journal
(PostgreSQL, a real server from tests/pg.py). What the engine, settling and the campaign service
rely on behaves the same on both; nothing is mocked."""

from __future__ import annotations

import threading

import pytest

from gui.campaign.engine import choose_request
from gui.campaign.journal import (
    CHUNK_IN_DOUBT,
    CHUNK_RELEASED,
    CHUNK_SETTLED,
    DUPLICATE,
    FAILED,
    FINISHED,
    PENDING,
    RUNNING,
    SENDING,
    SENT,
    Journal,
    JournalError,
    PlannedRow,
    RowResult,
)
from gui.campaign.journal_pages import page, state_positions
from tests.campaign.team_helpers import migrated, team_journal


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    """A factory of journals on one shared place: ``backend()`` opens another console's journal."""
    opened = []
    if request.param == "sqlite":
        path = tmp_path / "console.sqlite3"

        def open_journal(console_id: str = "a"):
            opened.append(Journal(path))
            return opened[-1]
    else:
        database = migrated(request.getfixturevalue("pg_database"))

        def open_journal(console_id: str = "a"):
            opened.append(team_journal(database, console_id))
            return opened[-1]

    yield open_journal
    for journal in opened:
        journal.close()


@pytest.fixture
def journal(backend):
    return backend()


def planned(n: int, base: int = 13800000000, international: set[int] = frozenset()) -> list[PlannedRow]:
    return [
        PlannedRow(i + 2, f"+44{base + i}" if i in international else str(base + i), f"text {i}", i in international)
        for i in range(n)
    ]


def test_a_campaign_is_stored_with_all_its_rows(journal):
    rows = [*planned(4), PlannedRow(9, "13800009999", "dup", state=DUPLICATE, reason="duplicate of line 3")]
    cid = journal.create_campaign("spring", "tpl #name#", rows, source="list.csv", settings={"marketing": True})
    info = journal.campaign(cid)
    assert (info.name, info.template, info.source) == ("spring", "tpl #name#", "list.csv")
    assert info.settings == {"marketing": True}
    assert info.counts == {PENDING: 4, DUPLICATE: 1} and info.planned == 4
    stored = journal.rows(cid)
    assert [r.row_no for r in stored] == [1, 2, 3, 4, 5]
    assert stored[0].mobile == "13800000000" and stored[0].text == "text 0" and stored[0].state == PENDING
    assert stored[4].reason == "duplicate:3"
    assert [c.id for c in journal.campaigns()][0] == cid
    with pytest.raises(JournalError):
        journal.campaign(cid + 1000)


def test_claim_next_takes_the_first_pending_rows_once(journal):
    cid = journal.create_campaign("c", "t", planned(7))
    first = journal.claim_next(cid, 3, choose_request, uid_prefix="c1-", requested_at=100.0)
    assert [r.row_no for r in first.rows] == [1, 2, 3] and first.endpoint == "sms/multi_send"
    assert first.uid == f"c1-{first.chunk_id}" and first.scanned_to == 3
    second = journal.claim_next(cid, 3, choose_request, after_row=first.scanned_to)
    assert [r.row_no for r in second.rows] == [4, 5, 6]
    # From the start again: the claimed rows are not pending any more.
    third = journal.claim_next(cid, 3, choose_request)
    assert [r.row_no for r in third.rows] == [7]
    assert journal.claim_next(cid, 3, choose_request) is None
    assert journal.counts(cid) == {SENDING: 7}
    chunk = journal.chunk(first.chunk_id)
    assert (chunk.campaign_id, chunk.state, chunk.row_count, chunk.requested_at) == (cid, "sending", 3, 100.0)
    assert [r.row_no for r in journal.chunk_rows(second.chunk_id)] == [4, 5, 6]


def test_an_international_row_goes_alone_and_the_rows_around_it_stay_pending(journal):
    cid = journal.create_campaign("c", "t", planned(4, international={2}))
    first = journal.claim_next(cid, 4, choose_request)
    assert [r.row_no for r in first.rows] == [1, 2, 4] and first.scanned_to is None
    alone = journal.claim_next(cid, 4, choose_request)
    assert [r.row_no for r in alone.rows] == [3] and alone.endpoint == "sms/single_send"


def test_claim_chunk_refuses_rows_no_longer_pending(journal):
    cid = journal.create_campaign("c", "t", planned(3))
    journal.claim_chunk(cid, "sms/batch_send", [1, 2])
    with pytest.raises(JournalError):
        journal.claim_chunk(cid, "sms/batch_send", [2, 3])
    assert journal.counts(cid) == {SENDING: 2, PENDING: 1}  # nothing of the refused claim


def test_results_are_recorded_once_and_a_late_answer_changes_nothing(journal):
    cid = journal.create_campaign("c", "t", planned(4))
    claimed = journal.claim_next(cid, 4, choose_request)
    results = [
        RowResult(1, SENT, 0, "", 1001, "0.05", 1),
        RowResult(2, FAILED, 22, "too many"),
        RowResult(3, PENDING),
        RowResult(4, SENDING),
    ]
    journal.record_chunk_results(claimed.chunk_id, results, CHUNK_IN_DOUBT, error="1 missing")
    rows = {r.row_no: r for r in journal.rows(cid)}
    assert (rows[1].state, rows[1].sid, rows[1].fee, rows[1].parts) == (SENT, 1001, "0.05", 1)
    assert (rows[2].state, rows[2].code, rows[2].reason) == (FAILED, 22, "too many")
    assert (rows[3].state, rows[3].chunk_id) == (PENDING, None)
    assert rows[4].state == SENDING
    journal.record_chunk_results(claimed.chunk_id, [RowResult(1, FAILED, 9, "late")])
    assert journal.rows(cid, [SENT])[0].sid == 1001
    info = journal.campaign(cid)
    assert (info.total_fee, info.total_parts) == ("0.05", 1)


def test_a_released_chunk_puts_its_rows_back_to_pending(journal):
    cid = journal.create_campaign("c", "t", planned(3))
    claimed = journal.claim_next(cid, 3, choose_request)
    journal.release_chunk(claimed.chunk_id, "code -5")
    assert journal.counts(cid) == {PENDING: 3}
    assert journal.chunk(claimed.chunk_id).state == CHUNK_RELEASED
    again = journal.claim_next(cid, 3, choose_request)
    assert [r.row_no for r in again.rows] == [1, 2, 3]


def test_rows_left_sending_are_in_doubt_on_restart_and_settle_by_chunk(journal):
    cid = journal.create_campaign("c", "t", planned(5))
    lost = journal.claim_next(cid, 2, choose_request)
    answered = journal.claim_next(cid, 2, choose_request, after_row=2)
    journal.record_chunk_results(answered.chunk_id, [RowResult(3, SENT, 0, "", 7), RowResult(4, SENT, 0, "", 8)])
    assert journal.mark_in_doubt(cid) == 1
    doubtful = journal.doubtful_chunks(cid)
    assert [c.id for c in doubtful] == [lost.chunk_id] and doubtful[0].state == CHUNK_IN_DOUBT
    journal.record_chunk_results(
        lost.chunk_id, [RowResult(1, SENT, 0, "settled", 9), RowResult(2, PENDING, None, "not sent")], CHUNK_SETTLED
    )
    assert journal.doubtful_chunks(cid) == []
    assert journal.counts(cid) == {SENT: 3, PENDING: 2}


def test_state_and_a_retry_campaign_of_the_failed_rows(journal):
    cid = journal.create_campaign("c", "t", planned(3))
    journal.set_state(cid, RUNNING)
    claimed = journal.claim_next(cid, 3, choose_request)
    journal.record_chunk_results(
        claimed.chunk_id, [RowResult(1, SENT, 0, "", 1), RowResult(2, FAILED, 5, "x"), RowResult(3, FAILED, 5, "x")]
    )
    journal.set_state(cid, FINISHED, error="")
    info = journal.campaign(cid)
    assert info.state == FINISHED and info.started_at and info.finished_at and not info.unfinished
    retry = journal.create_retry_campaign(cid)
    assert journal.campaign(retry).parent_id == cid
    assert [r.mobile for r in journal.rows(retry)] == ["13800000001", "13800000002"]


def test_the_results_table_reads_pages_and_state_positions(journal):
    cid = journal.create_campaign("c", "t", planned(6))
    claimed = journal.claim_next(cid, 2, choose_request)
    journal.record_chunk_results(claimed.chunk_id, [RowResult(1, SENT, 0, "", 1), RowResult(2, FAILED, 5, "x")])
    positions = state_positions(journal, cid)
    assert {state: list(p) for state, p in positions.items()} == {SENT: [0], FAILED: [1], PENDING: [2, 3, 4, 5]}
    assert [r.row_no for r in page(journal, cid, 2, 3)] == [3, 4, 5]


def test_a_single_console_has_no_chunks_elsewhere(journal):
    cid = journal.create_campaign("c", "t", planned(3))
    journal.claim_next(cid, 3, choose_request)
    elsewhere = journal.chunks_elsewhere(cid)
    assert elsewhere.taken_over == [] and elsewhere.live == 0


def test_two_journals_claiming_at_once_never_share_a_row(backend):
    first, second = backend("a"), backend("b")
    cid = first.create_campaign("c", "t", planned(600))
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def claim_all(name, journal):
        start.wait(10)
        while (chunk := journal.claim_next(cid, 7, choose_request)) is not None:
            claimed[name] += [r.row_no for r in chunk.rows]

    threads = [threading.Thread(target=claim_all, args=item) for item in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not set(claimed["a"]) & set(claimed["b"])
    assert sorted(claimed["a"] + claimed["b"]) == list(range(1, 601))


def test_a_draft_never_started_can_be_discarded_and_a_started_one_cannot(journal):
    draft = journal.create_campaign("draft", "t", planned(3))
    started = journal.create_campaign("started", "t", planned(3, base=13900000000))
    assert journal.claim_next(started, 1, choose_request) is not None
    assert journal.discard_draft(draft) is True
    with pytest.raises(JournalError):
        journal.campaign(draft)
    assert journal.rows(draft) == []
    assert journal.discard_draft(started) is False  # a chunk was claimed: it stays, with its rows
    assert journal.counts(started) == {SENDING: 1, PENDING: 2}


def test_the_rows_summary_is_what_reading_the_rows_one_by_one_gives(journal):
    """A plan's figures are counted by the database (``rows_summary``): the same as counting the
    rows read one by one — parts recorded or (unrecorded) counted from the text, international
    rows, per state, and the first rows in row order as samples."""
    from collections import Counter

    from gui.api.texts import parts as text_parts

    long_text = "长" * 80  # two parts; recorded as 0 (unknown): counted from the text
    rows = [
        *planned(6, international={4}),
        PlannedRow(20, "13800000100", "recorded as three", parts=3),
        PlannedRow(21, "13800000101", long_text, parts=0),
        PlannedRow(22, "13800000102", "left out", state=DUPLICATE, reason="duplicate of line 3"),
    ]
    cid = journal.create_campaign("c", "t", rows)
    lost = journal.claim_next(cid, 2, choose_request)  # rows 1 and 2: in doubt after a restart
    assert lost is not None and journal.mark_in_doubt(cid) == 1
    for states in ([PENDING], [SENDING, PENDING], [SENDING], [FAILED]):
        summary = journal.rows_summary(cid, states, 3)
        read = journal.rows(cid, states)
        assert summary.count == len(read)
        assert summary.parts_each == tuple(sorted(Counter(r.parts or text_parts(r.text) for r in read).items()))
        assert summary.international == sum(1 for r in read if r.international)
        assert dict(summary.by_state) == dict(Counter(r.state for r in read))
        assert summary.samples == tuple((r.mobile, r.text) for r in read[:3])
    both = journal.rows_summary(cid, [SENDING, PENDING], 3)
    assert both.in_state(SENDING) == 2 and both.parts == 2 + 4 + 3 + 2 and (3, 1) in both.parts_each
