"""First run (no profile, not --sandbox): the welcome page; empty tables that explain themselves;
the look (light/dark status colours, forced theme) and the About dialog's facts."""

from __future__ import annotations

import pytest
from keyring_fakes import MemoryKeyring
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.keychain import Keychain


@pytest.fixture
def fresh_ctx(qapp, app_paths, app_settings):
    """A console context as a first start builds it: no profile, a keychain, no sandbox."""
    from gui.app import AppContext, parse_args

    ctx = AppContext(app_paths, app_settings, parse_args(["--no-crash-dialog"]))
    ctx.keychain = Keychain(MemoryKeyring())
    yield ctx
    ctx.tasks.wait_all(5000)
    ctx.release()


def when_shown(object_name: str, action) -> None:
    """Run ``action(widget)`` once the modal top-level ``object_name`` is up (exec() blocks the test)."""

    def poll() -> None:
        found = [w for w in QApplication.topLevelWidgets() if w.objectName() == object_name and w.isVisible()]
        if found:
            action(found[-1])
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_first_run_offers_the_sandbox_which_starts_in_process(qtbot, fresh_ctx):
    from gui.views.profiles.flow import open_initial_profile

    when_shown("welcome_dialog", lambda page: page.sandbox_button.click())
    assert open_initial_profile(fresh_ctx)
    assert fresh_ctx.profile.sandbox and fresh_ctx.sandbox is not None
    account = fresh_ctx.client().user_get()  # real HTTP to the sandbox just started
    assert account.balance is not None
    assert fresh_ctx.profiles.names() == []  # trying the sandbox creates no profile
    assert fresh_ctx._locked_name == "sandbox"  # a second console cannot run the same sandbox profile


def test_first_run_connect_opens_the_profile_dialog_and_comes_back(qtbot, fresh_ctx):
    from gui.views.profiles.flow import open_initial_profile

    seen = []

    def on_welcome(page) -> None:
        if seen:
            seen.append("welcome again")
            page.quit_button.click()
            return
        seen.append("welcome")
        when_shown("profile_dialog", close_profile_dialog)
        page.connect_button.click()

    def close_profile_dialog(dialog) -> None:
        seen.append(dialog.notice_label.text())
        dialog.close_button.click()
        when_shown("welcome_dialog", on_welcome)

    when_shown("welcome_dialog", on_welcome)
    assert not open_initial_profile(fresh_ctx)  # quit from the welcome page
    assert seen[0] == "welcome" and "Create a profile" in seen[1] and seen[2] == "welcome again"
    assert fresh_ctx.profile is None and fresh_ctx.sandbox is None


def test_first_run_in_smoke_mode_explains_without_a_window(fresh_ctx, capsys):
    from gui.views.profiles.flow import open_initial_profile

    fresh_ctx.args.smoke = True
    assert not open_initial_profile(fresh_ctx)
    assert "--sandbox" in capsys.readouterr().err


def test_every_table_explains_what_will_appear_while_empty(main_window):
    from gui.views.partials.table_view import DataTableView

    silent = []
    for index in range(main_window.tabs.count()):
        page = main_window.tabs.widget(index)
        for table in page.findChildren(DataTableView):
            if not table.empty_text().strip():
                silent.append(f"{page.objectName()}: {table.objectName() or 'unnamed table'}")
    assert not silent, silent


def test_status_colours_differ_for_light_and_dark_and_contrast_with_the_window(qapp):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QStyleFactory

    from gui.theme import dark_palette, is_dark, status_colour

    light = QStyleFactory.create("Fusion").standardPalette()
    dark = dark_palette()
    assert not is_dark(light) and is_dark(dark)

    def luminance(colour: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())

    def contrast(a: QColor, b: QColor) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for kind in ("ok", "error", "warning", "info"):
        for palette in (light, dark):
            for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
                ratio = contrast(status_colour(kind, palette), palette.color(role))
                assert ratio >= 4.5, (kind, is_dark(palette), role, ratio)  # WCAG AA for text


def test_theme_option_forces_a_dark_fusion_palette(qapp):
    from gui.app import parse_args
    from gui.theme import requested_theme

    assert parse_args(["--theme", "dark"]).theme == "dark"
    assert requested_theme("dark") == "dark" and requested_theme(None) in (None, "light", "dark")


def test_dark_theme_in_a_fresh_process_colours_the_status(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import sys; from PySide6.QtWidgets import QApplication; from gui.theme import apply_theme, is_dark, "
        "status_colour; app = QApplication([]); apply_theme(app, sys.argv[1]); "
        "print(app.style().name(), is_dark(), status_colour('error').name())"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    outputs = {}
    for theme in ("light", "dark"):
        result = subprocess.run(
            [sys.executable, "-c", code, theme], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        outputs[theme] = result.stdout.split()
    assert outputs["light"] == ["fusion", "False", "#b00000"]
    assert outputs["dark"] == ["fusion", "True", "#ff8a80"]


def test_about_shows_versions_keyring_and_folders_that_open(qtbot, app_ctx, monkeypatch):
    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QDesktopServices

    from gui import __version__
    from gui.views.about_dialog import AboutDialog

    app_ctx.keychain = Keychain(MemoryKeyring())
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = AboutDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    text = " ".join(
        label.text()
        for label in dialog.findChildren(QWidget)
        if hasattr(label, "text") and isinstance(label.text(), str)
    )
    assert __version__ in text and qVersion() in text and PySide6.__version__ in text
    qtbot.waitUntil(lambda: "looking" not in dialog.keyring_label.text(), timeout=10_000)
    assert "MemoryKeyring" in dialog.keyring_label.text()
    for name, folder in (("data", app_ctx.paths.data_dir), ("logs", app_ctx.paths.log_dir)):
        assert dialog.findChild(QWidget, f"about_{name}_path").text() == str(folder)
        dialog.findChild(QWidget, f"about_open_{name}").click()
        assert opened[-1].rstrip("/") == str(folder)
    dialog.reject()


def test_a_coloured_cell_always_has_words_too(qtbot, main_window):
    """Status colour is never the only signal: every cell with a colour also has text."""
    from PySide6.QtCore import Qt
    from tab_helpers import load_tab

    from gui.views.partials.table_view import DataTableView

    coloured = 0
    for index in range(main_window.tabs.count()):
        load_tab(qtbot, main_window.tabs.widget(index))
    templates = main_window.findChild(QWidget, "templates_tab")
    replies = main_window.findChild(QWidget, "replies_tab")
    replies.range_edit.week_button.click()  # the demo week: replies with and without opt-outs
    replies.search_button.click()
    qtbot.waitUntil(lambda: not replies.busy.busy and replies.model.rowCount() > 0, timeout=15_000)
    for table in main_window.findChildren(DataTableView):
        model = table.model()
        if model is None:
            continue
        for row in range(min(model.rowCount(), 200)):
            for column in range(model.columnCount()):
                cell = model.index(row, column)
                if cell.data(Qt.ItemDataRole.ForegroundRole) is not None:
                    coloured += 1
                    assert str(cell.data(Qt.ItemDataRole.DisplayRole) or "").strip(), (table.objectName(), row, column)
    assert coloured and templates is not None  # the demo templates carry coloured review states
