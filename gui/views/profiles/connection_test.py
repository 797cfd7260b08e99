"""The profile dialog's "Test connection": user_get with the form's address and apikey, in a worker.

The test uses a client of its own (not the context's): the profile may not be saved or
active yet. The apikey is registered for redaction before the worker starts, so no log
line of the test can carry it.

The texts keep the translation context "ProfileDialog": they were written in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.views.partials.errors import describe_error

if TYPE_CHECKING:
    from gui.api.models import Account
    from gui.context import AppContext
    from gui.workers import Task

TEST_TIMEOUT_MS = 45_000  # above the client's own (10 s connect, 30 s read)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProfileDialog", text)


def start_connection_test(
    ctx: AppContext,
    url: str,
    secret: str,
    on_account: Callable[[Account], None],
    on_error: Callable[[BaseException], None],
) -> Task:
    """Run user_get against ``url`` with ``secret``; the account or the error comes back on the GUI thread."""
    ctx.secrets.add(secret)

    def user_get() -> Account:
        from gui.api.client import SmsClient

        return SmsClient(secret, url).user_get()

    return ctx.tasks.run(user_get, on_account, on_error, name="profile_test_connection", timeout_ms=TEST_TIMEOUT_MS)


def connecting_text(url: str) -> str:
    return _tr("Connecting to {0}…").format(url)


def connected_text(account: Account) -> str:
    return _tr("Connected: account “{0}”, balance {1}.").format(account.nick, account.balance)


def failed_text(ctx: AppContext, error: BaseException) -> str:
    title, body = describe_error(ctx, error)
    text = f"{title}: {body}" if body and body != title else title
    return _tr("The connection test failed. {0}").format(text)
