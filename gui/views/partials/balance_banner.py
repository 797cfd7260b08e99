"""A banner over the tabs while the balance is below the account's alarm amount.

The provider alerts the emergency contact when the balance falls below the alarm amount
(``alarm_balance`` of user/get); the console says it too, where every tab shows it. It
follows ``ctx.balance_changed`` (the AccountService's account after every read: start-up,
Refresh, after each send and during a campaign), so it appears and goes with the figure.
Figures have no unit: user/get gives none (an account billed by count has its balance
in messages, which must not read as money).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from gui.api.models import Account
from gui.services.estimate import money
from gui.theme import box_css


def below_alarm(account: object) -> bool:
    """Whether ``account``'s balance is below its alarm amount (False when either is unknown)."""
    if not isinstance(account, Account) or account.balance is None or account.alarm_balance is None:
        return False
    return account.balance < account.alarm_balance


class BalanceBanner(QLabel):
    """Hidden while the balance is at or above the alarm amount (or unknown)."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("balance_banner")
        self.setWordWrap(True)
        self.setStyleSheet(box_css("warning"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()
        ctx.balance_changed.connect(self.show_account)
        ctx.profile_changed.connect(lambda _profile: self.show_account(None))  # another account's figures
        self.show_account(ctx.account)

    def show_account(self, account: object) -> None:
        if not below_alarm(account):
            self.hide()
            return
        assert isinstance(account, Account)
        self.setText(
            self.tr(
                "The balance ({0}) is below the account's alarm amount ({1}). Top up the account before sending more."
            ).format(money(account.balance, ""), money(account.alarm_balance, ""))
        )
        self.show()
