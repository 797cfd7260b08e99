"""Team mode's shared store on PostgreSQL (issue 15; plain Python, no Qt).

``TeamStore`` (``gui.store.team.store``) has the local ``gui.store.db.Store``'s public API; the
archive's queries and statistics over it are ``gui.store.team.archive`` and
``gui.store.team.stats`` (the signatures of ``gui.store.archive``); the schema and its versioned
migrations, run by the owner role, are ``gui.store.team.schema`` / ``gui.store.team.migrations``.
"""

from gui.store.team.connection import TeamStoreError
from gui.store.team.migrations import SCHEMA_VERSION, MigrationError, migrate, migrate_dsn
from gui.store.team.store import BACKEND, TeamStore

__all__ = ["BACKEND", "SCHEMA_VERSION", "MigrationError", "TeamStore", "TeamStoreError", "migrate", "migrate_dsn"]
