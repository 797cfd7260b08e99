"""Start-up, window first (issue 17): only the visible tab is built; a saved profile's window
shows before its apikey is read, and its first data loads once the key is in."""

from __future__ import annotations

import pytest
from keyring_fakes import LockedKeyring, MemoryKeyring
from PySide6.QtCore import QSettings

from gui import app
from gui.keychain import SERVICE_NAME, Keychain
from gui.views.main_window import TAB_SPECS, MainWindow
from gui.views.partials.tab_page import TabPage

START_UP_READS = ("user/get", "tpl/get", "tpl/get_default")


def test_only_the_visible_tab_is_built_and_the_others_on_first_use(qtbot, main_window):
    assert [page.objectName() for page in main_window.tabs.built_pages()] == ["compose_tab"]
    assert [main_window.tabs.tabText(i) for i in range(main_window.tabs.count())] == [
        spec.title() for spec in TAB_SPECS
    ]
    main_window.tabs.setCurrentIndex(3)
    assert main_window.tabs.currentWidget().objectName() == "records_tab"
    assert main_window.findChild(MainWindow, "no_such_tab") is None
    account = main_window.findChild(TabPage, "account_tab")  # looked up by name: built for the caller
    assert account is not None and "account_tab" in {page.objectName() for page in main_window.tabs.built_pages()}
    assert account is main_window.tabs.widget(7)
    # every tab built: each title is its page's own, each page at its spec's index
    for index, page in enumerate(main_window.tab_pages):
        assert page.objectName() == TAB_SPECS[index].object_name
        assert main_window.tabs.tabText(index) == page.title() == TAB_SPECS[index].title()
        assert main_window.tabs.indexOf(page) == index
    assert main_window.tabs.currentIndex() == 3


def test_a_saved_profiles_window_shows_first_and_loads_once_its_apikey_is_read(qtbot, app_stub, office, sandbox):
    ctx, profile = office
    backend = MemoryKeyring()
    backend.set_password(SERVICE_NAME, profile.name, sandbox.apikey)
    backend.calls.clear()
    ctx.keychain = Keychain(backend, forbid_main_thread=True)
    window = app._open_window_then_read_apikey(app_stub, ctx, profile)
    qtbot.addWidget(window)
    # shown under the profile's name, the keyring not asked yet, nothing loading without the key
    assert window.isVisible() and profile.name in window.windowTitle()
    assert not ctx.has_apikey and backend.calls == []
    compose = window.tabs.currentWidget()
    with qtbot.waitSignal(compose.initial_load_finished, timeout=15_000) as loaded:
        pass
    assert loaded.args[0] is True
    assert ctx.has_apikey and backend.calls == [("get", SERVICE_NAME, profile.name)]
    ctx.tasks.wait_all(10_000)
    qtbot.waitUntil(lambda: ctx.account is not None, timeout=10_000)  # the status bar's balance
    assert {path: sandbox.call_count(path) for path in START_UP_READS} == dict.fromkeys(START_UP_READS, 1)
    window.close()


def test_no_apikey_behind_the_window_asks_as_before_and_quits_when_refused(qtbot, app_stub, office, monkeypatch):
    from gui.views.profiles import flow

    ctx, profile = office
    ctx.keychain = Keychain(LockedKeyring(), forbid_main_thread=True)
    asked = []
    monkeypatch.setattr(flow, "apikey_not_loaded", lambda _ctx, name, result: asked.append((name, result)) or False)
    stub = app_stub
    window = app._open_window_then_read_apikey(stub, ctx, profile)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: stub.quits == 1, timeout=15_000)
    assert [name for name, _result in asked] == [profile.name] and not asked[0][1].ok
    assert not ctx.has_apikey
    window.close()


def test_the_start_up_timestamps_are_printed_only_when_the_bench_asks(capsys, monkeypatch):
    from gui import startup_times

    monkeypatch.delenv(startup_times.ASK_ENV, raising=False)
    monkeypatch.setenv(startup_times.T0_ENV, "0")
    startup_times.mark("shown")
    assert capsys.readouterr().out == ""
    monkeypatch.setenv(startup_times.ASK_ENV, "1")
    startup_times.mark("shown")
    assert capsys.readouterr().out.startswith("startup shown_s=")


