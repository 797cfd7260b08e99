"""The results part of the Compose tab: the last send's result per number, and what to do with the failed ones.

Every number's result (code, message, parts, fee, sid) after a send, a summary line, and
the failed numbers to copy or to put back into the form for a new send. Numbers in doubt
(the send got no answer) are shown so and are never offered for a resend; the banner
above the table (``in_doubt.py``) says how many are waiting for the records.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.api.numbers import normalize_number
from gui.services.estimate import money
from gui.services.send_modes import (
    MODE_BATCH,
    MODE_PERSONAL,
    MODE_SINGLE,
    STATE_FAILED,
    STATE_IN_DOUBT,
    STATE_NOT_SENT,
    STATE_OK,
)
from gui.theme import status_colour, status_css
from gui.views.compose.base import ComposeBase
from gui.views.partials.code_explain import code_tooltip_column
from gui.views.partials.table_model import Column, RowTableModel, make_sort_proxy
from gui.views.partials.table_view import DataTableView

if TYPE_CHECKING:  # send_plan's dataclasses come with the first result, not with the tab
    from gui.services.send_plan import ResultRow

STATE_TEXTS = {
    STATE_OK: QT_TRANSLATE_NOOP("ComposeResults", "Sent"),
    STATE_FAILED: QT_TRANSLATE_NOOP("ComposeResults", "Failed"),
    STATE_NOT_SENT: QT_TRANSLATE_NOOP("ComposeResults", "Not sent"),
    STATE_IN_DOUBT: QT_TRANSLATE_NOOP("ComposeResults", "In doubt — do not resend; check Records"),
}
STATE_COLOURS = {
    STATE_OK: "ok",
    STATE_FAILED: "error",
    STATE_NOT_SENT: "error",  # gui.theme kinds
    STATE_IN_DOUBT: "warning",
}


class ComposeResults(ComposeBase):
    def _build_results(self) -> QGroupBox:
        results_box = QGroupBox(self.tr("Results of the last send"), self)
        self.doubt_banner = QWidget(results_box)
        self.doubt_banner.setObjectName("in_doubt_banner")
        self.doubt_label = QLabel(self.doubt_banner)
        self.doubt_label.setObjectName("in_doubt_label")
        self.doubt_label.setWordWrap(True)
        self.doubt_label.setStyleSheet(status_css("warning", bold=True))
        self.check_now_button = QPushButton(self.tr("Check now"), self.doubt_banner)
        self.check_now_button.setObjectName("check_now_button")
        self.check_now_button.setToolTip(
            self.tr(
                "Look these numbers up in the provider's records: found means sent; not found after the grace "
                "period means not sent, and they are offered for a new send."
            )
        )
        banner_layout = QHBoxLayout(self.doubt_banner)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        banner_layout.addWidget(self.doubt_label, 1)
        banner_layout.addWidget(self.check_now_button, 0, Qt.AlignmentFlag.AlignTop)
        self.doubt_banner.hide()
        self.results_summary = QLabel(self.tr("Nothing sent yet in this session."), results_box)
        self.results_summary.setObjectName("results_summary")
        self.results_summary.setWordWrap(True)
        self.results_model = RowTableModel(
            [
                Column.field(self.tr("Number"), "mobile"),
                Column.field(
                    self.tr("Result"),
                    "state",
                    display=self._state_text,
                    foreground=lambda r: status_colour(STATE_COLOURS[r.state]) if r.state in STATE_COLOURS else None,
                ),
                code_tooltip_column(self.tr("Code"), "code", align_right=True),  # its meaning as the tooltip
                # "msg": the provider's word on this number (sent, or the error), not the text sent
                Column.field(self.tr("Result details"), "msg"),
                Column.field(self.tr("Parts"), "count", align_right=True),
                Column.field(self.tr("Fee"), "fee", align_right=True),
                Column.field(self.tr("SID"), "sid", display=lambda v: "" if not v else str(v)),
            ],
            self,
        )
        self.results_table = DataTableView(results_box)
        self.results_table.setObjectName("results_table")
        self.results_table.setModel(make_sort_proxy(self.results_model, self))
        self.results_table.set_empty_text(
            self.tr("After a send, every number's result appears here: code, result details, parts, fee and sid.")
        )
        header = self.results_table.horizontalHeader()
        for column, width in enumerate((105, 80, 45, 150, 45, 55)):
            # at least the header's text in the UI's language (计费条数 is wider than Parts)
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.copy_failed_button = QPushButton(self.tr("Copy failed numbers"), results_box)
        self.copy_failed_button.setObjectName("copy_failed_button")
        self.reuse_failed_button = QPushButton(self.tr("Use failed numbers for a new send"), results_box)
        self.reuse_failed_button.setObjectName("reuse_failed_button")
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.copy_failed_button)
        result_buttons.addWidget(self.reuse_failed_button)
        result_buttons.addStretch(1)
        results_layout = QVBoxLayout(results_box)
        results_layout.addWidget(self.doubt_banner)
        results_layout.addWidget(self.results_summary)
        results_layout.addWidget(self.results_table, 1)
        results_layout.addLayout(result_buttons)
        return results_box

    @staticmethod
    def _state_text(state: str) -> str:
        return QCoreApplication.translate("ComposeResults", str(STATE_TEXTS.get(state, state)))

    def show_results(self, rows: list[ResultRow]) -> None:
        self.results = list(rows)
        self.results_model.set_rows(self.results)
        ok = [r for r in rows if r.state == STATE_OK]
        failed = [r for r in rows if r.failed]
        doubt = [r for r in rows if r.state == STATE_IN_DOUBT]
        parts = sum(r.count or 0 for r in ok)
        fee = sum((r.fee or Decimal(0) for r in ok), Decimal(0))
        unit = next((r.unit for r in rows if r.unit), "")
        pieces = [
            QCoreApplication.translate("ComposeResults", "%n sent", "", len(ok)),
            QCoreApplication.translate("ComposeResults", "%n failed", "", len(failed)),
        ]
        if doubt:
            pieces.append(
                QCoreApplication.translate(
                    "ComposeResults", "%n in doubt (do not resend; check Records)", "", len(doubt)
                )
            )
        pieces.append(self.tr("{0} part(s), fee {1}").format(parts, money(fee, unit)))
        self.results_summary.setText(" · ".join(pieces))
        self.results_summary.setStyleSheet(status_css("warning", bold=True) if doubt else "")
        self._update_result_buttons()

    def failed_numbers(self) -> list[str]:
        return [r.mobile for r in self.results if r.failed]

    def _update_result_buttons(self) -> None:
        if self.busy.busy:
            return
        has_failed = bool(self.failed_numbers())
        self.copy_failed_button.setEnabled(has_failed)
        self.reuse_failed_button.setEnabled(has_failed)

    def copy_failed_numbers(self) -> None:
        numbers = self.failed_numbers()
        if numbers:
            QGuiApplication.clipboard().setText("\n".join(numbers))
            self._say(QCoreApplication.translate("ComposeResults", "%n failed number(s) copied.", "", len(numbers)))

    def use_failed_numbers(self) -> None:
        """Put the failed numbers into the form for a new send (in-doubt ones are not included)."""
        numbers = self.failed_numbers()
        if not numbers:
            return
        if self.last_mode == MODE_PERSONAL:
            keep = set(numbers)
            for row in reversed(range(self.personal_table.rowCount())):
                number = normalize_number(self._row_cells(row, self._personal_keys)["number"])
                if number.number not in keep:
                    self.personal_table.removeRow(row)
            self.set_mode(MODE_PERSONAL)
        elif len(numbers) == 1 and self.last_mode == MODE_SINGLE:
            self.single_edit.setText(numbers[0])
            self.set_mode(MODE_SINGLE)
        else:
            self.number_list.set_numbers(numbers)
            self.set_mode(MODE_BATCH)
        self._say(
            QCoreApplication.translate(
                "ComposeResults",
                "%n failed number(s) ready for a new send. Check the reasons first: resending as is "
                "fails again for most codes.",
                "",
                len(numbers),
            )
        )
        self.update_preview()
