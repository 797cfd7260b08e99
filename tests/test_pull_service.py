"""PullService (gui.services.pull): the one pull loop, its consent, and the spill file that keeps
a pulled batch the store refused — against the sandbox over HTTP, counting what reached it."""

from __future__ import annotations

import json
import os
import stat
import threading
import time

import pytest

from gui.api.client import SmsClient
from gui.api.models import StatusReport
from gui.services.pull import PAGE_SIZE, PullKind, PullService
from gui.services.pull_spill import SPILL_FILE_NAME, SpillFile
from gui.store import poller
from gui.store.db import Store, store_path

OTP = "【豪霆云】您的验证码是{}"


@pytest.fixture
def api(sandbox):
    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 5), retry_delays=(0, 0))
    yield client
    client.close()


@pytest.fixture
def store(tmp_path):
    """A profile's store in which the operator agreed to pulling."""
    s = Store.open(store_path(tmp_path / "profile"))
    s.set_setting("pull_consent", True)
    yield s
    s.close()


class FailingStore:
    """The real store, except that saving pulled items fails (a full disk, say)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.save_calls = 0

    def save_reports(self, reports):
        self.save_calls += 1
        raise OSError("disk full")

    def save_replies(self, replies):
        self.save_calls += 1
        raise OSError("disk full")

    def get_setting(self, key, default=None):
        return self.store.get_setting(key, default)

    def set_setting(self, key, value):
        self.store.set_setting(key, value)


def queued_sids(sandbox) -> set[int]:
    return {int(entry[1]["sid"]) for entry in sandbox.state.status_queue}


def stored_sids(store: Store) -> list[int]:
    return [r.sid for r in store.reports_joined(limit=100_000)]


def test_a_batch_the_store_refuses_is_spilled_and_stored_first_at_the_next_start(api, sandbox, store, tmp_path):
    profile = tmp_path / "profile"
    api.batch_send([f"1390013{i:04d}" for i in range(30)], OTP.format(1))
    sandbox.advance(4000)
    first_batch = queued_sids(sandbox)
    assert 0 < len(first_batch) <= PAGE_SIZE

    broken = PullService(lambda: api, lambda: FailingStore(store), profile)
    outcome = broken.pull(PullKind.REPORTS)
    assert isinstance(outcome.error, OSError) and outcome.spilled == len(first_batch) == outcome.waiting
    assert sandbox.call_count("sms/pull_status") == 1 and not sandbox.state.status_queue  # gone from the server
    spill = profile / SPILL_FILE_NAME
    assert stat.S_IMODE(os.stat(spill).st_mode) == 0o600
    lines = [json.loads(line) for line in spill.read_text(encoding="utf-8").splitlines()]
    assert {line["kind"] for line in lines} == {"report"}
    assert {line["item"]["sid"] for line in lines} == first_batch
    assert stored_sids(store) == []

    # More reports arrive; the broken service pulls no more while the spill waits.
    api.batch_send([f"1370013{i:04d}" for i in range(5)], OTP.format(2))
    sandbox.advance(4000)
    second_batch = queued_sids(sandbox)
    assert second_batch
    again = broken.pull(PullKind.REPORTS)
    assert again.error is not None and again.items == [] and again.waiting == len(first_batch)
    assert broken.pull(PullKind.REPLIES).items == []
    assert sandbox.call_count("sms/pull_status") == 1 and sandbox.call_count("sms/pull_reply") == 0
    assert broken.poll_once(force=True).error is not None  # the background poll obeys the same rule
    assert sandbox.call_count("sms/pull_status") == 1

    # The next start, on a working store: the spill first, then pulling resumes.
    fresh = PullService(lambda: api, lambda: store, profile)
    assert fresh.waiting_in_spill() == len(first_batch)
    resumed = fresh.pull(PullKind.REPORTS)
    assert resumed.error is None and resumed.recovered == len(first_batch)
    assert not spill.exists() and fresh.waiting_in_spill() == 0
    assert {r.sid for r in resumed.items} == second_batch
    assert sandbox.call_count("sms/pull_status") == 2
    sids = stored_sids(store)
    assert len(sids) == len(set(sids)) and set(sids) == first_batch | second_batch  # nothing lost or doubled


def test_replies_spill_too_and_each_kind_is_stored_from_the_spill(api, sandbox, store, tmp_path):
    profile = tmp_path / "profile"
    waiting = len(sandbox.state.reply_queue)
    assert waiting
    outcome = PullService(lambda: api, lambda: FailingStore(store), profile).pull(PullKind.REPLIES)
    assert outcome.spilled == len(outcome.items) == waiting
    spill = SpillFile(profile).read()
    assert len(spill.replies) == waiting and not spill.reports
    assert all(reply.sign for reply in spill.replies)  # kept whole, _sign included

    fresh = PullService(lambda: api, lambda: store, profile)
    assert fresh.store_spill() == waiting and not SpillFile(profile).exists()
    assert store.count_replies() == waiting
    assert fresh.store_spill() == 0 and store.count_replies() == waiting


def test_an_unreadable_spill_file_is_kept_and_nothing_is_pulled(api, sandbox, store, tmp_path):
    profile = tmp_path / "profile"
    (profile / SPILL_FILE_NAME).write_text('{"kind": "report", "item": {"sid": 1', encoding="utf-8")
    outcome = PullService(lambda: api, lambda: store, profile).pull(PullKind.REPORTS)
    assert outcome.error is not None and outcome.waiting == 1
    assert (profile / SPILL_FILE_NAME).exists() and sandbox.call_count("sms/pull_status") == 0


def test_nothing_is_pulled_before_the_operator_agreed(api, sandbox, tmp_path):
    store = Store.open(store_path(tmp_path / "other"))
    try:
        service = PullService(lambda: api, lambda: store, tmp_path / "other")
        assert service.consent() is None
        assert service.pull(PullKind.REPORTS).consent_missing and service.pull(PullKind.REPLIES).consent_missing
        service.set_consent(False)
        assert service.consent() is False and store.get_setting("pull_consent") is False
        assert service.pull(PullKind.REPORTS).consent_missing
        assert sandbox.call_count("sms/pull_status") == 0 and sandbox.call_count("sms/pull_reply") == 0
        service.set_consent(True)
        outcome = service.pull(PullKind.REPORTS)
        assert service.consent() is True and not outcome.consent_missing and outcome.items
    finally:
        store.close()


def test_a_stopped_service_pulls_no_more(api, sandbox, store, tmp_path):
    service = PullService(lambda: api, lambda: store, tmp_path)
    service.stop()
    assert service.pull(PullKind.REPORTS).items == [] and sandbox.call_count("sms/pull_status") == 0
    assert service.wait_idle(1.0)


class PausingStore(FailingStore):
    """The real store, whose save_reports waits for ``go`` once it has begun (``inside``)."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.inside, self.go = threading.Event(), threading.Event()

    def save_reports(self, reports):
        self.inside.set()
        assert self.go.wait(5)
        return self.store.save_reports(reports)

    def save_replies(self, replies):
        return self.store.save_replies(replies)


