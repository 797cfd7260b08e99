"""Two consoles of a team (two AppContexts on one PostgreSQL database, one sandbox gateway): what one
pulls shows in the other's Replies tab within 5 s, and a console whose turn is taken says so
(issue 15, item 3). Real widgets, real workers, real PostgreSQL; nothing mocked."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from gui.services.pull import PullKind
from gui.store import poller
from gui.store.io_guard import allow_gui_thread_io
from gui.views.replies import RepliesTab

from .test_team_console import close_ctx, in_worker, make_team_ctx

NEWS_WITHIN_MS = 5_000


@pytest.fixture
def two_consoles(qapp, app_paths, sandbox, prepared):
    first = make_team_ctx(app_paths, sandbox, prepared)
    second = make_team_ctx(app_paths, sandbox, prepared)
    yield first, second
    close_ctx(second)
    close_ctx(first)


@pytest.fixture
def prepared(pg_database):
    import pg

    from gui.team_admin import prepare_database

    prepare_database(pg_database.owner_dsn, pg.OPERATOR)
    return pg_database


def listening(qtbot, ctx) -> None:
    watch = ctx.stored_watch()
    qtbot.waitUntil(lambda: watch.listener is not None and watch.listener.listening.is_set(), timeout=15_000)


def test_the_second_console_shows_a_reply_the_first_pulled_within_5_s(qtbot, two_consoles, sandbox):
    ctx_a, ctx_b = two_consoles
    tab_a, tab_b = RepliesTab(ctx_a), RepliesTab(ctx_b)
    qtbot.addWidget(tab_a)
    qtbot.addWidget(tab_b)
    listening(qtbot, ctx_a)
    listening(qtbot, ctx_b)
    service_a = ctx_a.pull_service()
    in_worker(qtbot, ctx_a, lambda: service_a.set_consent(True))  # the team's setting
    own_news: list = []
    tab_a.archive_shown.connect(own_news.append)

    sandbox.add_reply("13900150000", "周六还营业吗？")
    started = time.monotonic()
    with qtbot.waitSignal(tab_b.archive_shown, timeout=NEWS_WITHIN_MS):
        ctx_a.run(lambda: service_a.pull(PullKind.REPLIES), name="pull_reply")
    elapsed = time.monotonic() - started
    print(f"\nconsole B's Replies tab showed console A's pulled reply {elapsed * 1000:.0f} ms after A began pulling")
    assert elapsed < NEWS_WITHIN_MS / 1000
    assert "周六还营业吗？" in [row.text for row in tab_b.model.rows]
    assert "team's archive" in tab_b.summary_label.text()
    qtbot.wait(700)  # (the watch gathers news for 250 ms)
    assert not own_news  # a console's own pull is not news to it: its tab shows what it pulled itself


def test_a_console_whose_turn_is_taken_says_so_and_pulls_nothing(qtbot, two_consoles, sandbox):
    from gui.views.poll_status import PollStatusLabel

    ctx_a, ctx_b = two_consoles
    tab_b = RepliesTab(ctx_b)
    qtbot.addWidget(tab_b)
    service_b = ctx_b.pull_service()
    in_worker(qtbot, ctx_b, lambda: service_b.set_consent(True))
    in_worker(qtbot, ctx_b, lambda: poller.set_interval_minutes(service_b.store(), 60))
    store_a = in_worker(qtbot, ctx_a, ctx_a.store)
    turn = store_a.pull_lock()  # console A pulls (its session holds the account's turn)
    with allow_gui_thread_io():
        assert turn.acquire()
    try:
        qtbot.mouseClick(tab_b.fetch_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Another console is fetching" in tab_b.summary_label.text(), timeout=15_000)

        poll = ctx_b.background_poll()
        label = PollStatusLabel(poll)
        qtbot.addWidget(label)
        qtbot.waitUntil(lambda: poll.active and poll.consent, timeout=15_000)
        with qtbot.waitSignal(poll.changed, timeout=15_000, check_params_cb=lambda state: state.elsewhere):
            assert poll.poll_now() is not None
        assert "another console is fetching" in label.text()
        assert poll.status.error_count == 0  # not a failure
    finally:
        with allow_gui_thread_io():
            turn.release()
    assert sandbox.call_count("sms/pull_reply") == 0 and sandbox.call_count("sms/pull_status") == 0
