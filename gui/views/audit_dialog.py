"""The audit log, read-only: who sent what, when, at what cost, and who changed the set-up.

Console ▸ Audit log… opens it for the active profile: its local store's log, or in team mode
the team database's, where every console of the account writes. Filters (a Beijing-time range,
an action, an operator) narrow a paged table, newest first; Export writes what the filters
match to an Excel or CSV file. Actions and details are worded in the UI language, in the table
and in the export alike (``gui.views.audit_detail_text``; an older row's free-text detail as it
is). Every read runs in a worker (``gui.services.audit.AuditLog``); nothing here can change a row.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.services import audit as audit_service
from gui.services.audit import AuditLog
from gui.services.estimate import money
from gui.store.audit_rows import AuditEntry, AuditFilter, AuditPage
from gui.views.audit_detail_text import audit_detail_text
from gui.views.partials.a11y import name_inputs
from gui.views.partials.audit import audit_log
from gui.views.partials.busy import BusyBar
from gui.views.partials.date_range import DateRangeEdit, day_range
from gui.views.partials.errors import show_error
from gui.views.partials.export import ask_export_path, start_export
from gui.views.partials.pager import Pager
from gui.views.partials.row_table import make_table
from gui.views.partials.table_model import Column
from gui.views.partials.widgets import named_button, named_label

if TYPE_CHECKING:
    from gui.context import AppContext

PAGE_SIZE = 100


class AuditLogDialog(QDialog):
    """The audit view (see the module's docstring)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, log: AuditLog | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("audit_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(1100, 620)
        self.log = log if log is not None else audit_log(ctx)  # the profile active now, bound to it
        self.action_names = self._action_names()

        intro = QLabel(
            self.tr(
                "Every send, campaign start, pause, resume and cancel, template change, account setting and "
                "suppression list change of this profile, with who did it, on which computer, and what it cost. "
                "The log cannot be changed."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.range_edit = DateRangeEdit(self)
        self.range_edit.set_range(*day_range(29, 30))
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("audit_action")
        self.action_combo.setAccessibleName(self.tr("Action"))
        self.action_combo.addItem(self.tr("Any action"), "")
        for action in audit_service.ACTIONS:
            self.action_combo.addItem(self.action_names[action], action)
        self.operator_combo = QComboBox(self)
        self.operator_combo.setObjectName("audit_operator")
        self.operator_combo.setAccessibleName(self.tr("Operator"))
        self.operator_combo.addItem(self.tr("Any operator"), "")
        self.show_button = named_button(self, self.tr("Show"), "audit_show")
        self.export_button = named_button(
            self, self.tr("Export…"), "audit_export", self.tr("Write every entry the filters match to a file")
        )
        self.model, self.proxy, self.table = make_table(
            self, self.columns(), "audit_table", self.tr("No entries for these filters.")
        )
        self.table.setAccessibleName(self.tr("Audit log"))
        self.pager = Pager(self, page_size=PAGE_SIZE, max_page_size=1000, show_page_size=False)
        self.summary_label = named_label(self, "audit_summary")
        self.busy = BusyBar(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Action"), self))
        filters.addWidget(self.action_combo)
        filters.addWidget(QLabel(self.tr("Operator"), self))
        filters.addWidget(self.operator_combo)
        filters.addStretch(1)
        filters.addWidget(self.show_button)
        filters.addWidget(self.export_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.pager)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        dates = QHBoxLayout()
        dates.addWidget(self.range_edit)
        dates.addStretch(1)
        layout.addLayout(dates)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.busy)
        layout.addWidget(buttons)

        self.show_button.clicked.connect(self.search)
        self.pager.page_requested.connect(self.load_page)
        self.export_button.clicked.connect(self.export)
        name_inputs(self)
        self.shown_filter = AuditFilter()
        self.load_operators()
        self.search()
        self.table.setFocus()

    # --- what is shown ---------------------------------------------------------------
    def _action_names(self) -> dict[str, str]:
        """Each action as the operator reads it (the log keeps the codes)."""
        return {
            audit_service.SEND: self.tr("Send"),
            audit_service.CAMPAIGN_START: self.tr("Campaign start"),
            audit_service.CAMPAIGN_PAUSE: self.tr("Campaign pause"),
            audit_service.CAMPAIGN_RESUME: self.tr("Campaign resume"),
            audit_service.CAMPAIGN_CANCEL: self.tr("Campaign cancel"),
            audit_service.TEMPLATE_ADD: self.tr("Template added"),
            audit_service.TEMPLATE_UPDATE: self.tr("Template changed"),
            audit_service.TEMPLATE_DELETE: self.tr("Template deleted"),
            audit_service.USER_SET: self.tr("Account settings changed"),
            audit_service.SUPPRESSION_ADD: self.tr("Suppression list: added"),
            audit_service.SUPPRESSION_REMOVE: self.tr("Suppression list: removed"),
        }

    def columns(self) -> list[Column]:
        names = self.action_names
        return [
            Column.field(self.tr("Time (Beijing)"), "at"),
            Column.field(self.tr("Operator"), "operator", free_text=True),
            Column.field(self.tr("Computer"), "machine", free_text=True),
            Column(self.tr("Action"), lambda e: names.get(e.action, e.action)),
            Column.field(self.tr("Count"), "count", align_right=True),
            # as every other sum in the console: two decimals, more only when the value has them
            Column.field(self.tr("Cost"), "cost", align_right=True, display=_cost_text),
            Column.field(self.tr("Unit"), "unit"),
            # the row keeps a kind and its parameters: worded here, in the language shown (and so exported)
            Column(self.tr("Detail"), lambda e: audit_detail_text(e.detail), free_text=True),
        ]

    def current_filter(self) -> AuditFilter:
        since, until = self.range_edit.wire_range()
        return AuditFilter(
            since, until, self.action_combo.currentData() or None, self.operator_combo.currentData() or None
        )

    def _controls(self) -> list[QWidget]:
        return [self.show_button, self.export_button, self.action_combo, self.operator_combo, *self.pager.controls()]

    # --- reading, in workers -----------------------------------------------------------
    def load_operators(self) -> None:
        log = self.log
        self.ctx.run(log.operators, self._operators_loaded, lambda _e: None, name="audit_operators")

    def _operators_loaded(self, operators: list[str]) -> None:
        chosen = self.operator_combo.currentData()
        for name in operators:
            if self.operator_combo.findData(name) < 0:
                self.operator_combo.addItem(name, name)
        if chosen:
            self.operator_combo.setCurrentIndex(max(0, self.operator_combo.findData(chosen)))

    def search(self) -> Any:
        """The first page of what the filters match now (Show)."""
        if not self.range_edit.check():
            return None
        self.shown_filter = self.current_filter()
        return self.load_page(1)

    def load_page(self, page: int) -> Any:
        """Page ``page`` of the filters last shown (the pager)."""
        flt, log, size = self.shown_filter, self.log, self.pager.page_size
        task = self.ctx.run(
            lambda: log.query(flt, page, size),
            lambda result: self._page_loaded(flt, page, result),
            lambda exc: show_error(self.ctx, self, exc, self.tr("The audit log could not be read.")),
            name="audit_page",
        )
        self.busy.track(task, self.tr("Reading the audit log…"), disable=self._controls())
        return task

    def _page_loaded(self, flt: AuditFilter, page: int, result: AuditPage) -> None:
        if flt is not self.shown_filter:
            return  # an older search's page
        self.model.set_rows(result.rows)
        self.table.resizeColumnsToContents()
        self.pager.page_loaded(page, len(result.rows), result.total)
        self.summary_label.setText(self.tr("{0} entries").format(result.total))

    def entries_shown(self) -> list[AuditEntry]:
        return list(self.model.rows)

    # --- export ----------------------------------------------------------------------
    def export(self, path: Any = None) -> Any:
        """Every entry the filters match (not only this page) to an Excel or CSV file."""
        if not self.range_edit.check():
            return None
        path = path or ask_export_path(self, "audit-log.xlsx", self.tr("Export the audit log"))
        if path is None:
            return None
        flt, log = self.current_filter(), self.log
        return start_export(
            self.ctx,
            self,
            self.busy,
            path,
            self.columns(),
            lambda _control: log.entries(flt),
            lambda count: self.summary_label.setText(self.tr("{0} entries written to {1}.").format(count, path.name)),
            name="audit_export",
            disable=self._controls(),
        )


def _cost_text(cost: Any) -> str:
    """The log's cost text ('1.5') as the console shows sums ('1.50'); unknown stays empty."""
    if cost is None or cost == "":
        return ""
    try:
        return money(Decimal(str(cost)), "")
    except InvalidOperation:
        return str(cost)  # not written by this console: shown as it is
