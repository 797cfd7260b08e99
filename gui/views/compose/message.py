"""The message part of the Compose tab: the starting point, the template's variables, the text and the estimate.

The starting point is free text, an approved own template, or a default template whose
#company# is pre-filled with the operator's signature. A template's text follows its
variables (or, personalised, the selected row) and is read-only; free text is typed.
Choosing a template while there is typed text (free text edited, or personalised rows'
own texts) asks first, Cancel being the default: nothing the operator wrote is replaced
without a yes. Text left as the previous template gave it is replaced without asking.
The live counter shows characters, parts, the cost estimate (price per part, learned
from the last send or typed) and the balance.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout

from gui.api import texts
from gui.api.models import Template
from gui.api.numbers import normalize_number
from gui.services.estimate import Estimate, compute_estimate
from gui.services.send_modes import MODE_PERSONAL, MODE_SINGLE
from gui.theme import status_css
from gui.views.compose.base import ComposeBase
from gui.views.partials.confirm import ask
from gui.views.partials.errors import show_error
from gui.views.partials.number_list_edit import reason_text
from gui.views.partials.text_counter import TextCounter
from gui.views.partials.variable_form import SIGNATURE_VARIABLE, VariableForm, default_signature

if TYPE_CHECKING:
    from gui.views.partials.highlighter import BlockedWordHighlighter


def fill_known(content: str, values: dict[str, str]) -> str:
    """The template with the variables that have a value filled, the others left as #name#."""
    complete = {name: values.get(name) or f"#{name}#" for name in texts.template_variables(content)}
    return texts.render_template(content, complete)