def test_two_services_of_one_profile_lose_no_spilled_item(store, tmp_path):
    """After A -> B -> A the old instance may spill its last batch while the new one stores the
    spill file: what the old one adds between the new one's read and remove must survive."""
    profile = tmp_path / "profile"
    SpillFile(profile).add([report(1001), report(1002), report(1003)], [])
    pausing = PausingStore(store)
    new = PullService(lambda: PagedClient(), lambda: pausing, profile)
    old = PullService(lambda: PagedClient(), lambda: FailingStore(store), profile)
    stored: list[int] = []
    storing = threading.Thread(target=lambda: stored.append(new.store_spill()))
    storing.start()
    assert pausing.inside.wait(5)  # the new one has read the file and is storing it
    late = [report(sid) for sid in range(2001, 2006)]
    spilling = threading.Thread(target=lambda: old.spill.add(late, []))  # the old one's last batch
    spilling.start()
    spilling.join(0.3)
    pausing.go.set()
    storing.join(5)
    spilling.join(5)
    assert stored == [3] and not storing.is_alive() and not spilling.is_alive()
    assert {r.sid for r in SpillFile(profile).read().reports} == {2001, 2002, 2003, 2004, 2005}
    assert new.store_spill() == 5 and not SpillFile(profile).exists()
    assert sorted(stored_sids(store)) == [1001, 1002, 1003, 2001, 2002, 2003, 2004, 2005]


