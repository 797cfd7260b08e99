"""``python -m gui team-migrate --profile NAME``: prepare a team profile's database as its owner.

The owner's role name and password are asked on the terminal (the password without echo), or
read from ``SMS_CONSOLE_DB_OWNER`` / ``SMS_CONSOLE_DB_OWNER_PASSWORD`` (CI); they are used for
this one run and never stored. Host, port, database, sslmode and the operator role to grant come
from the profile (``gui.profiles.TeamDatabase``). Prints the schema versions before and after.
Exit codes: 0 done, 2 usage (no such profile, not a team profile), 1 the migration failed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

OWNER_ENV = "SMS_CONSOLE_DB_OWNER"
OWNER_PASSWORD_ENV = "SMS_CONSOLE_DB_OWNER_PASSWORD"


def _owner_credentials() -> tuple[str, str]:
    user = os.environ.get(OWNER_ENV) or input("Database owner role: ").strip()
    password = os.environ.get(OWNER_PASSWORD_ENV)
    if password is None:
        password = getpass.getpass("Password of the owner role: ")
    return user, password


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QSettings

    from gui.paths import AppPaths
    from gui.profiles import ProfileStore
    from gui.team_admin import prepare_database

    parser = argparse.ArgumentParser(
        prog="python -m gui team-migrate",
        description="Create or update the tables of a team profile's PostgreSQL database (as its owner) "
        "and grant the profile's database user data rights only.",
    )
    parser.add_argument("--profile", required=True, help="the team profile whose database to prepare")
    args = parser.parse_args(argv)

    paths = AppPaths.default().ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    profile = ProfileStore(settings).get(args.profile)
    if profile is None:
        print(f"no profile named {args.profile!r}", file=sys.stderr)
        return 2
    if not profile.is_team:
        print(f"the profile {args.profile!r} keeps its data locally: there is no team database", file=sys.stderr)
        return 2
    team = profile.team
    user, password = _owner_credentials()
    if not user:
        print("no owner role given", file=sys.stderr)
        return 2
    print(f"Preparing {team.database} on {team.host}:{team.port} as {user}; operator role: {team.user}")
    try:
        report = prepare_database(team.conninfo(password, user=user), team.user)
    except Exception as exc:  # noqa: BLE001 - the admin reads why; the password is not in psycopg's messages
        print(f"the migration failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    before, after = report.before, report.after
    print(f"archive schema: {before.store} -> {after.store}")
    print(f"campaign journal schema: {before.journal} -> {after.journal}")
    return 0


__all__ = ["OWNER_ENV", "OWNER_PASSWORD_ENV", "main"]
