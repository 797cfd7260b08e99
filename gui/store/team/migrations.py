"""Versioned migrations of the team database (issue 15, items 1 and 2; no Qt).

``MIGRATIONS[n]`` takes the schema from version n to n + 1: a list of SQL statements, each
idempotent (``gui.store.team.schema``). Append, never edit. The version lives in
``team_schema_version`` (one row per version applied, with when and by whom).

Migrations are an admin action: :func:`migrate` runs with the **owner** role (it creates
tables, indexes, functions, triggers), all steps in one transaction under an advisory lock, so
two admins migrating at once take turns and a failed step leaves the previous version whole.
At the end it grants the **operator** roles data rights only — SELECT, INSERT, UPDATE, DELETE
on the tables, USAGE on the identity sequences — never ownership, CREATE or TRUNCATE: an
operator's console can use the store but cannot change its schema. The audit log
(``gui.store.team.audit``, version 2) is INSERT and SELECT only. Version 3: the statistics'
per-day sync marks (``gui.store.team.day_marks``). Version 4 puts the archive filter's keys
among the search tokens (``gui.store.team.schema.V4``; over an existing archive it rewrites
every message once: run VACUUM ANALYZE after it).

Operators' consoles never migrate: ``TeamStore.open`` checks :func:`current_version` and says
what to do when the database is behind (or ahead of) this console.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from gui.store.audit_store import AUDIT_TABLE
from gui.store.team import audit, day_marks, schema

log = logging.getLogger(__name__)

VERSION_TABLE = "team_schema_version"
# pg_advisory_xact_lock key of the migration (any constant; 'SMSM' in ASCII)
MIGRATION_LOCK_KEY = 0x534D534D

MIGRATIONS: list[Sequence[str]] = [schema.V1, audit.V2, day_marks.V3, schema.V4]
SCHEMA_VERSION = len(MIGRATIONS)

_VERSION_TABLE_SQL = f"""CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by text NOT NULL DEFAULT current_user
)"""


class MigrationError(Exception):
    """The team database cannot be migrated by this console (newer schema, wrong role, …)."""


def current_version(conn: Any) -> int:
    """The schema version of the database ``conn`` reaches (0: never migrated)."""
    exists = conn.execute("SELECT to_regclass(%s)", (VERSION_TABLE,)).fetchone()[0]
    if exists is None:
        return 0
    row = conn.execute(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}").fetchone()
    return int(row[0])


def grant_operators(conn: Any, operators: Iterable[str]) -> None:
    """Data rights only, on every table and sequence of the schema (idempotent)."""
    from psycopg import sql

    for role in operators:
        name = sql.Identifier(role)
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name))
        conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name))
        conn.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name))
        # the version table is the owner's to write: operators only read it
        conn.execute(sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(VERSION_TABLE), name))
        # the audit log is append-only for operators: nobody but the owner can rewrite history
        conn.execute(sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(AUDIT_TABLE), name))


def migrate(conn: Any, operators: Iterable[str] = ()) -> int:
    """Bring the database to :data:`SCHEMA_VERSION` on ``conn`` (a psycopg connection of the
    owner role) and grant ``operators`` their data rights. Returns the version before.

    One transaction: commits at the end, rolls back (leaving the old version) on any error."""
    operators = list(operators)
    with conn.transaction():
        conn.execute("SET LOCAL lock_timeout = '30s'")  # another owner's migration: wait, not for ever
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
        conn.execute(_VERSION_TABLE_SQL)
        before = version = current_version(conn)
        if version > SCHEMA_VERSION:
            raise MigrationError(
                f"the team database has schema version {version}, newer than this console's {SCHEMA_VERSION}; "
                "use a newer console"
            )
        while version < SCHEMA_VERSION:
            log.info("team database: migrating schema %d -> %d", version, version + 1)
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            version += 1
            conn.execute(
                f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s) ON CONFLICT (version) DO NOTHING", (version,)
            )
        grant_operators(conn, operators)
    if before < SCHEMA_VERSION:
        conn.execute("ANALYZE")  # fresh statistics for the planner (outside the transaction is fine)
    return before


def migrate_dsn(owner_conninfo: str, operators: Iterable[str] = ()) -> int:
    """:func:`migrate` over a connection of its own (the command-line subcommand's entry point)."""
    import psycopg

    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        return migrate(conn, operators)
