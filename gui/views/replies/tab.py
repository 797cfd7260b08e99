"""The Replies tab: replies to the account's messages, opt-outs flagged, and the suppression list.

Two sources:
- "Search" asks the provider (get_reply) for a time range, page by page; nothing is
  removed from the server.
- "Fetch new" pulls the replies not fetched yet (pull_reply) through the profile's
  ``gui.services.pull.PullService``. The provider deletes what it hands out, so the worker
  that pulls them commits them to the profile's store before they reach the table.

In team mode the tab also shows the team archive's newest replies when another console
stores some (``gui.views.replies.team``).

Replies that ask to stop messages (退订, TD, T, N, R, …, ``Reply.opt_out``) are flagged with
a word and a colour; "Add to suppression list" puts the selected numbers on the profile's
list (the set the tab last read, in a worker, marks the rows on it).
"""

from __future__ import annotations

import logging
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QVBoxLayout

from gui.api.models import Reply
from gui.services import audit_detail
from gui.services.audit import SUPPRESSION_ADD
from gui.services.pull import PullKind
from gui.theme import status_colour
from gui.views.partials.audit import audit_log
from gui.views.partials.busy import BusyBar
from gui.views.partials.date_range import DateRangeEdit
from gui.views.partials.errors import show_error, show_load_error
from gui.views.partials.pager import Pager
from gui.views.partials.pull_action import PullAction
from gui.views.partials.pull_consent import spill_notes
from gui.views.partials.row_table import make_table
from gui.views.partials.stored_news import StoredNews
from gui.views.partials.tab_page import TabPage
from gui.views.partials.table_model import Column
from gui.views.partials.widgets import STRETCH, named_button, named_label, number_filter, row
from gui.views.replies.team import TeamRepliesMixin

log = logging.getLogger(__name__)

# Colours (gui.theme kinds, readable on light and dark palettes) beside the words, never alone.
OPT_OUT_KIND, LISTED_KIND = "error", "muted"


@lru_cache(maxsize=4096)  # asked at every paint of the Suppression column
def normalised(mobile: str) -> str:
    """The number as the suppression list keeps it (normalised), or as given if it is not one."""
    from gui.api.numbers import normalize_number

    check = normalize_number(mobile)
    return check.number if check.ok else (mobile or "").strip()


def opt_out_text(row: Reply) -> str:
    return QCoreApplication.translate("RepliesTab", "⚑ Opt-out") if row.opt_out else ""


def listed_text(suppressed: bool) -> str:
    return QCoreApplication.translate("RepliesTab", "On the list") if suppressed else ""


