"""Destructive pulls happen once in a team (issue 15, item 3): one puller per account at a time (a
PostgreSQL session advisory lock around each pull), and the other consoles hear of what it stored
(NOTIFY in the storing transaction, one LISTEN per console, polling the newest ids while that
connection is down).

Real PostgreSQL (tests/pg.py), the sandbox gateway over HTTP, real PullServices on real TeamStores
of one database; the console side with two AppContexts and a real Replies tab. Nothing mocked: the
calls that reached the gateway are counted in the sandbox's log.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gui.api.client import SmsClient
from gui.api.models import Reply, StatusReport
from gui.services.pull import ELSEWHERE, PullKind, PullService
from gui.store.io_guard import allow_gui_thread_io
from gui.store.team import TeamStore
from gui.store.team.notify import REPLIES, Stored
from tests.conftest import open_team_store

REPO = Path(__file__).resolve().parents[2]
PULLS = ("sms/pull_status", "sms/pull_reply")
NEWS_WITHIN_S = 5.0


class TimedClient:
    """The real SmsClient; each pull's start and end (monotonic) kept, with the console that made it."""

    def __init__(self, client: SmsClient, console: str, calls: list, lock: threading.Lock) -> None:
        self.client, self.console, self.calls, self.lock = client, console, calls, lock

    def _timed(self, endpoint: str, call, page_size: int):
        start = time.monotonic()
        try:
            return call(page_size)
        finally:
            with self.lock:
                self.calls.append((self.console, endpoint, start, time.monotonic()))

    def pull_status(self, page_size: int = 100):
        return self._timed("sms/pull_status", self.client.pull_status, page_size)

    def pull_reply(self, page_size: int = 100):
        return self._timed("sms/pull_reply", self.client.pull_reply, page_size)


@pytest.fixture
def two_stores(pg_database):
    """Two consoles' TeamStores on one database (migrated by the owner), pulling agreed."""
    first = open_team_store(pg_database)
    second = TeamStore.open(pg_database.operator_dsn)
    with allow_gui_thread_io():
        first.set_setting("pull_consent", True)  # the team's setting: both consoles see it
    yield first, second
    second.close()
    first.close()


@pytest.fixture
def api(sandbox):
    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 10), retry_delays=(0, 0))
    yield client
    client.close()


def pull_log(sandbox) -> list[dict]:
    return [r for r in sandbox.requests_log() if r["endpoint"] in PULLS]


def test_two_consoles_pulling_at_once_take_turns_and_store_every_item_once(two_stores, sandbox, api, tmp_path):
    store_a, store_b = two_stores
    api.batch_send([f"1390013{i:04d}" for i in range(250)], "【豪霆云】您的验证码是1234")
    sandbox.advance(4000)
    for i in range(430):
        sandbox.add_reply(f"1390014{i:04d}", f"回复 {i}")
    reports_queued, replies_queued = len(sandbox.state.status_queue), len(sandbox.state.reply_queue)
    assert reports_queued > 200 and replies_queued >= 430  # (some numbers answer the send, too)
    sandbox.control.set(latency_ms=40)  # pages long enough for the other console to try meanwhile

    calls: list = []
    calls_lock = threading.Lock()
    consoles = {}
    for name, store in (("A", store_a), ("B", store_b)):
        client = TimedClient(api, name, calls, calls_lock)
        consoles[name] = PullService(lambda client=client: client, lambda store=store: store, tmp_path / name)
    pulled: dict[str, list] = {"A": [], "B": []}
    elsewhere = {"A": 0, "B": 0}
    start = threading.Barrier(2)
    errors: list = []

    def console(name: str) -> None:
        service = consoles[name]
        try:
            start.wait()
            for kind in (PullKind.REPORTS, PullKind.REPLIES):
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    outcome = service.pull(kind)
                    assert outcome.error is None and not outcome.spilled, outcome.error
                    if outcome.elsewhere:
                        elsewhere[name] += 1
                        time.sleep(0.005)
                        continue
                    pulled[name] += outcome.items
                    if not outcome.items:
                        break
        except BaseException as exc:  # noqa: BLE001 - raised below, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=console, args=(name,)) for name in consoles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors

    # The turn: a pull of one console never overlapped a pull of the other, and each saw the other pulling.
    others = [(a, b) for a in calls for b in calls if a[0] == "A" and b[0] == "B"]
    overlaps = [(a, b) for a, b in others if a[2] < b[3] and b[2] < a[3]]
    assert not overlaps, overlaps[:3]
    assert sum(elsewhere.values()) > 0, elsewhere  # they did try at once
    assert {c[0] for c in calls} == {"A", "B"}  # both pulled, in turns
    made = {name: sum(c[0] == name for c in calls) for name in consoles}
    print(f"\npull calls {made}; turns refused {elsewhere}")
    # The sandbox's log holds exactly the calls made, and every item was handed out once and stored once.
    assert len(pull_log(sandbox)) == len(calls)
    assert not sandbox.state.status_queue and not sandbox.state.reply_queue
    reports = [item for name in pulled for item in pulled[name] if isinstance(item, StatusReport)]
    replies = [item for name in pulled for item in pulled[name] if isinstance(item, Reply)]
    assert len(replies) == replies_queued == len({r.id for r in replies})
    assert len(reports) == reports_queued
    with allow_gui_thread_io():
        assert store_a.count_replies() == replies_queued == store_b.count_replies()
        assert store_a.count_reports() == len({r.sid for r in reports})


