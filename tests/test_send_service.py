"""SendService (gui/services/send.py) over real HTTP against the sandbox, no widgets.

Planning (the one normaliser, blocked words, the suppression list, a number in doubt,
parts, cost and balance), the spend gate (no, a used or another plan's approval sends
nothing), a confirmed send reaching the gateway once and being recorded, and settling
sends in doubt against the records.
"""

from __future__ import annotations

import time
from dataclasses import replace
from decimal import Decimal

import pytest

from gui.api.client import SmsClient
from gui.services.account import AccountService
from gui.services.profile_settings import ProfileSettings
from gui.services.send import SendService
from gui.services.send_plan import (
    AllSuppressed,
    BlockedWordsFound,
    InvalidRecipients,
    InvalidText,
    OverBalance,
    SendRequest,
    UnsettledSendError,
)
from gui.services.spend_gate import SpendGate, SpendKind, SpendRefused
from gui.store import IN_DOUBT_CODE, SETTLED_NOT_SENT_CODE, SentMessage, Store, beijing_timestamp

TEXT = "【Demo】Your verification code is 2718."
SEND_ENDPOINTS = ("sms/single_send", "sms/batch_send", "sms/multi_send")


def sends(sandbox) -> int:
    return sum(sandbox.call_count(e) for e in SEND_ENDPOINTS)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "console.sqlite3") as opened:
        yield opened


@pytest.fixture
def parts(sandbox, store):
    """(service, gate, account service, client) on the sandbox and a store of the test's own."""
    client = SmsClient(sandbox.apikey, sandbox.base_url, timeout=(2, 0.4), retry_delays=(0.05,))
    gate = SpendGate()
    account = AccountService(lambda: client)
    service = SendService(lambda: client, lambda: store, gate, account)
    yield service, gate, account, client
    client.close()


def request(*mobiles: str, text: str = TEXT, mode: str = "batch", **kwargs) -> SendRequest:
    return SendRequest(mode, tuple(mobiles), (text,), **kwargs)


# ------------------------------------------------------------------ planning
def test_plan_normalises_prices_and_samples(parts, store, sandbox):
    service, _gate, account, _client = parts
    account.refresh()
    ProfileSettings(store).set_price(Decimal("0.05"), "RMB", "manual")
    numbers = ("+86 138-0013-8000", "13800138001", "138 0013 8000", "13800138002", "13800138003")
    plan = service.plan_quick_send(request(*numbers, notes=("a note",)))
    assert plan.mobiles == ("13800138000", "13800138001", "13800138002", "13800138003")  # duplicate once
    spend = plan.spend
    assert spend.kind == SpendKind.QUICK_SEND
    assert (spend.recipients, spend.parts, spend.cost, spend.unit) == (4, 4, Decimal("0.2000"), "RMB")
    assert spend.balance == sandbox.state.account["balance"] and spend.alarm_balance == Decimal(100)
    assert [(s.mobile, s.text) for s in spend.samples] == [(m, TEXT) for m in plan.mobiles[:3]]
    assert spend.notes == ("a note",)
    assert sandbox.call_count("sms/get_black_word") == 1 and sends(sandbox) == 0


def test_plan_without_a_price_leaves_the_cost_unknown_and_one_number_goes_single(parts):
    service, *_ = parts
    plan = service.plan_quick_send(request("13800138000"))
    assert plan.mode == "single" and plan.spend.cost is None and plan.spend.balance is None


@pytest.mark.parametrize(
    "number",
    [
        "1.38001E+10",  # digits lost to Excel: never guessed
        "1.3800138E+10",
        "12345",
        "abc",
    ],
)
def test_numbers_the_normaliser_rejects_are_refused(parts, sandbox, number):
    service, *_ = parts
    with pytest.raises(InvalidRecipients) as refused:
        service.plan_quick_send(request("13800138000", number))
    assert refused.value.problem == "invalid"
    assert sandbox.call_count() == 0