class RepliesTab(TeamRepliesMixin, TabPage):
    archive_shown = Signal(int)  # the team archive's newest replies are shown (how many), after news

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("replies_tab")
        self._query = None
        self._showing_pulled = False
        self._suppressed: set[str] = set()  # the profile's suppression list, as last read

        self.range_edit = DateRangeEdit(self)
        self.mobile_edit = number_filter(self, "replies_mobile", self.tr("All numbers"))
        self.mobile_edit.returnPressed.connect(self._search_asked)
        self.search_button = named_button(self, self.tr("Search"), "replies_search")
        self.pager = Pager(self, page_size=50)
        self.fetch_button = named_button(
            self,
            self.tr("Fetch new replies"),
            "replies_fetch_new",
            self.tr(
                "Fetch the replies not fetched yet (pull_reply). The provider hands each reply out once; "
                "the console keeps them in this profile's local store."
            ),
        )
        self.suppress_button = named_button(
            self,
            self.tr("Add to suppression list"),
            "replies_suppress",
            self.tr("Put the numbers of the selected replies on this profile's suppression list"),
        )
        self.list_button = named_button(self, self.tr("Suppression list…"), "replies_suppression_list")
        self.summary_label = named_label(self, "replies_summary", wrap=True)
        self.busy = BusyBar(self)
        self.pull_action = PullAction(self, PullKind.REPLIES)

        # Newest first, until the operator sorts by a column.
        self.model, self.proxy, self.table = make_table(
            self,
            self._columns(),
            "replies_table",
            self.tr("Replies to your messages appear here. Search a time range (Beijing time), or fetch the new ones."),
        )
        self.suppress_action = QAction(self.tr("Add to suppression list"), self)
        self.suppress_action.triggered.connect(self.suppress_selected)
        self.table.extra_actions.append(self.suppress_action)

        mobile_label = QLabel(self.tr("Mobile"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(row(self.range_edit, STRETCH))
        layout.addLayout(row(mobile_label, self.mobile_edit, self.search_button, 16, self.pager, STRETCH))
        layout.addLayout(row(self.fetch_button, STRETCH, self.suppress_button, self.list_button))
        layout.addWidget(self.summary_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)

        self.search_button.clicked.connect(self._search_asked)
        self.pager.page_requested.connect(self._page_asked)
        self.fetch_button.clicked.connect(self.fetch_new)
        self.suppress_button.clicked.connect(self.suppress_selected)
        self.list_button.clicked.connect(self.open_suppression_list)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        ctx.profile_changed.connect(self._on_profile_changed)
        self.news = StoredNews(self, ctx.stored_watch().replies_stored, self.on_replies_stored)
        self.update_actions()

    def title(self) -> str:
        return self.tr("Replies")

    def _columns(self) -> list[Column]:
        def flagged(row: Reply):
            return status_colour(OPT_OUT_KIND) if row.opt_out else None

        return [
            Column.field(self.tr("Replied (Beijing)"), "reply_time"),
            Column.field(self.tr("Mobile"), "mobile", foreground=flagged),
            Column.field(self.tr("Reply"), "text", foreground=flagged, free_text=True),
            Column(
                self.tr("Opt-out"),
                lambda row: row,
                display=opt_out_text,
                foreground=flagged,
                sort_key=lambda row: row.opt_out,
                tooltip=lambda row: self.tr("This reply asks to stop messages") if row.opt_out else None,
            ),
            Column(
                self.tr("Suppression"),
                self._is_suppressed,
                display=listed_text,
                foreground=lambda row: status_colour(LISTED_KIND) if self._is_suppressed(row) else None,
            ),
            Column.field(self.tr("Extend"), "extend"),
            Column.field(self.tr("Reply id"), "id"),
        ]

    def _is_suppressed(self, row: Reply) -> bool:
        return normalised(row.mobile) in self._suppressed

    # --- loading from the provider ------------------------------------------------
    def start_initial_load(self) -> None:
        """Today's replies, first page (get_reply). Never a pull: that would delete on the server."""
        self.ctx.connectivity.in_background(self)  # nobody clicked: a gateway out of reach is the banner's
        self._initial_pending = True
        self.range_edit.set_today()
        self.search()

    def refresh(self) -> None:
        if self._showing_pulled:
            self.search()
        else:
            self.fetch_page(self.pager.page_num if self._query else 1)

    def _current_query(self):
        start, end = self.range_edit.wire_range()
        return start, end, self.mobile_edit.text().strip() or None, self.pager.page_size

    def search(self) -> None:
        self._query = None
        self.fetch_page(1)

    def controls_while_busy(self) -> list:
        return [
            self.search_button,
            self.fetch_button,
            self.suppress_button,
            self.list_button,
            self.range_edit,
            self.mobile_edit,
            *self.pager.controls(),
        ]

    def fetch_page(self, page_num: int) -> None:
        if self.busy.busy or not self.range_edit.check():  # a reversed range: refused, never swapped
            return
        query = self._current_query()
        if query != self._query:
            self._query = query
            self.pager.reset()
        try:
            client, service = self.ctx.client(), self.ctx.pull_service()
        except Exception as exc:  # noqa: BLE001 - no profile
            self._failed(exc)
            return
        start, end, mobile, page_size = query

        def fetch():
            replies = client.get_reply(start, end, page_num, page_size, mobile)
            return replies, service.store().suppressed_numbers()

        task = self.ctx.run(fetch, lambda rows: self._show_page(query, page_num, rows), self._failed, name="get_reply")
        self.busy.track(
            task, self.tr("Loading page {0} of the replies…").format(page_num), disable=self.controls_while_busy()
        )
        task.done.connect(self.update_actions)

    def _show_page(self, query, page_num: int, page: tuple[list[Reply], set[str]]) -> None:
        if query != self._query:
            return
        self.ctx.connectivity.reached(self)
        rows, self._suppressed = page
        self._showing_pulled = False
        self._set_rows(rows)
        self.pager.page_loaded(page_num, len(rows))
        opt_outs = sum(row.opt_out for row in rows)
        self.summary_label.setText(
            self.tr("The provider's replies, page {0}: {1} replies, {2} opt-outs.").format(
                page_num, len(rows), opt_outs
            )
        )
        self._finish_initial(True, "")

    def _failed(self, error: BaseException) -> None:
        show_load_error(self.ctx, self, error, self.tr("Loading the replies failed."))
        self._finish_initial(False, str(error))

    def _set_rows(self, rows: list[Reply]) -> None:
        self.model.set_rows(rows)
        self.table.fit_columns(360)

    # --- fetch new (pull) -----------------------------------------------------------
    def fetch_new(self) -> None:
        self.pull_action.fetch_new()

    def _pull(self):
        return self.pull_action.pull()

    @staticmethod
    def read_after_pull():
        """What the pull's worker reads once the replies are stored: the suppression list."""
        return lambda service: service.store().suppressed_numbers()

    def show_pulled(self, outcome) -> None:
        """A pull the profile agreed to (``outcome.extra``: the suppression list, None when
        the store could not be read)."""
        if outcome.elsewhere:  # nothing pulled: the table stays as it is
            self.summary_label.setText(self.tr("Another console is fetching; its results will appear here."))
            return
        self._showing_pulled = True
        self._operator_view = False
        self._suppressed = outcome.extra if outcome.extra is not None else set()
        self._set_rows(outcome.items)
        self.pager.reset()
        opt_outs = sum(row.opt_out for row in outcome.items)
        if outcome.items:
            text = self.tr(
                "Fetched just now: {0} new replies ({1} opt-outs), kept in this profile's local store."
            ).format(len(outcome.items), opt_outs)
        else:
            text = self.tr("No new replies. (Fetched replies stay in this profile's local store.)")
        text = " ".join(filter(None, (text, spill_notes(outcome))))
        if outcome.unsaved:
            text += " " + self.tr("{0} replies could NOT be stored: export or copy them now.").format(outcome.unsaved)
        self.summary_label.setText(text)
        if outcome.error is not None:
            show_error(self.ctx, self, outcome.error, self.tr("Fetching new replies stopped part way."))

    # --- suppression ----------------------------------------------------------------
    def suppress_selected(self):
        rows = [row for row in self.table.selected_records() if row is not None]
        if not rows or self.busy.busy:
            return None
        service = self.ctx.pull_service()
        numbers = list(dict.fromkeys(normalised(row.mobile) for row in rows if row.mobile))
        reasons = {
            normalised(row.mobile): (self.tr("opt-out reply: {0}") if row.opt_out else self.tr("reply: {0}")).format(
                row.text[:60]
            )
            for row in rows
        }

        audit = audit_log(self.ctx)

        def add():
            store = service.store()
            added = 0
            for number in numbers:  # one reason per number: what that number replied
                added += store.add_suppressed([number], reasons.get(number, ""))
            if added:  # one audit row for the lot (its reasons quote replies: not in the log)
                audit.record(SUPPRESSION_ADD, added, detail=audit_detail.suppression(audit_detail.REPLIES))
            return added, store.suppressed_numbers()

        def done(outcome) -> None:
            added, self._suppressed = outcome
            self.model.set_rows(list(self.model.rows))  # the Suppression column reads the new set
            self.summary_label.setText(
                self.tr("{0} numbers added to the suppression list ({1} were already on it).").format(
                    added, len(numbers) - added
                )
            )

        task = self.ctx.run(add, done, lambda exc: show_error(self.ctx, self, exc), name="suppress_numbers")
        self.busy.track(task, self.tr("Adding to the suppression list…"), disable=self.controls_while_busy())
        task.done.connect(self.update_actions)
        return task

    def open_suppression_list(self):
        from gui.views.suppression_dialog import SuppressionDialog

        try:
            dialog = SuppressionDialog(self.ctx, self)
        except Exception as exc:  # noqa: BLE001 - e.g. the store cannot be opened
            show_error(self.ctx, self, exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _result: self._refresh_suppressed())
        dialog.open()
        return dialog

    def _refresh_suppressed(self) -> None:
        if not self.model.rows:
            return
        service = self.ctx.pull_service()
        rows = list(self.model.rows)

        def reread():
            return service.store().suppressed_numbers()

        def done(suppressed) -> None:
            if self.model.rows == rows:
                self._suppressed = suppressed
                self.model.set_rows(rows)

        self.ctx.run(
            reread, done, lambda exc: log.warning("suppression list not re-read: %s", exc), name="suppressed_numbers"
        )

    # --- state ----------------------------------------------------------------------
    def update_actions(self) -> None:
        if self.busy.busy:
            return
        has_selection = bool(self.table.selected_rows())
        self.suppress_button.setEnabled(has_selection)
        self.suppress_action.setEnabled(has_selection)
        self.pager.refresh_buttons()
        if self._showing_pulled:
            self.pager.previous_button.setEnabled(False)
            self.pager.next_button.setEnabled(False)

    def _on_profile_changed(self, _profile) -> None:
        self._query = None
        self._showing_pulled = False
        self._operator_view = False
        self.news.clear()
        self._suppressed = set()
        self.model.set_rows([])
        self.pager.reset()
        self.summary_label.setText("")
        self.update_actions()
