"""Moving a profile to a team (issue 15, item 6) on a real PostgreSQL: everything is copied and
counted, an interrupted move continues without duplicates, a moved campaign resumes on the team
journal against the sandbox and sends only what was never sent. Nothing mocked."""

from __future__ import annotations

import hashlib

import pg
import psycopg
import pytest

from gui.campaign.engine import CampaignEngine
from gui.campaign.journal import FINISHED, PENDING, RUNNING, SENDING, SENT, Journal, RowResult
from gui.campaign.settle import SETTLED_REASON
from gui.store.db import Store, store_path
from gui.store.team import archive as team_archive
from gui.store.team.move import MoveCancelled, MoveRefused, check_move, move_profile
from tests.campaign.fixtures import client, server  # noqa: F401 - fixtures
from tests.campaign.helpers import SandboxClock, assert_exactly_once, engine_settings, make_campaign
from tests.campaign.team_helpers import team_journal
from tests.team.move_helpers import SOURCE, fill_local, prepared_team, team_rows, team_store


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def team(pg_database):
    return prepared_team(pg_database)


def test_a_move_copies_everything_and_the_counts_agree(tmp_path, team):
    local = fill_local(tmp_path)
    before = digest(local.path)
    progress: list[tuple[str, int, int]] = []
    with team_store(team) as store:
        report = move_profile(local.path, store, SOURCE, batch_rows=7, on_progress=lambda *p: progress.append(p))
        assert report.ok, report.mismatches
        for table in ("messages", "reports", "records", "replies", "suppression", "audit_log", "campaign_rows"):
            assert report.count(table).local == report.count(table).team == local.counts[table], table
        assert (
            report.count("campaigns").team == 4
            and report.count("campaign_chunks").team == local.counts["campaign_chunks"]
        )
        assert report.count("settings").team == 2  # the price; the pull consent is this computer's
        rows = team_rows(team)
        for table in ("messages", "reports", "records", "replies", "suppression", "audit_log", "campaign_rows"):
            assert rows[table] == local.counts[table], table
        assert rows["campaign_campaigns"] == 4 and rows["price"] == 2
        assert store.get_setting("pull_consent") is None

        # the archive reads as it did: statuses, texts, the campaign ids of the team
        summer = report.campaigns[local.campaigns["summer"]]
        page = team_archive.ArchiveQuery(store, team_archive.ArchiveFilter(campaign_id=summer)).page(None, 100)
        assert len(page.rows) == 10
        delivered = team_archive.ArchiveQuery(store, team_archive.ArchiveFilter(report_status="SUCCESS")).page(
            None, 100
        )
        assert {r.sid for r in delivered.rows} == {7000 + n for n in range(1, 11)} | {9500}
        failed = team_archive.ArchiveQuery(store, team_archive.ArchiveFilter(report_status="FAIL")).page(None, 100)
        assert [r.sid for r in failed.rows] == [7011]  # the record's final status reached its message
        assert [m.mobile for m in store.in_doubt_messages()] == ["13800000301"]  # a team console settles it
        assert store.is_suppressed("13910009999")
        assert store.count_audit() == 3

    # progress per table, ending at its total
    last = {table: (done, total) for table, done, total in progress}
    assert all(done == total for done, total in last.values()), last
    assert last["campaign_rows"] == (local.counts["campaign_rows"], local.counts["campaign_rows"])
    # the local file is a backup: not one byte changed
    assert digest(local.path) == before


