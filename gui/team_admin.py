"""The admin action of team mode: prepare (migrate) a team database as its owner (plain Python).

One action runs both migrations — the shared archive's (``gui.store.team.migrations``) and the
campaign journal's (``gui.campaign.team_journal_schema``) — as the database's **owner** role,
and grants the profile's **operator** role data rights only (no DDL). Both are idempotent and
serialized by advisory locks, so running it again, or by two admins at once, is safe. The
owner's credentials are used for this one call and never kept: the command line
(``python -m gui team-migrate``) asks for them or reads them from the environment, the profile
dialog asks for them in a dialog (``gui.views.profiles.team_box``).

``schema_versions`` is what a console checks as the operator ("Test database").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SchemaVersions:
    """The team database's schema versions (0: never migrated) and the ones this console needs."""

    store: int
    journal: int

    @property
    def current(self) -> bool:
        from gui.campaign import team_journal_schema
        from gui.store.team import migrations

        return self.store == migrations.SCHEMA_VERSION and self.journal == team_journal_schema.SCHEMA_VERSION

    @staticmethod
    def needed() -> SchemaVersions:
        from gui.campaign import team_journal_schema
        from gui.store.team import migrations

        return SchemaVersions(migrations.SCHEMA_VERSION, team_journal_schema.SCHEMA_VERSION)


@dataclass(frozen=True)
class MigrationReport:
    before: SchemaVersions
    after: SchemaVersions


def read_versions(conn: Any) -> SchemaVersions:
    from gui.campaign import team_journal_schema
    from gui.store.team import migrations

    return SchemaVersions(migrations.current_version(conn), team_journal_schema.applied_version(conn))


def schema_versions(conninfo: str) -> SchemaVersions:
    """Connect (any role) and read both schema versions; raises what psycopg raises."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        return read_versions(conn)


def prepare_database(owner_conninfo: str, operator_role: str) -> MigrationReport:
    """Both migrations as the owner, ``operator_role`` granted data rights; versions before/after."""
    from gui.campaign import team_journal_schema
    from gui.store.team import migrations

    before = schema_versions(owner_conninfo)
    operators = [operator_role] if operator_role else []
    migrations.migrate_dsn(owner_conninfo, operators)
    team_journal_schema.migrate(owner_conninfo, operator_role or None)
    return MigrationReport(before, schema_versions(owner_conninfo))


__all__ = ["MigrationReport", "SchemaVersions", "prepare_database", "read_versions", "schema_versions"]
