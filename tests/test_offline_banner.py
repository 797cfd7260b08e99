"""Offline: a real profile whose gateway cannot be reached shows one banner, never a dialog per tab.

The gateway is a sandbox of the test's own on a fixed port: stopped (connection refused, as
without a network) the tabs' loads fail; started again on the same port, Retry loads them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from tab_helpers import close_box, visible_boxes, wait_error

from gui.api.errors import ApiError, SendInDoubt, TransportError, UnreadableResponse
from gui.connectivity import unreachable
from gui.profiles import Profile
from gui.sandbox.server import SandboxServer
from gui.views.main_window import MainWindow
from gui.views.partials.offline_banner import OfflineBanner

# The tabs whose first load asks the gateway (the others read the local store).
NETWORK_TABS = ("compose_tab", "templates_tab", "records_tab", "replies_tab", "account_tab")


def listen(window, into: dict[str, bool]) -> None:
    for page in window.tab_pages:
        name = page.objectName()
        page.initial_load_finished.connect(lambda ok, _m, name=name: into.__setitem__(name, ok))


def modal_dialogs() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and (isinstance(w, (QMessageBox, QDialog)) or w.isModal())
    ]


@pytest.fixture
def gateway():
    """A stopped sandbox: its port refuses connections until the test starts it again."""
    server = SandboxServer(port=0)
    port, apikey = server.port, server.apikey
    server._httpd.server_close()  # never started: just free the port
    holder = {"server": None, "port": port, "apikey": apikey}

    def start() -> SandboxServer:
        holder["server"] = SandboxServer(port=port).start()
        return holder["server"]

    def stop() -> None:
        if holder["server"] is not None:
            holder["server"].stop()
            holder["server"] = None

    holder["start"], holder["stop"] = start, stop
    yield holder
    stop()


@pytest.fixture
def offline_window(qtbot, app_ctx, gateway):
    """The main window on a real profile "office" whose gateway is down; every tab's load started."""
    app_ctx.set_profile(Profile("office", f"http://127.0.0.1:{gateway['port']}"), gateway["apikey"])
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    finished: dict[str, bool] = {}
    listen(window, finished)
    window.start_initial_loads(every_tab=True)
    qtbot.waitUntil(lambda: all(name in finished for name in NETWORK_TABS), timeout=30_000)
    app_ctx.tasks.wait_all(10_000)
    qtbot.wait(50)
    assert not any(finished[name] for name in NETWORK_TABS), finished
    window.finished = finished
    yield window
    window.close()


def test_five_failing_loads_give_one_banner_and_no_dialog(qtbot, app_ctx, offline_window):
    banners = offline_window.findChildren(OfflineBanner)
    assert len(banners) == 1
    banner = banners[0]
    assert banner.isVisible()
    assert not modal_dialogs(), [w.objectName() for w in modal_dialogs()]
    assert not visible_boxes("error_dialog")
    text = banner.label.text()
    assert "office" in text and "Cannot reach the gateway" in text
    assert "could not be reached" in text  # the transport's words, in the operator's language
    assert app_ctx.connectivity.is_offline
    assert gateway_key_absent(app_ctx, text + banner.label.toolTip())


def gateway_key_absent(ctx, text: str) -> bool:
    return ctx._apikey not in text and "apikey=" not in text


def test_retry_after_the_gateway_is_back_hides_the_banner_and_loads_the_tabs(qtbot, app_ctx, offline_window, gateway):
    banner = offline_window.findChild(OfflineBanner)
    # Retry while still down: the banner stays, still no dialog
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "last tried" in banner.label.text(), timeout=20_000)
    app_ctx.tasks.wait_all(10_000)
    qtbot.wait(50)
    assert banner.isVisible() and not modal_dialogs()

    server = gateway["start"]()
    loaded: dict[str, bool] = {}
    listen(offline_window, loaded)
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20_000)
    app_ctx.tasks.wait_all(10_000)
    qtbot.wait(50)
    assert not app_ctx.connectivity.is_offline
    assert not modal_dialogs()
    # every failed load ran again and got its data
    for name in ("compose_tab", "templates_tab", "account_tab"):
        assert loaded.get(name) is True, (name, loaded)
    for endpoint in ("sms/get_record", "sms/get_reply", "tpl/get", "user/get"):
        assert server.call_count(endpoint) >= 1, endpoint
    templates = offline_window.findChild(QWidget, "templates_tab")
    assert templates.own_templates


