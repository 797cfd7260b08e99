"""The load guard the Account, Templates and Compose tabs share (gui/views/partials/load_guard.py)."""

from __future__ import annotations

from types import SimpleNamespace

from gui.views.partials.load_guard import NO_PROFILE, LoadGuard
from gui.views.partials.tab_page import TabPage


class FakePage(TabPage):
    def __init__(self, has_apikey: bool) -> None:
        super().__init__(SimpleNamespace(has_apikey=has_apikey))  # type: ignore[arg-type]
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


def guard(page: FakePage, busy: bool = False) -> LoadGuard:
    return LoadGuard(page, SimpleNamespace(busy=busy))  # type: ignore[arg-type]


def test_a_load_may_start_when_idle_with_an_apikey(qtbot):
    page = FakePage(has_apikey=True)
    qtbot.addWidget(page)
    with qtbot.assertNotEmitted(page.initial_load_finished):
        assert guard(page).may_load()


def test_no_second_load_while_a_task_of_the_tab_runs(qtbot):
    page = FakePage(has_apikey=True)
    qtbot.addWidget(page)
    with qtbot.assertNotEmitted(page.initial_load_finished):
        assert not guard(page, busy=True).may_load()


def test_without_an_apikey_the_initial_load_is_reported_failed(qtbot):
    page = FakePage(has_apikey=False)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.initial_load_finished, timeout=1000) as blocker:
        assert not guard(page).may_load()
    assert blocker.args == [False, NO_PROFILE]


def test_a_profile_switch_loads_again_on_the_next_turn_of_the_event_loop(qtbot):
    page = FakePage(has_apikey=True)
    qtbot.addWidget(page)
    load_guard = guard(page)
    load_guard.profile_changed(None)  # no profile left: nothing to load
    load_guard.profile_changed(object())
    assert page.refreshes == 0  # not at once: the other tabs clear the old profile's data first
    qtbot.waitUntil(lambda: page.refreshes == 1, timeout=1000)
    qtbot.wait(50)
    assert page.refreshes == 1
