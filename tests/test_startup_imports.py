"""The start-up's import diet (issue 17): what a fresh console imports before its window is shown.

Each run is a fresh interpreter doing what ``python -m gui`` does, up to the moment the main
window has been shown, before its event loop runs: the modules it has by then are what the first
paint waited for. The HTTP client, the sandbox gateway, the keyring, the campaign journal, the store
and the tab pages come after it (the client right after the paint, gui.app._import_first_load; the
rest when first used), so none of them may creep back in front of the window unnoticed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fresh_python import assert_runs_clean, run_to_first_data

from gui.paths import HOME_ENV

REPO = Path(__file__).resolve().parent.parent

# Imported after the window is shown, never before it.
NOT_BEFORE_THE_WINDOW = (
    "requests",
    "urllib3",
    "http.server",
    "http.client",
    "keyring",
    "sqlite3",
    "gui.api.client",
    "gui.sandbox.server",
    "gui.store",
    "gui.services.audit",
    "gui.services.spend_gate",  # AppContext makes its gate on first use
    "gui.services.send",
    "gui.services.templates",
    "gui.campaign.journal",
    "gui.campaign.settle",
    "gui.background_poll",
    "gui.views.compose",
    "gui.views.partials.tab_page",
    "gui.views.profiles.dialog",
    "gui.views.profiles.welcome",
)

_UP_TO_THE_WINDOW = """
import json, sys
from gui.__main__ import skip_pyside_source_scan
skip_pyside_source_scan()
from gui import app

seen = {}

def shown(_app, _ctx, window, _smoke):  # the window has just been shown; its event loop would run now
    seen["modules"] = sorted(sys.modules)
    seen["windows"] = [w.objectName() for w in app.QApplication.topLevelWidgets() if w.isVisible()]
    return window.close() and 0

app._run_window = shown
code = app.run(sys.argv[1:])
print(json.dumps(dict(seen, code=code)))
"""


def _saved_profile(home: Path) -> None:
    """A saved, active profile (its apikey is never read: the run stops at the window)."""
    code = (
        "from pathlib import Path; import sys\n"
        "from PySide6.QtCore import QSettings\n"
        "from gui.paths import AppPaths\n"
        "from gui.profiles import Profile, ProfileStore\n"
        "home = Path(sys.argv[1])\n"
        "paths = AppPaths(home / 'config', home / 'data', home / 'logs').ensure()\n"
        "store = ProfileStore(QSettings(str(paths.settings_file), QSettings.Format.IniFormat))\n"
        "store.save(Profile('office', 'http://127.0.0.1:9'))\n"
        "store.set_active('office')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(home)], cwd=REPO, env=_env(home), check=True, timeout=60)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), **{HOME_ENV: str(home)})
    env.pop("SMS_CONSOLE_STARTUP_TIMES", None)
    return env


@pytest.mark.parametrize("profile", ["sandbox", "saved"])
def test_a_fresh_start_shows_its_window_before_the_client_the_gateway_the_keyring_and_the_tabs(
    sms_console_home, profile
):
    args = ["--sandbox"] if profile == "sandbox" else []
    if profile == "saved":
        _saved_profile(sms_console_home)
    result = subprocess.run(
        [sys.executable, "-c", _UP_TO_THE_WINDOW, *args],
        cwd=REPO,
        env=_env(sms_console_home),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["windows"] == ["main_window"]  # the run got as far as the shown window
    modules = set(seen["modules"])
    early = sorted(name for name in NOT_BEFORE_THE_WINDOW if name in modules)
    assert early == [], f"imported before the window was shown: {early}"
    assert "gui.views.main_window" in modules and "gui.context" in modules


def test_pysides_source_scan_is_answered_from_the_module_name():
    """PySide6 reads every imported module's source unless told otherwise (gui/__main__.py):
    a PySide6 upgrade that renames its private scan shows up here instead of as a slow start."""
    code = (
        "import sys\n"
        "from gui.__main__ import skip_pyside_source_scan, _uses_pyside\n"
        "assert skip_pyside_source_scan()\n"
        "from shibokensupport import feature\n"
        "assert feature._mod_uses_pyside is _uses_pyside\n"
        "import inspect\n"
        "read = []\n"
        "inspect.getsource = lambda module: read.append(module.__name__) or ''\n"
        "import gui.api.texts, json.decoder, csv\n"
        "assert read == [], read\n"
        "assert _uses_pyside(sys.modules['gui.api.texts']) and not _uses_pyside(sys.modules['csv'])\n"
    )
    assert_runs_clean(code)


def test_the_first_compose_page_leaves_the_highlighter_and_the_widget_types_unmade():
    """Start-up builds Compose: its blocked-word highlighter (and Qt's text-format types) wait for
    the first blocked words, and its results table's viewport is made in Python — PySide's first
    conversion of Qt's own (a plain QWidget made in C++) makes every QtWidgets type and its enums."""
    code = (
        "import sys\n"
        "from PySide6.QtGui import QPalette\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import gui.views.compose\n"
        "assert 'gui.views.partials.highlighter' not in sys.modules, 'highlighter imported with Compose'\n"
        "from gui.views.partials.table_view import DataTableView\n"
        "import PySide6.QtWidgets as widgets\n"
        "view = DataTableView()\n"
        "viewport = view.viewport()\n"
        "assert type(viewport) is widgets.QWidget and viewport.objectName() == 'qt_scrollarea_viewport'\n"
        "assert viewport.autoFillBackground() and viewport.backgroundRole() == QPalette.ColorRole.Base\n"
    )
    assert_runs_clean(code)


def test_compose_and_its_send_service_leave_the_campaign_modules_unimported():
    """The visible tab at start-up is Compose: its send path imports the campaign's estimate
    (gui.campaign.dryrun) and settlement (gui.campaign.settle, with the journal behind both)
    when a send is planned or a send in doubt is settled, not with the tab."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import gui.services.send, gui.views.compose\n"
        "late = ('gui.campaign.dryrun', 'gui.campaign.settle', 'gui.campaign.journal', 'gui.campaign.importer')\n"
        "early = [name for name in late if name in sys.modules]\n"
        "assert early == [], early\n"
    )
    assert_runs_clean(code)


_UP_TO_THE_FIRST_DATA = """
import json, runpy, sys
import gui.startup_times as startup_times

mark = startup_times.mark

def marked(name):
    mark(name)
    if name == "loaded":
        print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)

startup_times.mark = marked
sys.argv = ["gui", "--sandbox"]
runpy.run_module("gui", run_name="__main__", alter_sys=True)
"""


def test_the_first_data_waits_for_no_send_plan_or_spend_gate(tmp_path):
    """Compose's first load reads through QuickSendSetup (gui.services.send_setup): the send
    service, the send plan's and the spend gate's types, and the audit log, are imported with the
    first send or check (or template edit), after the window's first data (issue 17), not before it."""
    result = run_to_first_data(tmp_path, "-c", _UP_TO_THE_FIRST_DATA)
    lines = [line for line in result.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, result.stdout[-2000:]
    modules = set(json.loads(lines[0].removeprefix("MODULES ")))
    assert "gui.services.send_setup" in modules and "gui.views.compose" in modules  # the first load ran
    later = {"gui.services.send", "gui.services.send_plan", "gui.services.spend_gate", "gui.services.audit"}
    assert later & modules == set()