def test_the_poll_reports_what_waits_in_the_spill(api, sandbox, store, tmp_path):
    poller.set_interval_minutes(store, 5)
    store.set_setting("pull_consent", True)
    result = PullService(lambda: api, lambda: FailingStore(store), tmp_path).poll_once()
    assert result.ran and result.error is not None and result.waiting > 0
    assert poller.load_status(store).error_count == 1
    ok = PullService(lambda: api, lambda: store, tmp_path).poll_once()
    assert ok.error is None and ok.waiting == 0 and poller.load_status(store).error_count == 0
    assert store.count_reports() > 0


# --- the loop, with a scripted client --------------------------------------------------


class FakeControl:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.cancel_after = cancel_after
        self.progress_values: list[int] = []

    @property
    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.progress_values) >= self.cancel_after

    def progress(self, value, force=False) -> None:
        self.progress_values.append(value)


def report(sid: int) -> StatusReport:
    return StatusReport(sid, None, "2024-05-01 10:00:07", "DELIVRD", "13800138000", "SUCCESS")


class PagedClient:
    def __init__(self, *sizes: int, error_at: int | None = None, before_pull=None) -> None:
        self.sizes, self.error_at, self.before_pull = sizes, error_at, before_pull
        self.calls: list[int] = []

    def pull_status(self, page_size: int = 20) -> list[StatusReport]:
        if self.before_pull is not None:
            self.before_pull()
        self.calls.append(page_size)
        if self.error_at is not None and len(self.calls) == self.error_at:
            raise TimeoutError("gateway gone")
        size = self.sizes[len(self.calls) - 1]
        start = sum(self.sizes[: len(self.calls) - 1])
        return [report(start + i + 1) for i in range(size)]

    def pull_reply(self, page_size: int = 20):
        return []


def test_pull_loop_drains_until_a_short_page_saving_each_page_first(store, tmp_path):
    saved_before_next_pull: list[int] = []
    client = PagedClient(100, 100, 7, before_pull=lambda: saved_before_next_pull.append(store.count_reports()))
    outcome = PullService(lambda: client, lambda: store, tmp_path).pull(PullKind.REPORTS, FakeControl())
    assert client.calls == [100, 100, 100] and saved_before_next_pull == [0, 100, 200]
    assert len(outcome.items) == 207 and outcome.new_count == 207 and outcome.error is None


def test_pull_loop_keeps_what_it_got_before_an_error(store, tmp_path):
    client = PagedClient(100, 100, error_at=2)
    outcome = PullService(lambda: client, lambda: store, tmp_path).pull(PullKind.REPORTS, FakeControl())
    assert len(outcome.items) == 100 and isinstance(outcome.error, TimeoutError)
    assert store.count_reports() == 100
    with pytest.raises(TimeoutError):  # nothing pulled: a plain failure
        PullService(lambda: PagedClient(100, error_at=1), lambda: store, tmp_path).pull(PullKind.REPORTS)


def test_pull_loop_stops_when_cancelled(store, tmp_path):
    client = PagedClient(100, 100, 100, 5)
    outcome = PullService(lambda: client, lambda: store, tmp_path).pull(PullKind.REPORTS, FakeControl(cancel_after=2))
    assert len(client.calls) == 2 and len(outcome.items) == 200 and store.count_reports() == 200


def test_wait_idle_waits_for_a_running_loop(store, tmp_path):
    pulling, go = threading.Event(), threading.Event()

    def hold() -> None:
        pulling.set()
        assert go.wait(5)

    service = PullService(lambda: PagedClient(3, before_pull=hold), lambda: store, tmp_path)
    loop = threading.Thread(target=service.pull, args=(PullKind.REPORTS,))
    loop.start()
    try:
        assert pulling.wait(5)
        started = time.monotonic()
        assert not service.wait_idle(0.2)  # a loop runs: False once the timeout is over
        assert time.monotonic() - started >= 0.19
    finally:
        go.set()
    assert service.wait_idle(5)  # its page stored, the loop is done
    loop.join(5)
    assert store.count_reports() == 3


def test_a_batch_neither_store_nor_disk_takes_is_still_returned(store, tmp_path, monkeypatch):
    client = PagedClient(100, 100, 3)
    service = PullService(lambda: client, lambda: FailingStore(store), tmp_path)

    def no_disk(*_args):
        raise OSError("read-only file system")

    monkeypatch.setattr(service.spill, "add", no_disk)
    outcome = service.pull(PullKind.REPORTS)
    assert client.calls == [100] and outcome.unsaved == 100 == len(outcome.items) and outcome.spilled == 0
    assert isinstance(outcome.error, OSError)
