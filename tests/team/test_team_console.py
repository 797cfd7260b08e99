"""Team mode in the console (issue 15, items 1 and 7): a team profile's storage, the console on a
TeamStore and TeamJournal, the admin migration, and what happens when the database is out of reach.

Real PostgreSQL (tests/pg.py's throw-away cluster; one test stops a cluster of its own), the
sandbox gateway over HTTP, an in-memory keyring (tests/keyring_fakes.py); nothing mocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pg
import pytest
from keyring_fakes import MemoryKeyring
from PySide6.QtCore import QSettings, Qt
from tab_helpers import open_compose, show_tab, wait_dialog

from gui.campaign.team_journal_schema import SCHEMA_VERSION as JOURNAL_VERSION
from gui.keychain import SERVICE_NAME, Keychain, db_secret_name
from gui.paths import HOME_ENV
from gui.profiles import STORAGE_TEAM, Profile, TeamDatabase
from gui.store.db import SentMessage, beijing_timestamp
from gui.store.io_guard import allow_gui_thread_io
from gui.store.team import TeamStore
from gui.store.team.migrations import SCHEMA_VERSION as ARCHIVE_VERSION
from gui.team_admin import prepare_database, schema_versions

LEFT = Qt.MouseButton.LeftButton
TEAM_PROFILE = "shop-team"
OP_TIMEOUT_MS = 20_000


def team_profile(database: pg.PgDatabase, base_url: str, name: str = TEAM_PROFILE) -> Profile:
    return Profile(
        name,
        base_url,
        storage=STORAGE_TEAM,
        team=TeamDatabase(database.host, database.port, database.name, pg.OPERATOR, "disable", "Alice"),
    )


def make_team_ctx(app_paths, sandbox, database: pg.PgDatabase, keyring: MemoryKeyring | None = None):
    """A console whose active profile is a team profile on ``database`` (the operator's password in
    the keyring, the gateway the sandbox)."""
    from gui.app import AppContext, parse_args

    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(app_paths, settings, parse_args(["--no-crash-dialog"]))
    ctx.keychain = Keychain(backend=keyring or MemoryKeyring())
    assert ctx.keychain.store(db_secret_name(TEAM_PROFILE), database.passwords[pg.OPERATOR]).ok
    profile = team_profile(database, sandbox.base_url)
    ctx.profiles.save(profile)
    ctx.set_profile(profile, sandbox.apikey)
    return ctx


def in_worker(qtbot, ctx, func):
    """``func()`` in one of the console's workers (store and journal calls never run on the GUI thread)."""
    outcome: dict = {}
    ctx.run(func, lambda result: outcome.setdefault("result", result), lambda e: outcome.setdefault("error", e))
    qtbot.waitUntil(lambda: bool(outcome), timeout=15_000)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def close_ctx(ctx) -> None:
    ctx.tasks.wait_all(5000)
    ctx.release()


@pytest.fixture
def prepared(pg_database) -> pg.PgDatabase:
    prepare_database(pg_database.owner_dsn, pg.OPERATOR)
    return pg_database


@pytest.fixture
def team_ctx(qapp, app_paths, sandbox, prepared):
    ctx = make_team_ctx(app_paths, sandbox, prepared)
    yield ctx
    close_ctx(ctx)


def sends(sandbox) -> int:
    return sum(sandbox.call_count(e) for e in ("sms/single_send", "sms/batch_send", "sms/multi_send"))


