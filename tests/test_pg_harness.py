"""The PostgreSQL test harness (tests/pg.py) gives what team mode needs: a real server, nothing mocked.

Two roles reach each fresh database over TCP with a password: the owner may run DDL, the
operator may not; the database is UTF8 with C.UTF-8 ctype; a GIN index over bigram tokens finds
a two-character Chinese word (the archive search of issue 15); the psycopg pool opens and closes.
"""

from __future__ import annotations

import time

import pg
import pytest

try:
    import psycopg
    from psycopg import errors, sql
    from psycopg_pool import ConnectionPool
except ImportError as exc:  # the driver is a dependency; without it: skip, or fail under CI
    if pg.in_ci():
        raise
    pytest.skip(f"PostgreSQL tests skipped: psycopg missing ({exc})", allow_module_level=True)


def test_owner_and_operator_connect_over_tcp_with_their_passwords(pg_database):
    for role in (pg.OWNER, pg.OPERATOR):
        with psycopg.connect(pg_database.dsn(role)) as conn:
            user, database, address = conn.execute(
                "SELECT current_user, current_database(), inet_server_addr()::text"
            ).fetchone()
        assert (user, database) == (role, pg_database.name)
        assert address.startswith("127.0.0.1")


def test_a_wrong_password_is_refused(pg_database):
    params = dict(pg_database.params(pg.OPERATOR), password="not-the-password")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(**params).close()


def test_the_owner_runs_ddl_and_the_operator_cannot(pg_database):
    with psycopg.connect(pg_database.owner_dsn) as owner:
        owner.execute("CREATE TABLE records (id bigint PRIMARY KEY, mobile text NOT NULL)")
        owner.execute("INSERT INTO records VALUES (1, '13800000000')")
    with psycopg.connect(pg_database.operator_dsn) as operator:
        with pytest.raises(errors.InsufficientPrivilege):
            operator.execute("CREATE TABLE mine (id int)")
        operator.rollback()
        with pytest.raises(errors.InsufficientPrivilege):
            operator.execute("CREATE TEMPORARY TABLE scratch (id int)")
        operator.rollback()
        # No table rights until a migration grants them.
        with pytest.raises(errors.InsufficientPrivilege):
            operator.execute("SELECT * FROM records")
        operator.rollback()
        with pytest.raises(errors.InsufficientPrivilege):
            operator.execute("DROP TABLE records")
        operator.rollback()

    with psycopg.connect(pg_database.owner_dsn) as owner:
        owner.execute(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON records TO {}").format(sql.Identifier(pg.OPERATOR))
        )
    with psycopg.connect(pg_database.operator_dsn) as operator:
        operator.execute("INSERT INTO records VALUES (2, '13900000000')")
        operator.execute("UPDATE records SET mobile = '13900000001' WHERE id = 2")
        assert operator.execute("SELECT count(*) FROM records").fetchone() == (2,)
        operator.execute("DELETE FROM records WHERE id = 1")
        with pytest.raises(errors.InsufficientPrivilege):
            operator.execute("ALTER TABLE records ADD COLUMN cost numeric")


def test_connect_is_granted_per_database(pg_cluster, pg_database):
    """PUBLIC has no CONNECT on the harness's databases: the operator gets in only where granted."""
    other = pg_cluster.create_database()
    try:
        with pg_cluster.admin_connect() as admin:
            admin.execute(
                sql.SQL("REVOKE CONNECT ON DATABASE {} FROM {}").format(
                    sql.Identifier(other.name), sql.Identifier(pg.OPERATOR)
                )
            )
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(other.operator_dsn).close()
        psycopg.connect(other.owner_dsn).close()
        psycopg.connect(pg_database.operator_dsn).close()
    finally:
        pg_cluster.drop_database(other.name)


def test_the_database_is_utf8_with_c_utf8_ctype(pg_database):
    with psycopg.connect(pg_database.operator_dsn) as conn:
        encoding, collate, ctype = conn.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
            "WHERE datname = current_database()"
        ).fetchone()
        assert conn.execute("SHOW server_encoding").fetchone() == ("UTF8",)
        assert conn.execute("SELECT upper('退订 stop')").fetchone() == ("退订 STOP",)
    assert (encoding, collate, ctype) == ("UTF8", "C.UTF-8", "C.UTF-8")


