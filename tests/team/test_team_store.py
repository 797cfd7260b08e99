"""The team store on a real PostgreSQL (issue 15, items 1, 2 and 8): migrations run by the owner,
the operator role uses the store but cannot change its schema, several consoles share one archive."""

from __future__ import annotations

import threading

import pg
import psycopg
import pytest

from gui.api.models import StatusReport
from gui.store.db import SentMessage
from gui.store.team import SCHEMA_VERSION, TeamStore, TeamStoreError, migrate_dsn, migrations
from gui.store.team import archive as team_archive
from gui.store.team import stats as team_stats


def sent(sid, minute=0, text="【豪霆云】会员日，回T退订", campaign_id=None, mobile="13800138000"):
    return SentMessage(
        sid, mobile, text, f"2026-03-01 10:{minute:02d}:00", 0, "OK", 1, "0.0500", "RMB", None, campaign_id
    )


@pytest.fixture
def migrated(pg_database):
    migrate_dsn(pg_database.owner_dsn, operators=[pg.OPERATOR])
    return pg_database


def test_a_fresh_database_is_migrated_once_and_again_changes_nothing(pg_database):
    assert migrate_dsn(pg_database.owner_dsn, operators=[pg.OPERATOR]) == 0
    assert migrate_dsn(pg_database.owner_dsn, operators=[pg.OPERATOR]) == SCHEMA_VERSION
    with psycopg.connect(pg_database.owner_dsn) as conn:
        assert migrations.current_version(conn) == SCHEMA_VERSION
        versions = conn.execute("SELECT version, applied_by FROM team_schema_version ORDER BY 1").fetchall()
        assert versions == [(v, pg.OWNER) for v in range(1, SCHEMA_VERSION + 1)]
        # the database is what the issue asks for: UTF8, C.UTF-8 ctype
        encoding, ctype = conn.execute(
            "SELECT pg_encoding_to_char(encoding), datctype FROM pg_database WHERE datname = current_database()"
        ).fetchone()
        assert (encoding, ctype) == ("UTF8", "C.UTF-8")


def test_every_migration_step_can_run_twice(pg_database):
    """A migration interrupted after some of its statements runs again from the start."""
    with psycopg.connect(pg_database.owner_dsn, autocommit=True) as conn:
        for steps in migrations.MIGRATIONS:
            for statement in steps:
                conn.execute(statement)
                conn.execute(statement)


def test_the_operator_cannot_migrate_nor_run_ddl_but_can_use_the_store(migrated):
    with psycopg.connect(migrated.operator_dsn) as operator:
        for ddl in (
            "CREATE TABLE mine (id int)",
            "DROP TABLE messages",
            "ALTER TABLE messages ADD COLUMN x int",
            "CREATE INDEX mine ON messages (text)",
            "TRUNCATE messages",
            "DROP TRIGGER messages_counters_insert ON messages",
            "INSERT INTO team_schema_version (version) VALUES (99)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                operator.execute(ddl)
            operator.rollback()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        migrate_dsn(migrated.operator_dsn)
    store = TeamStore.open(migrated.operator_dsn)
    try:
        store.record_sent([sent(1)])
        store.save_reports([StatusReport(1, None, "2026-03-01 10:01:00", "DELIVRD", "13800138000", "SUCCESS")])
        store.add_suppressed(["13800138000"], "opt-out")
        store.set_setting("k", {"a": 1})
        assert [r.report_status for r in team_archive.ArchiveQuery(store).page().rows] == ["SUCCESS"]
        assert store.is_suppressed("13800138000") and store.get_setting("k") == {"a": 1}
    finally:
        store.close()


def test_a_console_refuses_a_database_not_migrated_or_migrated_by_a_newer_console(pg_database):
    with pytest.raises(TeamStoreError, match="must migrate"):
        TeamStore.open(pg_database.operator_dsn)
    migrate_dsn(pg_database.owner_dsn, operators=[pg.OPERATOR])
    with psycopg.connect(pg_database.owner_dsn) as owner:
        owner.execute("INSERT INTO team_schema_version (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(TeamStoreError, match="newer"):
        TeamStore.open(pg_database.operator_dsn)
    with pytest.raises(migrations.MigrationError, match="newer"):
        migrate_dsn(pg_database.owner_dsn)


def test_two_consoles_share_one_archive_and_count_it_exactly(migrated):
    """Two stores (two consoles) write the same days at once: one row per sid, the counters exact."""
    consoles = [TeamStore.open(migrated.operator_dsn) for _ in range(2)]
    errors: list[BaseException] = []

    def work(store, offset):
        try:
            for batch in range(10):
                sids = range(batch * 50, batch * 50 + 50)
                store.record_sent([sent(s + 1, minute=s % 60, campaign_id=1 + s % 3) for s in sids])
                statuses = ("SUCCESS", "FAIL", "UNKNOWN")
                store.save_reports(
                    [
                        StatusReport(s + 1, None, "2026-03-01 11:00:00", "E", "13800138000", statuses[(s + offset) % 3])
                        for s in sids
                    ]
                )
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(store, n)) for n, store in enumerate(consoles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        one = consoles[0]
        assert one.count_reports() == 500
        assert len(team_archive.ArchiveQuery(one).page(None, 10_000).rows) == 500
        assert team_stats.stored(one) == team_stats.recount(one)
    finally:
        for store in consoles:
            store.close()
