"""The console as an operator starts it (not --smoke) loads every tab's first data."""

from gui.app import open_main_window


def test_a_normal_start_loads_every_tab(qtbot, app_ctx, sandbox):
    loaded = {}
    # The loads are queued for the event loop's next turn: connecting right after
    # open_main_window still sees every one of them.
    window = open_main_window(app_ctx)
    qtbot.addWidget(window)

    def listen(page) -> None:
        name = page.objectName()
        page.initial_load_finished.connect(lambda ok, _msg: loaded.__setitem__(name, ok))

    for index in range(window.tabs.count()):
        listen(window.tabs.widget(index))
    qtbot.waitUntil(lambda: len(loaded) == window.tabs.count(), timeout=30_000)
    assert all(loaded.values()), loaded
    # What the operator sees: the compose tab offers its starting points (free text and
    # the sandbox's approved templates), which only its first load provides.
    assert window.tabs.currentIndex() == 0
    compose = window.tabs.currentWidget()
    assert compose.objectName() == "compose_tab"
    approved = {t.tpl_id for t in sandbox.state.templates.values() if t.check_status == "SUCCESS"}
    assert approved, "the sandbox's demo data has approved templates"

    def offered() -> set[int]:
        items = (compose.template_combo.itemData(i) for i in range(compose.template_combo.count()))
        return {item[0].tpl_id for item in items if item is not None and not item[1]}

    qtbot.waitUntil(lambda: offered() == approved, timeout=10_000)
    # the starting point is free text, not a template picked for the operator
    assert compose.template_combo.currentIndex() == 0 and compose.template_combo.currentData() is None
    window.close()
