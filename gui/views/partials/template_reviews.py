"""The Templates tab's watch on templates in review: read again every minute, results announced.

While the tab is shown and some own template is CHECKING, the list is read anew in the
background (the catalog's forced read, in a worker; no busy bar, no dialog when it fails:
the next minute tries again). A template approved or rejected since the list the tab shows
is announced by ``announced(text)``, with the provider's reason for a rejection; the main
window shows it in its status bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from gui.api.models import Template
from gui.services.template_review import ReviewOutcome, review_outcomes

log = logging.getLogger(__name__)

# (own, defaults) as the catalog reads them: the tab shows the new lists
ApplyLists = Callable[[list[Template], list[Template]], None]


class TemplateReviewWatch(QObject):
    announced = Signal(str)  # "Template 1000009 was approved."
    POLL_MS = 60_000  # how often templates in review are read again while the tab is shown

    def __init__(self, ctx, apply: ApplyLists, is_busy: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._apply = apply
        self._is_busy = is_busy
        self._own: list[Template] = []
        self._version = 0  # bumped by every list shown: a read older than the list is dropped
        self._visible = False
        self._reading = False
        self.timer = QTimer(self)
        self.timer.setObjectName("template_review_timer")
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.read)

    def list_shown(self, own: list[Template]) -> None:
        """The tab shows ``own`` now (after a load, an add, an edit, a delete, a profile switch)."""
        self._own = list(own)
        self._version += 1
        self._update_timer()

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        self._update_timer()

    def _update_timer(self) -> None:
        """The timer runs only while the tab is shown and a template is in review."""
        wanted = self._visible and any(t.check_status == "CHECKING" for t in self._own)
        if wanted and not self.timer.isActive():
            self.timer.start()
        elif not wanted:
            self.timer.stop()

    def read(self) -> None:
        """The lists read anew in the background; skipped while the tab's own task runs."""
        if self._reading or self._is_busy() or not self.ctx.has_apikey:
            return
        self._reading = True
        catalog, version = self.ctx.template_catalog(), self._version
        self.ctx.run(
            lambda: catalog.load(force=True),
            lambda result: self._read(result, version),
            self._read_failed,
            name="tpl_get_reviews",
            owner=self.parent(),
        )

    def _read(self, result: tuple[list[Template], list[Template]], version: int) -> None:
        self._reading = False
        if version != self._version:
            return  # the list changed meanwhile (an add, an edit, a refresh): this read is older
        own, defaults = result
        outcomes = review_outcomes(self._own, own)
        self._apply(list(own), list(defaults))
        self.announce(outcomes)

    def _read_failed(self, error: BaseException) -> None:
        self._reading = False
        log.info("reading the templates in review failed: %s", error)

    def announce(self, outcomes: list[ReviewOutcome]) -> None:
        for outcome in outcomes:
            if outcome.approved:
                text = self.tr("Template {0} was approved.").format(outcome.tpl_id)
            elif outcome.reason:
                text = self.tr("Template {0} was rejected: {1}").format(outcome.tpl_id, outcome.reason)
            else:
                text = self.tr("Template {0} was rejected.").format(outcome.tpl_id)
            self.announced.emit(text)

    def outcomes_of(self, own: list[Template]) -> list[ReviewOutcome]:
        """The review results between the list shown and ``own`` (a Refresh's new list)."""
        return review_outcomes(self._own, own)