def test_the_journal_keeps_every_rows_state_and_the_chunks_of_the_rows_in_doubt(tmp_path, team):
    local = fill_local(tmp_path)
    with team_store(team) as store:
        report = move_profile(local.path, store, SOURCE)
    with Journal(local.path) as here, team_journal(team, "desk-check") as there:
        for name, local_id in local.campaigns.items():
            team_id = report.campaigns[local_id]
            mine, theirs = here.campaign(local_id), there.campaign(team_id)
            assert (theirs.name, theirs.state, theirs.counts) == (mine.name, mine.state, mine.counts), name
            assert [(r.row_no, r.state, r.sid, r.code, r.reason, r.fee) for r in there.rows(team_id)] == [
                (r.row_no, r.state, r.sid, r.code, r.reason, r.fee) for r in here.rows(local_id)
            ]
        assert (
            there.campaign(report.campaigns[local.campaigns["retry"]]).parent_id
            == report.campaigns[local.campaigns["summer"]]
        )
        summer = report.campaigns[local.campaigns["summer"]]
        [doubt] = {r.chunk_id for r in there.rows(summer, [SENDING])}
        [local_doubt] = {r.chunk_id for r in here.rows(local.campaigns["summer"], [SENDING])}
        chunk, local_chunk = there.chunk(doubt), here.chunk(local_doubt)
        assert (chunk.uid, chunk.requested_at, chunk.state) == (local_chunk.uid, local_chunk.requested_at, "sending")
        console, holder, left = there.lease_of(doubt)
        assert console == holder == f"moved:{SOURCE}" and left < 0  # expired: the first console takes it over
        assert [c.id for c in there.doubtful_chunks(summer)] == [doubt]


@pytest.mark.parametrize("stop_after", [1, 5, 12])
def test_a_cancelled_move_continues_where_it_stopped_and_copies_nothing_twice(tmp_path, team, stop_after):
    local = fill_local(tmp_path)
    calls = {"n": 0}

    def should_stop() -> bool:
        calls["n"] += 1
        return calls["n"] > stop_after

    with team_store(team) as store:
        with pytest.raises(MoveCancelled):
            move_profile(local.path, store, SOURCE, batch_rows=4, should_stop=should_stop)
        partial = check_move(local.path, store, SOURCE)
        assert not partial.ok  # not everything is there yet, and the check says so
        report = move_profile(local.path, store, SOURCE, batch_rows=4)
        assert report.ok, report.mismatches
        again = move_profile(local.path, store, SOURCE, batch_rows=4)  # a third run copies nothing
        assert again.ok and again.campaigns == report.campaigns
    rows = team_rows(team)
    for table in ("messages", "reports", "records", "replies", "suppression", "audit_log", "campaign_rows"):
        assert rows[table] == local.counts[table], table
    assert rows["campaign_campaigns"] == 4 and rows["campaign_chunks"] == local.counts["campaign_chunks"]


def test_a_lost_connection_mid_move_is_continued_by_the_next_run(tmp_path, team, pg_cluster):
    local = fill_local(tmp_path)
    seen = {"n": 0}

    def cut_after_some_batches(_table, _done, _total) -> None:
        seen["n"] += 1
        if seen["n"] == 6:  # the server drops every operator connection: the next batch fails
            with pg_cluster.admin_connect() as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s AND datname = %s",
                    (pg.OPERATOR, team.name),
                )

    with team_store(team) as store, pytest.raises(psycopg.OperationalError):
        move_profile(local.path, store, SOURCE, batch_rows=3, on_progress=cut_after_some_batches)
    with team_store(team) as store:
        report = move_profile(local.path, store, SOURCE, batch_rows=3)
    assert report.ok, report.mismatches
    rows = team_rows(team)
    assert rows["messages"] == local.counts["messages"] and rows["campaign_rows"] == local.counts["campaign_rows"]
    assert rows["audit_log"] == local.counts["audit_log"]


def test_a_missing_row_is_reported_as_a_mismatch(tmp_path, team):
    local = fill_local(tmp_path)
    with team_store(team) as store:
        assert move_profile(local.path, store, SOURCE).ok
        with psycopg.connect(team.owner_dsn, autocommit=True) as admin:
            admin.execute("DELETE FROM replies WHERE dedup_key = 'id:r3'")
            admin.execute("UPDATE campaign_rows SET state = 'pending' WHERE state = 'failed'")
        report = check_move(local.path, store, SOURCE)
    assert not report.ok
    assert {c.table for c in report.mismatches} == {"replies", "campaign_rows"}
    assert report.count("replies").team == local.counts["replies"] - 1


