"""The store's copy of a campaign's sends, made from the journal after the sending
(gui/campaign/archive_copy.py): nothing lost after a crash, nothing copied twice."""

from __future__ import annotations

import re
import sqlite3
import threading
import time

import pytest

from gui.campaign.archive_copy import ArchiveCopier, sent_rows
from gui.campaign.engine import CampaignEngine
from gui.campaign.journal import CHUNK_SETTLED, FINISHED, PENDING, SENT, Journal, PlannedRow, RowResult
from gui.campaign.journal_chunks import LOCAL_SCHEMA
from gui.services.campaigns import CampaignConfig, CampaignService
from gui.services.profile_settings import ProfileSettings
from gui.services.spend_gate import SpendGate
from gui.store.db import Store
from gui.store.io_guard import allow_gui_thread_io
from tests.campaign.fakes import FakeClient, FakeClock
from tests.campaign.helpers import engine_settings


def make_campaign(journal: Journal, n: int, base: int = 0) -> int:
    rows = [PlannedRow(i + 2, str(13800000000 + base + i), f"【测试公司】用户{i}您好，回T退订", False, PENDING, "", 1)
            for i in range(n)]  # fmt: skip
    return journal.create_campaign("archive", "tpl", rows)


def archived(store: Store, cid: int) -> list[tuple]:
    with store.reading() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                "SELECT sid, mobile, text, fee, count, uid, campaign_id, source FROM messages"
                " WHERE campaign_id = ? ORDER BY sid",
                (cid,),
            )
        ]


def expected(journal: Journal, cid: int) -> list[tuple]:
    return sorted((r.sid, r.mobile, r.text, r.fee, r.parts, None, cid, "console") for r in journal.rows(cid, [SENT]))


