"""Error messages as the operator sees them: plain words, the provider's code, what to do.

The wording lives in ``gui.api.errors`` (Chinese and English for every code); this
module only picks the operator's language and shows it. The apikey never appears:
exceptions from gui.api never carry it, and the text is redacted once more here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from gui.context import AppContext

log = logging.getLogger(__name__)


def error_language(ctx: AppContext) -> str:
    return "zh" if ctx.language.startswith("zh") else "en"


def describe_error(ctx: AppContext, error: BaseException) -> tuple[str, str]:
    """(title, body) in the operator's language for any exception a worker returns."""
    try:
        from gui.api.errors import describe

        title, body = describe(error, error_language(ctx))
    except Exception:  # noqa: BLE001 - a dialog must always have something to say
        title, body = type(error).__name__, str(error)
    code = getattr(error, "code", None)
    if (
        isinstance(code, int)
        and not isinstance(code, bool)
        and not any(marker in title for marker in (f"code {code})", f"错误码 {code}）"))
    ):
        # The provider's code is what its support desk asks for: always show it.
        body = f"{body}\n\n" + ("服务商错误码：{0}" if error_language(ctx) == "zh" else "Provider's code: {0}").format(
            code
        )
    return ctx.secrets.redact(title), ctx.secrets.redact(body)


def show_error(ctx: AppContext, parent: QWidget | None, error: BaseException, action: str = "") -> None:
    """A modal message box for ``error``; ``action`` says what the operator was doing."""
    title, body = describe_error(ctx, error)
    if action:
        body = f"{action}\n\n{body}"
    log.info("error shown to the operator: %s", title)
    # Imported here: the first use of QMessageBox makes its Python type and enums (~1 ms), and
    # the tabs import this module at start-up, when no error is shown.
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, body, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_dialog")
    box.open()  # not exec(): never block the event loop (tests and workers keep running)


def show_load_error(ctx: AppContext, page: QWidget, error: BaseException, action: str = "") -> None:
    """A tab's load (initial, after a profile switch, Search, Refresh, the banner's Retry) failed.

    When the gateway cannot be reached the main window's one offline banner says so and
    its Retry runs ``page.refresh`` again; a load the operator did not ask for
    (``ctx.connectivity.in_background``) then opens no dialog, however many tabs fail.
    Anything else (a provider's refusal, an unreadable answer) and the operator's own
    Search or Refresh are shown as ``show_error`` does."""
    connectivity = getattr(ctx, "connectivity", None)
    if connectivity is not None:
        background = connectivity.take_background(page)
        if connectivity.report(error, getattr(page, "refresh", None), page.objectName()) and background:
            return
    show_error(ctx, page, error, action)