def test_what_the_team_did_since_the_move_is_no_mismatch(tmp_path, team):
    """A team console settles the moved send in doubt and resumes a moved campaign: the check still
    finds every row (a row pending or in doubt may move on; a sent or failed one may not)."""
    local = fill_local(tmp_path)
    with team_store(team) as store:
        report = move_profile(local.path, store, SOURCE)
        [doubt] = store.in_doubt_messages()
        assert store.settle_message(doubt.id, 88_000_001, 0, "settled", 1, "0.05", "RMB")
        summer = report.campaigns[local.campaigns["summer"]]
        with psycopg.connect(team.owner_dsn, autocommit=True) as admin:
            admin.execute(
                "UPDATE campaign_rows SET state = 'sent', sid = 99000 + row_no WHERE campaign_id = %s"
                " AND state IN ('pending', 'sending')",
                (summer,),
            )
        again = check_move(local.path, store, SOURCE)
    assert again.ok, again.mismatches


def test_a_running_campaign_refuses_the_move(tmp_path, team):
    local = fill_local(tmp_path)
    with team_store(team) as store:
        with pytest.raises(MoveRefused, match="running"):
            move_profile(local.path, store, SOURCE, busy=lambda: "campaign 2 is running")
        assert check_move(local.path, store, SOURCE).count("messages").team == 0


def test_a_moved_campaign_resumes_on_the_team_journal_without_resending(tmp_path, team, server, client):  # noqa: F811
    """30 rows: 10 sent and answered, 10 sent but never answered (in doubt, delivered), 5 claimed but
    never sent (in doubt, not delivered), 5 pending. Moved, then resumed by a team console: the
    sandbox accepts each number exactly once."""
    path = store_path(tmp_path)
    with Journal(path) as journal:
        cid = make_campaign(journal, 30, base=13955500000)
        journal.set_state(cid, RUNNING)
        rows = {r.row_no: r for r in journal.rows(cid)}
        now = server.clock.time()
        answered, _ = journal.claim_chunk(cid, "multi_send", list(range(1, 11)), requested_at=now)
        result = client.multi_send([rows[n].mobile for n in range(1, 11)], [rows[n].text for n in range(1, 11)])
        journal.record_chunk_results(
            answered,
            [
                RowResult(n, SENT, 0, "", r.sid, str(r.fee), r.count)
                for n, r in zip(range(1, 11), result.data, strict=True)
            ],
        )
        journal.claim_chunk(cid, "multi_send", list(range(11, 21)), requested_at=now)
        client.multi_send([rows[n].mobile for n in range(11, 21)], [rows[n].text for n in range(11, 21)])  # lost answer
        journal.claim_chunk(cid, "multi_send", list(range(21, 26)), requested_at=now)  # killed before sending
        assert journal.counts(cid) == {SENT: 10, SENDING: 15, PENDING: 5}
    Store.open(path).close()  # the store's own tables, as a profile has them
    with team_store(team) as store:
        report = move_profile(path, store, SOURCE)
    assert report.ok, report.mismatches
    team_id = report.campaigns[cid]
    with team_journal(team, "desk-resume") as journal:
        outcome = CampaignEngine(journal, client, team_id, engine_settings(), clock=SandboxClock(server)).run()
        assert outcome.state == FINISHED, outcome.error
        assert_exactly_once(server.accepted_log(), journal, team_id, 30)
        settled = [r.row_no for r in journal.rows(team_id) if r.reason == SETTLED_REASON]
        assert settled == list(range(11, 21))  # found in the records: never sent again
    with team_store(team) as store:  # the campaign went on in the team: still every row there
        assert check_move(path, store, SOURCE).ok
    per_number = {}
    for accepted in server.accepted_log():
        per_number[accepted.mobile] = per_number.get(accepted.mobile, 0) + 1
    assert len(per_number) == 30 and set(per_number.values()) == {1}