def test_limits_international_and_text_are_checked(parts, sandbox):
    service, *_ = parts
    with pytest.raises(InvalidRecipients) as many:
        service.plan_quick_send(request(*(f"1380000{i:04d}" for i in range(1001))))
    assert many.value.problem == "too_many" and many.value.count == 1001
    with pytest.raises(InvalidRecipients) as alone:
        service.plan_quick_send(request("+447911123456", "13800138000"))
    assert alone.value.problem == "international_not_alone"
    with pytest.raises(InvalidText):
        service.plan_quick_send(request("13800138000", text=""))
    assert sandbox.call_count() == 0


def test_blocked_words_refuse_the_plan(parts, sandbox):
    service, *_ = parts
    with pytest.raises(BlockedWordsFound) as found:
        service.plan_quick_send(request("13800138000", text="【豪霆云】这是一条发票测试短信"))
    assert set(found.value.words) == {"发票", "测试"}
    assert sends(sandbox) == 0


def test_suppressed_numbers_are_left_out_and_all_suppressed_is_refused(parts, store):
    service, *_ = parts
    store.add_suppressed(["13800138005"], "replied TD")
    plan = service.plan_quick_send(request("13800138005", "13800138006"))
    assert plan.mobiles == ("13800138006",) and plan.suppressed == ("13800138005",)
    assert plan.spend.recipients == 1
    with pytest.raises(AllSuppressed):
        service.plan_quick_send(request("13800138005"))


def test_a_number_in_doubt_refuses_the_same_text_before_any_call(parts, store, sandbox):
    service, *_ = parts
    store.record_sent([SentMessage(None, "13800138001", TEXT, beijing_timestamp(), IN_DOUBT_CODE, "", 0, "0", "")])
    with pytest.raises(UnsettledSendError) as refused:
        service.plan_quick_send(request("13800138000", "13800138001"))
    assert refused.value.numbers == ["13800138001"]
    assert sandbox.call_count() == 0  # not even get_black_word
    assert service.plan_quick_send(request("13800138001", text=TEXT + "!")).mobiles == ("13800138001",)


def test_over_the_balance_is_refused_unless_allowed(parts, store, sandbox):
    service, _gate, account, _client = parts
    sandbox.control.set(balance="0.01")
    account.refresh()
    ProfileSettings(store).set_price(Decimal("0.05"), "RMB", "manual")
    with pytest.raises(OverBalance) as over:
        service.plan_quick_send(request("13800138000", "13800138001"))
    assert (over.value.cost, over.value.balance) == (Decimal("0.1000"), Decimal("0.01"))
    plan = service.plan_quick_send(request("13800138000", "13800138001", allow_over_balance=True))
    assert plan.spend.exceeds_balance


# ------------------------------------------------------------------ the spend gate
def test_send_without_an_approval_is_refused_and_nothing_is_sent(parts, store, sandbox):
    service, *_ = parts
    plan = service.plan_quick_send(request("13800138000", "13800138001"))
    with pytest.raises(SpendRefused):
        service.send(plan, None)
    assert sandbox.accepted_log() == [] and sends(sandbox) == 0
    assert store.sent_messages() == []


def test_a_used_approval_is_refused_the_second_time(parts, sandbox):
    service, gate, *_ = parts
    plan = service.plan_quick_send(request("13800138000"))
    approval = gate.approve(plan.spend)
    service.send(plan, approval)
    with pytest.raises(SpendRefused):
        service.send(plan, approval)
    assert len(sandbox.accepted_log()) == 1 and sends(sandbox) == 1


