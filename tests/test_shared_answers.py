"""One provider read for everyone asking together (gui/services/cache.py), over real HTTP.

At start-up the status bar, Compose and the Account tab each want user_get, and Compose and
the Templates tab both want tpl_get + tpl_get_default: counted in the sandbox's log, each is
made once. A Refresh never gets an answer older than the click.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from gui.api.client import SmsClient
from gui.services.account import AccountService
from gui.services.cache import SharedAnswer
from gui.services.templates import TemplateCatalog


@pytest.fixture
def client(sandbox):
    opened = SmsClient(sandbox.apikey, sandbox.base_url)
    yield opened
    opened.close()


def _together(*calls):
    """Run ``calls`` on threads at once; their results in order."""
    results: list[object] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


def test_three_loads_at_start_up_share_one_user_get(client, sandbox):
    service = AccountService(lambda: client)
    sandbox.control.set(latency_ms=300)  # the first call is still on the wire when the others ask
    accounts = _together(service.current, service.current, service.current)
    assert sandbox.call_count("user/get") == 1
    assert accounts[0] is accounts[1] is accounts[2] is service.account
    assert service.current() is accounts[0]  # fresh: no call
    assert sandbox.call_count("user/get") == 1


def test_refresh_reads_again_and_a_change_shows(client, sandbox):
    service = AccountService(lambda: client)
    assert service.current().balance == sandbox.state.account["balance"]
    sandbox.control.set(balance="12.34")
    assert service.current().balance != Decimal("12.34")  # still the fresh copy
    assert service.refresh().balance == Decimal("12.34") == service.current().balance
    assert sandbox.call_count("user/get") == 2


def test_user_set_answer_replaces_the_shared_copy(client, sandbox):
    service = AccountService(lambda: client)
    service.current()
    service.set_account(alarm_balance="250")
    assert service.current().alarm_balance == Decimal(250)
    assert sandbox.call_count("user/get") == 1


def test_templates_read_once_for_compose_and_the_templates_tab(client, sandbox):
    catalog = TemplateCatalog(lambda: client)
    sandbox.control.set(latency_ms=300)
    (own_a, defaults_a), (own_b, defaults_b) = _together(catalog.load, catalog.load)
    assert sandbox.call_count("tpl/get") == 1 and sandbox.call_count("tpl/get_default") == 1
    assert [t.tpl_id for t in own_a] == [t.tpl_id for t in own_b] == sorted(sandbox.state.templates)
    assert own_a is not own_b  # each caller's list is its own
    assert [t.tpl_id for t in defaults_a] == [t.tpl_id for t in defaults_b]
    sandbox.control.set(latency_ms=0)
    catalog.changed()  # a template was added: the next load reads the provider's new list
    catalog.load()
    assert sandbox.call_count("tpl/get") == 2
    catalog.load(force=True)
    assert sandbox.call_count("tpl/get") == 3


def test_the_two_lists_read_ahead_apart_are_joined_by_a_load_meanwhile(client, sandbox):
    """Start-up reads the own and the default templates from two workers (side by side); the
    Compose load made meanwhile joins both calls: still one tpl_get and one tpl_get_default."""
    catalog = TemplateCatalog(lambda: client)
    sandbox.control.set(latency_ms=300)
    own, defaults, (own_c, defaults_c) = _together(catalog.load_own, catalog.load_defaults, catalog.load)
    assert sandbox.call_count("tpl/get") == 1 and sandbox.call_count("tpl/get_default") == 1
    assert [t.tpl_id for t in own] == [t.tpl_id for t in own_c] == sorted(sandbox.state.templates)
    assert [t.tpl_id for t in defaults] == [t.tpl_id for t in defaults_c] and defaults
    catalog.changed()  # both lists are read anew after a change
    sandbox.control.set(latency_ms=0)
    catalog.load()
    assert sandbox.call_count("tpl/get") == 2 and sandbox.call_count("tpl/get_default") == 2


def test_a_forced_read_does_not_take_an_answer_asked_before_it():
    calls: list[int] = []
    release = threading.Event()

    def fetch() -> int:
        calls.append(len(calls))
        if len(calls) == 1:
            release.wait(5)  # the first call is slow; a Refresh clicked meanwhile must not take its answer
        return len(calls)

    shared: SharedAnswer[int] = SharedAnswer(fetch, max_age=60)
    first = threading.Thread(target=shared.get)
    first.start()
    while not calls:
        pass
    forced: list[int] = []
    second = threading.Thread(target=lambda: forced.append(shared.get(force=True)))
    second.start()
    second.join(5)
    release.set()
    first.join(5)
    assert forced == [2] and len(calls) == 2
    assert shared.cached == 2  # the older answer, arriving last, does not replace the newer one


def test_an_error_reaches_everyone_waiting_and_is_not_kept():
    attempts: list[int] = []

    def fetch() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("down")
        return 7

    shared: SharedAnswer[int] = SharedAnswer(fetch, max_age=60)
    with pytest.raises(ConnectionError):
        shared.get()
    assert shared.get() == 7 and len(attempts) == 2


def test_forget_drops_a_call_on_the_wire():
    started, release = threading.Event(), threading.Event()

    def fetch() -> str:
        started.set()
        release.wait(5)
        return "old profile"

    shared: SharedAnswer[str] = SharedAnswer(fetch, max_age=60)
    worker = threading.Thread(target=shared.get)
    worker.start()
    assert started.wait(5)
    shared.forget()  # the operator switched profile while the call was on the wire
    release.set()
    worker.join(5)
    assert shared.cached is None


def test_a_cached_account_is_told_to_the_listeners_too(client, sandbox):
    """A window built after the account was read still hears its balance (no new call)."""
    service = AccountService(lambda: client)
    service.current()
    heard = []
    service.subscribe(heard.append)
    account = service.current()
    assert heard == [account] and sandbox.call_count("user/get") == 1
