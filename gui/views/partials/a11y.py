"""Accessible names for every input, so a screen reader says what a field is for.

Views may set ``setAccessibleName`` themselves (they should when a field has no visible
label). For every other input the name comes from what the operator sees next to it, in
this order: its buddy label, its QFormLayout row label, a label just before it in the same
row, its placeholder text (for a text box: its group box title first), its tooltip, the
title of its group box, the title of its tab. The names are derived
when a window is shown (all its inputs, hidden pages too) and when an input appears later,
so a tab never has to list its fields; the text is whatever the translation made of the
label. A field's buddy label sits in the same page or dialog as the field; the insides of
an input (a combo's popup, a table's headers) are parts of it, neither inputs nor looked into.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

# The inputs the first tab (Compose) has are checked by type. The others are checked by their Qt
# class name (QObject.inherits, subclasses included): a PySide class's first use makes its Python
# type and all its enums (~1 ms for these four), which naming Compose's inputs before the window's
# first data would otherwise pay for widgets it does not have.
INPUT_TYPES = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView)
OTHER_INPUT_CLASSES = ("QTextEdit", "QAbstractSpinBox", "QSlider")


def clean_label(text: str) -> str:
    """'&Name:' -> 'Name'; also the Chinese colon."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return text.rstrip(":：").strip()


def _is_input_kind(widget: QWidget) -> bool:
    return isinstance(widget, INPUT_TYPES) or any(widget.inherits(name) for name in OTHER_INPUT_CLASSES)


def _has_parts(widget: QWidget) -> bool:
    """An input, or a calendar: what lies inside one of these is a part of it, not an input."""
    return _is_input_kind(widget) or widget.inherits("QCalendarWidget")


def is_input(widget: QWidget) -> bool:
    """An input the operator uses, not a part of another input (a combo's popup, a table's header)."""
    if not _is_input_kind(widget) or isinstance(widget, (QHeaderView, QTabWidget)):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if _has_parts(parent):
            return False
        parent = parent.parentWidget()
    return True


def _layouts(widget: QWidget) -> list[QLayout]:
    """The layouts a child of ``widget`` can sit in: its layout and the layouts nested in it (a
    widget put in a layout becomes a child of the layout's widget, so no other layout holds it)."""
    top = widget.layout()
    return [] if top is None else [top, *top.findChildren(QLayout)]


def _form_label(widget: QWidget) -> str:
    parent = widget.parentWidget()
    for form in _layouts(parent) if parent is not None else []:
        if not isinstance(form, QFormLayout):
            continue
        label = form.labelForField(widget)
        if isinstance(label, QLabel) and label.text():
            return label.text()
        for row in range(form.rowCount()):
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            layout = field.layout() if field is not None else None
            if layout is not None and _layout_contains(layout, widget):
                label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                row_label = label_item.widget() if label_item is not None else None
                if isinstance(row_label, QLabel) and row_label.text():
                    return row_label.text()
    return ""


def _layout_contains(layout: QLayout, widget: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is widget:
            return True
        inner = item.layout()
        if inner is not None and _layout_contains(inner, widget):
            return True
    return False


def _label_before(widget: QWidget) -> str:
    """A short label just left of the widget in a row ("Mode: [combo]")."""
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for layout in _layouts(parent):
        index = layout.indexOf(widget)
        if index < 0 or not isinstance(layout, QBoxLayout):
            continue
        if layout.direction() not in (QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.RightToLeft):
            return ""
        for before in range(index - 1, -1, -1):  # the nearest widget before it (spacing skipped)
            layout_item = layout.itemAt(before)
            previous = layout_item.widget() if layout_item is not None else None
            if previous is not None:
                # "Port: [spin]" or "[x] Receive pushes on port [spin]": the text before names it.
                if isinstance(previous, (QLabel, QCheckBox)) and previous.text() and len(previous.text()) < 40:
                    return previous.text()
                return ""
        return ""
    return ""


def _buddy_labels(labels: list[QLabel]) -> dict[QWidget, str]:
    """Each buddy of ``labels`` -> the text of the first label (with a text) that names it."""
    buddies: dict[QWidget, str] = {}
    for label in labels:
        buddy = label.buddy()
        if buddy is not None and buddy not in buddies and label.text():
            buddies[buddy] = label.text()
    return buddies


def _group_title(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QGroupBox) and parent.title():
            return parent.title()
        parent = parent.parentWidget()
    return ""


def _page_title(widget: QWidget) -> str:
    from gui.views.partials.tab_page import TabPage

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, TabPage):
            return parent.title()
        parent = parent.parentWidget()
    return ""


def _walk(root: QWidget, inputs: list[QWidget], labels: list[QLabel]) -> None:
    """The inputs and labels under ``root`` (itself included), not looking inside an input: its
    insides (a combo's popup, a table's headers and scroll bars) are parts of it. Each child
    made by Qt in C++ that a Python walk meets costs PySide a wrapper and, the first time, its
    class's Python type and enums; the insides of inputs are most of them."""
    if isinstance(root, QLabel):
        labels.append(root)
    if _has_parts(root):
        inputs.append(root)
        return
    for child in root.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        _walk(child, inputs, labels)


class _Names:
    """What the inputs under one root are named from: the labels found with them (a field's
    buddy label sits in the same page or dialog as the field)."""

    def __init__(self, labels: list[QLabel]) -> None:
        self._labels = labels
        self._buddies: dict[QWidget, str] | None = None

    def buddy_label(self, widget: QWidget) -> str:
        if self._buddies is None:
            self._buddies = _buddy_labels(self._labels)
        return self._buddies.get(widget, "")


def derive_accessible_name(widget: QWidget, names: _Names | None = None) -> str:
    seen = names if names is not None else _Names(widget.window().findChildren(QLabel))
    for source in (seen.buddy_label, _form_label, _label_before):
        text = clean_label(source(widget))
        if text:
            return text
    if (isinstance(widget, QPlainTextEdit) or widget.inherits("QTextEdit")) and _group_title(widget):
        return clean_label(_group_title(widget))  # a text box's placeholder is an example, not a name
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and placeholder():
        return clean_label(placeholder().splitlines()[0])
    if widget.toolTip():
        return clean_label(widget.toolTip().splitlines()[0])
    return clean_label(_group_title(widget) or _page_title(widget))


def name_inputs(root: QWidget) -> None:
    """Give every input under ``root`` (itself included) without an accessible name a derived one."""
    inputs: list[QWidget] = []
    labels: list[QLabel] = []
    _walk(root, inputs, labels)
    names = _Names(labels)
    for widget in inputs:
        if is_input(widget) and not widget.accessibleName():
            name = derive_accessible_name(widget, names)
            if name:
                widget.setAccessibleName(name)
