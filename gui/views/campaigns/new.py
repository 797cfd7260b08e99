"""The "New campaign" page: a file, its number column and a column per template variable,
the text, the price per part, a dry run (summary, warnings, a row table), a test send, Start.

The page lays out and shows; what its buttons do (reading the file, the dry run, the
sends) is the presenter's (presenter.py, runs.py), wired by the tab (page.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.campaign.import_files import MAX_ROWS
from gui.campaign.reasons import row_reason_text
from gui.i18n import ui_language
from gui.theme import status_css
from gui.views.campaigns.common import STATUS_WORDS, duration, status_word
from gui.views.partials.filter_chips import FilterChips
from gui.views.partials.paged_table import PagedRowsModel, PositionFilterProxy
from gui.views.partials.table_model import Column
from gui.views.partials.table_view import DataTableView

STATUS_COLUMN = 2  # of the dry run's table: what its counts filter on
REASON_COLUMN = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("CampaignsTab", text)


class NewCampaignPage(QWidget):
    """The widgets of a new campaign and what they show; holds the chosen file and its last dry run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: Any = None  # RawTable of the chosen file
        self.report: Any = None  # last DryRunReport
        self.variable_boxes: dict[str, QComboBox] = {}
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.choose_button = QPushButton(_tr("Choose file…"), self)
        self.choose_button.setToolTip(
            _tr("A CSV (UTF-8 or GBK, comma, tab or semicolon) or XLSX file, at most {0} rows").format(f"{MAX_ROWS:,}")
        )
        self.file_label = QLabel(_tr("No file chosen."), self)
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        outer.addLayout(top)
        outer.addWidget(self._build_form())
        outer.addLayout(self._build_actions())

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("dry_run_summary")
        self.summary_label.setWordWrap(True)
        outer.addWidget(self.summary_label)
        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet(status_css("warning"))
        self.warnings_label.hide()  # shown with warnings only: no empty gap above the counts
        outer.addWidget(self.warnings_label)

        # Every row of the file: sendable or why not (its status and reason, in the UI's
        # language); the text last, so it takes the room the table has. Up to a million rows:
        # the model reads the report's rows only as they are shown, and a count's filter is
        # the report's array of that status's rows (gui.views.partials.paged_table), never a
        # pass over every row on the GUI thread; the table does not sort.
        self.reason_language = "en"
        self.status_chips = FilterChips(self, "dry_run_filter")
        self.status_chips.changed.connect(self.show_status)
        self.status_chips.hide()
        outer.addWidget(self.status_chips)
        self.dry_model = PagedRowsModel(
            [
                Column.field(_tr("Line"), "line", align_right=True),
                Column.field(_tr("Number"), "mobile"),
                Column(_tr("Status"), lambda r: status_word(r.status)),
                Column(_tr("Reason"), lambda r: row_reason_text(r.reason, self.reason_language)),
                Column(_tr("Parts"), lambda r: r.parts or "", align_right=True),
                Column.field(_tr("Cost"), "cost", align_right=True),
                Column(_tr("International"), lambda r: _tr("yes") if r.international else ""),
                Column.field(_tr("Text"), "text", tooltip=lambda r: r.text or None),
            ],
            self,
        )
        self.dry_proxy = PositionFilterProxy(self)
        self.dry_proxy.setSourceModel(self.dry_model)
        self.dry_view = DataTableView(self)
        self.dry_view.setSortingEnabled(False)
        self.dry_view.setAccessibleName(_tr("Dry run"))
        self.dry_view.setModel(self.dry_proxy)
        # The text (last) stretches: the short columns get what their header needs, the reason
        # a width that holds most reasons whole (the full one is in its tooltip). The Line
        # column numbers the rows, so no second numbering at the side.
        header = self.dry_view.horizontalHeader()
        for column in range(self.dry_model.columnCount()):
            header.resizeSection(column, max(header.sectionSizeHint(column), 64))
        header.resizeSection(REASON_COLUMN, 260)
        number_width = self.fontMetrics().horizontalAdvance("+8613800138000  ")
        header.resizeSection(1, max(header.sectionSizeHint(1), number_width))
        status_width = max(self.fontMetrics().horizontalAdvance(status_word(s) + "    ") for s in STATUS_WORDS)
        header.resizeSection(2, max(header.sectionSizeHint(2), status_width))
        header.setStretchLastSection(True)
        self.dry_view.verticalHeader().hide()
        self.dry_view.set_empty_text(
            _tr(
                "Choose a file, write the text, then run a dry run: every row "
                "is shown here with its text, parts and cost before anything is sent."
            )
        )
        outer.addWidget(self.dry_view, 1)

    def _build_form(self) -> QGroupBox:
        form_box = QGroupBox(_tr("Columns and text"), self)
        form = QFormLayout(form_box)
        self.number_column = QComboBox(form_box)
        self.number_column.setObjectName("number_column")
        form.addRow(_tr("Number column:"), self.number_column)
        self.template_edit = QPlainTextEdit(form_box)
        self.template_edit.setObjectName("template_edit")
        self.template_edit.setPlaceholderText(_tr("【Signature】Text with #variables# from the columns"))
        self.template_edit.setMaximumHeight(90)
        self.template_edit.textChanged.connect(self.template_changed)
        form.addRow(_tr("Text:"), self.template_edit)
        self.variables_box = QWidget(form_box)
        self.variables_form = QFormLayout(self.variables_box)
        self.variables_form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_tr("Variables:"), self.variables_box)
        options = QHBoxLayout()
        self.marketing_check = QCheckBox(_tr("Marketing text"), form_box)
        self.messages_check = QCheckBox(_tr("Balance counts messages"), form_box)
        # The profile's one price per part (ProfileSettings): empty until known, never guessed.
        self.price_edit = QLineEdit(form_box)
        self.price_edit.setObjectName("campaign_price")
        self.price_edit.setPlaceholderText(_tr("required"))
        self.price_edit.setToolTip(
            _tr("Your account's price for one message part, as on your bill. The console never guesses it.")
        )
        self.price_edit.setAccessibleName(_tr("Price per part"))
        self.price_edit.setMaximumWidth(90)
        options.addWidget(self.marketing_check)
        options.addWidget(self.messages_check)
        options.addWidget(QLabel(_tr("Price per part:"), form_box))
        options.addWidget(self.price_edit)
        options.addStretch(1)
        form.addRow(options)
        self.price_hint = QLabel(form_box)
        self.price_hint.setObjectName("price_hint")
        self.price_hint.setWordWrap(True)
        self.price_hint.setStyleSheet(status_css("warning"))
        self.price_hint.hide()
        form.addRow(self.price_hint)
        return form_box

    def _build_actions(self) -> QHBoxLayout:
        actions = QHBoxLayout()
        self.dry_run_button = QPushButton(_tr("Dry run"), self)
        self.export_dry_button = QPushButton(_tr("Export dry run…"), self)
        self.own_number_edit = QLineEdit(self)
        self.own_number_edit.setPlaceholderText(_tr("Your own number"))
        self.own_number_edit.setMaximumWidth(160)
        self.test_send_button = QPushButton(_tr("Test send"), self)
        self.override_check = QCheckBox(_tr("Send even if the balance looks too low"), self)
        self.start_button = QPushButton(_tr("Start campaign"), self)
        self.start_button.setObjectName("start_campaign")
        for w in (
            self.dry_run_button,
            self.export_dry_button,
            self.own_number_edit,
            self.test_send_button,
            self.override_check,
            self.start_button,
        ):
            actions.addWidget(w)
        actions.addStretch(1)
        self.export_dry_button.setEnabled(False)
        self.test_send_button.setEnabled(False)
        self.start_button.setEnabled(False)
        return actions

    # ------------------------------------------------------------------ the file and its columns
    def show_file(self, table) -> None:
        """A file was read: offer its columns (the number column and the variables guessed by header)."""
        from gui.campaign.importer import guess_number_column

        self.table = table
        self.clear_dry_run()
        self.file_label.setText(
            _tr("{0}: {1} rows, {2} columns").format(table.path.name, len(table.rows), len(table.headers))
        )
        self.number_column.clear()
        for i, header in enumerate(table.headers):
            self.number_column.addItem(header, i)
        guess = guess_number_column(table)
        if guess is not None:
            self.number_column.setCurrentIndex(guess)
        self.template_changed()

    @staticmethod
    def refusal_text(error) -> str:
        """Why the importer refused the file (ImportRefused), in plain words."""
        p = error.params
        texts = {
            "too_many_rows": _tr(
                "The file has more than {0} rows. A campaign holds at most {0} rows: split the "
                "file and import the parts one after the other."
            ).format(p.get("limit")),
            "unknown_format": _tr("Only CSV and XLSX files can be imported."),
            "encoding": _tr("The file is neither UTF-8 nor GBK text. Save it as “CSV UTF-8” and try again."),
            "empty": _tr("The file has no rows."),
        }
        return texts.get(error.problem, error.message)

    def template_changed(self) -> None:
        """One column box per #variable# of the text, guessed from the file's headers."""
        from gui.api.texts import template_variables
        from gui.campaign.importer import guess_variable_columns

        names = template_variables(self.template_edit.toPlainText())
        if names == list(self.variable_boxes):
            return
        while self.variables_form.rowCount():
            self.variables_form.removeRow(0)
        self.variable_boxes = {}
        guessed: dict[str, int] = guess_variable_columns(self.table, names) if self.table is not None else {}
        for name in names:
            box = QComboBox(self.variables_box)
            box.setObjectName(f"variable_{name}")
            box.setAccessibleName(_tr("Column for #{0}#").format(name))
            box.addItem(_tr("(choose a column)"), None)
            if self.table is not None:
                for i, header in enumerate(self.table.headers):
                    box.addItem(header, i)
            if name in guessed:
                box.setCurrentIndex(guessed[name] + 1)
            self.variables_form.addRow(f"#{name}#", box)
            self.variable_boxes[name] = box
        self.start_button.setEnabled(False)

    def set_variable_column(self, name: str, column: int) -> None:
        self.variable_boxes[name].setCurrentIndex(column + 1)

    def mapping(self) -> dict[str, Any]:
        """The column chosen for each variable (None: not chosen yet)."""
        return {name: box.currentData() for name, box in self.variable_boxes.items()}

    # ------------------------------------------------------------------ the price
    def price_field_free(self) -> bool:
        """Empty and not touched by the operator: the profile's price may be shown in it."""
        return not self.price_edit.text().strip() and not self.price_edit.isModified()

    def ask_price(self) -> None:
        """The price is unknown or not a price: say so next to the field (keeping what was typed)
        and put the cursor there."""
        typed = self.price_edit.text().strip()
        if typed:
            self.price_hint.setText(
                _tr("“{0}” is not a price: write the price per part in digits, e.g. 0.05.").format(typed)
            )
        else:
            self.price_hint.setText(
                _tr(
                    "Enter your account's price per part (the price of one message part, as on your bill) first. "
                    "The dry run and the confirmation before sending show the cost with it; the console never "
                    "guesses it."
                )
            )
        self.price_hint.show()
        self.price_edit.setFocus()

    # ------------------------------------------------------------------ the dry run
    def clear_dry_run(self) -> None:
        """Forget the last dry run (a new file is chosen): its table, counts and summary go, and
        nothing can be exported, test-sent or started until the next dry run."""
        self.report = None
        self.dry_model.set_rows([])
        self.status_chips.hide()
        self.summary_label.clear()
        self.warnings_label.clear()
        self.warnings_label.hide()
        for button in (self.export_dry_button, self.test_send_button, self.start_button):
            button.setEnabled(False)

    def show_dry_run(self, report, can_start: bool) -> None:
        """Show a dry run's rows (every row, with its status and reason), counts, summary and
        warnings; Start is offered if rows are ready and ``can_start``."""
        self.report = report
        self.reason_language = ui_language()
        self.dry_model.set_rows(report.lines())
        counts = report.status_counts()
        total = sum(counts.values())
        self.status_chips.set_counts(
            _tr("All ({0})").format(total),
            [(key, _tr("{0} ({1})").format(status_word(key), count), count) for key, count in counts.items()],
        )
        self.status_chips.show()
        cost = _tr("unknown") if report.total_cost is None else format(report.total_cost, "f")
        balance = _tr("unknown") if report.options.balance is None else format(report.options.balance, "f")
        self.summary_label.setText(
            _tr(
                "Ready: {0} · not sendable: {1} (rejected {2}, duplicates {3}, suppressed {4}, text refused {5}) · "
                "parts: {6} · cost: {7} (balance {8}) · estimated duration: {9} · blocked-word checks: {10}"
            ).format(
                report.ready_count,
                total - report.ready_count,
                len(report.rejected),
                len(report.duplicates),
                len(report.suppressed),
                report.not_ready_count,
                report.total_parts,
                cost,
                balance,
                duration(report.estimated_seconds),
                report.blocked_word_calls,
            )
        )
        warnings = "\n".join(self.warning_texts(report))
        self.warnings_label.setText(warnings)
        self.warnings_label.setVisible(bool(warnings))  # no empty gap above the counts
        self.export_dry_button.setEnabled(True)
        self.test_send_button.setEnabled(report.ready_count > 0)
        self.start_button.setEnabled(report.ready_count > 0 and can_start)

    def show_status(self, status: str | None) -> None:
        """Show only the rows with ``status`` (None: every row)."""
        report = self.report
        if status is None or report is None:
            self.dry_proxy.set_positions(None)
        else:
            self.dry_proxy.set_positions(report.status_positions().get(status, ()))

    @staticmethod
    def warning_texts(report) -> list[str]:
        words = {
            "no_opt_out": _tr("Marketing texts must carry an opt-out line such as 回T退订 or 拒收请回复R."),
            "quiet_hours": _tr(
                "Marketing texts should only be sent between 08:00 and 20:00 (Beijing time); "
                "this campaign would send at {start}–{end}."
            ),
            "international": _tr("{count} international numbers are sent one per call."),
            "template_blocked": _tr("The text itself contains blocked words: {words}."),
            "balance": _tr(
                "The balance ({balance}) does not cover the estimated cost ({cost}). Sending is "
                "refused unless you tick the override."
            ),
            "balance_unknown": _tr("The balance could not be read; check it before sending."),
        }
        return [words.get(key, key).format(**params) for key, params in report.warnings]

    def update_start_button(self, idle: bool) -> None:
        """Start is offered after a dry run with ready rows while nothing runs or is being confirmed."""
        report = self.report
        self.start_button.setEnabled(report is not None and report.ready_count > 0 and idle)