# --------------------------------------------------------------------- the profile dialog
def test_a_team_profile_is_made_in_the_dialog_with_its_password_in_the_keyring(
    qtbot, qapp, app_paths, pg_database, sandbox
):
    from gui.app import AppContext, parse_args
    from gui.views.profiles import ProfileDialog

    keyring = MemoryKeyring()
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(app_paths, settings, parse_args([]))
    ctx.keychain = Keychain(backend=keyring)
    try:
        dialog = ProfileDialog(ctx, None)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.operation_finished, timeout=OP_TIMEOUT_MS):
            dialog.show()
        box = dialog.team_box
        assert box.storage == "local" and not box.team_fields.isVisible()  # local stays the default
        dialog.name_edit.setText(TEAM_PROFILE)
        dialog.url_edit.setText(sandbox.base_url)
        dialog.apikey_edit.setText(sandbox.apikey)
        box.storage_combo.setCurrentIndex(box.storage_combo.findData(STORAGE_TEAM))
        assert box.team_fields.isVisible()
        box.host_edit.setText(pg_database.host)
        box.port_spin.setValue(pg_database.port)
        box.database_edit.setText(pg_database.name)
        box.user_edit.setText(pg.OPERATOR)
        box.sslmode_combo.setCurrentIndex(box.sslmode_combo.findData("disable"))
        box.operator_edit.setText("Alice")
        password = pg_database.passwords[pg.OPERATOR]
        box.password_edit.setText(password)

        # Test database before anyone prepared it: the operator connects, the schema is not there yet
        with qtbot.waitSignal(
            dialog.operation_finished, timeout=OP_TIMEOUT_MS, check_params_cb=lambda n: n == "db_test"
        ):
            qtbot.mouseClick(box.test_db_button, LEFT)
        assert "not current" in box.db_result.text() and "archive 0" in box.db_result.text()

        # Prepare the database…: the owner's credentials in a dialog, both migrations in a worker
        qtbot.mouseClick(box.prepare_button, LEFT)
        owner = wait_dialog(qtbot, "owner_dialog")
        owner.user_edit.setText(pg.OWNER)
        owner.password_edit.setText(pg_database.passwords[pg.OWNER])
        with qtbot.waitSignal(dialog.operation_finished, timeout=60_000, check_params_cb=lambda n: n == "db_prepare"):
            owner.accept()
        assert f"archive schema 0 → {ARCHIVE_VERSION}" in box.db_result.text(), box.db_result.text()
        assert f"campaign journal schema 0 → {JOURNAL_VERSION}" in box.db_result.text()
        assert owner.password_edit.text() == ""  # the owner's password is not kept

        with qtbot.waitSignal(
            dialog.operation_finished, timeout=OP_TIMEOUT_MS, check_params_cb=lambda n: n == "db_test"
        ):
            qtbot.mouseClick(box.test_db_button, LEFT)
        assert "The schema is current" in box.db_result.text()

        qtbot.mouseClick(dialog.save_button, LEFT)
        qtbot.waitUntil(lambda: (SERVICE_NAME, db_secret_name(TEAM_PROFILE)) in keyring.store, timeout=OP_TIMEOUT_MS)
        qtbot.waitUntil(lambda: dialog._busy == 0, timeout=OP_TIMEOUT_MS)
        assert keyring.store[(SERVICE_NAME, db_secret_name(TEAM_PROFILE))] == password
        assert keyring.store[(SERVICE_NAME, TEAM_PROFILE)] == sandbox.apikey  # the apikey beside it
        assert box.password_edit.text() == ""
        saved = ctx.profiles.get(TEAM_PROFILE)
        assert saved is not None and saved.is_team
        assert saved.team == TeamDatabase(
            pg_database.host, pg_database.port, pg_database.name, pg.OPERATOR, "disable", "Alice"
        )
        settings.sync()
        text = Path(app_paths.settings_file).read_text(encoding="utf-8")
        assert password not in text and sandbox.apikey not in text
        assert "storage=team" in text
        dialog.close()
    finally:
        close_ctx(ctx)


