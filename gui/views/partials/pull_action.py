"""A tab's "Fetch new": pull the reports or replies not fetched yet, in a worker.

The Status reports and Replies tabs pull the same way: the profile's
``gui.services.pull.PullService`` runs the pull loop in a worker (``with_control``, so the
busy bar's Cancel stops it after the page in hand), the task is registered with
``ctx.track_pull`` (a profile switch lets it store what it pulled first), the busy bar
counts what has arrived, and an outcome that only says the profile has not agreed to
pulling yet asks first (``gui.views.partials.pull_consent``), then pulls again after a yes.

What differs stays with the tab: its texts (translated in the tab, so they keep its
context), what the worker reads from the store once the pull is stored (``prepare_read``),
and how the outcome is shown (``show``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from gui.views.partials.errors import show_error
from gui.views.partials.pull_consent import ask_if_needed

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.services.pull import PullKind, PullOutcome, PullService
    from gui.views.partials.busy import BusyBar
    from gui.workers import Task

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PullTexts:
    """A tab's words for its pull, already translated by the tab."""

    busy: str  # shown while the pull starts
    progress: str  # "{0}": the items pulled so far
    failed: str  # the pull failed as a whole


class PullAction(QObject):
    """ "Fetch new" for one tab. A child of the tab: when the tab is deleted while a pull is on
    the wire, the outcome is dropped (the worker has stored it all the same).

    ``prepare_read`` runs on the GUI thread as a pull starts and returns what the worker
    reads once the pull is stored (``service -> extra``); its answer reaches ``show`` as
    ``outcome.extra``, or ``read_failed()`` (default None) when the store fails (what was pulled is shown all
    the same). ``show(outcome)`` shows a pull the profile agreed to; ``declined()`` runs when
    the operator says no to the consent question; ``finished()`` after every pull.
    """

    def __init__(
        self,
        ctx: AppContext,
        tab: QWidget,
        busy: BusyBar,
        kind: PullKind,
        texts: PullTexts,
        *,
        prepare_read: Callable[[], Callable[[PullService], Any]],
        read_failed: Callable[[], Any] | None = None,
        show: Callable[[PullOutcome], None],
        disable: Callable[[], Iterable[QWidget]],
        finished: Callable[[], None],
        declined: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(tab)
        self.ctx, self.tab, self.busy, self.kind, self.texts = ctx, tab, busy, kind, texts
        self._prepare_read = prepare_read
        self._read_failed = read_failed
        self._show = show
        self._disable = disable
        self._finished = finished
        self._declined = declined

    def fetch_new(self) -> None:
        if self.busy.busy:
            return
        self.pull()  # the service says when the profile has not agreed to pulling yet

    def pull(self) -> Task | None:
        try:
            service = self.ctx.pull_service()
        except Exception as exc:  # noqa: BLE001 - no profile
            show_error(self.ctx, self.tab, exc)
            return None
        kind, read, read_failed = self.kind, self._prepare_read(), self._read_failed

        def pull(control):
            # Stored page by page inside this worker (or spilled to a file), before anything is shown.
            outcome = service.pull(kind, control)
            if outcome.consent_missing:
                return outcome  # nothing pulled: the tab asks first
            try:
                outcome.extra = read(service)
            except Exception:  # the store is failing: show what was pulled all the same
                log.exception("reading the store after %s failed", kind.value)
                outcome.extra = read_failed() if read_failed is not None else None
            return outcome

        task = self.ctx.run(pull, self._done, self._failed, name=kind.value, with_control=True)
        self.ctx.track_pull(task)  # a profile switch lets it store what it pulled first
        busy, progress = self.busy, self.texts.progress
        busy.track(task, self.texts.busy, disable=self._disable(), cancellable=True)
        task.progressed.connect(lambda count: busy.message.setText(progress.format(count)))
        task.done.connect(self._finished)
        return task

    def _done(self, outcome: PullOutcome) -> None:
        if ask_if_needed(self.ctx, self.tab, outcome, self.pull, declined=self._declined):
            return
        self._show(outcome)

    def _failed(self, error: BaseException) -> None:
        show_error(self.ctx, self.tab, error, self.texts.failed)
