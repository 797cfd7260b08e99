"""The "Past campaigns" page: every campaign with its totals, and below it the rows of the
opened one (filter by status, export); Resume, Retry failed rows and Settle in-doubt rows.

The page lays out and shows; its buttons reach the campaign service through the presenter
(presenter.py, runs.py), wired by the tab (page.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from gui.campaign.reasons import row_reason_text
from gui.views.campaigns.common import STATUS_WORDS, state_word, status_word, when
from gui.views.partials.paged_table import PagedRowsModel, PositionFilterProxy
from gui.views.partials.table_model import Column, RowTableModel, make_sort_proxy
from gui.views.partials.table_view import DataTableView

RESULT_FIELDS = ["line", "mobile", "status", "sid", "fee", "parts", "code", "reason", "text"]
RESULT_FREE_TEXT_FIELDS = {"mobile", "reason", "text"}  # written as text, never as a formula
# An export of the results: headed by the fields' own names (untranslated), raw values.
RESULT_EXPORT_COLUMNS = [Column.field(name, name, free_text=name in RESULT_FREE_TEXT_FIELDS) for name in RESULT_FIELDS]


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignsTab", text)


def result_row(row, running: bool, lang: str = "en") -> dict[str, Any]:
    """A journal row as the results table shows (and exports) it. A row still ``sending`` is in
    doubt unless its campaign runs in this console (then its request is simply in flight). The
    reason in ``lang`` (the UI's): the console's own reasons are ids, old journals' English
    texts are read as them; a provider's message stays as it is."""
    return {
        "line": row.line,
        "mobile": row.mobile,
        "status": "in_doubt" if (row.state == "sending" and not running) else row.state,
        "sid": row.sid or "",
        "fee": row.fee,
        "parts": row.parts or "",
        "code": "" if row.code is None else row.code,
        "reason": row_reason_text(row.reason, lang),
        "text": row.text,
    }


class PastCampaignsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        splitter = QSplitter(self)
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(self._build_campaigns(splitter))
        splitter.addWidget(self._build_results(splitter))
        layout.addWidget(splitter)

    def _build_campaigns(self, parent: QWidget) -> QWidget:
        top = QWidget(parent)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.past_model = RowTableModel(
            [
                Column.field(_tr("Id"), "id", align_right=True),
                Column.field(_tr("Name"), "name"),
                Column(_tr("Created"), lambda c: when(c.created_at)),
                Column(_tr("State"), lambda c: state_word(c.state)),
                Column(_tr("Planned"), lambda c: c.planned, align_right=True),
                Column(_tr("Sent"), lambda c: c.counts.get("sent", 0), align_right=True),
                Column(_tr("Failed"), lambda c: c.counts.get("failed", 0), align_right=True),
                Column(_tr("In doubt"), lambda c: c.counts.get("sending", 0), align_right=True),
                Column(_tr("Not sent"), lambda c: c.counts.get("pending", 0), align_right=True),
                Column(
                    _tr("Left out"),
                    lambda c: sum(c.counts.get(s, 0) for s in ("suppressed", "duplicate", "rejected")),
                    align_right=True,
                ),
                Column(_tr("Parts"), lambda c: c.total_parts, align_right=True),
                Column(_tr("Fee"), lambda c: c.total_fee, align_right=True),
            ],
            self,
        )
        self.past_view = DataTableView(top)
        self.past_view.setObjectName("past_campaigns")
        self.past_view.setAccessibleName(_tr("Past campaigns"))
        self.past_view.setModel(make_sort_proxy(self.past_model, self))
        self.past_view.set_empty_text(_tr("Campaigns you send appear here with their totals."))
        top_layout.addWidget(self.past_view)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(_tr("Refresh"), top)
        self.open_button = QPushButton(_tr("Open results"), top)
        self.resume_past_button = QPushButton(_tr("Resume"), top)
        self.retry_button = QPushButton(_tr("Retry failed rows"), top)
        self.settle_button = QPushButton(_tr("Settle in-doubt rows"), top)
        self.settle_button.setObjectName("settle_in_doubt")
        self.settle_button.setToolTip(
            _tr(
                "Look up the rows in doubt in the provider's records (nothing is sent): rows found are marked sent, "
                "rows not found after the grace period are marked not sent."
            )
        )
        self.settle_button.setEnabled(False)
        for b in (
            self.refresh_button,
            self.open_button,
            self.resume_past_button,
            self.retry_button,
            self.settle_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        top_layout.addLayout(buttons)
        self.settle_label = QLabel(top)
        self.settle_label.setObjectName("settle_result")
        self.settle_label.setWordWrap(True)
        self.settle_label.hide()
        top_layout.addWidget(self.settle_label)
        return top

    def _build_results(self, parent: QWidget) -> QWidget:
        bottom = QWidget(parent)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.results_title = QLabel(bottom)
        self.status_filter = QComboBox(bottom)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setAccessibleName(_tr("Show the rows with this status"))
        self.status_filter.addItem(_tr("All rows"), None)
        for key in ("sent", "failed", "in_doubt", "pending", "suppressed", "duplicate", "rejected"):
            self.status_filter.addItem(_tr(str(STATUS_WORDS[key])), key)
        self.status_filter.currentIndexChanged.connect(self.apply_status_filter)
        self.export_results_button = QPushButton(_tr("Export results…"), bottom)
        filters.addWidget(self.results_title, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.export_results_button)
        bottom_layout.addLayout(filters)
        # Up to a million rows: read from the journal a page at a time as they are shown; the
        # status filter is the worker's array of each state's rows (gui.views.partials.paged_table).
        self.state_positions: dict[str, Any] = {}  # shown status -> its rows' positions
        self.results_running = False
        self.results_in_memory: Sequence[dict[str, Any]] | None = None
        self.results_model = PagedRowsModel(
            [
                Column.field(_tr("Line"), "line", align_right=True),
                Column.field(_tr("Number"), "mobile"),
                Column(_tr("Status"), lambda r: status_word(r["status"])),
                Column.field(_tr("sid"), "sid"),
                Column.field(_tr("Fee"), "fee", align_right=True),
                Column.field(_tr("Parts"), "parts", align_right=True),
                Column.field(_tr("Code"), "code", align_right=True),
                Column.field(_tr("Reason"), "reason"),
                Column.field(_tr("Text"), "text"),
            ],
            self,
        )
        self.results_proxy = PositionFilterProxy(self)
        self.results_proxy.setSourceModel(self.results_model)
        self.results_view = DataTableView(bottom)
        self.results_view.setSortingEnabled(False)
        self.results_view.setObjectName("campaign_results")
        self.results_view.setAccessibleName(_tr("Results of the open campaign"))
        self.results_view.setModel(self.results_proxy)
        self.results_view.set_empty_text(_tr("Open a campaign to see every row's result."))
        bottom_layout.addWidget(self.results_view)
        return bottom

    # ------------------------------------------------------------------ the campaigns
    def selected_campaign_id(self) -> int | None:
        records = self.past_view.selected_records()
        return records[0].id if records else None

    def update_settle_button(self, running_id: int | None, settling: bool) -> None:
        """Offer settling the selected campaign's rows in doubt, with their count."""
        records = self.past_view.selected_records()
        info = records[0] if records else None
        in_doubt = info.counts.get("sending", 0) if info is not None else 0
        if in_doubt:
            self.settle_button.setText(_tr("Settle in-doubt rows ({0})").format(in_doubt))
        else:
            self.settle_button.setText(_tr("Settle in-doubt rows"))
        # The campaign this console runs settles its own rows; its requests in flight are not in doubt.
        self.settle_button.setEnabled(info is not None and bool(in_doubt) and info.id != running_id and not settling)

    def show_settlement(self, result) -> None:
        self.settle_label.setText(self.settlement_text(result))
        self.settle_label.show()

    @staticmethod
    def settlement_text(result) -> str:
        lines = [
            _tr("Campaign {0}: {1} rows found in the provider's records (sent), {2} rows not found (not sent).").format(
                result.campaign_id, result.sent, result.not_sent
            )
        ]
        if result.not_sent:
            lines.append(_tr("Rows not sent are sent if you resume the campaign."))
        if result.waiting:
            retry = datetime.fromtimestamp(result.retry_at).strftime("%H:%M:%S") if result.retry_at else ""
            lines.append(
                _tr(
                    "{0} rows were sent too recently to be looked up: the provider's records can lag "
                    "behind. Try again after {1}."
                ).format(result.waiting, retry)
            )
        return "\n".join(lines)

    # ------------------------------------------------------------------ the opened campaign's rows
    def show_results(
        self,
        campaign_id: int,
        rows: int | Sequence[dict[str, Any]],
        first_rows: Sequence[dict[str, Any]] = (),
        state_positions: dict[str, Any] | None = None,
        fetch: Any = None,
        run: Any = None,
        running: bool = False,
    ) -> None:
        """Show a campaign's rows: ``rows`` of them (a count) from the journal — ``first_rows``
        now, the others read by ``fetch`` in workers started by ``run`` as they are shown, the
        filter on ``state_positions`` (each journal state's rows) — or ``rows`` held in memory."""
        self.results_running = running
        if isinstance(rows, int):
            positions = dict(state_positions or {})
            if not running and "sending" in positions:  # shown (and filtered) as in doubt
                positions["in_doubt"] = positions.pop("sending")
            self.state_positions, self.results_in_memory = positions, None
            self.results_model.show_pages(rows, fetch, first_rows, run=run)
            total = rows
        else:
            self.state_positions = {}
            for position, row in enumerate(rows):
                self.state_positions.setdefault(row["status"], array("l")).append(position)
            self.results_in_memory = rows
            self.results_model.set_rows(rows)
            total = len(rows)
        self.results_title.setText(_tr("Results of campaign {0}: {1} rows").format(campaign_id, total))
        self.apply_status_filter()

    def apply_status_filter(self) -> None:
        key = self.status_filter.currentData()
        self.results_proxy.set_positions(None if key is None else self.state_positions.get(key, ()))

    def shown_states(self) -> list[str] | None:
        """The journal states of the rows the filter shows (None: every row). A row in doubt is
        one still ``sending`` while its campaign does not run in this console."""
        key = self.status_filter.currentData()
        if key is None:
            return None
        if key == "in_doubt":
            return [] if self.results_running else ["sending"]
        return [key]

    def shown_results(self) -> list[dict[str, Any]] | None:
        """The rows the filter shows when they are held in memory (None: read them from the journal)."""
        rows = self.results_in_memory
        if rows is None:
            return None
        key = self.status_filter.currentData()
        return list(rows) if key is None else [rows[p] for p in self.state_positions.get(key, ())]