def test_an_approval_for_another_plan_is_refused(parts, sandbox):
    service, gate, *_ = parts
    confirmed = service.plan_quick_send(request("13800138000"))
    other = service.plan_quick_send(request("13800138000", "13800138001", "13800138002"))
    with pytest.raises(SpendRefused):
        service.send(other, gate.approve(confirmed.spend))
    assert sandbox.accepted_log() == [] and sends(sandbox) == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"mobiles": ("13900139000",)},  # other numbers, same count
        {"texts": ("【Demo】Another text.",)},
        {"mode": "batch"},  # planned as single_send
    ],
)
def test_numbers_or_texts_replaced_after_the_approval_are_refused(parts, store, sandbox, changes):
    service, gate, *_ = parts
    plan = service.plan_quick_send(request("13800138000"))
    approval = gate.approve(plan.spend)
    with pytest.raises(SpendRefused, match="changed after"):
        service.send(replace(plan, **changes), approval)
    assert sandbox.accepted_log() == [] and sends(sandbox) == 0
    assert store.sent_messages() == []


def test_a_spend_plan_replaced_after_the_approval_is_refused(parts, sandbox):
    service, gate, *_ = parts
    plan = service.plan_quick_send(request("13800138000", "13800138001"))
    approval = gate.approve(plan.spend)
    cheaper = replace(plan, spend=replace(plan.spend, recipients=1, parts=1))
    with pytest.raises(SpendRefused):
        service.send(cheaper, approval)
    assert sandbox.accepted_log() == [] and sends(sandbox) == 0


def test_an_expired_approval_sends_nothing(sandbox, store):
    clock = [0.0]
    client = SmsClient(sandbox.apikey, sandbox.base_url)
    gate = SpendGate(clock=lambda: clock[0], ttl_seconds=60)
    service = SendService(lambda: client, lambda: store, gate, AccountService(lambda: client))
    plan = service.plan_quick_send(request("13800138000"))
    approval = gate.approve(plan.spend)
    clock[0] = 61.0  # the confirmation was left open longer than an approval lives
    with pytest.raises(SpendRefused, match="expired"):
        service.send(plan, approval)
    assert sandbox.accepted_log() == [] and sends(sandbox) == 0
    client.close()


def test_notes_added_after_planning_keep_the_approval_valid(parts, sandbox):
    service, gate, *_ = parts
    plan = service.plan_quick_send(request("13800138000")).with_notes("shown in the confirmation")
    outcome = service.send(plan, gate.approve(plan.spend))
    assert [r.state for r in outcome.rows] == ["ok"]


def test_a_confirmed_send_reaches_the_gateway_once_is_recorded_and_teaches_the_price(parts, store, sandbox):
    service, gate, account, _client = parts
    seen = []
    account.subscribe(seen.append)
    plan = service.plan_quick_send(request("13800138000", "13800138001"))
    outcome = service.send(plan, gate.approve(plan.spend))
    assert {r.mobile: r.state for r in outcome.rows} == {"13800138000": "ok", "13800138001": "ok"}
    accepted = sandbox.accepted_log()
    assert sorted(a.mobile for a in accepted) == ["13800138000", "13800138001"]
    assert sandbox.call_count("sms/batch_send") == 1
    stored = {m.mobile: (m.sid, m.code, m.text) for m in store.sent_messages()}
    assert stored == {a.mobile: (a.sid, 0, TEXT) for a in accepted}
    assert outcome.learned_price == (Decimal("0.05"), "RMB")
    price = ProfileSettings(store).price()
    assert price is not None and (price.per_part, price.unit, price.source) == (Decimal("0.05"), "RMB", "learned")
    # the balance is read again after the send
    assert seen and account.balance == sandbox.state.account["balance"]


def test_a_personalised_send_is_one_multi_send(parts, sandbox):
    service, gate, *_ = parts
    texts = ("【Demo】Your verification code is 1.", "【Demo】Your verification code is 2.")
    plan = service.plan_quick_send(SendRequest("personal", ("13800138000", "13800138001"), texts))
    service.send(plan, gate.approve(plan.spend))
    assert {a.mobile: a.text for a in sandbox.accepted_log()} == dict(
        zip(("13800138000", "13800138001"), texts, strict=True)
    )
    assert sandbox.call_count("sms/multi_send") == 1