class ComposeMessage(ComposeBase):
    template_loaded = Signal(object)  # Template | None (free text)

    def _build_message(self) -> QGroupBox:
        message_box = QGroupBox(self.tr("Message"), self)
        self.variables_hint = QLabel(message_box)
        self.variables_hint.setWordWrap(True)
        self.variable_form = VariableForm(message_box)
        self.text_edit = QPlainTextEdit(message_box)
        self.text_edit.setObjectName("message_edit")
        self.text_edit.setPlaceholderText(
            self.tr("【Your signature】Your message. It must match one of your approved templates.")
        )
        self.text_edit.setMinimumHeight(70)
        self._highlighter: BlockedWordHighlighter | None = None  # see highlighter
        self.free_text_button = QPushButton(self.tr("Edit as free text"), message_box)
        self.free_text_button.setObjectName("free_text_button")
        self.free_text_button.setToolTip(
            self.tr("Stop following the template and edit the text freely. It must still match an approved template.")
        )
        self.counter = TextCounter(message_box)
        self.price_edit = QLineEdit(message_box)
        self.price_edit.setObjectName("price_edit")
        self.price_edit.setMaximumWidth(110)
        self.price_edit.setPlaceholderText(self.tr("e.g. 0.05"))
        self.price_unit_label = QLabel(message_box)
        self.price_source_label = QLabel(message_box)
        self.price_source_label.setObjectName("price_source_label")
        self.price_source_label.setWordWrap(True)
        price_row = QHBoxLayout()
        price_row.addWidget(QLabel(self.tr("Price per part:"), message_box))
        price_row.addWidget(self.price_edit)
        price_row.addWidget(self.price_unit_label)
        price_row.addWidget(self.price_source_label, 1)
        text_row = QHBoxLayout()
        text_row.addWidget(self.counter, 1)
        text_row.addWidget(self.free_text_button, 0, Qt.AlignmentFlag.AlignTop)
        message_layout = QVBoxLayout(message_box)
        message_layout.addWidget(self.variables_hint)
        message_layout.addWidget(self.variable_form)
        message_layout.addWidget(self.text_edit, 1)
        message_layout.addLayout(text_row)
        message_layout.addLayout(price_row)
        return message_box

    # ============================================================== templates
    def set_templates(self, own: list[Template], defaults: list[Template]) -> None:
        self.own_templates = list(own)
        self.default_templates = list(defaults)
        self.signature = default_signature(self.own_templates)
        current = self.template
        self.template_combo.clear()
        self.template_combo.addItem(self.tr("Free text"), None)
        approved = [t for t in self.own_templates if t.check_status == "SUCCESS"]
        if approved:
            self.template_combo.insertSeparator(self.template_combo.count())
            for template in sorted(approved, key=lambda t: t.tpl_id):
                self._add_combo_item(template, False)
        if self.default_templates:
            self.template_combo.insertSeparator(self.template_combo.count())
            for template in sorted(self.default_templates, key=lambda t: t.tpl_id):
                self._add_combo_item(template, True)
        self._select_combo(current, self.template_is_default)

    def _add_combo_item(self, template: Template, is_default: bool) -> None:
        label = (self.tr("Default {0}: {1}") if is_default else self.tr("Template {0}: {1}")).format(
            template.tpl_id, template.tpl_content
        )
        self.template_combo.addItem(label, (template, is_default))
        self.template_combo.setItemData(
            self.template_combo.count() - 1, template.tpl_content, Qt.ItemDataRole.ToolTipRole
        )

    def _select_combo(self, template: Template | None, is_default: bool) -> None:
        for index in range(self.template_combo.count()):
            data = self.template_combo.itemData(index)
            if template is None and data is None and index == 0:
                self.template_combo.setCurrentIndex(0)
                return
            if data and template and data[0].tpl_id == template.tpl_id and data[1] == is_default:
                self.template_combo.setCurrentIndex(index)
                return
        if template is not None:  # e.g. approved after compose loaded its list
            self._add_combo_item(template, is_default)
            self.template_combo.setCurrentIndex(self.template_combo.count() - 1)

    def _template_chosen(self, index: int) -> None:
        data = self.template_combo.itemData(index)
        if data is None:
            self._load_template(None, False)  # free text keeps the text there is
        else:
            self.choose_template(data[0], data[1])

    def choose_template(
        self, template: Template, is_default: bool, on_loaded: Callable[[], None] | None = None
    ) -> None:
        """Load ``template``; if that would replace typed text, only after the operator's yes."""

        def load() -> None:
            self._select_combo(template, is_default)
            self._load_template(template, is_default)
            if on_loaded is not None:
                on_loaded()

        if not self.has_typed_text():
            load()
            return
        self._select_combo(self.template, self.template_is_default)  # the combo shows what is loaded
        ask(
            self,
            self.tr("Replace the text?"),
            self.tr("Loading template {0} replaces the text you typed. Replace it?").format(template.tpl_id),
            load,
            yes_text=self.tr("Replace"),
            object_name="replace_text_dialog",
        )

    def has_typed_text(self) -> bool:
        """Whether the operator wrote text a template would replace: free text that is not empty
        and not the previous template's untouched text, or personalised rows' own texts."""
        if self.template is not None:
            return False  # the text follows the template: nothing typed to lose
        if self.mode == MODE_PERSONAL:
            rows = range(self.personal_table.rowCount())
            return any(self._row_cells(row, self._personal_keys).get("text") for row in rows)
        text = self.text_edit.toPlainText().strip()
        return bool(text) and text != self.untouched_text.strip()

    @property
    def highlighter(self) -> BlockedWordHighlighter:
        """The blocked words' marks in the message, made when the first blocked words are found
        (its module and Qt's text-format types are not needed before: not at start-up)."""
        if self._highlighter is None:
            from gui.views.partials.highlighter import BlockedWordHighlighter

            self._highlighter = BlockedWordHighlighter(self.text_edit.document())
        return self._highlighter

    def _load_template(self, template: Template | None, is_default: bool) -> None:
        self.template = template
        self.template_is_default = is_default
        if self._highlighter is not None:
            self._highlighter.clear()
        if template is None:
            self.variable_form.set_variables([])
            self.variables_hint.hide()
            self.free_text_button.setEnabled(False)
        else:
            names = texts.template_variables(template.tpl_content)
            defaults = {SIGNATURE_VARIABLE: self.signature} if is_default and self.signature else {}
            self.variable_form.set_variables(names, defaults)
            self.variables_hint.setVisible(bool(names))
            self.free_text_button.setEnabled(True)
        self._apply_read_only()
        self._rebuild_personal_columns()
        self._apply_hint()
        self.update_preview()
        self.template_loaded.emit(template)

    def _apply_hint(self) -> None:
        if self.mode == MODE_PERSONAL:
            self.variables_hint.setText(
                self.tr("Values here apply to every row; a cell in the table overrides them for its number.")
            )
        else:
            self.variables_hint.setText(self.tr("Fill in the template's variables:"))

    def edit_as_free_text(self) -> None:
        text = self.text_edit.toPlainText()
        self.template_combo.setCurrentIndex(0)
        self._load_template(None, False)
        if self.mode != MODE_PERSONAL:
            self.text_edit.setPlainText(text)

    # ============================================================== live preview
    def _text_edited(self) -> None:
        if not self.text_edit.isReadOnly():
            self._schedule_update()

    def _apply_read_only(self) -> None:
        # The text follows the template (or, personalised, the selected row); free text is typed.
        self.text_edit.setReadOnly(self.mode == MODE_PERSONAL or self.template is not None)

    def current_text(self) -> str:
        """The text for single and batch sends (the template filled in, or the free text)."""
        if self.template is None:
            return self.text_edit.toPlainText().strip()
        return fill_known(self.template.tpl_content, self.variable_form.values())

    def update_preview(self) -> Estimate:
        self._update_timer.stop()
        mode = self.mode
        if mode == MODE_PERSONAL:
            rows, problems = self.personal_rows()
            selected = self.personal_table.currentRow()
            preview = ""
            if rows:  # the selected row's text, else the first row's
                number_at = self._row_cells(selected, self._personal_keys)["number"] if selected >= 0 else ""
                match = [t for n, t in rows if n == normalize_number(number_at).number] if number_at else []
                preview = match[0] if match else rows[0][1]
            elif self.template is not None:
                preview = fill_known(self.template.tpl_content, self.variable_form.values())
            self._set_preview(preview)
            message_texts = [t for _n, t in rows] or [preview]
            recipients = len(rows)
            summary = QCoreApplication.translate("ComposeMessage", "%n row(s) ready", "", len(rows))
            if problems:
                summary += " · " + QCoreApplication.translate(
                    "ComposeMessage", "%n row(s) with problems (not sent):", "", len(problems)
                )
                summary += "\n" + "\n".join(problems[:8]) + ("\n…" if len(problems) > 8 else "")
            self.personal_status.setText(summary)
            self.personal_status.setStyleSheet(status_css("error") if problems else "")
        else:
            text = self.current_text()
            if self.template is not None:
                self._set_preview(text)
            message_texts = [text]
            if mode == MODE_SINGLE:
                raw = self.single_edit.text().strip()
                check = normalize_number(raw)
                recipients = 1 if check.ok else 0
                if not raw:
                    self.single_status.setText("")
                elif check.ok:
                    self.single_status.setText(self.tr("Will send to {0}").format(check.number))
                    self.single_status.setStyleSheet("")
                else:
                    self.single_status.setText(
                        self.tr("Not a valid number: {0}").format(reason_text(check.reason or "invalid"))
                    )
                    self.single_status.setStyleSheet(status_css("error"))
            else:
                recipients = len(self.number_list.numbers())
        balance = self.ctx.account.balance if self.ctx.account is not None else None
        estimate = compute_estimate(message_texts, recipients, self.price, self.price_unit, balance)
        self.counter.show_estimate(estimate, personalised=mode == MODE_PERSONAL)
        return estimate

    def _set_preview(self, text: str) -> None:
        self.untouched_text = text  # what the console put there: replaced without asking
        if self.text_edit.toPlainText() != text:
            self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(text)
            self.text_edit.blockSignals(False)
            if self._highlighter is not None:
                self._highlighter.rehighlight()

    # ============================================================== price
    def _set_price(self, price: Decimal | None, unit: str, source: str) -> None:
        self.price, self.price_unit, self.price_source = price, unit, source
        self.price_edit.setText("" if price is None else format(price.normalize(), "f"))
        self.price_unit_label.setText(self.tr("{0} per part").format(unit) if unit else self.tr("per part"))
        if price is None:
            self.price_source_label.setText(self.tr("unknown: learned from the first send, or type it"))
        elif source == "learned":
            self.price_source_label.setText(self.tr("learned from the last send"))
        else:
            self.price_source_label.setText(self.tr("set by you"))

    def _price_edited(self) -> None:
        text = self.price_edit.text().strip()
        price = _decimal_or_none(text)
        if text and (price is None or price <= 0):
            self.price_source_label.setText(self.tr("not a price: type a number such as 0.05"))
            self.price_source_label.setStyleSheet(status_css("error"))
            return
        self.price_source_label.setStyleSheet("")
        if price == self.price:
            return
        self._set_price(price, self.price_unit, "manual")
        setup, unit = self.setup(), self.price_unit
        self.ctx.run(
            lambda: setup.set_price(price, unit), None, lambda e: show_error(self.ctx, self, e), name="save_price"
        )
        self._schedule_update()


def _decimal_or_none(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