def test_an_operators_send_while_offline_still_shows_its_error(qtbot, app_ctx, offline_window):
    compose = offline_window.findChild(QWidget, "compose_tab")
    offline_window.tabs.setCurrentWidget(compose)
    compose.set_mode("single")
    compose.single_edit.setText("13800138000")
    compose.text_edit.setPlainText("【豪霆云】您的验证码是1234。如非本人操作，请忽略本短信")
    qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
    box = wait_error(qtbot, timeout=20_000)  # they asked: the dialog says what became of it
    assert box.isVisible()
    close_box(box)


def test_a_provider_refusal_is_not_offline_and_clears_the_banner(qtbot, app_ctx):
    connectivity = app_ctx.connectivity
    seen: list[str] = []
    connectivity.offline.connect(seen.append)
    assert connectivity.report(TransportError("user/get", "connection", "refused", False))
    assert connectivity.is_offline and seen
    refusal = ApiError(-1, "apikey wrong", endpoint="user/get")
    assert not connectivity.report(refusal)
    assert not connectivity.is_offline  # an answer: the gateway is there


@pytest.mark.parametrize(
    "error, offline",
    [
        (TransportError("user/get", "timeout", "read timed out"), True),
        (TransportError("user/get", "connection", "SSLError: certificate verify failed"), True),
        (TransportError("user/get", "connection", "NameResolutionError"), True),
        (UnreadableResponse("user/get", "http_error", "not JSON", 502), True),
        (UnreadableResponse("user/get", "http_error", "not JSON", 500), False),
        (UnreadableResponse("user/get", "wrong_shape", "", 200), False),
        (ApiError(-51, "busy"), False),
        (SendInDoubt("sms/single_send", TransportError("sms/single_send", "timeout", "")), False),
        (RuntimeError("no active profile"), False),
    ],
)
def test_what_counts_as_unreachable(error, offline):
    assert unreachable(error) is offline


def test_a_profile_switch_forgets_the_banner(qtbot, app_ctx, offline_window, sandbox):
    from gui.profiles import SANDBOX_PROFILE

    banner = offline_window.findChild(OfflineBanner)
    assert banner.isVisible()
    app_ctx.set_profile(Profile(SANDBOX_PROFILE, sandbox.base_url, sandbox=True), sandbox.apikey)
    assert not banner.isVisible() and not app_ctx.connectivity.is_offline


def test_the_operators_own_search_while_offline_shows_its_dialog_and_keeps_the_banner(qtbot, app_ctx, offline_window):
    records = offline_window.findChild(QWidget, "records_tab")
    offline_window.tabs.setCurrentWidget(records)
    qtbot.mouseClick(records.search_button, Qt.MouseButton.LeftButton)
    box = wait_error(qtbot, timeout=20_000)  # they clicked: the answer is about their search
    close_box(box)
    qtbot.waitUntil(lambda: not records.busy.busy)
    assert offline_window.findChild(OfflineBanner).isVisible()
    # the profile-switch reload of a tab is not the operator's either: still one banner, no dialog
    app_ctx.tasks.wait_all(10_000)
    templates = offline_window.findChild(QWidget, "templates_tab")
    templates.load_guard.reload_soon()
    qtbot.waitUntil(lambda: not templates.busy.busy and "templates_tab" not in app_ctx.connectivity._background)
    app_ctx.tasks.wait_all(10_000)
    qtbot.wait(50)
    assert not modal_dialogs()


def test_loads_the_team_database_failed_run_again_when_it_answers_though_the_gateway_answered_meanwhile(app_ctx):
    """The database down, the gateway up: a tab's load fails for the database, then the status
    bar's balance read (the gateway) answers. The database's Retry must still run that load again:
    an answer from the gateway says nothing of the database."""
    from gui.store.backend import DatabaseUnreachable

    connectivity = app_ctx.connectivity
    ran: list[str] = []
    try:
        failed = DatabaseUnreachable("the team database cannot be reached: connection refused")
        assert connectivity.report(failed, lambda: ran.append("records"), "records_tab")
        connectivity.reached()  # a user_get answered
        connectivity.retry_loads()  # what retry_database does once the database answers
        assert ran == ["records"]
        connectivity.retry_loads()  # run once: it is listed again only if it fails again
        assert ran == ["records"]
    finally:
        connectivity.forget()
