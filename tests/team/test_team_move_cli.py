"""``python -m gui team-move --profile NAME`` (issue 15, item 6): a real process, a real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pg
import psycopg
import pytest
from PySide6.QtCore import QLockFile, QSettings

from gui.paths import HOME_ENV
from gui.profiles import STORAGE_TEAM, Profile, ProfileStore, TeamDatabase
from gui.team_move_cli import PASSWORD_ENV
from tests.team.move_helpers import fill_local, prepared_team, team_rows

PROFILE = "shop-team"


@pytest.fixture
def moved_profile(app_paths, pg_database):
    """A team profile in the settings whose profile folder holds a filled local store."""
    database = prepared_team(pg_database)
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    team = TeamDatabase(database.host, database.port, database.name, pg.OPERATOR, "disable", "Alice")
    ProfileStore(settings).save(Profile(PROFILE, "https://sms.example.com", storage=STORAGE_TEAM, team=team))
    settings.sync()
    local = fill_local(app_paths.profile_dir(PROFILE))
    return database, local


def team_move(database, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        **{HOME_ENV: os.environ[HOME_ENV], PASSWORD_ENV: database.passwords[pg.OPERATOR]},
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    return subprocess.run(
        [sys.executable, "-m", "gui", "team-move", "--profile", PROFILE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def counts_printed(stdout: str) -> dict[str, tuple[int, int]]:
    table = stdout.split("table", 1)[1].splitlines()[1:]
    return {p[0]: (int(p[1]), int(p[2])) for p in (line.split() for line in table) if len(p) >= 3 and p[1].isdigit()}


def test_the_command_moves_prints_progress_and_counts_and_checks_again(moved_profile):
    database, local = moved_profile
    done = team_move(database, "--batch-rows", "10")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "campaign_rows: " in done.stdout and "messages: " in done.stdout  # progress
    printed = counts_printed(done.stdout)
    for table in ("messages", "reports", "replies", "suppression", "audit_log", "campaign_rows", "campaign_chunks"):
        assert printed[table] == (local.counts[table], local.counts[table]), table
    assert "The local file is kept as a backup" in done.stdout
    assert database.passwords[pg.OPERATOR] not in done.stdout + done.stderr
    assert team_rows(database)["messages"] == local.counts["messages"]

    again = team_move(database)  # a second run copies nothing more
    assert again.returncode == 0, again.stderr
    assert team_rows(database)["messages"] == local.counts["messages"]

    with psycopg.connect(database.owner_dsn, autocommit=True) as admin:
        admin.execute("DELETE FROM suppression WHERE number = '13800000002'")
    check = team_move(database, "--check")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "MISMATCH" in check.stdout and "suppression" in check.stderr
    assert counts_printed(check.stdout)["suppression"] == (local.counts["suppression"], local.counts["suppression"] - 1)


def test_the_command_refuses_while_a_console_has_the_profile_open(moved_profile, app_paths):
    database, _local = moved_profile
    lock = QLockFile(str(app_paths.profile_dir(PROFILE) / "console.lock"))
    assert lock.tryLock(100)
    try:
        refused = team_move(database)
    finally:
        lock.unlock()
    assert refused.returncode == 2 and "open in a console" in refused.stderr
    assert team_rows(database)["messages"] == 0
