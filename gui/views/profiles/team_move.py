""" "Move local history to the team database…" in the profile dialog (issue 15, item 6).

For a saved profile whose storage is team (or is being switched to it), the button copies the
profile's local archive and campaign journal into the team database the storage box names
(``gui.store.team.move``). Steps, each off the GUI thread:

1. refuse while a campaign of the profile is being sent or settled in this console, or while
   another console has the profile open (its lock file); the profile dialog is modal, so no
   campaign can start here while the move runs;
2. count the local rows (a worker) and ask: what is copied, that the local file is kept as a
   backup, that a stopped move continues where it stopped;
3. the move in a worker with ``TeamMoveDialog`` showing its progress; Cancel stops it between two
   batches (resumable), and at the end the counts per table are shown — a mismatch as an error.

The database password is the one typed in the box, else the profile's from the keyring (read in
the worker). The texts use the translation contexts "TeamMove" and "ProfileDialog".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLockFile
from PySide6.QtWidgets import QMessageBox

from gui.profile_lock import profile_lock
from gui.theme import box_css, status_css
from gui.views.profiles.team_box import TeamStorageBox
from gui.views.profiles.team_move_dialog import TeamMoveDialog, table_words

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.profiles import TeamDatabase

log = logging.getLogger(__name__)

SETTLE_TASK = "campaign_settle"  # settling looks up get_record and writes rows; not a send, so not in ctx.sending
COUNT_TIMEOUT_MS = 60_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamMove", text)


def _tr_profiles(text: str) -> str:
    return QCoreApplication.translate("Profiles", text)


class TeamMoveAction:
    """The storage box's "Move local history…" button (``editing()``: the saved profile in the form)."""

    batch_rows: int | None = None  # rows per transaction, None: the mover's (tests stop a move half-way)

    def __init__(
        self,
        ctx: AppContext,
        box: TeamStorageBox,
        begin: Callable[[str], None],
        end: Callable[[str], None],
        guard: Callable[[Callable], Callable],
        editing: Callable[[], str | None],
    ) -> None:
        self.ctx, self.box = ctx, box
        self._begin, self._end, self._guard, self._editing = begin, end, guard, editing
        self.confirm_box: QMessageBox | None = None
        self.dialog: TeamMoveDialog | None = None
        self.task: Any = None
        self._lock: QLockFile | None = None
        box.move_button.clicked.connect(self.start)

    # --- before anything is copied -------------------------------------------------------
    def _refused(self, text: str) -> None:
        self.box.show_result(text, status_css("error"))
        self._begin("")
        self._end("db_move")

    def _campaign_busy(self, name: str) -> str | None:
        """Why ``name`` cannot be moved now, or None (a profile lock taken here is held till the end)."""
        active = self.ctx.profile
        if active is not None and not active.sandbox and active.name == name:
            # every send the context tracks (campaign runs, test sends, Compose), and settling
            if self.ctx.sending or any(task.name == SETTLE_TASK for task in self.ctx.tasks.running):
                return _tr(
                    "A campaign of “{0}” is being sent or settled: wait until it ends (or pause it), then move."
                ).format(name)
            return None  # this console holds the profile's lock: no other console has it open
        lock = profile_lock(self.ctx.paths, name)
        if not lock.tryLock(0):
            return _tr(
                "“{0}” is open in a console (it could be sending a campaign): close it there, then move."
            ).format(name)
        self._lock = lock
        return None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def start(self) -> None:
        """Check, count the local rows in a worker, then ask."""
        from gui.store.db import store_path
        from gui.store.team.move import MoveRefused, local_totals, open_local

        name = self._editing()
        if name is None:
            self._refused(_tr("Save the profile first: the history moved is a saved profile's."))
            return
        missing = self.box.team().missing()
        if missing:
            self._refused(_tr_profiles(missing))
            return
        busy = self._campaign_busy(name)
        if busy:
            self._refused(busy)
            return
        team, paths = self.box.team(), self.ctx.paths

        def count() -> dict[str, int]:
            local = store_path(paths.profile_dir(name))
            if not local.is_file():
                raise MoveRefused(_tr("“{0}” has no local history to move.").format(name))
            conn = open_local(local)
            try:
                return local_totals(conn)
            finally:
                conn.close()

        self._begin(_tr("Counting the local history…"))
        self.ctx.tasks.run(
            count,
            self._guard(lambda totals: self._confirm(name, team, totals)),
            self._guard(self._count_failed),
            name="team_move_count",
            timeout_ms=COUNT_TIMEOUT_MS,
        )

    def _count_failed(self, error: BaseException) -> None:
        self._release()
        detail = self.ctx.secrets.redact(str(error).strip() or type(error).__name__)
        self.box.show_result(_tr("The local history could not be read: {0}").format(detail), status_css("error"))
        self._end("db_move")

    def _confirm(self, name: str, team: TeamDatabase, totals: Mapping[str, int]) -> None:
        from gui.store.team.move import TABLE_ORDER

        self._end("db_move_count")

        lines = "\n".join(f"• {table_words(t)}: {totals.get(t, 0):,}" for t in TABLE_ORDER)
        box = self.confirm_box = QMessageBox(
            QMessageBox.Icon.Question,
            _tr("Move local history to the team database"),
            _tr("Copy the local history of “{0}” into the team database “{1}” on {2}?").format(
                name, team.database, team.host
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.box.window(),
        )
        box.setObjectName("team_move_confirm")
        box.setInformativeText(
            _tr(
                "What is copied:\n{0}\n\nCampaigns keep every row's state: a moved campaign resumed from the team "
                "sends only its unsent rows and settles the rows in doubt first. What the team database already "
                "has is kept, not duplicated.\n\nThe local file is not changed: it stays on this computer as a "
                "backup. The copy runs in batches; if it stops (Cancel, a lost connection), run it again and it "
                "continues where it stopped."
            ).format(lines)
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            self._guard(lambda result: self._answered(name, team, totals, result == QMessageBox.StandardButton.Yes))
        )
        box.open()

    def _answered(self, name: str, team: TeamDatabase, totals: Mapping[str, int], yes: bool) -> None:
        self.confirm_box = None
        if not yes:
            self._release()
            self._begin("")
            self._end("db_move")
            return
        self._run(name, team, totals)

    # --- the move ------------------------------------------------------------------------
    def _run(self, name: str, team: TeamDatabase, totals: Mapping[str, int]) -> None:
        from gui.profile_storage import console_id
        from gui.store.db import store_path
        from gui.store.team import TeamStore
        from gui.store.team.move import BATCH_ROWS, TABLE_ORDER, move_profile
        from gui.team_admin import schema_versions

        typed, storage, paths, batch_rows = self.box.typed_password(), self.ctx.storage, self.ctx.paths, self.batch_rows
        source = console_id(self.ctx.settings, name)  # QSettings: read here, on the GUI thread
        dialog = self.dialog = TeamMoveDialog(name, team.database, TABLE_ORDER, totals, self.box.window())
        self.box.show_result("")

        def work(control: Any) -> Any:
            conninfo = team.conninfo(typed or storage.password(name))
            schema_versions(conninfo)  # one plain connection first: a refusal comes with the server's words
            store = TeamStore.open(conninfo)
            try:
                return move_profile(
                    store_path(paths.profile_dir(name)),
                    store,
                    source,
                    batch_rows=batch_rows or BATCH_ROWS,
                    on_progress=lambda table, done, total: control.progress((table, done, total)),
                    should_stop=lambda: control.cancelled,
                )
            finally:
                store.close()

        self._begin(_tr("Moving the local history to the team database…"))
        self.task = self.ctx.tasks.run(
            work,
            self._guard(self._moved),
            self._guard(self._failed),
            self._guard(lambda value: dialog.show_progress(*value)),
            name="team_move",
            with_control=True,
        )
        dialog.cancel_asked.connect(self.task.cancel)
        dialog.open()

    def _moved(self, report: Any) -> None:
        self._release()
        counts = [(c.table, c.local, c.team) for c in report.counts]
        mismatched = [c.table for c in report.mismatches]
        if self.dialog is not None:
            self.dialog.show_done(counts, mismatched)
        if mismatched:
            self.box.show_result(
                _tr("The move ended but the counts do not match: {0}.").format(
                    ", ".join(table_words(t) for t in mismatched)
                ),
                status_css("error"),
            )
        else:
            self.box.show_result(
                _tr("The local history is in the team database; every count matches. The local file is kept."),
                status_css("ok"),
            )
        self._end("db_move")

    def _failed(self, error: BaseException) -> None:
        from gui.store.team.move import MoveCancelled, MoveRefused

        self._release()
        detail = self.ctx.secrets.redact(str(error).strip() or type(error).__name__)
        if isinstance(error, MoveCancelled):
            text = _tr("The move was stopped; run it again to continue where it stopped.")
            if self.dialog is not None:
                self.dialog.show_stopped()
        elif isinstance(error, MoveRefused):
            text = _tr("The move was refused: {0}").format(detail)
        else:
            log.warning("moving to the team database stopped: %s", type(error).__name__)
            text = _tr(
                "The move stopped: {0}. What was copied so far stays in the team database; run the move again "
                "to continue where it stopped."
            ).format(detail)
        if self.dialog is not None and self.dialog.running:
            self.dialog.show_failed(text)
        self.box.show_result(text, box_css("warning") if isinstance(error, MoveCancelled) else status_css("error"))
        self._end("db_move")


__all__ = ["SETTLE_TASK", "TeamMoveAction"]
