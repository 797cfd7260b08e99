"""The account: one cached user/get answer and balance; user/set validated before it leaves.

Plain Python. ``refresh`` and ``set_account`` call the provider: run them in a worker.
Whoever shows the balance subscribes (``AppContext`` turns the notification into its
``balance_changed`` signal, which the status bar, the Account tab and Compose follow).

Values for user/set are checked here, as typed: an alarm amount is a whole number of 0
or more written in digits ("99.5" is 99.5, refused as not whole; "-5.5abc", "1e3",
"1_000" and "+5" are not numbers — characters are never stripped or read into something
that fits), a contact is 1–50 characters, a mobile goes through the one normaliser
(``gui.api.numbers``) and must be a mainland number. A refusal is an
``AccountValueError`` naming the field and the problem; the view translates it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from gui.api.models import Account
from gui.api.numbers import normalize_number
from gui.services.cache import SharedAnswer

# The audit log (and the store under it) is imported where a user/set records it: a start-up paints without it.
if TYPE_CHECKING:
    from gui.services.audit import AuditLog

# How long a user_get answer serves the loads that ask together (status bar, Account tab,
# Compose at start-up); Refresh and every send ask again regardless.
ACCOUNT_MAX_AGE_S = 30.0

MAX_CONTACT_CHARS = 50
MAX_ALARM_BALANCE = 999_999_999

ALARM_BALANCE, EMERGENCY_CONTACT, EMERGENCY_MOBILE = "alarm_balance", "emergency_contact", "emergency_mobile"

# AccountValueError.problem
NOT_A_NUMBER = "not_a_number"  # alarm amount: not a plain decimal number
NOT_WHOLE = "not_whole"  # alarm amount: has a fraction
NEGATIVE = "negative"
TOO_LARGE = "too_large"
EMPTY = "empty"  # contact or mobile: cannot be emptied
TOO_LONG = "too_long"
INVALID_NUMBER = "invalid_number"  # mobile: ``reason`` says why (a gui.api.numbers reason)
NOT_MAINLAND = "not_mainland"  # mobile: the provider only takes mainland mobiles here


_PLAIN_AMOUNT = re.compile(r"(-?)(\d+)(?:\.(\d*))?")  # digits, maybe a point and digits; a minus: negative


class AccountClient(Protocol):
    def user_get(self) -> Account: ...

    def user_set(
        self,
        emergency_contact: str | None = None,
        emergency_mobile: str | None = None,
        alarm_balance: int | None = None,
    ) -> Account: ...


class AccountValueError(ValueError):
    """A user/set value that may not leave: ``field``, ``problem`` (constants above), the value."""

    def __init__(self, field: str, problem: str, value: str, reason: str | None = None) -> None:
        super().__init__(f"{field}: {problem} ({reason or ''})")
        self.field = field
        self.problem = problem
        self.value = value
        self.reason = reason


@dataclass(frozen=True)
class AccountChanges:
    """Validated user/set arguments; None means "leave as it is"."""

    alarm_balance: int | None = None
    emergency_contact: str | None = None
    emergency_mobile: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.alarm_balance, self.emergency_contact, self.emergency_mobile))

    def fields(self) -> list[str]:
        return [
            name for name in (ALARM_BALANCE, EMERGENCY_CONTACT, EMERGENCY_MOBILE) if getattr(self, name) is not None
        ]


def parse_alarm_balance(value: object) -> int:
    """A whole amount of 0 or more from typed text or a number; AccountValueError otherwise.

    Only digits, with at most a decimal point and zeros after it ("100", "100.00"); spaces
    around are ignored. Anything Python would also read as a number — "1e3", "1_000", "+5"
    — is refused as not a number rather than rewritten into one.
    """
    text = str(value).strip() if value is not None and not isinstance(value, bool) else ""
    match = _PLAIN_AMOUNT.fullmatch(text)
    if match is None:
        raise AccountValueError(ALARM_BALANCE, NOT_A_NUMBER, text)
    minus, digits, fraction = match.groups()
    amount = Decimal(f"{digits}.{fraction or '0'}")
    if minus and amount:
        raise AccountValueError(ALARM_BALANCE, NEGATIVE, text)
    if fraction and fraction.strip("0"):
        raise AccountValueError(ALARM_BALANCE, NOT_WHOLE, text)
    if amount > MAX_ALARM_BALANCE:
        raise AccountValueError(ALARM_BALANCE, TOO_LARGE, text)
    return int(amount)


def parse_contact(value: str) -> str:
    contact = value.strip()
    if not contact:
        raise AccountValueError(EMERGENCY_CONTACT, EMPTY, value)
    if len(contact) > MAX_CONTACT_CHARS:
        raise AccountValueError(EMERGENCY_CONTACT, TOO_LONG, value)
    return contact


def parse_mobile(value: str) -> str:
    if not value.strip():
        raise AccountValueError(EMERGENCY_MOBILE, EMPTY, value)
    check = normalize_number(value)
    if not check.ok:
        raise AccountValueError(EMERGENCY_MOBILE, INVALID_NUMBER, value, check.reason or "invalid")
    if check.international:
        raise AccountValueError(EMERGENCY_MOBILE, NOT_MAINLAND, value)
    return check.number


def account_changes(
    account: Account | None,
    alarm_balance: str | None = None,
    emergency_contact: str | None = None,
    emergency_mobile: str | None = None,
) -> tuple[AccountChanges, list[AccountValueError]]:
    """The validated changes against ``account`` (fields equal to it are left out) and every problem.

    ``None`` or, for the alarm amount, an empty text means "not typed". A contact or mobile
    typed empty when the account has one is a problem (the provider cannot empty them).
    """
    problems: list[AccountValueError] = []
    alarm: int | None = None
    contact: str | None = None
    mobile: str | None = None
    if alarm_balance is not None and alarm_balance.strip():
        try:
            alarm = parse_alarm_balance(alarm_balance)
        except AccountValueError as problem:
            problems.append(problem)
        else:
            if account is not None and account.alarm_balance is not None and Decimal(alarm) == account.alarm_balance:
                alarm = None
    if emergency_contact is not None and emergency_contact.strip() != ((account and account.emergency_contact) or ""):
        try:
            contact = parse_contact(emergency_contact)
        except AccountValueError as problem:
            problems.append(problem)
    if emergency_mobile is not None and emergency_mobile.strip() != ((account and account.emergency_mobile) or ""):
        try:
            mobile = parse_mobile(emergency_mobile)
        except AccountValueError as problem:
            problems.append(problem)
        else:
            if account is not None and mobile == (account.emergency_mobile or ""):
                mobile = None
    return AccountChanges(alarm, contact, mobile), problems


AccountListener = Callable[[Account | None], None]


class AccountService:
    """One cached account per profile; refreshed by user_get, replaced by user/set."""

    def __init__(self, client_factory: Callable[[], AccountClient]) -> None:
        self._client = client_factory
        self._account: Account | None = None
        self._generation = 0  # bumped by forget(): an answer for the previous profile is dropped
        self._lock = threading.Lock()
        self._listeners: list[AccountListener] = []
        self._user_get = SharedAnswer(self._fetch, ACCOUNT_MAX_AGE_S)
        self._fetches = 0  # user_get calls made, see current()

    # --- the cache ----------------------------------------------------------------
    @property
    def account(self) -> Account | None:
        return self._account

    @property
    def balance(self) -> Decimal | None:
        account = self._account
        return account.balance if account is not None else None

    @property
    def alarm_balance(self) -> Decimal | None:
        account = self._account
        return account.alarm_balance if account is not None else None

    def subscribe(self, listener: AccountListener) -> None:
        """``listener(account)`` after every change (called on the thread that made it)."""
        self._listeners.append(listener)

    def forget(self) -> None:
        """Another profile: nothing of the previous account stays, late answers included."""
        with self._lock:
            self._generation += 1
            self._account = None
        self._user_get.forget()

    def _keep(self, account: Account, generation: int) -> Account:
        with self._lock:
            if generation != self._generation:
                return account  # the profile changed meanwhile: not this profile's account
            self._account = account
        self._notify(account)
        return account

    def _notify(self, account: Account | None) -> None:
        for listener in list(self._listeners):
            listener(account)

    # --- the provider (workers) -----------------------------------------------------
    def refresh(self) -> Account:
        """user_get now (Refresh, after a send); the answer becomes the cached account.

        Callers asking together share one call (``SharedAnswer``), never one older than this."""
        return self._user_get.get(force=True)

    def current(self) -> Account:
        """The account as of at most ``ACCOUNT_MAX_AGE_S`` ago: what a tab's first load needs.

        Loads that ask at about the same time (start-up) share one user_get. An answer served
        from the cache is told to the listeners too, as a fetched one is: a window built after
        the account was read (e.g. after the profile dialog) still hears its balance."""
        fetches = self._fetches
        account = self._user_get.get()
        if self._fetches == fetches:  # no call made while we asked: the cached answer
            self._notify(account)
        return account

    def _fetch(self) -> Account:
        generation = self._generation
        self._fetches += 1
        return self._keep(self._client().user_get(), generation)

    def set_account(
        self,
        alarm_balance: str | int | None = None,
        emergency_contact: str | None = None,
        emergency_mobile: str | None = None,
        audit: AuditLog | None = None,
    ) -> Account:
        """user/set with the given values, each validated first (AccountValueError: nothing sent).

        At least one value must be given. The gateway's answer becomes the cached account, and
        ``audit`` (the profile's audit log) gets one row naming the fields set, not their values.
        """
        alarm = None if alarm_balance is None else parse_alarm_balance(alarm_balance)
        contact = None if emergency_contact is None else parse_contact(emergency_contact)
        mobile = None if emergency_mobile is None else parse_mobile(emergency_mobile)
        if alarm is None and contact is None and mobile is None:
            raise ValueError("user/set needs at least one of alarm_balance, emergency_contact, emergency_mobile")
        generation = self._generation
        account = self._client().user_set(emergency_contact=contact, emergency_mobile=mobile, alarm_balance=alarm)
        if audit is not None:
            from gui.services.audit import USER_SET
            from gui.services.audit_detail import account_fields

            fields = account_fields(alarm_balance=alarm, emergency_contact=contact, emergency_mobile=mobile)
            audit.record(USER_SET, 1, detail=fields)
        if generation == self._generation:
            self._user_get.put(account)
        return self._keep(account, generation)

    def apply(self, changes: AccountChanges, audit: AuditLog | None = None) -> Account:
        """user/set for changes ``account_changes`` validated (``audit``: see ``set_account``)."""
        return self.set_account(changes.alarm_balance, changes.emergency_contact, changes.emergency_mobile, audit)
