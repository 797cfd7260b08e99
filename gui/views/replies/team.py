"""The Replies tab in team mode: the team archive's newest replies when another console stores some.

A mixin of ``gui.views.replies.tab.RepliesTab`` (kept apart for the tab's length). The tab's
``StoredNews`` (``gui.views.partials.stored_news``) calls ``on_replies_stored`` once the tab
is free; the tab then shows the archive's newest page — unless the operator is looking at a
search or page of their own (``_operator_view``), which stays, with a note. Texts are in the
"RepliesTab" context (``QCoreApplication.translate``: a mixin's ``self.tr`` would not find them).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from gui.views.partials.errors import show_error

if TYPE_CHECKING:
    from gui.api.models import Reply

log = logging.getLogger(__name__)


def _text(text: str) -> str:
    return QCoreApplication.translate("RepliesTab", text)


class TeamRepliesMixin:
    """``on_replies_stored``, ``show_archive`` and the operator's own searches (``self``: the tab)."""

    _operator_view = False  # a search or page the operator asked for: news does not replace it

    def _search_asked(self: Any) -> None:
        self._operator_view = True
        self.search()

    def _page_asked(self: Any, page_num: int) -> None:
        self._operator_view = True
        self.fetch_page(page_num)

    def on_replies_stored(self: Any, count: int) -> None:
        """Other consoles stored ``count`` new replies in the team's archive (the tab is free): show
        the archive's newest — or only say so over a search the operator asked for."""
        if self._operator_view:
            text = _text("Another console stored {0} new replies in the team's archive; “Search” shows them.")
            self.summary_label.setText(text.format(count))
        else:
            self.show_archive(count)

    def show_archive(self: Any, news: int = 0) -> Any:
        """The team archive's newest replies, one page (read in a worker); returns the task."""
        try:
            service = self.ctx.pull_service()
        except Exception as exc:  # noqa: BLE001 - no profile
            log.warning("replies not read from the archive: %s", exc)
            return None
        limit = self.pager.page_size

        def read() -> tuple[list[Reply], set[str]]:
            store = service.store()
            return store.stored_replies(limit=limit), store.suppressed_numbers()

        def show(page: tuple[list[Reply], set[str]]) -> None:
            self._show_archive(page, news)

        task = self.ctx.run(read, show, lambda exc: show_error(self.ctx, self, exc), name="replies_from_archive")
        self.busy.track(task, _text("Reading the newest replies…"), disable=self.controls_while_busy())
        task.done.connect(self.update_actions)
        return task

    def _show_archive(self: Any, page: tuple[list[Reply], set[str]], news: int) -> None:
        rows, self._suppressed = page
        self._showing_pulled = True
        self._operator_view = False
        self._set_rows(rows)
        self.pager.reset()
        text = _text("Newest replies in the team's archive: {0} shown, {1} opt-outs ({2} new from another console).")
        self.summary_label.setText(text.format(len(rows), sum(row.opt_out for row in rows), news))
        self.update_actions()
        self.archive_shown.emit(len(rows))