def test_a_whole_call_refusal_records_nothing(parts, store, sandbox):
    service, gate, *_ = parts
    sandbox.control.set(api_error_next=[5], fault_endpoints="sms/batch_send")
    plan = service.plan_quick_send(request("13800138000", "13800138001"))
    outcome = service.send(plan, gate.approve(plan.spend))
    assert {(r.state, r.code) for r in outcome.rows} == {("not_sent", 5)}
    assert store.sent_messages() == []
    assert sandbox.call_count("user/get") == 0  # nothing was sent: the balance did not move


# ------------------------------------------------------------------ in doubt
def test_in_doubt_is_recorded_never_retried_then_settled_from_the_records(parts, store, sandbox):
    service, gate, account, _client = parts
    sandbox.control.set(timeout_after_processing=1, timeout_mode="close", fault_endpoints=["sms/batch_send"])
    plan = service.plan_quick_send(request("13800138000", "13800138001"))
    assert account.account is None and sandbox.call_count("user/get") == 0
    outcome = service.send(plan, gate.approve(plan.spend))
    assert outcome.in_doubt and {r.state for r in outcome.rows} == {"in_doubt"}
    assert sandbox.call_count("sms/batch_send") == 1
    # it may have been billed: the service read the balance again
    assert sandbox.call_count("user/get") == 1 and account.balance == sandbox.state.account["balance"]
    assert sorted(m.mobile for m in service.in_doubt_messages()) == ["13800138000", "13800138001"]
    # the same text again is refused until it is settled
    with pytest.raises(UnsettledSendError):
        service.plan_quick_send(request("13800138000"))
    sandbox.control.set(fault_endpoints=None)
    settlement = service.settle_in_doubt(grace_seconds=300)
    sids = {a.mobile: a.sid for a in sandbox.accepted_log()}
    assert {m.mobile: r.sid for m, r in settlement.outcome.sent} == sids
    assert settlement.remaining == []
    assert {m.mobile: m.sid for m in store.sent_messages()} == sids


def test_nothing_in_the_records_after_the_grace_period_is_not_sent(parts, store, sandbox):
    service, *_ = parts
    store.record_sent([SentMessage(None, "13800138000", TEXT, beijing_timestamp(), IN_DOUBT_CODE, "", 0, "0", "")])
    early = service.settle_in_doubt(grace_seconds=300)
    assert [m.mobile for m in early.outcome.waiting] == ["13800138000"] and len(early.remaining) == 1
    later = SendService(service._client, service._store, SpendGate(), service._account, clock=lambda: time.time() + 301)
    late = later.settle_in_doubt(grace_seconds=300)
    assert [m.mobile for m in late.outcome.not_sent] == ["13800138000"] and late.remaining == []
    assert [m.code for m in store.sent_messages()] == [SETTLED_NOT_SENT_CODE]
    assert sandbox.accepted_log() == []


# ------------------------------------------------------------------ the price
def test_load_migrates_the_price_once_and_never_invents_one(parts, store, sandbox):
    service, _gate, account, _client = parts
    own, defaults, price = service.load(profile_price=None, legacy_campaign_price=None)
    assert own and defaults and price is None  # unknown: the operator is asked
    assert account.account is not None
    assert ProfileSettings(store).price() is None
    # migration ran once: a later legacy price does not overwrite "unknown" with a guess
    assert service.load(legacy_campaign_price="0.05")[2] is None


def test_load_takes_the_profile_price_before_the_campaign_one(tmp_path, sandbox):
    client = SmsClient(sandbox.apikey, sandbox.base_url)
    with Store.open(tmp_path / "s.sqlite3") as store:
        service = SendService(lambda: client, lambda: store, SpendGate(), AccountService(lambda: client))
        price = service.load(profile_price=Decimal("0.045"), legacy_campaign_price="0.06")[2]
        assert price is not None and price.per_part == Decimal("0.045") and price.source == "manual"
        settings = ProfileSettings(store)
        assert service.set_price(None, "") is None and settings.price() is None
        assert store.get_setting("price_per_part") is None and store.get_setting("price_source") == "manual"
        assert service.set_price(Decimal("0.07"), "RMB") == settings.price()
    client.close()
