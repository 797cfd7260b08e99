"""The team journal's own rules on a real PostgreSQL: migrations run by the owner, the operator with
data rights only, leases renewed while a console lives, a dead console's chunks taken over only
once their lease expired, leases handed back on closing."""

from __future__ import annotations

import time

import pg
import psycopg
import pytest
from psycopg import errors

from gui.campaign.engine import choose_request
from gui.campaign.journal import CHUNK_IN_DOUBT, SENT, PlannedRow, RowResult
from gui.campaign.team_journal import LeaseSettings, TeamJournal
from gui.campaign.team_journal_schema import COMPONENT, SCHEMA_VERSION, TeamSchemaError, migrate
from tests.campaign.team_helpers import migrated, team_journal


def rows(n: int) -> list[PlannedRow]:
    return [PlannedRow(i + 2, str(13800000000 + i), f"text {i}") for i in range(n)]


def test_migrations_are_the_owners_idempotent_and_versioned(pg_database):
    assert migrate(pg_database.owner_dsn, pg.OPERATOR) == SCHEMA_VERSION
    assert migrate(pg_database.owner_dsn, pg.OPERATOR) == SCHEMA_VERSION  # again: nothing to do
    with psycopg.connect(pg_database.owner_dsn) as conn:
        versions = conn.execute(
            "SELECT version FROM team_schema_versions WHERE component = %s", (COMPONENT,)
        ).fetchall()
    assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
    with psycopg.connect(pg_database.operator_dsn) as operator:
        with pytest.raises(errors.InsufficientPrivilege):
            operator.execute("ALTER TABLE campaign_rows ADD COLUMN x int")
        operator.rollback()
        with pytest.raises(errors.InsufficientPrivilege):
            operator.execute("DROP TABLE campaign_chunks")


def test_the_operator_cannot_migrate_and_a_console_refuses_an_unmigrated_database(pg_database):
    with pytest.raises(errors.InsufficientPrivilege):
        migrate(pg_database.operator_dsn)
    with pytest.raises(TeamSchemaError, match="owner must run the migrations"):
        TeamJournal(pg_database.operator_dsn, "desk")


def test_a_console_refuses_a_newer_schema(pg_database):
    migrated(pg_database)
    with psycopg.connect(pg_database.owner_dsn) as conn:
        conn.execute("INSERT INTO team_schema_versions (component, version) VALUES (%s, %s)", (COMPONENT, 99))
    with pytest.raises(TeamSchemaError, match="newer"):
        TeamJournal(pg_database.operator_dsn, "desk")


def test_the_heartbeat_renews_a_living_consoles_lease(pg_database):
    database = migrated(pg_database)
    with team_journal(database, "desk-a", LeaseSettings(lease_seconds=2.0, heartbeat_seconds=0.3)) as a:
        cid = a.create_campaign("c", "t", rows(5))
        claimed = a.claim_next(cid, 5, choose_request)
        time.sleep(3.0)  # longer than the lease: only the heartbeat keeps it
        console, holder_console, left = a.lease_of(claimed.chunk_id)
        assert (console, holder_console) == ("desk-a", "desk-a") and left > 1.0
        with team_journal(database, "desk-b") as b:
            elsewhere = b.chunks_elsewhere(cid)
            assert elsewhere.taken_over == [] and elsewhere.live == 1  # alive: never overtaken
            assert b.doubtful_chunks(cid) == [] and b.mark_in_doubt(cid) == 0


def test_an_expired_chunk_is_taken_over_once_in_doubt(pg_database):
    database = migrated(pg_database)
    lease = LeaseSettings(lease_seconds=1.0, heartbeat_seconds=60)  # no beat before it expires: a dead console
    dead = team_journal(database, "desk-dead", lease)
    cid = dead.create_campaign("c", "t", rows(6))
    lost = dead.claim_next(cid, 3, choose_request)
    answered = dead.claim_next(cid, 3, choose_request, after_row=3)
    dead.record_chunk_results(answered.chunk_id, [RowResult(n, SENT, 0, "", n) for n in (4, 5, 6)])
    b, c = team_journal(database, "desk-b"), team_journal(database, "desk-c")
    try:
        assert b.chunks_elsewhere(cid).live == 1
        time.sleep(1.5)
        taken = b.chunks_elsewhere(cid)
        assert [ch.id for ch in taken.taken_over] == [lost.chunk_id] and taken.live == 0
        assert taken.taken_over[0].state == CHUNK_IN_DOUBT
        assert b.lease_of(lost.chunk_id)[:2] == ("desk-dead", "desk-b")  # claimed by the dead, held by b
        # Taken over by b: c sees it as b's, live, and cannot take it as well.
        again = c.chunks_elsewhere(cid)
        assert again.taken_over == [] and again.live == 1
        assert c.doubtful_chunks(cid) == []
    finally:
        for journal in (dead, b, c):
            journal.close()


def test_closing_hands_the_leases_back(pg_database):
    database = migrated(pg_database)
    a = team_journal(database, "desk-a", LeaseSettings(lease_seconds=300, heartbeat_seconds=30))
    cid = a.create_campaign("c", "t", rows(3))
    claimed = a.claim_next(cid, 3, choose_request)
    a.close()
    with team_journal(database, "desk-b") as b:
        assert [ch.id for ch in b.chunks_elsewhere(cid).taken_over] == [claimed.chunk_id]


def test_a_restarted_console_takes_its_earlier_lifes_chunks_at_once(pg_database):
    database = migrated(pg_database)
    lease = LeaseSettings(lease_seconds=300, heartbeat_seconds=30)
    first_life = team_journal(database, "desk-a", lease)
    cid = first_life.create_campaign("c", "t", rows(3))
    claimed = first_life.claim_next(cid, 3, choose_request)
    with team_journal(database, "desk-a", lease) as second_life:  # the first one's process was killed
        assert second_life.mark_in_doubt(cid) == 1
        assert [ch.id for ch in second_life.doubtful_chunks(cid)] == [claimed.chunk_id]
    first_life._stop.set()  # never closed in its life: no leases handed back by it
    first_life._pool.close()
