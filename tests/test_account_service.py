"""AccountService (gui/services/account.py) over real HTTP against the sandbox, no widgets.

One cached account; user/set values validated before they leave — a clear refusal for
anything that is not a valid amount or number, never characters stripped to make it fit.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gui.api.client import SmsClient
from gui.services import account as acc
from gui.services.account import AccountService, AccountValueError, account_changes, parse_alarm_balance


@pytest.fixture
def client(sandbox):
    opened = SmsClient(sandbox.apikey, sandbox.base_url)
    yield opened
    opened.close()


@pytest.fixture
def service(client):
    return AccountService(lambda: client)


def test_refresh_caches_the_account_and_tells_the_listeners(service, sandbox):
    seen = []
    service.subscribe(seen.append)
    assert service.account is None and service.balance is None
    account = service.refresh()
    assert service.account is account and service.balance == sandbox.state.account["balance"]
    assert service.alarm_balance == Decimal(100)
    assert seen == [account]
    sandbox.control.set(balance="12.34")
    assert service.refresh().balance == Decimal("12.34") == service.balance
    assert sandbox.call_count("user/get") == 2


def test_forget_drops_an_answer_for_the_previous_profile(client, sandbox):
    holder: list[AccountService] = []

    class SwitchingMidway:
        def user_get(self):
            answer = client.user_get()
            holder[0].forget()  # the operator switched profile while user_get ran
            return answer

    service = AccountService(lambda: SwitchingMidway())
    holder.append(service)
    service.refresh()
    assert service.account is None


def test_set_account_sends_validated_values_and_keeps_the_answer(service, sandbox):
    seen = []
    service.subscribe(seen.append)
    account = service.set_account(alarm_balance="250", emergency_contact=" 李四 ", emergency_mobile="+86 139-0013-9000")
    state = sandbox.state.account
    assert (state["alarm_balance"], state["emergency_contact"], state["emergency_mobile"]) == (
        Decimal(250),
        "李四",
        "13900139000",
    )
    assert service.account is account and seen == [account]
    assert sandbox.call_count("user/set") == 1


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("99.5", acc.NOT_WHOLE),  # 99.5 is 99.5: not whole, refused — not 995, not 99
        ("-5.5abc", acc.NOT_A_NUMBER),  # refused, not 55
        ("-5", acc.NEGATIVE),
        ("1e3x", acc.NOT_A_NUMBER),
        ("5 0", acc.NOT_A_NUMBER),
        ("NaN", acc.NOT_A_NUMBER),
        ("Infinity", acc.NOT_A_NUMBER),
        ("", acc.NOT_A_NUMBER),
        ("1000000000", acc.TOO_LARGE),
        # what Python would read as a number is not rewritten into one
        ("1e3", acc.NOT_A_NUMBER),  # not 1000
        ("1E3", acc.NOT_A_NUMBER),
        ("1_000", acc.NOT_A_NUMBER),  # not 1000
        ("+5", acc.NOT_A_NUMBER),  # not 5
        ("0x10", acc.NOT_A_NUMBER),
        (".5", acc.NOT_A_NUMBER),
        ("-0.5", acc.NEGATIVE),
    ],
)
def test_alarm_amounts_that_are_not_valid_are_refused_and_nothing_is_sent(service, sandbox, value, problem):
    with pytest.raises(AccountValueError) as refused:
        service.set_account(alarm_balance=value)
    assert (refused.value.field, refused.value.problem) == (acc.ALARM_BALANCE, problem)
    assert sandbox.call_count("user/set") == 0
    assert sandbox.state.account["alarm_balance"] == Decimal(100)


def test_alarm_amounts_are_read_as_typed():
    assert parse_alarm_balance("99") == 99
    assert parse_alarm_balance(" 250 ") == 250
    assert parse_alarm_balance("100.00") == 100  # exactly a whole amount
    assert parse_alarm_balance(0) == 0
    assert parse_alarm_balance("100") == 100
    assert parse_alarm_balance("100.") == 100
    assert parse_alarm_balance("007") == 7


@pytest.mark.parametrize(
    ("mobile", "problem"),
    [
        ("12345", acc.INVALID_NUMBER),
        ("1.38001E+10", acc.INVALID_NUMBER),  # digits lost to Excel: never guessed
        ("abc", acc.INVALID_NUMBER),
        ("", acc.EMPTY),
        ("+447911123456", acc.NOT_MAINLAND),
    ],
)
def test_emergency_mobiles_that_are_not_valid_are_refused(service, sandbox, mobile, problem):
    with pytest.raises(AccountValueError) as refused:
        service.set_account(emergency_mobile=mobile)
    assert (refused.value.field, refused.value.problem) == (acc.EMERGENCY_MOBILE, problem)
    assert sandbox.call_count("user/set") == 0


def test_contacts_must_be_one_to_fifty_characters(service, sandbox):
    for contact, problem in (("  ", acc.EMPTY), ("x" * 51, acc.TOO_LONG)):
        with pytest.raises(AccountValueError) as refused:
            service.set_account(emergency_contact=contact)
        assert refused.value.problem == problem
    with pytest.raises(ValueError):
        service.set_account()  # nothing to set
    assert sandbox.call_count("user/set") == 0


def test_account_changes_leave_out_what_is_unchanged_and_list_every_problem(service):
    account = service.refresh()
    same, problems = account_changes(account, "100", "张三", "13800138001")
    assert not same and problems == []
    changes, problems = account_changes(account, "300", "张三", "+86 138 0013 8001")
    assert changes.fields() == ["alarm_balance"] and changes.alarm_balance == 300 and problems == []
    _changes, problems = account_changes(account, "12.5", "", "12345")
    assert [(p.field, p.problem) for p in problems] == [
        (acc.ALARM_BALANCE, acc.NOT_WHOLE),
        (acc.EMERGENCY_CONTACT, acc.EMPTY),
        (acc.EMERGENCY_MOBILE, acc.INVALID_NUMBER),
    ]
    applied = service.apply(account_changes(account, "300", "王五", "13800138001")[0])
    assert (applied.alarm_balance, applied.emergency_contact) == (Decimal(300), "王五")
