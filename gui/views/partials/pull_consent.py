"""Consent before the first pull in a profile, and the pull loop every "Fetch new" uses.

pull_status and pull_reply hand out each report or reply ONCE and delete it on the
server: whatever else reads the same apikey (the operator's own backend, say) will
never see what the console pulled. The first pull in a profile says so and asks; the
answer is kept in the profile's store (setting ``pull_consent``). A "no" is kept too:
the tabs say pulling is off, and the next click on "Fetch new" asks again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from gui.app import AppContext
    from gui.store.db import Store

CONSENT_KEY = "pull_consent"
PULL_PAGE_SIZE = 100  # the API's maximum
MAX_PULL_ROUNDS = 50  # per click: at most 5,000 items, then the operator clicks again


def _tr(text: str) -> str:
    return QCoreApplication.translate("PullConsent", text)


def pull_consent(store: Store) -> bool | None:
    """True / False once the operator answered in this profile, None before."""
    value = store.get_setting(CONSENT_KEY)
    return value if isinstance(value, bool) else None


def ask_pull_consent(
    ctx: AppContext, parent: QWidget, proceed: Callable[[], None], declined: Callable[[], None] | None = None
) -> None:
    """Call ``proceed`` now if the profile agreed to pulling, else ask first (non-blocking)."""
    store = ctx.store()
    # A one-row primary-key read: quick enough for the GUI thread, WAL readers never wait.
    if pull_consent(store) is True:
        proceed()
        return
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
        store.set_setting(CONSENT_KEY, agreed)
        box.deleteLater()
        if agreed:
            proceed()
        elif declined is not None:
            declined()

    box.finished.connect(answered)
    box.open()  # never exec(): the event loop (and the workers) keep running


@dataclass
class PullOutcome:
    """What a "Fetch new" worker got: everything pulled (already stored), and the error that
    stopped it, if any — items pulled before an error are kept and shown all the same."""

    items: list = field(default_factory=list)
    new_count: int = 0
    error: BaseException | None = None
    unsaved: int = 0  # pulled but not stored (the store failed): shown, exportable
    extra: Any = None


def pull_and_store(pull: Callable[[int], list], save: Callable[[list], int], control) -> PullOutcome:
    """Pull pages until a short one, committing each page to the store before the next pull.

    Runs in a worker. Each page is saved before anything else happens with it: the
    server has already deleted it, so the store holds the only copy.
    """
    outcome = PullOutcome()
    for _round in range(MAX_PULL_ROUNDS):
        if control is not None and control.cancelled:
            break
        try:
            batch = pull(PULL_PAGE_SIZE)
        except Exception as exc:
            if not outcome.items:
                raise
            outcome.error = exc
            break
        outcome.items.extend(batch)
        try:
            outcome.new_count += save(batch)
        except Exception as exc:  # noqa: BLE001 - the batch exists only in memory now: show it
            outcome.unsaved += len(batch)
            outcome.error = exc
            break
        if control is not None:
            control.progress(len(outcome.items))
        if len(batch) < PULL_PAGE_SIZE:
            break
    return outcome
