"""One call site, two backends: the archive, statistics and record sync of a store (plain Python).

A profile's store is the local SQLite ``gui.store.db.Store`` or, in team mode, a
``gui.store.team.TeamStore`` on PostgreSQL (``store.backend == "team"``). Both have the same
methods; what differs are the module-level functions the views call with the store — the
archive's query, the statistics, the record sync's writes. The views call these instead, so a
tab works on either backend without knowing which it has.

Also here: what "the team database cannot be reached" means (``database_unreachable``) and a
cheap check of it (``ensure_reachable``), used before money leaves in team mode (issue 15, item 7:
no send while the shared archive cannot record it).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType, SimpleNamespace
from typing import Any

LOCAL = "local"
TEAM = "team"

# The statistics' functions, by the same names in gui.store.archive and gui.store.team.stats.
STATS_FUNCTIONS = ("daily_stats", "campaign_stats", "top_errors", "campaigns", "error_codes")


class DatabaseUnreachable(Exception):
    """The team database cannot be reached: nothing is sent until it can (no local queue that
    could send the same messages twice later); what is loaded stays readable."""


def backend_of(store: Any) -> str:
    """``"team"`` for a TeamStore, ``"local"`` for the SQLite store (which has no attribute)."""
    return str(getattr(store, "backend", LOCAL))


def is_team(store: Any) -> bool:
    return backend_of(store) == TEAM


def archive_module(store: Any) -> ModuleType | SimpleNamespace:
    """What has ``ArchiveQuery``, ``ArchiveFilter`` and ``without_report`` for ``store``."""
    if is_team(store):
        from gui.store.team import archive as team_archive

        return team_archive
    from gui.store import archive

    return archive


def archive_query(store: Any) -> Callable[..., Any]:
    """The ``ArchiveQuery`` class for ``store``: ``archive_query(store)(store, filter, sort, descending)``."""
    return archive_module(store).ArchiveQuery  # type: ignore[no-any-return]


def stats_module(store: Any) -> ModuleType | SimpleNamespace:
    """The statistics for ``store``: ``daily_stats``, ``campaign_stats``, ``top_errors``,
    ``campaigns``, ``error_codes``, ``total_stats`` and ``without_report``, with the signatures
    of ``gui.store.archive``'s."""
    from gui.store import archive

    if not is_team(store):
        return archive
    from gui.store.team import archive as team_archive
    from gui.store.team import stats as team_stats

    functions = {name: getattr(team_stats, name) for name in STATS_FUNCTIONS}
    return SimpleNamespace(total_stats=archive.total_stats, without_report=team_archive.without_report, **functions)


def day_marks(store: Any) -> Any:
    """Where ``store`` keeps the statistics' per-day sync marks (``gui.store.sync_days.DayMarkStorage``):
    the local file's, or the team database's that every console of the account shares."""
    if is_team(store):
        from gui.store.team.day_marks import TeamDayMarks

        return TeamDayMarks(store)
    from gui.store.sync_days import SqliteDayMarks

    return SqliteDayMarks(store)


def day_sync(store: Any, get_record: Callable[..., Any], max_pages: int) -> Any:
    """The statistics' per-day delivery sync (``gui.store.sync_days.DaySync``) on ``store``'s day marks."""
    from gui.store.sync_days import DaySync

    return DaySync(day_marks(store), get_record, max_pages=max_pages)


def database_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the team database could not be reached (not that it refused)."""
    if isinstance(error, DatabaseUnreachable):
        return True
    try:
        import psycopg
        from psycopg_pool import PoolTimeout
    except ImportError:  # no driver: there is no team database to be unreachable
        return False
    from gui.store.team.connection import TeamStoreError

    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, psycopg.OperationalError):
        return not isinstance(error, psycopg.errors.QueryCanceled)  # a cancelled query is an answer
    return isinstance(error, TeamStoreError) and "cannot reach" in str(error)


def ensure_reachable(store: Any) -> None:
    """In team mode, one round trip to the database; DatabaseUnreachable when it does not answer.
    A pooled connection the server dropped (a restart) fails once: the next one is tried."""
    if not is_team(store):
        return
    for attempt in range(2):
        try:
            with store.reading() as conn:
                conn.execute("SELECT 1")
            return
        except Exception as exc:
            if not database_unreachable(exc):
                raise
            if attempt == 1:
                raise DatabaseUnreachable(f"the team database cannot be reached: {exc}") from exc


__all__ = [
    "LOCAL",
    "TEAM",
    "DatabaseUnreachable",
    "archive_module",
    "archive_query",
    "backend_of",
    "database_unreachable",
    "day_marks",
    "day_sync",
    "ensure_reachable",
    "is_team",
    "stats_module",
]