# --------------------------------------------------------------------- the console on a TeamStore
def test_the_store_is_a_team_store_and_a_compose_send_lands_in_the_team_database(qtbot, team_ctx, sandbox, prepared):
    store = in_worker(qtbot, team_ctx, team_ctx.store)
    assert isinstance(store, TeamStore) and store.backend == "team"
    tab = open_compose(qtbot, team_ctx)
    tab.set_mode("single")
    tab.single_edit.setText("13800138000")
    tab.text_edit.setPlainText("【豪霆云】您的验证码是4821。如非本人操作，请忽略本短信")
    tab.results = []
    qtbot.mouseClick(tab.send_button, LEFT)
    dialog = wait_dialog(qtbot, "spend_confirm_dialog")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: bool(tab.results) and not tab.busy.busy, timeout=15_000)
    [row] = tab.results
    assert row.state == "ok"
    # another console of the team (its own TeamStore, the operator's role) sees the send
    with allow_gui_thread_io(), TeamStore.open(prepared.operator_dsn) as other:
        [seen] = other.sent_messages()
        assert (seen.sid, seen.mobile) == (row.sid, "13800138000")
        assert other.get_setting("price_per_part") == "0.05"  # the price learned is the team's


def test_records_archive_and_statistics_show_the_team_database(qtbot, team_ctx, prepared):
    from gui.views.records import RecordsTab

    now = beijing_timestamp()
    with allow_gui_thread_io(), TeamStore.open(prepared.operator_dsn) as other:  # sent by another console
        other.record_sent(
            [
                SentMessage(9_000_000_000 + i, f"1390000000{i}", f"团队消息 {i}", now, 0, "OK", 1, "0.05", "RMB")
                for i in range(3)
            ]
        )
    tab = show_tab(qtbot, RecordsTab(team_ctx))
    archive = tab.archive_view
    archive.ensure_loaded()
    qtbot.waitUntil(lambda: len(archive.model.rows) == 3, timeout=15_000)
    assert {r.mobile for r in archive.model.rows} == {f"1390000000{i}" for i in range(3)}
    stats = tab.stats_view
    stats.sync_box.setChecked(False)  # the team database's rows alone (its day sync: test_day_sync_backends.py)
    qtbot.waitUntil(lambda: not stats.busy.busy, timeout=15_000)
    stats.result = None
    stats.refresh()
    qtbot.waitUntil(lambda: stats.result is not None and not stats.busy.busy, timeout=15_000)
    assert stats.result.total.sent == 3
    assert "Sent 3" in stats.summary_label.text()
    assert "could not be read" not in stats.summary_label.text()


def test_a_campaign_runs_on_the_team_journal_from_the_campaigns_tab(qtbot, team_ctx, prepared, tmp_path):
    from gui.campaign.team_journal import TeamJournal
    from gui.views.campaigns import CampaignsTab
    from tests.campaign.helpers import TEMPLATE, answer_spend

    tab = CampaignsTab(team_ctx)
    qtbot.addWidget(tab)
    tab.show()
    path = tmp_path / "list.csv"
    path.write_text("手机号,name,service,time\n" + "".join(f"{13612340000 + i},客户{i},体检,9:00\n" for i in range(20)))
    with qtbot.waitSignal(tab.file_loaded, timeout=10_000):
        tab.load_file(path)
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText("0.05")
    with qtbot.waitSignal(tab.dry_run_finished, timeout=20_000):
        tab.start_dry_run()
    with qtbot.waitSignal(tab.campaign_finished, timeout=60_000) as finished:
        tab.start_campaign()
        answer_spend(qtbot, tab)
    assert finished.args[0].state == "finished", finished.args[0].error
    journal = in_worker(qtbot, team_ctx, tab.service.journal)
    assert isinstance(journal, TeamJournal)
    assert journal.console_id.endswith(f"/{TEAM_PROFILE}")
    # another console sees the campaign, every row sent, in the team database
    with allow_gui_thread_io(), TeamJournal(prepared.operator_dsn, "another/console") as other:
        [info] = other.campaigns()
        assert info.counts.get("sent") == 20 and info.state == "finished"


