"""The statistics' per-day delivery sync on both backends (issue 14 item 2, in team mode issue 15
item 2): the same ``DaySync`` over the local file's day marks or the team database's, against the
sandbox's get_record over HTTP. In team mode the marks are shared: a day one console read is not
read again by another; the Statistics view of a team console syncs days as a local one does."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from gui.store import sync_days
from gui.store.backend import day_marks, day_sync, is_team
from gui.store.io_guard import allow_gui_thread_io

TIMEOUT = 30_000


def counting(client, calls: list):
    """``client.get_record`` that notes the day and page of each call."""

    def get_record(start, end, page, size, mobile):
        calls.append((start[:10], page))
        return client.get_record(start, end, page, size, mobile)

    return get_record


def second_store(backend, tmp_path, request):
    """Another console's store on the same data: the same local file, or the same team database."""
    if backend.name == "local":
        from gui.store.db import Store, store_path

        return Store.open(store_path(tmp_path))
    from gui.store.team import TeamStore

    return TeamStore.open(request.getfixturevalue("pg_database").operator_dsn)


def delivered(backend, day: str) -> Counter:
    [stats] = backend.archive.daily_stats(backend.store, f"{day} 00:00:00", f"{day} 23:59:59")
    return Counter(sent=stats.sent, delivered=stats.delivered, failed=stats.failed)


def test_a_day_stopped_half_way_resumes_at_its_next_page_and_settles(store_backend, sandbox, direct):
    """Pages of 10, two a run: a demo day (25-45 sends) takes several runs, each resuming at the
    first page not stored; then the day is final and never read again."""
    store = store_backend.store
    sandbox.clock.freeze()
    now = sandbox.clock.now()
    day = (now - timedelta(days=5)).strftime("%Y-%m-%d")
    calls: list = []
    sync = sync_days.DaySync(day_marks(store), counting(direct, calls), page_size=10, max_pages=2)
    runs = 0
    while True:
        runs += 1
        result = sync.run([day], now)
        if result.complete:
            break
        mark = sync_days.marks(store, [day])[day]
        assert not mark.complete and mark.next_page == len(calls) + 1
    records = list(direct.iter_records(f"{day} 00:00:00", f"{day} 23:59:59"))
    assert [page for _day, page in calls] == list(range(1, len(calls) + 1))  # every page once, in order
    assert len(calls) == len(records) // 10 + 1 and runs == (len(calls) + 1) // 2
    mark = sync_days.marks(store, [day])[day]
    assert mark.complete and mark.settled  # five days old: its reports are final
    statuses = Counter(r.report_status for r in records)
    assert delivered(store_backend, day) == Counter(
        sent=len(records), delivered=statuses["SUCCESS"], failed=statuses["FAIL"]
    )
    stored, recounted = store_backend.counters()
    assert stored == recounted
    before = len(calls)
    assert sync.run([day], now + timedelta(days=1)).pages == 0 and len(calls) == before


def test_a_day_one_console_read_is_not_read_again_by_another(store_backend, sandbox, direct, tmp_path, request):
    store = store_backend.store
    sandbox.clock.freeze()
    now = sandbox.clock.now()
    days = sync_days.days_of((now - timedelta(days=6)).strftime("%Y-%m-%d"), now.strftime("%Y-%m-%d"), now)
    first_calls: list = []
    first = day_sync(store, counting(direct, first_calls), max_pages=100)
    assert first.run(days, now).complete and {d for d, _p in first_calls} == set(days)

    other = second_store(store_backend, tmp_path, request)
    try:
        calls: list = []
        second = day_sync(other, counting(direct, calls), max_pages=100)
        result = second.run(days, now + timedelta(minutes=5))
        assert calls == [] and result.pending == 0  # the first console's marks: nothing to read
        # later, only the days whose reports may still change are read again, by whichever console
        later = now + timedelta(minutes=11)
        result = second.run(days, later)
        again = sorted({d for d, _p in calls})
        settle_line = (now - sync_days.SETTLE - timedelta(days=1)).strftime("%Y-%m-%d")
        assert again == [d for d in days if d > settle_line] and result.complete
        calls_before = len(first_calls)
        assert first.run(days, later).pending == 0 and len(first_calls) == calls_before  # shared, both ways
    finally:
        other.close()
    assert is_team(store) == (store_backend.name == "team")


@pytest.fixture
def team_stats(qtbot, qapp, app_paths, sandbox, pg_database):
    """The Statistics view of a team console (its profile on a prepared team database)."""
    import pg

    from gui.team_admin import prepare_database
    from gui.views.records.stats import StatsView
    from tests.team.test_team_console import close_ctx, make_team_ctx

    prepare_database(pg_database.owner_dsn, pg.OPERATOR)
    ctx = make_team_ctx(app_paths, sandbox, pg_database)
    view = StatsView(ctx)
    qtbot.addWidget(view)
    view.now = sandbox.clock.now
    view._loaded_once = True
    view.show()
    yield view
    close_ctx(ctx)


def test_statistics_in_team_mode_sync_days_like_local_mode(qtbot, sandbox, direct, team_stats):
    sandbox.clock.freeze()
    now = sandbox.clock.now()
    start = (now - timedelta(days=7)).replace(hour=0, minute=0, second=0, microsecond=0)
    team_stats.range_edit.set_range(start, now + timedelta(minutes=1))
    expected = Counter(r.report_status or "" for r in direct.iter_records(start, now))
    before = sandbox.call_count("sms/get_record")
    task = team_stats.refresh()
    with qtbot.waitSignal(task.done, timeout=TIMEOUT):
        pass
    assert task.error is None, task.error
    assert team_stats.last_sync is not None and team_stats.last_sync.complete
    assert sandbox.call_count("sms/get_record") - before == 8  # the eight days, one page each
    total = team_stats.result.total
    assert (total.sent, total.delivered, total.failed) == (
        sum(expected.values()),
        expected["SUCCESS"],
        expected["FAIL"],
    )
    days = sync_days.days_of(start.strftime("%Y-%m-%d"), now.strftime("%Y-%m-%d"), now)
    with allow_gui_thread_io():
        marks = sync_days.marks(team_stats.ctx.store(), days)
    assert len(marks) == 8 and all(m.complete for m in marks.values())
