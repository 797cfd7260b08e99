"""A tab's "Fetch new": pull the reports or replies not fetched yet, in a worker.

The Status reports and Replies tabs pull the same way: the profile's
``gui.services.pull.PullService`` runs the pull loop in a worker (``with_control``, so the
busy bar's Cancel stops it after the page in hand), the task is registered with
``ctx.track_pull`` (a profile switch lets it store what it pulled first), the busy bar
counts what has arrived, and an outcome that only says the profile has not agreed to
pulling yet asks first (``gui.views.partials.pull_consent``), then pulls again after a yes.

What differs stays with the tab (``PullingTab``): what the worker reads from the store
once the pull is stored, and how the outcome is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from gui.services.pull import PullKind
from gui.views.partials.errors import show_error
from gui.views.partials.pull_consent import ask_if_needed

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.services.pull import PullOutcome, PullService
    from gui.views.partials.busy import BusyBar
    from gui.workers import Task

log = logging.getLogger(__name__)

# What the busy bar and the error say of each pull: (while it starts, as it counts ("{0}":
# the items so far), when it fails). In the context of the tab each was written in, so
# their translations carry over.
PULL_TEXTS: dict[PullKind, tuple[object, object, object]] = {  # QT_TRANSLATE_NOOP: the text itself
    PullKind.REPLIES: (
        QT_TRANSLATE_NOOP("RepliesTab", "Fetching new replies…"),
        QT_TRANSLATE_NOOP("RepliesTab", "Fetching new replies… {0} so far, each page stored as it arrives"),
        QT_TRANSLATE_NOOP("RepliesTab", "Fetching new replies failed."),
    ),
    PullKind.REPORTS: (
        QT_TRANSLATE_NOOP("ReportsTab", "Fetching new reports…"),
        QT_TRANSLATE_NOOP("ReportsTab", "Fetching new reports… {0} so far, each page stored as it arrives"),
        QT_TRANSLATE_NOOP("ReportsTab", "Fetching new reports failed."),
    ),
}
TEXT_CONTEXTS = {PullKind.REPLIES: "RepliesTab", PullKind.REPORTS: "ReportsTab"}


def pull_texts(kind: PullKind) -> tuple[str, str, str]:
    """``PULL_TEXTS[kind]`` in the operator's language."""
    context = TEXT_CONTEXTS[kind]
    busy, progress, failed = (QCoreApplication.translate(context, str(text)) for text in PULL_TEXTS[kind])
    return busy, progress, failed


class PullingTab(Protocol):
    """What a tab with "Fetch new" offers its ``PullAction``."""

    ctx: AppContext
    busy: BusyBar

    def read_after_pull(self) -> Callable[[PullService], Any]:
        """On the GUI thread as a pull starts: what its worker reads once the pull is stored
        (``service -> outcome.extra``; left None when the store fails, and the pull is shown
        all the same)."""
        ...

    def show_pulled(self, outcome: PullOutcome) -> None:
        """Show a pull the profile agreed to."""
        ...

    def controls_while_busy(self) -> list[QWidget]:
        """The controls the busy bar disables while the pull runs."""
        ...

    def update_actions(self) -> None:
        """After every pull, whatever its outcome."""
        ...


class PullAction(QObject):
    """The "Fetch new" of one tab. A child of the tab: when the tab is deleted while a pull is
    on the wire, the outcome is dropped (the worker has stored it all the same).
    ``declined()`` runs when the operator says no to the consent question."""

    def __init__(self, tab: PullingTab, kind: PullKind, declined: Callable[[], None] | None = None) -> None:
        super().__init__(self._widget_of(tab))
        self.tab, self.kind, self._declined = tab, kind, declined

    @staticmethod
    def _widget_of(tab: PullingTab) -> QWidget:
        return cast(QWidget, tab)  # a tab is a QWidget (the protocol cannot say so)

    def fetch_new(self) -> None:
        if self.tab.busy.busy:
            return
        self.pull()  # the service says when the profile has not agreed to pulling yet

    def pull(self) -> Task | None:
        tab, kind = self.tab, self.kind
        try:
            service = tab.ctx.pull_service()
        except Exception as exc:  # noqa: BLE001 - no profile
            show_error(tab.ctx, self._widget(), exc)
            return None
        read = tab.read_after_pull()

        def pull(control):
            # Stored page by page inside this worker (or spilled to a file), before anything is shown.
            outcome = service.pull(kind, control)
            if outcome.consent_missing:
                return outcome  # nothing pulled: the tab asks first
            try:
                outcome.extra = read(service)
            except Exception:  # the store is failing: show what was pulled all the same
                log.exception("reading the store after %s failed", kind.value)
            return outcome

        task = tab.ctx.run(pull, self._done, self._failed, name=kind.value, with_control=True)
        tab.ctx.track_pull(task)  # a profile switch lets it store what it pulled first
        busy_text, progress_text, _failed = pull_texts(kind)
        busy = tab.busy
        busy.track(task, busy_text, disable=tab.controls_while_busy(), cancellable=True)
        task.progressed.connect(lambda count: busy.message.setText(progress_text.format(count)))
        task.done.connect(tab.update_actions)
        return task

    def _widget(self) -> QWidget:
        return self._widget_of(self.tab)

    def _done(self, outcome: PullOutcome) -> None:
        if ask_if_needed(self.tab.ctx, self._widget(), outcome, self.pull, declined=self._declined):
            return
        self.tab.show_pulled(outcome)

    def _failed(self, error: BaseException) -> None:
        show_error(self.tab.ctx, self._widget(), error, pull_texts(self.kind)[2])
