"""The sandbox looks like one (issue 14 item 5): a SANDBOX band inside the window while the
sandbox is the active profile, following profile switches, and a title that names the app once."""

from __future__ import annotations

from gui import APP_DISPLAY_NAME
from gui.profiles import SANDBOX_PROFILE, Profile


def title_names_the_app_once(title: str) -> bool:
    # Ending with the name matters: on X11, Wayland and Windows Qt appends the application
    # display name to any title that does not already end with it.
    return title.count(APP_DISPLAY_NAME) == 1 and title.endswith(APP_DISPLAY_NAME)


def test_band_shows_for_the_sandbox_and_follows_profile_switches(qtbot, main_window, app_ctx, sandbox):
    band = main_window.sandbox_band
    assert band.isVisible()
    assert "SANDBOX" in band.message.text() and "Nothing is really sent" in band.message.text()
    assert "no money is spent" in band.explain.toolTip()
    # Above the tabs, inside the window.
    assert (
        band.mapTo(main_window, band.rect().topLeft()).y()
        < main_window.tabs.mapTo(main_window, main_window.tabs.rect().topLeft()).y()
    )
    assert main_window.windowTitle() == f"sandbox — SANDBOX — {APP_DISPLAY_NAME}"
    assert title_names_the_app_once(main_window.windowTitle())

    # A real account (served by the same gateway, but not marked as the sandbox).
    app_ctx.set_profile(Profile("Shop", sandbox.base_url), sandbox.apikey)
    assert not band.isVisible()
    assert main_window.windowTitle() == f"Shop — {APP_DISPLAY_NAME}"
    assert title_names_the_app_once(main_window.windowTitle())

    app_ctx.set_profile(Profile(SANDBOX_PROFILE, sandbox.base_url, sandbox=True), sandbox.apikey)
    assert band.isVisible()
    assert "SANDBOX" in main_window.windowTitle()

    app_ctx.set_profile(None, None)
    assert not band.isVisible()
    assert main_window.windowTitle() == APP_DISPLAY_NAME
    qtbot.wait(50)


def test_title_in_chinese_names_the_app_once(qtbot, main_window, app_ctx):
    from PySide6.QtWidgets import QApplication

    from gui.i18n import install_translators

    translators = install_translators(QApplication.instance(), "zh_CN")
    try:
        main_window._update_title()
        title = main_window.windowTitle()
        assert title == f"sandbox — 沙盒 — {APP_DISPLAY_NAME}", title
        assert title_names_the_app_once(title)
    finally:
        for translator in translators:
            QApplication.removeTranslator(translator)
