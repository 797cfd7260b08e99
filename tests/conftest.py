"""Shared fixtures for every test.

- Qt runs offscreen (no display needed) unless ``QT_QPA_PLATFORM`` names another platform;
  the offscreen screen is made 1920x1200 (Qt's default is 800x800, smaller than the
  console's 1280x800 window, and Qt shrinks windows to fit).
- Every test gets its own ``SMS_CONSOLE_HOME`` (settings, data, logs, lock files), so
  no test ever touches the real user's folders or sees another test's files.
- ``sandbox``: a running local gateway (``gui.sandbox.server.SandboxServer``) on a free
  loopback port; ``sandbox.base_url`` and ``sandbox.apikey`` reach it over real HTTP.
- ``app_paths`` / ``app_settings``: the test's folders and its QSettings ini file.
- ``app_ctx``: an ``AppContext`` whose active profile is the sandbox, with the redacting
  log file attached (``app_ctx.paths.log_file``) — what ``python -m gui --sandbox`` builds.
- ``main_window``: a ``MainWindow`` on ``app_ctx``, shown, closed after the test.
- ``direct``: an ``SmsClient`` of the test's own on the sandbox; ``short_client``: the
  context's client replaced by one with a 0.4 s read timeout (fault tests).

Helpers that need a different set-up should build on these rather than copy them.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

OFFSCREEN_SCREEN = {
    "name": "test-screen",
    "x": 0,
    "y": 0,
    "width": 1920,
    "height": 1200,
    "logicalDpi": 96,
    "logicalBaseDpi": 96,
    "dpr": 1,
}


def _use_offscreen_platform() -> None:
    """Offscreen Qt with a screen large enough for the main window (also for subprocesses)."""
    if (os.environ.get("QT_QPA_PLATFORM") or "offscreen") != "offscreen":
        return  # xcb under Xvfb, or an offscreen set-up of the caller's own
    folder = Path(tempfile.mkdtemp(prefix="sms-console-qpa-"))
    atexit.register(shutil.rmtree, folder, True)
    config = folder / "offscreen.json"
    config.write_text(json.dumps({"screens": [OFFSCREEN_SCREEN]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


# Must happen before anything imports Qt (pytest-qt creates the QApplication later).
_use_offscreen_platform()

import pytest  # noqa: E402

from gui.paths import HOME_ENV, AppPaths  # noqa: E402
from gui.store import io_guard  # noqa: E402

# The GUI-thread guard (gui.store.io_guard), on for the whole suite: a store or journal
# call from view code (gui/views, gui/app.py) on the GUI thread fails the test.
io_guard.enable()


@pytest.fixture(autouse=True)
def sms_console_home(tmp_path, monkeypatch):
    """Each test's private console home; returned as a Path."""
    home = tmp_path / "sms-console-home"
    home.mkdir()
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture
def app_paths(sms_console_home) -> AppPaths:
    """The console's folders under the test's home, created."""
    return AppPaths.default().ensure()


@pytest.fixture
def app_settings(app_paths):
    """The QSettings ini file the console would use in this home."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    yield settings
    settings.sync()


@pytest.fixture
def sandbox():
    """A running sandbox gateway on a free loopback port, stopped after the test."""
    from gui.sandbox.server import SandboxServer

    server = SandboxServer(port=0)
    server.start()
    yield server
    server.stop()


class QuitRecorder:
    """Stands in for the QApplication a start-up flow may quit: counts quit() calls instead of
    ending the test's event loop."""

    def __init__(self) -> None:
        self.quits = 0

    def quit(self) -> None:
        self.quits += 1


@pytest.fixture
def app_stub() -> QuitRecorder:
    """What a start-up flow is given as its application: see QuitRecorder."""
    return QuitRecorder()


@pytest.fixture
def office(qapp, app_paths, sandbox):
    """A context on a saved profile "office" whose gateway is the test's sandbox, locked, no
    apikey yet (what a start-up on a saved profile has before its keyring read)."""
    from PySide6.QtCore import QSettings

    from gui import app
    from gui.profiles import Profile

    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = app.AppContext(app_paths, settings, app.parse_args([]))
    profile = Profile("office", sandbox.base_url)
    ctx.profiles.save(profile)
    assert ctx.lock_profile(profile.name)
    yield ctx, profile
    ctx.tasks.wait_all(5000)
    ctx.release()


@pytest.fixture
def direct(sandbox):
    """A client of the test's own, to compare what a tab shows with what the API answers."""
    from gui.api.client import SmsClient

    client = SmsClient(sandbox.apikey, sandbox.base_url)
    yield client
    client.close()


@pytest.fixture
def short_client(app_ctx, sandbox, monkeypatch):
    """The context's client with a 0.4 s read timeout (the real one waits 30 s)."""
    from gui.api.client import SmsClient

    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 0.4), retry_delays=(0.05,))
    monkeypatch.setattr(app_ctx, "client", lambda: client)
    yield client
    client.close()


