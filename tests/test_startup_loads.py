"""The console as an operator starts it (not --smoke): the visible tab loads at once, every
other tab when it is first shown, and each start-up read reaches the provider once."""

from gui.app import open_main_window

START_UP_READS = ("user/get", "tpl/get", "tpl/get_default")


def _listen(window) -> dict[str, bool]:
    loaded: dict[str, bool] = {}
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        name = page.objectName()
        page.initial_load_finished.connect(lambda ok, _msg, name=name: loaded.__setitem__(name, ok))
    return loaded


def test_a_normal_start_loads_the_visible_tab_and_the_others_when_shown(qtbot, app_ctx, sandbox):
    # The loads are queued for the event loop's next turn: connecting right after
    # open_main_window still sees every one of them.
    window = open_main_window(app_ctx)
    qtbot.addWidget(window)
    loaded = _listen(window)
    qtbot.waitUntil(lambda: "compose_tab" in loaded, timeout=30_000)
    # What the operator sees: the compose tab offers its starting points (free text and
    # the sandbox's approved templates), which only its first load provides.
    assert window.tabs.currentIndex() == 0
    compose = window.tabs.currentWidget()
    assert compose.objectName() == "compose_tab" and loaded["compose_tab"]
    approved = {t.tpl_id for t in sandbox.state.templates.values() if t.check_status == "SUCCESS"}
    assert approved, "the sandbox's demo data has approved templates"

    def offered() -> set[int]:
        items = (compose.template_combo.itemData(i) for i in range(compose.template_combo.count()))
        return {item[0].tpl_id for item in items if item is not None and not item[1]}

    qtbot.waitUntil(lambda: offered() == approved, timeout=10_000)
    # the starting point is free text, not a template picked for the operator
    assert compose.template_combo.currentIndex() == 0 and compose.template_combo.currentData() is None
    app_ctx.tasks.wait_all(10_000)
    qtbot.wait(50)
    assert list(loaded) == ["compose_tab"], "tabs not shown yet do not load"
    assert sandbox.call_count("sms/get_record") == 0

    # Each other tab loads when the operator first opens it, and only then.
    for index in range(1, window.tabs.count()):
        name = window.tabs.widget(index).objectName()
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda name=name: name in loaded, timeout=30_000)
        assert loaded[name], name
    window.tabs.setCurrentIndex(0)
    app_ctx.tasks.wait_all(10_000)
    qtbot.wait(50)
    assert len(loaded) == window.tabs.count()
    window.close()


def test_every_start_up_read_reaches_the_provider_once(qtbot, app_ctx, sandbox):
    """Status bar, Compose and Account all want user_get; Compose and Templates both want the
    template lists: --smoke loads every tab at once, and each read is made once."""
    app_ctx.args.smoke = True
    window = open_main_window(app_ctx)
    qtbot.addWidget(window)
    loaded = _listen(window)
    qtbot.waitUntil(lambda: len(loaded) == window.tabs.count(), timeout=30_000)
    assert all(loaded.values()), loaded
    app_ctx.tasks.wait_all(10_000)
    assert {path: sandbox.call_count(path) for path in START_UP_READS} == dict.fromkeys(START_UP_READS, 1)
    # F5 on the Templates tab is the operator asking again: it reads anew.
    templates = window.findChild(type(window.tabs.widget(2)), "templates_tab")
    window.tabs.setCurrentWidget(templates)
    with qtbot.waitSignal(templates.initial_load_finished, timeout=10_000):
        window.refresh_current_tab()
    assert sandbox.call_count("tpl/get") == 2
    window.close()
