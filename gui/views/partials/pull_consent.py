"""Consent before the first pull in a profile: the question, asked without blocking.

pull_status and pull_reply hand out each report or reply ONCE and delete it on the
server: whatever else reads the same apikey (the operator's own backend, say) will
never see what the console pulled. The first pull in a profile says so and asks; the
answer is kept in the profile's store through ``gui.services.pull.PullService`` (setting
``pull_consent``), read and written in workers. A "no" is kept too: the tabs say pulling
is off, and the next click on "Fetch new" asks again. The pull loop itself is the
service's (``PullService.pull``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.services.pull import PullService


def _tr(text: str) -> str:
    return QCoreApplication.translate("PullConsent", text)


def confirm_pull(
    ctx: AppContext,
    service: PullService,
    parent: QWidget,
    proceed: Callable[[], object],
    declined: Callable[[], None] | None,
    on_error: Callable[[BaseException], None],
) -> QMessageBox:
    """Ask now (the service said the profile has not agreed: ``PullOutcome.consent_missing``);
    the answer is recorded in a worker, then ``proceed`` or ``declined`` runs."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Fetch new reports and replies?"),
        _tr(
            "Fetching new status reports or replies takes them from the provider for good: the provider "
            "hands each one out once and then deletes it.\n\n"
            "If anything else uses this account's API key — your own backend or another program — it will "
            "no longer receive the reports and replies this console fetches.\n\n"
            "The console keeps everything it fetches in this profile's local store. Your answer is "
            "remembered for this profile."
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("pull_consent_dialog")
    fetch = box.addButton(_tr("Fetch and remember"), QMessageBox.ButtonRole.AcceptRole)
    fetch.setObjectName("pull_consent_yes")
    decline = box.addButton(_tr("Don't fetch"), QMessageBox.ButtonRole.RejectRole)
    decline.setObjectName("pull_consent_no")
    box.setDefaultButton(decline)

    def answered(_result: int) -> None:
        agreed = box.clickedButton() is fetch
        box.deleteLater()

        def recorded(_none: object) -> None:
            if agreed:
                proceed()
            elif declined is not None:
                declined()

        ctx.run(lambda: service.set_consent(agreed), recorded, on_error, name="pull_consent_write")

    box.finished.connect(answered)
    box.open()  # never exec(): the event loop (and the workers) keep running
    return box


def ask_if_needed(
    ctx: AppContext,
    parent: QWidget,
    outcome: Any,
    retry: Callable[[], object],
    declined: Callable[[], None] | None = None,
) -> bool:
    """True when a "Fetch new" outcome (gui.services.pull.PullOutcome) only says the profile
    has not agreed yet: the question is then asked, and ``retry`` runs after a yes."""
    if not outcome.consent_missing:
        return False
    from gui.views.partials.errors import show_error

    confirm_pull(ctx, ctx.pull_service(), parent, retry, declined, lambda exc: show_error(ctx, parent, exc))
    return True


def waiting_text(waiting: int) -> str:
    """The operator's note about pulled items waiting in the spill file."""
    return _tr(
        "{0} fetched items could not be stored yet and wait in a file in this profile's folder. "
        "They are stored before anything else is fetched; nothing more is fetched until then."
    ).format(waiting)


def spill_notes(outcome: Any) -> str:
    """What a "Fetch new" outcome says about the spill file ('' when nothing)."""
    notes = []
    if not outcome.items and outcome.error is not None and outcome.waiting:
        notes.append(_tr("Nothing fetched: earlier fetched items still wait to be stored."))
    if outcome.recovered:
        notes.append(_tr("{0} items kept from an earlier fetch were stored first.").format(outcome.recovered))
    if outcome.waiting:
        notes.append("⚠ " + waiting_text(outcome.waiting))
    return " ".join(notes)
