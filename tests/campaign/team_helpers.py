"""Shared pieces of the team-mode campaign tests: a migrated team database and journals on it."""

from __future__ import annotations

import pg

from gui.campaign.team_journal import LeaseSettings, TeamJournal
from gui.campaign.team_journal_schema import migrate

# Short leases for tests: a dead console's chunks are taken over within seconds.
SHORT_LEASE = LeaseSettings(lease_seconds=3.0, heartbeat_seconds=0.5)


def migrated(database: pg.PgDatabase) -> pg.PgDatabase:
    """The journal's tables made by the owner, the operator granted data rights."""
    migrate(database.owner_dsn, pg.OPERATOR)
    return database


def team_journal(database: pg.PgDatabase, console_id: str, lease: LeaseSettings | None = None) -> TeamJournal:
    """A console's journal on the team database, connected with the operator's role."""
    return TeamJournal(database.operator_dsn, console_id, lease=lease or SHORT_LEASE)
