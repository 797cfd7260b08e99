"""The recipients part of the Compose tab: one number, a list of numbers, or a row per number.

The mode (single, batch, personalised) picks the page shown: a number field, the shared
number list (``NumberListEdit``, at most MAX_NUMBERS_PER_CALL numbers), or the
personalised table, one row per number with a column per template variable (or the
text, without a template). Rows can be pasted from Excel; a header row naming the
columns maps them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.api import texts
from gui.api.numbers import normalize_number
from gui.services.send_modes import MAX_NUMBERS_PER_CALL, MODE_BATCH, MODE_PERSONAL, MODE_SINGLE
from gui.views.compose.base import ComposeBase
from gui.views.partials.number_list_edit import NumberListEdit, reason_text


class ComposeRecipients(ComposeBase):
    def _build_recipients(self) -> QGroupBox:
        recipients_box = QGroupBox(self.tr("Recipients"), self)
        self.recipient_stack = QStackedWidget(recipients_box)
        single_page = QWidget(self.recipient_stack)
        self.single_edit = QLineEdit(single_page)
        self.single_edit.setObjectName("single_number_edit")
        self.single_edit.setAccessibleName(self.tr("Number to send to"))
        self.single_edit.setPlaceholderText(self.tr("One number, e.g. 13800138000 or +44 7911 123456"))
        self.single_status = QLabel(single_page)
        self.single_status.setObjectName("single_number_status")
        self.single_status.setWordWrap(True)
        single_layout = QVBoxLayout(single_page)
        single_layout.setContentsMargins(0, 0, 0, 0)
        single_layout.addWidget(self.single_edit)
        single_layout.addWidget(self.single_status)
        single_layout.addStretch(1)
        self.number_list = NumberListEdit(MAX_NUMBERS_PER_CALL, self.recipient_stack)
        self.recipient_stack.addWidget(single_page)
        self.recipient_stack.addWidget(self.number_list)
        self._personal_page: QWidget | None = None  # see _build_personal_page
        recipients_layout = QVBoxLayout(recipients_box)
        recipients_layout.addWidget(self.recipient_stack)
        return recipients_box

    def _build_personal_page(self) -> None:
        """The personalised table and its buttons, built the first time the mode is chosen
        (start-up shows the number list, and their Qt types and widgets wait until then).
        In the Tab order they come where they would had they been built with the tab."""
        if self._personal_page is not None:
            return
        from PySide6.QtWidgets import QAbstractItemView, QTableWidget  # their Python types: made with the page

        last = self._last_focus_of_the_pages()
        personal_page = QWidget(self.recipient_stack)
        self.personal_table = QTableWidget(0, 2, personal_page)
        self.personal_table.setObjectName("personal_table")
        self.personal_table.setAccessibleName(self.tr("Numbers and their values"))
        self.personal_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.personal_table.horizontalHeader().setStretchLastSection(True)
        self.personal_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.add_row_button = QPushButton(self.tr("Add row"), personal_page)
        self.add_row_button.setObjectName("add_row_button")
        self.remove_rows_button = QPushButton(self.tr("Remove rows"), personal_page)
        self.remove_rows_button.setObjectName("remove_rows_button")
        self.paste_rows_button = QPushButton(self.tr("Paste from Excel"), personal_page)
        self.paste_rows_button.setObjectName("paste_rows_button")
        self.paste_rows_button.setToolTip(
            self.tr(
                "Copy the cells in Excel (number first, then one column per variable, in the order shown) and "
                "paste. A header row naming the columns is recognised."
            )
        )
        self.clear_rows_button = QPushButton(self.tr("Clear"), personal_page)
        self.clear_rows_button.setObjectName("clear_rows_button")
        self.personal_status = QLabel(personal_page)
        self.personal_status.setObjectName("personal_status")
        self.personal_status.setWordWrap(True)
        row_buttons = QHBoxLayout()
        for row_button in (
            self.add_row_button,
            self.remove_rows_button,
            self.paste_rows_button,
            self.clear_rows_button,
        ):
            row_buttons.addWidget(row_button)
        row_buttons.addStretch(1)
        personal_layout = QVBoxLayout(personal_page)
        personal_layout.setContentsMargins(0, 0, 0, 0)
        personal_layout.addLayout(row_buttons)
        personal_layout.addWidget(self.personal_table, 1)
        personal_layout.addWidget(self.personal_status)
        self.recipient_stack.addWidget(personal_page)
        self._personal_page = personal_page
        table = self.personal_table
        table.itemChanged.connect(self._schedule_update)
        table.itemSelectionChanged.connect(self._schedule_update)
        self.add_row_button.clicked.connect(self._add_row_to_type_in)
        self.remove_rows_button.clicked.connect(self.remove_selected_rows)
        self.paste_rows_button.clicked.connect(self.paste_rows)
        self.clear_rows_button.clicked.connect(self.clear_personal_rows)
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), table)
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        paste.activated.connect(self.paste_rows)
        # Made last, they would come last in the Tab order: put them after the number list.
        for widget in (
            table,
            self.add_row_button,
            self.remove_rows_button,
            self.paste_rows_button,
            self.clear_rows_button,
        ):
            if last is not None:
                QWidget.setTabOrder(last, widget)
            last = widget
        self._rebuild_personal_columns()

    def _last_focus_of_the_pages(self) -> QWidget | None:
        """The last widget that takes focus among the pages built with the tab (the number field
        and the number list): the focus chain runs through a parent's widgets in creation order."""
        last: QWidget | None = None
        widget = self.recipient_stack.nextInFocusChain()
        while widget is not None and self.recipient_stack.isAncestorOf(widget):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                last = widget
            widget = widget.nextInFocusChain()
        return last

    # ============================================================== modes
    def set_mode(self, mode: str) -> None:
        {MODE_SINGLE: self.mode_single, MODE_BATCH: self.mode_batch, MODE_PERSONAL: self.mode_personal}[
            mode
        ].setChecked(True)
        self._apply_mode()

    def _apply_mode(self) -> None:
        mode = self.mode
        if mode == MODE_PERSONAL:
            self._build_personal_page()
        self.recipient_stack.setCurrentIndex({MODE_SINGLE: 0, MODE_BATCH: 1, MODE_PERSONAL: 2}[mode])
        self._apply_read_only()
        if mode == MODE_PERSONAL:
            self.text_edit.setPlaceholderText(self.tr("The text of the selected row appears here."))
        else:
            self.text_edit.setPlaceholderText(
                self.tr("【Your signature】Your message. It must match one of your approved templates.")
            )
        self._rebuild_personal_columns()
        self._apply_hint()
        self.update_preview()

    def _mode_toggled(self, _button, checked: bool) -> None:
        if checked:
            self._say("")  # the previous mode's problems are not this one's
            self._apply_mode()

    def clear_personal_rows(self) -> None:
        self.personal_table.setRowCount(0)
        self._schedule_update()

    def recipients(self) -> list[str]:
        mode = self.mode
        if mode == MODE_SINGLE:
            check = normalize_number(self.single_edit.text())
            return [check.number] if check.ok else []
        if mode == MODE_BATCH:
            return self.number_list.numbers()
        return [number for number, _text in self.personal_rows()[0]]

    # ============================================================== personalised rows
    def personal_columns(self) -> list[str]:
        """Column keys after the number: the template's variables, or "text" for free text."""
        if self.template is None:
            return ["text"]
        return texts.template_variables(self.template.tpl_content)

    def _rebuild_personal_columns(self) -> None:
        if self._personal_page is None:  # not built yet: it takes these columns when it is
            self._personal_keys = self.personal_columns()
            return
        table = self.personal_table
        old_keys = getattr(self, "_personal_keys", ["text"])
        rows = [self._row_cells(row, old_keys) for row in range(table.rowCount())]
        keys = self.personal_columns()
        self._personal_keys = keys
        from PySide6.QtWidgets import QTableWidgetItem  # with the personalised page, not the tab

        table.blockSignals(True)
        table.setColumnCount(1 + len(keys))
        headers = [self.tr("Number")] + [self.tr("Text") if k == "text" else f"#{k}#" for k in keys]
        table.setHorizontalHeaderLabels(headers)
        for row, cells in enumerate(rows):
            for column, key in enumerate(["number", *keys]):
                table.setItem(row, column, QTableWidgetItem(cells.get(key, "")))
        table.blockSignals(False)

    def _row_cells(self, row: int, keys: list[str]) -> dict[str, str]:
        cells = {}
        for column, key in enumerate(["number", *keys]):
            item = self.personal_table.item(row, column)
            cells[key] = item.text().strip() if item is not None else ""
        return cells

    def add_personal_rows(self, rows: list[list[str]]) -> None:
        from PySide6.QtWidgets import QTableWidgetItem  # with the personalised page, not the tab

        table = self.personal_table
        table.blockSignals(True)
        for cells in rows:
            row = table.rowCount()
            table.insertRow(row)
            for column in range(table.columnCount()):
                table.setItem(row, column, QTableWidgetItem(cells[column] if column < len(cells) else ""))
        table.blockSignals(False)
        self._schedule_update()

    def _add_row_to_type_in(self) -> None:
        """The "Add row" button: an empty row whose number cell is open for typing, as the operator expects."""
        self.add_personal_rows([[]])
        table = self.personal_table
        row = table.rowCount() - 1
        table.setCurrentCell(row, 0)
        table.setFocus()
        number_cell = table.item(row, 0)
        if number_cell is not None:  # (add_personal_rows gives every cell an item)
            table.editItem(number_cell)

    def remove_selected_rows(self) -> None:
        for row in sorted({i.row() for i in self.personal_table.selectedIndexes()}, reverse=True):
            self.personal_table.removeRow(row)
        self._schedule_update()

    def paste_rows(self, text: str | None = None) -> None:
        """Rows copied from Excel (tab-separated). A header row naming the columns maps them."""
        text = QGuiApplication.clipboard().text() if not isinstance(text, str) else text
        lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
        if not lines:
            self._say(self.tr("The clipboard holds no rows to paste."))
            return
        grid = [line.split("\t") for line in lines]
        keys = ["number", *self._personal_keys]
        order = list(range(len(keys)))
        header = [cell.strip().strip("#").lower() for cell in grid[0]]
        if header and not normalize_number(grid[0][0]).ok and any(h for h in header):
            number_names = {"number", "mobile", "phone", "手机", "手机号", "号码", "手机号码", "电话"}
            mapping = []
            for cell in header:
                if cell in number_names:
                    mapping.append(0)
                elif cell in [k.lower() for k in keys[1:]]:
                    mapping.append(1 + [k.lower() for k in keys[1:]].index(cell))
                else:
                    mapping.append(-1)
            if any(i >= 0 for i in mapping):
                grid = grid[1:]
                order = mapping
        if self.personal_table.rowCount() + len(grid) > MAX_NUMBERS_PER_CALL:
            self._warn(
                self.tr(
                    "That makes more than {0} rows. A quick send is one call of at most {0} numbers; "
                    "use the Campaigns tab for larger lists and for files."
                ).format(MAX_NUMBERS_PER_CALL)
            )
            return
        rows = []
        for cells in grid:
            row = [""] * len(keys)
            for position, value in enumerate(cells):
                target = order[position] if position < len(order) else -1
                if 0 <= target < len(keys):
                    row[target] = value.strip()
            rows.append(row)
        self.add_personal_rows(rows)
        self._say(QCoreApplication.translate("ComposeRecipients", "%n row(s) pasted.", "", len(rows)))

    def personal_rows(self) -> tuple[list[tuple[str, str]], list[str]]:
        """((number, text) for every usable row, problems in plain words)."""
        keys = self._personal_keys
        shared = self.variable_form.values()
        valid: list[tuple[str, str]] = []
        problems: list[str] = []
        seen: set[str] = set()
        for row in range(self.personal_table.rowCount()):
            cells = self._row_cells(row, keys)
            if not any(cells.values()):
                continue
            check = normalize_number(cells["number"])
            if not check.ok:
                problems.append(
                    self.tr("Row {0}: “{1}” — {2}").format(
                        row + 1, cells["number"], reason_text(check.reason or "invalid")
                    )
                )
                continue
            if check.number in seen:
                problems.append(self.tr("Row {0}: {1} — duplicate, sent once").format(row + 1, check.number))
                continue
            if self.template is None:
                text = cells.get("text", "")
                if not text:
                    problems.append(self.tr("Row {0}: the text is empty").format(row + 1))
                    continue
            else:
                values = {k: cells.get(k) or shared.get(k, "") for k in keys}
                missing = [k for k, v in values.items() if not v]
                if missing:
                    problems.append(
                        self.tr("Row {0}: no value for {1}").format(row + 1, ", ".join(f"#{k}#" for k in missing))
                    )
                    continue
                text = texts.render_template(self.template.tpl_content, values)
            seen.add(check.number)
            valid.append((check.number, text))
        return valid, problems
