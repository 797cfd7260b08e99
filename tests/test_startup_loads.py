"""The console as an operator starts it (not --smoke) loads every tab's first data."""

from gui.app import open_main_window


def test_a_normal_start_loads_every_tab(qtbot, app_ctx):
    loaded = {}
    # The loads are queued for the event loop's next turn: connecting right after
    # open_main_window still sees every one of them.
    window = open_main_window(app_ctx)
    qtbot.addWidget(window)
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        page.initial_load_finished.connect(lambda ok, msg, name=page.objectName(): loaded.__setitem__(name, ok))
    qtbot.waitUntil(lambda: len(loaded) == window.tabs.count(), timeout=30_000)
    assert all(loaded.values()), loaded
    # What the operator sees: the compose tab offers its starting points (free text and
    # the sandbox's approved templates), which only its first load provides.
    compose = window.tabs.widget(0)
    assert compose.objectName() == "compose_tab"
    qtbot.waitUntil(lambda: compose.template_combo.count() > 1, timeout=10_000)
    assert compose.template_combo.currentIndex() >= 0
    window.close()
