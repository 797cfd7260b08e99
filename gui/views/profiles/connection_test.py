"""The profile dialog's "Test connection": user_get with the form's address and apikey, in a worker.

The test uses a client of its own (not the context's): the profile may not be saved or
active yet. The apikey is registered for redaction before the worker starts, so no log
line of the test can carry it.

https first: an address typed without a scheme, or the default gateway address (plain
http, as the provider's document gives it), is tried with https:// first. Plain http is
offered only after https failed, with a word of what it exposes (the apikey in clear in
every request), and used only when the operator presses "Try plain http". The address
that answered is put in the form, so Save keeps it.

The texts keep the translation context "ProfileDialog": they were written in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from gui.profiles import DEFAULT_BASE_URL
from gui.theme import status_css
from gui.views.partials.errors import describe_error

if TYPE_CHECKING:
    from gui.api.models import Account
    from gui.context import AppContext
    from gui.views.profiles.editor import ProfileEditor
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
    read_attempts: int = 3,
) -> Task:
    """Run user_get against ``url`` with ``secret``; the account or the error comes back on the GUI thread.

    ``read_attempts``: the client's tries (3, its default; the https probe tries once: a gateway
    without https would only make the operator wait for the retries)."""
    ctx.secrets.add(secret)

    def user_get() -> Account:
        from gui.api.client import SmsClient

        return SmsClient(secret, url, read_attempts=read_attempts).user_get()

    return ctx.tasks.run(user_get, on_account, on_error, name="profile_test_connection", timeout_ms=TEST_TIMEOUT_MS)


def connecting_text(url: str) -> str:
    return _tr("Connecting to {0}…").format(url)


def connected_text(account: Account) -> str:
    return _tr("Connected: account “{0}”, balance {1}.").format(account.nick, account.balance)


def failed_text(ctx: AppContext, error: BaseException) -> str:
    title, body = describe_error(ctx, error)
    text = f"{title}: {body}" if body and body != title else title
    return _tr("The connection test failed. {0}").format(text)


def https_first(typed: str) -> tuple[str, str] | None:
    """``(https URL, plain http URL)`` when the test should try https first: the address was typed
    without a scheme, or is the default gateway address (or empty, which means the default).
    None: test the address exactly as typed (an explicit http:// to another host, e.g. a proxy
    or the sandbox on loopback, is the operator's choice)."""
    text = typed.strip() or DEFAULT_BASE_URL
    if text.rstrip("/").lower() == DEFAULT_BASE_URL.lower():
        host = text.rstrip("/").split("://", 1)[1]
    elif "://" not in text:
        host = text.rstrip("/")
    else:
        return None
    return f"https://{host}", f"http://{host}"


def plain_http_offer(url: str) -> str:
    return _tr(
        "https:// did not answer. Plain http ({0}) may work, but then the apikey travels unencrypted in every "
        "request: anyone on the network between this computer and the gateway (Wi-Fi, office network, internet "
        "provider) can read it and send messages at your expense. Press “Try plain http” only if you accept that."
    ).format(url)


class ConnectionTester:
    """The Test button's work for the profile dialog: https first, plain http only when asked.

    ``begin(text)`` / ``end("test")`` are the dialog's busy bookkeeping (``end`` emits
    ``operation_finished``); ``guard`` drops callbacks once the dialog is closed; ``key()``
    is the apikey in the form (or the stored one), read again when plain http is tried."""

    def __init__(
        self,
        ctx: AppContext,
        editor: ProfileEditor,
        begin: Callable[[str], None],
        end: Callable[[str], None],
        guard: Callable[[Callable], Callable],
        key: Callable[[], str | None],
    ) -> None:
        self.ctx, self.editor = ctx, editor
        self._begin, self._end, self._guard, self._key = begin, end, guard, key
        self._plain_http_url: str | None = None  # offered after the https attempt failed
        editor.plain_http_button.clicked.connect(self.try_plain_http)

    def test(self, url: str, secret: str) -> None:
        """Test ``url`` (the form's address, validated), or its https:// form first (see ``https_first``)."""
        pair = https_first(self.editor.url_edit.text())
        self._plain_http_url = None
        if pair is not None:
            url, self._plain_http_url = pair
        self._run(url, secret)

    def try_plain_http(self) -> None:
        """The operator accepted plain http after reading what it exposes."""
        url, self._plain_http_url = self._plain_http_url, None
        secret = self._key()
        self.editor.plain_http_button.hide()
        if url and secret:
            self._run(url, secret)

    def _run(self, url: str, secret: str) -> None:
        self.editor.plain_http_button.hide()
        self.editor.show_result(connecting_text(url))
        self._begin(_tr("Testing the connection…"))
        start_connection_test(
            self.ctx,
            url,
            secret,
            self._guard(lambda account: self._on_ok(url, account)),
            self._guard(lambda error: self._on_failed(url, error)),
            read_attempts=1 if self._plain_http_url is not None else 3,
        )

    def _on_ok(self, url: str, account: Account) -> None:
        if self.editor.url_edit.text().strip().rstrip("/") != url:
            self.editor.url_edit.setText(url)  # what answered is what Save keeps
        self.editor.show_result(connected_text(account), status_css("ok"))
        self._end("test")

    def _on_failed(self, url: str, error: BaseException) -> None:
        from gui.api.errors import ApiError

        text = failed_text(self.ctx, error)
        offer = self._plain_http_url if url.startswith("https://") else None
        if offer is not None and isinstance(error, ApiError):
            # The gateway answered over https (a wrong apikey, say): https works, keep it.
            offer = None
            self.editor.url_edit.setText(url)
        if offer is not None:
            text = f"{text}\n\n{plain_http_offer(offer)}"
        self.editor.show_result(text, status_css("error"))
        self.editor.plain_http_button.setVisible(offer is not None)
        self._end("test")