def flagged(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM campaign_chunks WHERE archived = 0").fetchone()[0]
    finally:
        conn.close()


class KilledCopier:
    """A copier in a process killed before it could copy anything."""

    def run_started(self) -> None: ...

    def answered(self, rows_sent: int) -> None: ...

    def run_ended(self) -> None: ...


@pytest.fixture
def files(tmp_path):
    """The console's one file: the journal and the store in it."""
    path = tmp_path / "console.sqlite3"
    with allow_gui_thread_io():
        store = Store.open(path)
        journal = Journal(path)
        yield path, journal, store
        journal.close()
        store.close()


def test_a_run_copies_its_sends_once_it_stopped_sending_not_meanwhile(files):
    path, journal, store = files
    with allow_gui_thread_io():
        cid = make_campaign(journal, 450)
        copier = ArchiveCopier(journal, store)
        copied_while_sending = []
        engine = CampaignEngine(
            journal,
            FakeClient(FakeClock()),
            cid,
            engine_settings(chunk_size=100),
            store=store,
            on_progress=lambda p: copied_while_sending.append(copier.copied_rows) if p.state == "running" else None,
            archive=copier,
        )
        assert engine.run().state == FINISHED
        assert copier.flush(30)
        assert set(copied_while_sending) == {0}  # the sending came first
        assert archived(store, cid) == expected(journal, cid) and len(expected(journal, cid)) == 450
        assert flagged(path) == 0
        copier.close()


def test_during_a_long_run_the_copy_goes_on_once_too_many_rows_wait(files):
    _, journal, store = files
    with allow_gui_thread_io():
        cid = make_campaign(journal, 600)
        copier = ArchiveCopier(journal, store, batch_rows=100, trail_max_rows=150)
        seen = threading.Event()

        def progress(p) -> None:
            deadline = time.monotonic() + 5
            while p.sent >= 400 and p.state == "running" and not seen.is_set() and time.monotonic() < deadline:
                if copier.copied_rows > 0:
                    seen.set()
                time.sleep(0.01)

        engine = CampaignEngine(
            journal, FakeClient(FakeClock()), cid, engine_settings(chunk_size=100, max_in_flight=1),
            store=store, on_progress=progress, archive=copier,
        )  # fmt: skip
        assert engine.run().state == FINISHED
        assert seen.is_set()  # copied while the run still sent
        copier.close()
        assert archived(store, cid) == expected(journal, cid)


def test_during_a_slow_run_the_sends_reach_the_archive_within_the_trail_time(files):
    """A campaign at an ordinary account's pace: few rows wait, but not for longer than the
    trail time — the Records tab shows the sends while the campaign still runs."""
    _, journal, store = files
    with allow_gui_thread_io():
        cid = make_campaign(journal, 300)
        copier = ArchiveCopier(journal, store, trail_max_seconds=0.3)
        copied_midway = threading.Event()

        def progress(p) -> None:
            # the run pauses after its first answers, as a slow gateway would, until the copy came
            if p.sent >= 100 and p.state == "running" and not copied_midway.is_set():
                deadline = time.monotonic() + 5
                while copier.copied_rows == 0 and time.monotonic() < deadline:
                    time.sleep(0.01)
                if copier.copied_rows > 0:
                    copied_midway.set()

        engine = CampaignEngine(
            journal, FakeClient(FakeClock()), cid, engine_settings(chunk_size=100, max_in_flight=1),
            store=store, on_progress=progress, archive=copier,
        )  # fmt: skip
        assert engine.run().state == FINISHED
        assert copied_midway.is_set()  # copied while the run still sent, far below trail_max_rows
        copier.close()
        assert archived(store, cid) == expected(journal, cid)


def test_a_crash_after_the_journal_leaves_the_archive_complete_at_the_next_start(tmp_path):
    """The run journaled its answers, then the console died before any copy: the next start's
    campaign service copies them (complete_archive), once, as the run would have."""
    path = tmp_path / "console.sqlite3"
    with allow_gui_thread_io():
        journal = Journal(path)
        cid = make_campaign(journal, 300)
        # a run whose copier never got to copy: the process was killed after the last answer
        outcome = CampaignEngine(
            journal, FakeClient(FakeClock()), cid, engine_settings(chunk_size=100), archive=KilledCopier()
        ).run()
        assert outcome.state == FINISHED
        sent = expected(journal, cid)
        journal.close()
        assert flagged(path) == 3

        store = Store.open(path)
        assert archived(store, cid) == []
        service = CampaignService(
            path, lambda: None, SpendGate(), lambda: ProfileSettings(store), store=lambda: store
        )  # the next start
        service.complete_archive()
        archive = service.archive()
        assert archive is not None and archive.flush(30)
        assert archived(store, cid) == sent
        assert flagged(path) == 0
        service.release()
        store.close()


def test_a_store_closed_before_the_copy_leaves_the_rows_flagged_for_the_next_start(tmp_path, caplog):
    """The operator quit (or left the profile) right after a run: the store closed under the copy.
    Nothing is lost and no error is logged: the rows stay flagged and the next start copies them."""
    import logging

    path = tmp_path / "console.sqlite3"
    with allow_gui_thread_io():
        journal = Journal(path)
        store = Store.open(path)
        cid = make_campaign(journal, 300)
        assert CampaignEngine(journal, FakeClient(FakeClock()), cid, engine_settings(chunk_size=100)).run().state == (
            FINISHED
        )
        store.close()  # before the copier's first batch
        copier = ArchiveCopier(journal, store)
        with caplog.at_level(logging.INFO, logger="gui.campaign.engine"):
            copier.catch_up()
            assert copier.flush(10) is False  # said, not raised
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert "next start copies them" in caplog.text
        assert flagged(path) == 3
        copier.close(5)

        store = Store.open(path)  # the next start
        again = ArchiveCopier(journal, store)
        again.catch_up()
        assert again.flush(30) and archived(store, cid) == expected(journal, cid) and flagged(path) == 0
        again.close()
        journal.close()
        store.close()


def test_a_crash_between_the_store_commit_and_the_mark_copies_again_without_a_duplicate(files):
    path, journal, store = files
    with allow_gui_thread_io():
        cid = make_campaign(journal, 200)
        assert CampaignEngine(journal, FakeClient(FakeClock()), cid, engine_settings(chunk_size=100)).run().state == (
            FINISHED
        )

        def copy_then_die(rows) -> None:
            store.record_sent_rows(sent_rows(rows))
            raise KeyboardInterrupt  # killed after the store's commit, before the journal's mark

        with pytest.raises(KeyboardInterrupt):
            journal.archive_chunks(copy_then_die)
        assert flagged(path) == 2 and len(archived(store, cid)) == 200
        assert journal.archive_chunks(lambda rows: store.record_sent_rows(sent_rows(rows))) == 2
        assert journal.archive_chunks(lambda rows: pytest.fail("nothing is left")) == 0
        assert archived(store, cid) == expected(journal, cid)  # each sid once


def test_settled_rows_flag_their_chunk_again_and_a_copy_in_batches_takes_whole_chunks(files):
    path, journal, store = files
    with allow_gui_thread_io():
        cid = make_campaign(journal, 10)
        chunk_id, _ = journal.claim_chunk(cid, "sms/multi_send", list(range(1, 11)))
        journal.record_chunk_results(chunk_id, [RowResult(n, SENT, 0, "", 1000 + n, "0.05", 1) for n in range(1, 6)])
        copies: list[int] = []
        assert journal.archive_chunks(lambda rows: copies.append(len(rows)), max_rows=3) == 1  # never half a chunk
        assert copies == [5] and flagged(path) == 0
        journal.record_chunk_results(
            chunk_id, [RowResult(n, SENT, 0, "", 1000 + n, "0.05", 1) for n in range(6, 11)], CHUNK_SETTLED
        )
        assert flagged(path) == 1  # the settled rows are copied too (with the others again: a no-op)
        assert journal.archive_chunks(lambda rows: copies.append(len(rows))) == 1
        assert copies == [5, 10]


def test_an_older_journal_gains_the_flag_with_its_chunks_counted_as_copied(tmp_path):
    path = tmp_path / "console.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(re.sub(r",\n\s*archived [^\n]*\n", "\n", LOCAL_SCHEMA))
    columns = {r[1] for r in conn.execute("PRAGMA table_info(campaign_chunks)")}
    assert "archived" not in columns  # the table as an older console made it
    conn.execute(
        "INSERT INTO campaign_chunks (campaign_id, endpoint, state, row_count, requested_at)"
        " VALUES (1, 'sms/multi_send', 'answered', 5, 0)"
    )
    conn.commit()
    conn.close()
    with allow_gui_thread_io(), Journal(path) as journal:
        assert journal.archive_chunks(lambda rows: pytest.fail("an older console copied its own sends")) == 0
    assert flagged(path) == 0


def test_sends_kept_out_of_the_store_have_no_copier(tmp_path):
    path = tmp_path / "console.sqlite3"
    with allow_gui_thread_io():
        store = Store.open(path)
        service = CampaignService(
            path,
            lambda: None,
            SpendGate(),
            lambda: ProfileSettings(store),
            store=lambda: store,
            config=CampaignConfig(record_in_store=False),
        )
        assert service.archive() is None
        service.complete_archive()  # nothing to do
        service.release()
        store.close()