def test_a_light_first_paint_builds_the_visible_tab_then_the_poll_status_once_it_loaded(qtbot, app_ctx):
    window = MainWindow(app_ctx, light_first_paint=True)
    qtbot.addWidget(window)
    assert window.tabs.built_pages() == [] and window._poll_status is None  # nothing of it before the paint
    seen = []
    window.tabs.when_built(0, lambda page: seen.append(page.objectName()))
    assert seen == []
    window.show()
    qtbot.waitUntil(lambda: [page.objectName() for page in window.tabs.built_pages()] == ["compose_tab"], timeout=5000)
    assert seen == ["compose_tab"] and window._poll_status is None  # the visible tab's first data goes first
    window.start_initial_loads()
    qtbot.waitUntil(lambda: window._poll_status is not None, timeout=15_000)
    assert window.statusBar().findChild(type(window.poll_status)) is window.poll_status
    window.tabs.when_built(0, lambda page: seen.append("now"))  # built already: called at once
    assert seen == ["compose_tab", "now"]
    window.close()


def test_whoever_asks_before_the_paint_gets_the_page_and_the_poll_status_built(qtbot, app_ctx):
    window = MainWindow(app_ctx, light_first_paint=True)
    qtbot.addWidget(window)
    assert window.tabs.currentWidget().objectName() == "compose_tab"
    assert window.poll_status is window.poll_status  # built once
    window.close()


@pytest.fixture
def sandbox_start(qapp, app_paths):
    """A context as ``python -m gui --sandbox`` builds it: no profile yet, the sandbox's lock held."""
    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = app.AppContext(app_paths, settings, app.parse_args(["--sandbox"]))
    ctx.keychain = Keychain(secrets_allowed=False, forbid_main_thread=True)
    assert ctx.lock_profile("sandbox")
    yield ctx
    ctx.tasks.wait_all(5000)
    ctx.release()  # stops the gateway it started


def test_the_sandboxs_window_paints_before_its_gateway_starts_and_then_loads_once(qtbot, sandbox_start):
    ctx = sandbox_start
    window = app._open_window_then_start_sandbox(ctx)
    qtbot.addWidget(window)
    # shown as the sandbox (title, band), the gateway not started, nothing loading without it
    assert window.isVisible() and "SANDBOX" in window.windowTitle() and not window.sandbox_band.isHidden()
    assert ctx.sandbox is None and not ctx.has_apikey
    loaded = []
    window.tabs.when_built(0, lambda page: page.initial_load_finished.connect(lambda ok, _m: loaded.append(ok)))
    qtbot.waitUntil(lambda: loaded == [True], timeout=15_000)
    assert ctx.sandbox is not None and ctx.profile.base_url == ctx.sandbox.base_url and ctx.has_apikey
    assert window.url_label.text() == ctx.sandbox.base_url
    ctx.tasks.wait_all(10_000)
    qtbot.waitUntil(lambda: ctx.account is not None, timeout=10_000)  # the status bar's balance
    assert {path: ctx.sandbox.call_count(path) for path in START_UP_READS} == dict.fromkeys(START_UP_READS, 1)
    window.close()


def test_the_sandboxs_window_with_its_gateway_process_gets_the_apikey_after_the_paint_and_loads_once(
    qtbot, sandbox_start
):
    """``python -m gui --sandbox``: the gateway in a process of its own (gui.sandbox.process)."""
    from gui.sandbox.process import SandboxProcess

    ctx = sandbox_start
    gateway = SandboxProcess.spawn(ctx.paths.log_file.with_name("sandbox-gateway.log"))
    try:
        window = app._open_window_then_start_sandbox(ctx, gateway)
        qtbot.addWidget(window)
        # the address from the start; the apikey once the window is painted (nothing loads before it)
        assert ctx.sandbox is gateway and ctx.profile.base_url == gateway.base_url and not ctx.has_apikey
        assert window.isVisible() and "SANDBOX" in window.windowTitle() and not window.sandbox_band.isHidden()
        assert window.url_label.text().startswith(gateway.base_url)
        loaded = []
        window.tabs.when_built(0, lambda page: page.initial_load_finished.connect(lambda ok, _m: loaded.append(ok)))
        qtbot.waitUntil(lambda: loaded == [True], timeout=15_000)
        assert ctx.has_apikey
        ctx.tasks.wait_all(10_000)
        qtbot.waitUntil(lambda: ctx.account is not None, timeout=10_000)  # the status bar's balance, from the process
        assert {path: gateway.call_count(path) for path in START_UP_READS} == dict.fromkeys(START_UP_READS, 1)
        window.close()
        ctx.release()  # stops the gateway it uses
        assert not gateway.running()
    finally:
        gateway.stop()