# --------------------------------------------------------------------- the admin's command line
def test_team_migrate_migrates_as_the_owner_and_the_operator_cannot_change_the_schema(app_paths, pg_database):
    import psycopg

    from gui.profiles import ProfileStore

    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ProfileStore(settings).save(team_profile(pg_database, "https://sms.example.com"))
    settings.sync()
    env = dict(
        os.environ,
        **{HOME_ENV: os.environ[HOME_ENV]},  # this test's home (tests/conftest.py)
        SMS_CONSOLE_DB_OWNER=pg.OWNER,
        SMS_CONSOLE_DB_OWNER_PASSWORD=pg_database.passwords[pg.OWNER],
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    done = subprocess.run(
        [sys.executable, "-m", "gui", "team-migrate", "--profile", TEAM_PROFILE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert f"archive schema: 0 -> {ARCHIVE_VERSION}" in done.stdout
    assert f"campaign journal schema: 0 -> {JOURNAL_VERSION}" in done.stdout
    assert pg_database.passwords[pg.OWNER] not in done.stdout + done.stderr
    assert schema_versions(pg_database.operator_dsn).current
    with psycopg.connect(pg_database.operator_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO suppression (number, reason) VALUES ('13800000000', 'test')")  # data rights
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE operator_table (id int)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE messages ADD COLUMN extra text")
    # run again: nothing to do, still fine
    again = subprocess.run(
        [sys.executable, "-m", "gui", "team-migrate", "--profile", TEAM_PROFILE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert again.returncode == 0 and f"archive schema: {ARCHIVE_VERSION} -> {ARCHIVE_VERSION}" in again.stdout


# --------------------------------------------------------------------- the database out of reach
@pytest.fixture
def own_cluster(pg_cluster):
    """A cluster of this test's own, to stop (the session's stays up for the others)."""
    cluster = pg.PgCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


def test_an_unreachable_team_database_gives_one_banner_and_refuses_to_send(
    qtbot, qapp, app_paths, sandbox, own_cluster
):
    from gui.views.main_window import MainWindow
    from gui.views.partials.database_banner import DatabaseBanner
    from gui.views.records import RecordsTab

    database = own_cluster.create_database()
    prepare_database(database.owner_dsn, pg.OPERATOR)
    ctx = make_team_ctx(app_paths, sandbox, database)
    try:
        with allow_gui_thread_io(), TeamStore.open(database.operator_dsn) as other:
            other.record_sent(
                [SentMessage(9_100_000_001, "13900000001", "loaded", beijing_timestamp(), 0, "OK", 1, "0.05", "RMB")]
            )
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        banners = window.findChildren(DatabaseBanner)
        assert len(banners) == 1 and not banners[0].isVisible()
        compose = open_compose(qtbot, ctx)
        records = show_tab(qtbot, RecordsTab(ctx))
        records.archive_view.ensure_loaded()
        qtbot.waitUntil(lambda: len(records.archive_view.model.rows) == 1, timeout=15_000)

        own_cluster.stop()  # the team database goes away

        before = sends(sandbox)
        compose.set_mode("single")
        compose.single_edit.setText("13800138000")
        compose.text_edit.setPlainText("【豪霆云】您的验证码是4821。如非本人操作，请忽略本短信")
        qtbot.mouseClick(compose.send_button, LEFT)
        qtbot.waitUntil(lambda: not compose.busy.busy, timeout=30_000)
        assert "team database cannot be reached" in compose.message_label.text()
        assert sends(sandbox) == before  # nothing sent, nothing queued
        assert ctx.spend_gate.held
        qtbot.waitUntil(lambda: banners[0].isVisible(), timeout=5_000)
        assert "Cannot reach the team database" in banners[0].label.text()
        assert len([b for b in window.findChildren(DatabaseBanner) if b.isVisible()]) == 1
        # a second attempt is refused at once, with the same words, and still one banner
        qtbot.mouseClick(compose.send_button, LEFT)
        qtbot.waitUntil(lambda: not compose.busy.busy, timeout=30_000)
        assert "team database cannot be reached" in compose.message_label.text()
        assert sends(sandbox) == before
        # what was loaded stays readable
        assert [r.mobile for r in records.archive_view.model.rows] == ["13900000001"]
        # Retry while it is still down: the banner stays
        with qtbot.waitSignal(ctx.connectivity.database_offline, timeout=30_000):
            qtbot.mouseClick(banners[0].retry_button, LEFT)
        assert banners[0].isVisible() and ctx.spend_gate.held
        window.close()
    finally:
        close_ctx(ctx)