@pytest.fixture
def app_ctx(qapp, app_paths, app_settings, sandbox):
    """An AppContext connected to ``sandbox`` as its active profile, English UI.

    The redacting log handler writes to ``app_ctx.paths.log_file``. After the test the
    context's workers are waited for (bounded) and its lock released; the sandbox
    fixture stops the gateway itself.
    """
    from gui.app import AppContext, parse_args
    from gui.logging_setup import setup_logging
    from gui.profiles import SANDBOX_PROFILE, Profile

    ctx = AppContext(app_paths, app_settings, parse_args(["--sandbox", "--no-crash-dialog"]))
    handler = setup_logging(app_paths.log_file, ctx.secrets)
    ctx.sandbox = sandbox
    ctx.set_profile(Profile(SANDBOX_PROFILE, sandbox.base_url, sandbox=True), sandbox.apikey)
    yield ctx
    ctx.tasks.wait_all(5000)
    ctx.sandbox = None  # the sandbox fixture owns the server's life
    ctx.release()
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.fixture
def main_window(qtbot, app_ctx):
    """The main window on ``app_ctx``, shown; closed (geometry saved) after the test."""
    from gui.views.main_window import MainWindow

    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


# -- PostgreSQL (issue 15: team mode) ------------------------------------------------------------
# One throw-away cluster per session (tests/pg.py), a fresh database per test. Without PostgreSQL
# the tests that use these skip, saying why; under CI=true they fail instead. When PostgreSQL is
# installed but will not start, they fail everywhere (the error carries the server's log).


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's PostgreSQL cluster (``pg.PgCluster``), stopped and removed at the end."""
    import pg

    try:
        pg.require_psycopg()
        cluster = pg.PgCluster()
    except pg.PgUnavailable as exc:
        unavailable = str(exc)
    else:
        unavailable = ""
    if unavailable:
        pg.skip_or_fail(unavailable)
    cluster.start()  # PostgreSQL is here: a failure to start is an error, not a skip
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_database(pg_cluster):
    """A fresh database for this test (``pg.PgDatabase``: ``.owner_dsn``, ``.operator_dsn``, ``.params(role)``).

    Made from template0 (UTF8, C.UTF-8), owned by the owner role, the operator with CONNECT and
    USAGE only; dropped after the test, with any connection the test left open.
    """
    database = pg_cluster.create_database()
    try:
        yield database
    finally:
        pg_cluster.drop_database(database.name)


@pytest.fixture
def pg_dsn(pg_database) -> str:
    """The owner's connection string to this test's fresh database."""
    return pg_database.owner_dsn


# --- one store API, two backends (issue 15): the local SQLite Store or a TeamStore on PostgreSQL ---


class StoreBackend:
    """A store and the archive functions that go with it, the same names for both backends.

    ``archive``: the module with ``ArchiveQuery``, the statistics and ``without_report``
    (``gui.store.archive`` or ``gui.store.team.archive`` + ``gui.store.team.stats``)."""

    def __init__(self, name, store):
        from types import SimpleNamespace

        self.name = name
        self.store = store
        if name == "local":
            from gui.store import archive, sync

            self.archive = archive
            self.save_records = lambda records: sync.save_records(store, records)
        else:
            from gui.store.team import archive as team_archive
            from gui.store.team import stats as team_stats

            names = ("daily_stats", "campaign_stats", "top_errors", "total_stats", "campaigns", "error_codes")
            self.archive = SimpleNamespace(
                ArchiveQuery=team_archive.ArchiveQuery,
                ArchiveFilter=team_archive.ArchiveFilter,
                without_report=team_archive.without_report,
                **{n: getattr(team_stats, n) for n in names},
            )
            self.save_records = store.save_records

    def rows(self, **filters):
        """Every row the archive shows for ``filters``, newest first."""
        return self.archive.ArchiveQuery(self.store, self.archive.ArchiveFilter(**filters)).page(None, 100_000).rows

    def counters(self):
        """(the day counters kept on write, a recount of the messages): equal when the counters are exact."""
        if self.name == "local":
            from gui.store import counters

            with self.store.reading() as conn:
                return counters.stored(conn), counters.recount(conn)
        from gui.store.team import stats

        return stats.stored(self.store), stats.recount(self.store)


def open_team_store(database):
    """Migrate ``database`` (a ``pg.PgDatabase``) as its owner, open a TeamStore as the operator."""
    import pg

    from gui.store.team import TeamStore, migrate_dsn

    migrate_dsn(database.owner_dsn, operators=[pg.OPERATOR])
    return TeamStore.open(database.operator_dsn)


@pytest.fixture(params=["local", "team"])
def store_backend(request, tmp_path):
    """A fresh store of each backend: the local SQLite ``Store``, then a ``TeamStore`` on a fresh
    PostgreSQL database (migrated by the owner, used by the operator role). Skips the team one
    without PostgreSQL (fails under CI=true)."""
    if request.param == "local":
        from gui.store.db import Store, store_path

        store = Store.open(store_path(tmp_path))
    else:
        store = open_team_store(request.getfixturevalue("pg_database"))
    try:
        yield StoreBackend(request.param, store)
    finally:
        store.close()


@pytest.fixture
def zh_cn(qapp):
    """The UI in Chinese for one test (the console's and Qt's zh_CN translators), undone after."""
    from PySide6.QtCore import QLocale

    from gui.i18n import install_translators

    previous = QLocale()
    translators = install_translators(qapp, "zh_CN")
    assert len(translators) == 2, "the console's and Qt's zh_CN translations must both load"
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(previous)
