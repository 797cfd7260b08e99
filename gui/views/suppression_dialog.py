"""The suppression list of the active profile: view, add, remove and import numbers.

Numbers on the list are the people who asked not to be messaged again (opt-out
replies, complaints). Every read and write of the store runs in a worker; the dialog
shows the list as it is in the store after each change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from gui.services import audit_detail
from gui.services.audit import add_suppressed, remove_suppressed
from gui.views.partials.a11y import name_inputs
from gui.views.partials.audit import audit_log
from gui.views.partials.busy import BusyBar
from gui.views.partials.errors import error_language, show_error
from gui.views.partials.row_table import make_table
from gui.views.partials.table_model import Column
from gui.views.partials.widgets import named_button, named_label

if TYPE_CHECKING:
    from gui.store.db import Store


@dataclass(frozen=True)
class SuppressionEntry:
    number: str
    reason: str
    added_at: str


class SuppressionDialog(QDialog):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("suppression_dialog")
        self.setWindowTitle(self.tr("Suppression list"))
        self.resize(760, 560)
        # The list belongs to the profile active when the dialog opened; its store is opened
        # by the first worker (opening may create or migrate the file).
        self.profile = ctx.profile
        self._store: Store | None = None

        intro = QLabel(
            self.tr(
                "Numbers on this list asked not to receive messages (for example an opt-out reply). "
                "This profile's sends leave them out. The list is kept on this computer only."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("suppression_filter")
        self.filter_edit.setPlaceholderText(self.tr("Filter numbers or reasons"))
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("suppression_count")

        self.model, self.proxy, self.table = make_table(
            self,
            [
                Column.field(self.tr("Number"), "number"),
                Column.field(self.tr("Reason"), "reason"),
                Column.field(self.tr("Added (Beijing)"), "added_at"),
            ],
            "suppression_table",
            self.tr("No numbers yet. Add them below, import a file, or add opt-out replies from the Replies tab."),
            source_order=False,
        )
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.numbers_edit = QLineEdit(self)
        self.numbers_edit.setObjectName("suppression_numbers")
        self.numbers_edit.setPlaceholderText(self.tr("Numbers, separated by commas or spaces"))
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("suppression_reason")
        self.reason_edit.setPlaceholderText(self.tr("Reason (optional)"))
        self.add_button = named_button(self, self.tr("Add"), "suppression_add")
        self.remove_button = named_button(self, self.tr("Remove selected"), "suppression_remove")
        self.import_button = named_button(
            self,
            self.tr("Import from file…"),
            "suppression_import",
            self.tr("A text or CSV file: one number per line, or several separated by commas"),
        )
        self.message_label = named_label(self, "suppression_message", wrap=True)
        self.rejected_view = QPlainTextEdit(self)
        self.rejected_view.setObjectName("suppression_rejected")
        self.rejected_view.setReadOnly(True)
        self.rejected_view.setMaximumHeight(110)
        self.rejected_view.hide()
        self.busy = BusyBar(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.count_label)
        add_row = QHBoxLayout()
        add_row.addWidget(self.numbers_edit, 2)
        add_row.addWidget(self.reason_edit, 1)
        add_row.addWidget(self.add_button)
        action_row = QHBoxLayout()
        action_row.addWidget(self.remove_button)
        action_row.addWidget(self.import_button)
        action_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addLayout(action_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.rejected_view)
        layout.addWidget(self.busy)
        layout.addWidget(buttons)

        self.add_button.clicked.connect(self.add_typed)
        self.numbers_edit.returnPressed.connect(self.add_typed)
        self.remove_button.clicked.connect(self.confirm_remove)
        self.import_button.clicked.connect(self.choose_import_file)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._update_actions()
        self.table.setAccessibleName(self.tr("Suppression list"))
        self.rejected_view.setAccessibleName(self.tr("Entries that are not numbers"))
        name_inputs(self)  # the other fields are named after their placeholders
        self.reload()

    # --- store work in workers ----------------------------------------------------
    def _controls(self) -> list:
        return [self.add_button, self.remove_button, self.import_button, self.numbers_edit, self.reason_edit]

    def store(self) -> Store:
        """The store of the profile the dialog opened for (call in a worker)."""
        if self._store is None:
            if self.ctx.profile is not self.profile:
                raise RuntimeError("the active profile changed: close the suppression list and open it again")
            self._store = self.ctx.store()
        return self._store

    def _run(self, work, on_done, message: str, name: str):
        def job():
            store = self.store()
            result = work(store)
            return result, [SuppressionEntry(*row) for row in store.suppression_entries()]

        def done(outcome) -> None:
            result, entries = outcome
            self.model.set_rows(entries)
            self.table.resizeColumnsToContents()
            self.table.setColumnWidth(1, min(max(self.table.columnWidth(1), 200), 360))
            self.count_label.setText(self.tr("{0} numbers").format(len(entries)))
            on_done(result)

        task = self.ctx.run(job, done, lambda exc: show_error(self.ctx, self, exc), name=name)
        self.busy.track(task, message, disable=self._controls())
        task.done.connect(self._update_actions)
        return task

    def reload(self):
        return self._run(lambda store: None, lambda _: None, self.tr("Loading the list…"), "suppression_load")

    def add_numbers(
        self, numbers: list[str], reason: str, rejected: Sequence[tuple[int, str, str]] = (), duplicates: int = 0
    ):
        def done(added: int) -> None:
            already = len(numbers) - added
            text = self.tr("{0} numbers added.").format(added)
            if already:
                text += " " + self.tr("{0} were already on the list.").format(already)
            if duplicates:
                text += " " + self.tr("{0} repeated entries ignored.").format(duplicates)
            if rejected:
                text += " " + self.tr("{0} entries are not phone numbers (listed below).").format(len(rejected))
            self.message_label.setText(text)
            self._show_rejected(rejected)

        audit = audit_log(self.ctx)
        return self._run(
            lambda store: add_suppressed(store, audit, numbers, reason, audit_detail.BY_HAND),
            done,
            self.tr("Adding numbers…"),
            "suppression_add",
        )

    def add_typed(self):
        from gui.store.number_import import parse_number_text

        parsed = parse_number_text(self.numbers_edit.text())
        if not parsed.numbers and not parsed.rejected:
            self.message_label.setText(self.tr("Type one or more numbers first."))
            return None
        reason = self.reason_edit.text().strip() or self.tr("added by hand")
        self.numbers_edit.clear()
        return self.add_numbers(parsed.numbers, reason, parsed.rejected, parsed.duplicates)

    def confirm_remove(self) -> None:
        numbers = [entry.number for entry in self.table.selected_records()]
        if not numbers:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove numbers"),
            self.tr("Remove {0} numbers from the suppression list? This profile's sends will reach them again.").format(
                len(numbers)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("suppression_remove_confirm")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(result: int) -> None:
            box.deleteLater()
            if result == QMessageBox.StandardButton.Yes:
                self.remove_numbers(numbers)

        box.finished.connect(answered)
        box.open()

    def remove_numbers(self, numbers: list[str]):
        def done(removed: int) -> None:
            self.message_label.setText(self.tr("{0} numbers removed.").format(removed))
            self._show_rejected([])

        audit = audit_log(self.ctx)
        return self._run(
            lambda store: remove_suppressed(store, audit, numbers),
            done,
            self.tr("Removing numbers…"),
            "suppression_remove",
        )

    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import numbers"), "", self.tr("Text or CSV files (*.txt *.csv);;All files (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path):
        from gui.store.number_import import read_number_file

        reason = self.reason_edit.text().strip() or self.tr("imported from {0}").format(Path(path).name)

        audit = audit_log(self.ctx)

        def work(store):
            parsed = read_number_file(path)
            return parsed, add_suppressed(store, audit, parsed.numbers, reason, audit_detail.FILE_IMPORT)

        def done(outcome) -> None:
            parsed, added = outcome
            text = self.tr("{0}: {1} numbers read, {2} added.").format(Path(path).name, len(parsed.numbers), added)
            if parsed.rejected:
                text += " " + self.tr("{0} lines could not be read as numbers (listed below).").format(
                    len(parsed.rejected)
                )
            self.message_label.setText(text)
            self._show_rejected(parsed.rejected)

        return self._run(work, done, self.tr("Importing {0}…").format(Path(path).name), "suppression_import")

    # --- display ------------------------------------------------------------------
    def _show_rejected(self, rejected) -> None:
        if not rejected:
            self.rejected_view.clear()
            self.rejected_view.hide()
            return
        from gui.api.numbers import reason_text

        lang = error_language(self.ctx)
        lines = [
            self.tr("Line {0}: “{1}” — {2}").format(line, raw, reason_text(reason, lang))
            for line, raw, reason in rejected
        ]
        self.rejected_view.setPlainText("\n".join(lines))
        self.rejected_view.show()

    def _update_actions(self) -> None:
        if self.busy.busy:
            return
        self.remove_button.setEnabled(bool(self.table.selected_rows()))

    def entries(self) -> list[SuppressionEntry]:
        return list(self.model.rows)

    def keyPressEvent(self, event) -> None:  # Enter in the number field must not close the dialog
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
