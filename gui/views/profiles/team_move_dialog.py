"""The progress of "Move local history to the team database…": a bar, Cancel, and the counts at the end.

Only widgets and what they show (``team_move.TeamMoveAction`` runs the move in a worker and
feeds them): which table is being copied and how far, then one line per table — rows in the
local file, rows of them the team database holds — and the outcome in words: every count
matches, a mismatch (an error, never hidden), stopped by Cancel (resumable, and it says so),
or refused / failed with the database's own message.

The texts use the translation context "TeamMove".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.theme import box_css, status_css


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamMove", text)


def table_words(table: str) -> str:
    """A table of the move, as the operator knows its rows."""
    words = {
        "campaigns": _tr("Campaigns"),
        "campaign_chunks": _tr("Campaign requests"),
        "campaign_rows": _tr("Campaign rows"),
        "messages": _tr("Sent messages"),
        "reports": _tr("Status reports"),
        "records": _tr("Provider records"),
        "replies": _tr("Replies"),
        "suppression": _tr("Suppressed numbers"),
        "audit_log": _tr("Audit log entries"),
        "settings": _tr("Price settings"),
    }
    return words.get(table, table)


class TeamMoveDialog(QDialog):
    """Shown while a move runs and after it; ``cancel_asked`` when the operator presses Cancel."""

    cancel_asked = Signal()

    def __init__(self, profile: str, database: str, order: Sequence[str], totals: Mapping[str, int], parent: QWidget):
        super().__init__(parent)
        self.setObjectName("team_move_dialog")
        self.setWindowTitle(_tr("Move local history to the team database"))
        self.setModal(True)
        self._order = list(order)
        self._totals = dict(totals)
        self.running = True
        layout = QVBoxLayout(self)
        intro = QLabel(_tr("Copying the local history of “{0}” into “{1}”.").format(profile, database), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.stage_label = QLabel(_tr("Connecting to the team database…"), self)
        self.stage_label.setObjectName("team_move_stage")
        layout.addWidget(self.stage_label)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("team_move_progress")
        self.progress_bar.setRange(0, max(1, sum(self._totals.values())))
        self.progress_bar.setValue(0)
        layout.addWidget(self.progress_bar)
        self.counts_table = QTableWidget(0, 3, self)
        self.counts_table.setObjectName("team_move_counts")
        self.counts_table.setHorizontalHeaderLabels([_tr("What"), _tr("Local file"), _tr("Team database")])
        self.counts_table.verticalHeader().setVisible(False)
        self.counts_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts_table.setAccessibleName(_tr("Rows in the local file and in the team database"))
        self.counts_table.hide()
        layout.addWidget(self.counts_table, 1)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("team_move_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        layout.addWidget(self.result_label)
        layout.addStretch(0)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_tr("Cancel"), self)
        self.cancel_button.setObjectName("team_move_cancel")
        self.cancel_button.clicked.connect(self._ask_cancel)
        self.close_button = QPushButton(_tr("Close"), self)
        self.close_button.setObjectName("team_move_close")
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.resize(600, self.sizeHint().height())

    # --- while it runs ---------------------------------------------------------------------
    def show_progress(self, table: str, done: int, total: int) -> None:
        before = (
            sum(self._totals.get(t, 0) for t in self._order[: self._order.index(table)]) if table in self._order else 0
        )
        self.progress_bar.setValue(min(self.progress_bar.maximum(), before + done))
        self.stage_label.setText(_tr("{0}: {1} of {2}").format(table_words(table), f"{done:,}", f"{total:,}"))

    def _ask_cancel(self) -> None:
        if not self.running:
            return
        self.cancel_button.setEnabled(False)
        self.stage_label.setText(_tr("Stopping after the batch under way…"))
        self.cancel_asked.emit()

    def reject(self) -> None:
        """Escape or the window's close button: while the move runs it means Cancel (the dialog stays
        until the worker has stopped, so the outcome is seen)."""
        if self.running:
            self._ask_cancel()
            return
        super().reject()

    # --- the outcome -----------------------------------------------------------------------
    def _finish(self, text: str, css: str) -> None:
        self.running = False
        self.result_label.setText(text)
        self.result_label.setStyleSheet(css)
        self.result_label.show()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def show_counts(self, counts: Sequence[tuple[str, int, int]]) -> None:
        """(table, local rows, team rows) per table; a row that differs is marked."""
        self.counts_table.setRowCount(len(counts))
        for row, (table, here, there) in enumerate(counts):
            mark = "" if here == there else "  ✗"
            for column, text in enumerate((table_words(table), f"{here:,}", f"{there:,}{mark}")):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.counts_table.setItem(row, column, item)
        self.counts_table.resizeColumnToContents(1)
        self.counts_table.resizeColumnToContents(2)
        self.counts_table.show()
        self.resize(max(self.width(), 600), max(self.height(), 500))

    def show_done(self, counts: Sequence[tuple[str, int, int]], mismatched: Sequence[str]) -> None:
        self.show_counts(counts)
        self.progress_bar.setValue(self.progress_bar.maximum())
        if not mismatched:
            self.stage_label.setText(_tr("Done."))
            self._finish(
                _tr(
                    "Every count matches: the team database holds all of this profile's local history. "
                    "The local file is kept as it is, as a backup."
                ),
                status_css("ok"),
            )
            return
        self.stage_label.setText(_tr("Done, but the counts do not match."))
        self._finish(
            _tr(
                "The counts do not match for: {0}. The team database lacks rows of this profile's history. "
                "Run the move again; if a count still differs, keep the profile on local storage and ask for help. "
                "The local file is kept as it is."
            ).format(", ".join(table_words(t) for t in mismatched)),
            status_css("error"),
        )

    def show_stopped(self) -> None:
        self.stage_label.setText(_tr("Stopped."))
        self._finish(
            _tr(
                "The move was stopped. What was copied so far is in the team database and nothing is copied twice: "
                "run the move again to continue where it stopped. The local file is kept as it is."
            ),
            box_css("warning"),
        )

    def show_failed(self, text: str) -> None:
        self.stage_label.setText(_tr("The move did not finish."))
        self._finish(text, status_css("error"))