HOLDER = """
import sys, time
from gui.store.team.pull_lock import TeamPullLock
lock = TeamPullLock(sys.argv[1], sys.argv[2])
assert lock.acquire()
print("held", lock.backend_pid, flush=True)
time.sleep(120)
"""


def test_a_console_killed_while_pulling_lets_the_lock_go(two_stores, sandbox, api, tmp_path, pg_database):
    store_a, store_b = two_stores
    sandbox.add_reply("13900140000", "在吗")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, pg_database.operator_dsn, store_a.name],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        line = holder.stdout.readline()
        assert line.startswith("held"), line
        service = PullService(lambda: api, lambda: store_b, tmp_path / "B")
        with allow_gui_thread_io():
            outcome = service.pull(PullKind.REPLIES)
            polled = service.poll_once(force=True)
        assert outcome.elsewhere and not outcome.items and outcome.error is None
        assert not polled.ran and polled.skipped_reason == ELSEWHERE and polled.error is None
        assert not pull_log(sandbox)  # nothing pulled while the other console holds the turn

        holder.send_signal(signal.SIGKILL)  # the pulling console dies: its session ends, the lock goes
        holder.wait(10)
        lock = store_b.pull_lock()
        killed = time.monotonic()
        deadline = killed + 5
        with allow_gui_thread_io():
            while not lock.acquire():
                assert time.monotonic() < deadline, "the killed console's lock was not released"
                time.sleep(0.05)
            print(f"\nthe killed console's turn was free {(time.monotonic() - killed) * 1000:.0f} ms after SIGKILL")
            lock.release()
            outcome = service.pull(PullKind.REPLIES)
        assert "在吗" in [r.text for r in outcome.items] and len(pull_log(sandbox)) == 1
        assert not sandbox.state.reply_queue
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(10)
        holder.stdout.close()


def test_the_turn_is_one_sessions_until_it_is_released(two_stores):
    """Two pull locks (two sessions, as two consoles or two pulls have) exclude each other; the key
    is the same for every console of the database."""
    store_a, store_b = two_stores
    first, second = store_a.pull_lock(), store_b.pull_lock()
    assert first.key == second.key
    with allow_gui_thread_io():
        assert first.acquire() and first.held()
        assert not second.acquire()
        first.release()
        assert not first.held()
        assert second.acquire()
        second.release()


def wait_listening(listener, timeout_s: float = 10.0) -> None:
    assert listener.listening.wait(timeout_s), "the listener did not start listening"


def test_another_console_hears_a_pulled_reply_within_5_s(two_stores, sandbox, api, tmp_path):
    store_a, store_b = two_stores
    heard: queue.Queue[tuple[float, Stored]] = queue.Queue()
    listener = store_b.listen_pulled(lambda stored: heard.put((time.monotonic(), stored)))
    try:
        wait_listening(listener)
        sandbox.add_reply("13900140001", "好的，收到")
        queued = len(sandbox.state.reply_queue)  # (the sandbox's own demo replies, too)
        service = PullService(lambda: api, lambda: store_a, tmp_path / "A")
        started = time.monotonic()
        with allow_gui_thread_io():
            outcome = service.pull(PullKind.REPLIES)
        assert len(outcome.items) == queued == outcome.new_count
        at, stored = heard.get(timeout=NEWS_WITHIN_S)
        elapsed = at - started  # from before the pull began: an upper bound of commit → heard
        print(f"\nconsole B heard console A's reply {elapsed * 1000:.0f} ms after A began pulling")
        assert elapsed < NEWS_WITHIN_S
        assert stored == Stored(REPLIES, queued, store_a.origin)
        with allow_gui_thread_io():
            assert "好的，收到" in [r.text for r in store_b.stored_replies()]

        # A push one console received is news the same way (PullService.store_pushed is what the receiver calls).
        pushed = Reply("push-1", "13900140002", "退订", "2024-01-01 10:00:00", "", "")
        with allow_gui_thread_io():
            assert service.store_pushed([], [pushed]) == (0, 1)
        _at, stored = heard.get(timeout=NEWS_WITHIN_S)
        assert stored == Stored(REPLIES, 1, store_a.origin)
    finally:
        listener.stop()
        assert listener.join(5)


def test_a_listener_whose_connection_drops_polls_the_newest_ids_and_listens_again(
    two_stores, sandbox, api, tmp_path, pg_cluster, pg_database
):
    store_a, store_b = two_stores
    heard: queue.Queue[tuple[float, Stored]] = queue.Queue()
    from gui.store.team.notify import PulledListener

    listener = PulledListener(
        store_b._conninfo(), store_b.newest_pulled_ids, lambda s: heard.put((time.monotonic(), s)), poll_s=1.0
    ).start()
    try:
        wait_listening(listener)
        pid = listener.backend_pid
        with pg_cluster.admin_connect(pg_database.name) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        deadline = time.monotonic() + 5
        while listener.listening.is_set():  # it notices at its next wait (half a second)
            assert time.monotonic() < deadline
            time.sleep(0.05)

        sandbox.add_reply("13900140003", "deaf for a while")
        started = time.monotonic()
        with allow_gui_thread_io():
            PullService(lambda: api, lambda: store_a, tmp_path / "A").pull(PullKind.REPLIES)
        at, stored = heard.get(timeout=NEWS_WITHIN_S)
        assert at - started < NEWS_WITHIN_S and stored.kind == REPLIES and stored.count >= 1
        wait_listening(listener, 10)  # back on LISTEN (it tries every 5 s)
        assert listener.backend_pid != pid
    finally:
        listener.stop()
        assert listener.join(5)
