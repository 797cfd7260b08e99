"""``python -m gui team-move --profile NAME``: copy a profile's local history into its team database.

The profile's team database (host, port, database, operator role, sslmode) comes from the profile
(``gui.profiles.TeamDatabase``) — it may still keep its data locally: the move can come before the
switch. The operator role's password is read from ``SMS_CONSOLE_DB_PASSWORD``, else from the keyring
beside the apikey, else asked on the terminal (without echo); it is used for this run only.

The move itself is ``gui.store.team.move``: in batches, each committed with its progress mark, so
Ctrl+C (or a lost connection) leaves a state the next run continues from; the local SQLite file is
only read and stays as it was. The profile's lock is held for the run: a console that has the
profile open (and could be sending one of its campaigns) makes the move refuse.

Prints progress per table and the final counts (local rows, rows found in the team database).
Exit codes: 0 every count matches, 1 a mismatch or a failure, 2 usage or refusal, 130 stopped.
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import sys
import time
from typing import Any

PASSWORD_ENV = "SMS_CONSOLE_DB_PASSWORD"
PRINT_EVERY_S = 1.0
STOPPED = 130


def _password(profile_name: str) -> str:
    from gui.keychain import Keychain, KeyringState, db_secret_name

    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    result = Keychain().lookup(db_secret_name(profile_name))
    if result.state is KeyringState.OK and result.secret:
        return result.secret
    return getpass.getpass(f"Password of the database role for “{profile_name}”: ")


def print_report(report: Any, out: Any = sys.stdout) -> None:
    """The counts, one table a line: local rows, rows of them in the team database."""
    width = max(len(c.table) for c in report.counts)
    print(f"{'table'.ljust(width)}  {'local':>9}  {'team':>9}", file=out)
    for count in report.counts:
        mark = "" if count.ok else "   MISMATCH"
        print(f"{count.table.ljust(width)}  {count.local:>9}  {count.team:>9}{mark}", file=out)


class _Printer:
    """Progress lines, at most one a second per table (and each table's last)."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    def __call__(self, table: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last.get(table, 0.0) < PRINT_EVERY_S:
            return
        if done == total and self._last.get(table) == -1.0:
            return
        self._last[table] = -1.0 if done == total else now
        print(f"  {table}: {done}/{total}", flush=True)


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QSettings

    from gui.paths import AppPaths
    from gui.profile_lock import profile_lock
    from gui.profile_storage import console_id
    from gui.profiles import ProfileStore
    from gui.store.db import store_path

    parser = argparse.ArgumentParser(
        prog="python -m gui team-move",
        description="Copy a profile's local archive and campaign journal into its team (PostgreSQL) database. "
        "Resumable: run it again after an interruption. The local file is left as it is.",
    )
    parser.add_argument("--profile", required=True, help="the profile whose local history to move")
    parser.add_argument("--batch-rows", type=int, default=5000, help="rows per transaction (default 5000)")
    parser.add_argument("--check", action="store_true", help="only count: what is here, what the team has")
    args = parser.parse_args(argv)

    paths = AppPaths.default().ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    profile = ProfileStore(settings).get(args.profile)
    if profile is None:
        print(f"no profile named {args.profile!r}", file=sys.stderr)
        return 2
    missing = profile.team.missing()
    if missing:
        print(f"the profile {args.profile!r} has no team database set up: {missing}", file=sys.stderr)
        return 2
    local = store_path(paths.profile_dir(profile.name))
    if not local.is_file():
        print(f"the profile {args.profile!r} has no local history ({local})", file=sys.stderr)
        return 2
    lock = profile_lock(paths, profile.name)
    if not lock.tryLock(100):
        print(
            f"the profile {args.profile!r} is open in a console (it could be sending a campaign): "
            "close it, or use “Move local history to the team database…” in its profile dialog",
            file=sys.stderr,
        )
        return 2
    try:
        return _run(args, profile, local, console_id(settings, profile.name))
    finally:
        lock.unlock()


def _run(args: argparse.Namespace, profile: Any, local: Any, source: str) -> int:
    from gui.store.team import TeamStore
    from gui.store.team.move import MoveCancelled, MoveRefused, check_move, move_profile
    from gui.team_admin import schema_versions

    team = profile.team
    stop = {"asked": False}

    def ask_stop(_signum: int, _frame: Any) -> None:
        stop["asked"] = True
        print("stopping after this batch…", file=sys.stderr, flush=True)

    print(f"{'Checking' if args.check else 'Moving'} {local}")
    print(f"  into {team.database} on {team.host}:{team.port} as {team.user}; the local file stays as it is")
    try:
        conninfo = team.conninfo(_password(profile.name))
        schema_versions(conninfo)  # one plain connection first: a refusal comes with the server's words
        store = TeamStore.open(conninfo)
    except Exception as exc:  # noqa: BLE001 - the operator reads why (psycopg's message has no password)
        print(f"the team database could not be opened: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    previous = signal.signal(signal.SIGINT, ask_stop)
    try:
        if args.check:
            report = check_move(local, store, source)
        else:
            report = move_profile(
                local,
                store,
                source,
                batch_rows=args.batch_rows,
                on_progress=_Printer(),
                should_stop=lambda: stop["asked"],
            )
    except MoveCancelled as exc:
        print(f"{exc}", file=sys.stderr)
        return STOPPED
    except MoveRefused as exc:
        print(f"the move was refused: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a lost connection, a refusal of the database: in words
        print(
            f"the move stopped: {type(exc).__name__}: {exc}\nwhat was copied stays; run it again to continue",
            file=sys.stderr,
        )
        return 1
    finally:
        signal.signal(signal.SIGINT, previous)
        store.close()
    print_report(report)
    if not report.ok:
        tables = ", ".join(c.table for c in report.mismatches)
        print(f"the counts do not match ({tables}): the team database lacks rows of this profile", file=sys.stderr)
        return 1
    if not args.check:
        print("every count matches. The local file is kept as a backup.")
        if not profile.is_team:
            print("The profile still keeps its data locally: switch its storage to the team database to use it.")
    return 0


__all__ = ["PASSWORD_ENV", "main", "print_report"]
