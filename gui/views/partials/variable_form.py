"""What Compose needs of a template: the form generated from its ``#variables#``, the
operator's signature for a default template's #company#, and the local check of a text
before it is sent.

Apart from ``template_form`` (the Templates tab's add/edit dialog and review wording), so
that Compose, built at start-up, does not make the dialog's Qt types (QDialog,
QDialogButtonBox) nor its class.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from gui.api import texts
from gui.api.errors import LimitError
from gui.api.models import Template


def text_problem(text: str, lang: str) -> str | None:
    """What is wrong with a message text before sending (empty, too long, signature), or None."""
    problem = texts.check_text(text)
    if problem is None:
        return None
    params = {"limit": texts.MAX_CHARS, "count": texts.char_count(text)}
    return LimitError(problem, **params).explain(lang)


class VariableForm(QWidget):
    """One line edit per variable of a template; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variable_form")
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}

    def set_variables(self, names: list[str], defaults: dict[str, str] | None = None) -> None:
        defaults = defaults or {}
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self.edits = {}
        for name in names:
            edit = QLineEdit(self)
            edit.setObjectName(f"variable_{name}")
            edit.setText(defaults.get(name, ""))
            edit.setPlaceholderText(self.tr("value for #{0}#").format(name))
            edit.setAccessibleName(self.tr("value for #{0}#").format(name))
            edit.textChanged.connect(self.changed)
            label = QLabel(f"#{name}#", self)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._layout.addRow(label, edit)
            self.edits[name] = edit
        self.setVisible(bool(names))
        self.changed.emit()

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.edits.items()}

    def missing(self) -> list[str]:
        return [name for name, value in self.values().items() if not value]

    def set_value(self, name: str, value: str) -> None:
        if name in self.edits:
            self.edits[name].setText(value)


def default_signature(templates: Iterable[Template]) -> str:
    """The operator's signature as their own templates show it: that of the first approved
    template, else of any template; "" when there is none."""
    ordered = sorted(templates, key=lambda t: (t.check_status != "SUCCESS", t.tpl_id))
    for template in ordered:
        name = texts.signature_of(template.tpl_content or "")
        if name and "#" not in name:
            return name
    return ""


SIGNATURE_VARIABLE = "company"


def fill_signature(content: str, signature: str) -> str:
    """A default template's 【#company#】 filled with the operator's signature."""
    if not signature:
        return content
    return content.replace(f"【#{SIGNATURE_VARIABLE}#】", f"【{signature}】")