def test_a_chinese_bigram_is_found_through_a_gin_index(pg_database):
    """A foretaste of the archive search: the archive's own bigram tokens in a GIN index over text[]."""
    messages = {
        1: ["【诊所】", "回复退订"],
        2: ["【商店】", "优惠活动"],
        3: ["退订", "请回T"],
    }

    def bigrams(text: str) -> list[str]:
        return [text[i : i + 2] for i in range(len(text) - 1)] or [text]

    with psycopg.connect(pg_database.owner_dsn) as conn:
        conn.execute("CREATE TABLE archive (id bigint PRIMARY KEY, body text NOT NULL, tokens text[] NOT NULL)")
        conn.execute("CREATE INDEX archive_tokens ON archive USING gin (tokens)")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO archive VALUES (%s, %s, %s)",
                [
                    (key, "".join(parts), sorted({t for part in parts for t in bigrams(part)}))
                    for key, parts in messages.items()
                ],
            )
            # Padding, so the planner has a reason for the index; enable_seqscan off makes it certain.
            cur.execute(
                "INSERT INTO archive SELECT n, 'filler ' || n, ARRAY['fi', 'il', 'll']"
                " FROM generate_series(100, 2099) AS n"
            )
        conn.execute("ANALYZE archive")
        conn.execute("SET enable_seqscan = off")
        query = "SELECT id FROM archive WHERE tokens @> ARRAY['退订'] ORDER BY id"
        assert [row[0] for row in conn.execute(query)] == [1, 3]
        plan = "\n".join(row[0] for row in conn.execute("EXPLAIN " + query))
        assert "archive_tokens" in plan, plan
        # Both bigrams of a 3-character word must be there: 回复退 is 回复 + 复退.
        assert [row[0] for row in conn.execute("SELECT id FROM archive WHERE tokens @> ARRAY['回复', '复退']")] == [1]
        assert conn.execute("SELECT count(*) FROM archive WHERE tokens @> ARRAY['退款']").fetchone() == (0,)


def test_a_connection_pool_opens_and_closes_cleanly(pg_cluster, pg_database):
    def backends() -> int:
        with pg_cluster.admin_connect() as admin:
            return admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND usename = %s",
                (pg_database.name, pg.OPERATOR),
            ).fetchone()[0]

    pool = ConnectionPool(pg_database.operator_dsn, min_size=2, max_size=4, open=False, name="harness")
    pool.open(wait=True, timeout=10)
    try:
        with pool.connection() as conn:
            assert conn.execute("SELECT current_user").fetchone() == (pg.OPERATOR,)
        assert backends() >= 2
    finally:
        pool.close(timeout=5)
    assert pool.closed
    deadline = time.monotonic() + 5
    while backends() and time.monotonic() < deadline:  # a backend exits just after its socket closes
        time.sleep(0.02)
    assert backends() == 0


def test_each_test_gets_its_own_fresh_database(pg_cluster, pg_database):
    with psycopg.connect(pg_database.owner_dsn) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert tables == (0,)
    assert pg_database.name != pg.SESSION_DATABASE
    with pg_cluster.admin_connect() as admin:
        names = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
    # Earlier tests' databases are gone; the session database stays for the whole run.
    assert {n for n in names if n.startswith("sms_test_")} == {pg_database.name}
    assert pg.SESSION_DATABASE in names


def test_without_server_binaries_the_reason_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pg, "DEBIAN_PG_ROOT", tmp_path / "no-postgresql")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(pg.BIN_DIR_ENV, raising=False)
    with pytest.raises(pg.PgUnavailable, match="install Debian's postgresql and postgresql-contrib"):
        pg.find_bin_dir()


def test_missing_postgresql_skips_but_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL tests skipped: no server"):
        pg.skip_or_fail("no server")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL is required under CI=true: no server"):
        pg.skip_or_fail("no server")


def test_the_newest_debian_version_is_chosen(monkeypatch, tmp_path):
    for version in ("9.6", "13", "15", "notaversion"):
        folder = tmp_path / version / "bin"
        folder.mkdir(parents=True)
        for tool in ("initdb", "pg_ctl"):
            (folder / tool).touch()
    monkeypatch.setattr(pg, "DEBIAN_PG_ROOT", tmp_path)
    monkeypatch.delenv(pg.BIN_DIR_ENV, raising=False)
    assert pg.find_bin_dir() == tmp_path / "15" / "bin"
    monkeypatch.setenv(pg.BIN_DIR_ENV, str(tmp_path / "13" / "bin"))
    assert pg.find_bin_dir() == tmp_path / "13" / "bin"


def test_a_cluster_left_by_a_killed_session_is_removed_by_the_next(pg_cluster):
    """SIGKILL skips every finaliser; the next session stops that server and deletes its folder."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    script = "import pg, sys, time; c = pg.PgCluster().start(); print(c.root, c.port, flush=True); time.sleep(60)"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(pg.__file__).parent), *sys.path]))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        root_text, port_text = child.stdout.readline().split()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    root, port = Path(root_text), int(port_text)
    assert (root / "data" / "postmaster.pid").exists()  # its server outlived it

    pg.PgCluster()._remove_abandoned_clusters()

    assert not root.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user=pg.SUPERUSER, connect_timeout=2).close()
    assert pg_cluster.root.exists()  # a live session's cluster is left alone
