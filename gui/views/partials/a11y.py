"""Accessible names for every input, so a screen reader says what a field is for.

Views may set ``setAccessibleName`` themselves (they should when a field has no visible
label). For every other input the name comes from what the operator sees next to it, in
this order: its buddy label, its QFormLayout row label, a label just before it in the same
row, its placeholder text (for a text box: its group box title first), its tooltip, the
title of its group box, the title of its tab. The names are derived
when a window is shown (all its inputs, hidden pages too) and when an input appears later,
so a tab never has to list its fields; the text is whatever the translation made of the
label.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabWidget,
    QTextEdit,
    QWidget,
)

INPUT_TYPES = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QSlider, QAbstractItemView)


def clean_label(text: str) -> str:
    """'&Name:' -> 'Name'; also the Chinese colon."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return text.rstrip(":：").strip()


def is_input(widget: QWidget) -> bool:
    """An input the operator uses, not a part of another input (a combo's popup, a table's header)."""
    if not isinstance(widget, INPUT_TYPES) or isinstance(widget, (QHeaderView, QTabWidget)):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QCalendarWidget, QAbstractItemView)):
            return False
        parent = parent.parentWidget()
    return True


def _form_label(widget: QWidget, forms: list[QFormLayout] | None = None) -> str:
    for form in widget.window().findChildren(QFormLayout) if forms is None else forms:
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
    for layout in [parent.layout(), *parent.findChildren(QBoxLayout)]:
        if not isinstance(layout, QBoxLayout) or layout.direction() not in (
            QBoxLayout.Direction.LeftToRight,
            QBoxLayout.Direction.RightToLeft,
        ):
            continue
        previous = None
        for index in range(layout.count()):
            layout_item = layout.itemAt(index)
            item = layout_item.widget() if layout_item is not None else None
            if item is widget:
                # "Port: [spin]" or "[x] Receive pushes on port [spin]": the text before names it.
                if isinstance(previous, (QLabel, QCheckBox)) and previous.text() and len(previous.text()) < 40:
                    return previous.text()
                break
            if item is not None:
                previous = item
    return ""


def _buddy_labels(window: QWidget) -> dict[QWidget, str]:
    """Each buddy under ``window`` -> the text of the first label (with a text) that names it."""
    buddies: dict[QWidget, str] = {}
    for label in window.findChildren(QLabel):
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


class _Window:
    """What every input of one window is named from, read once per ``name_inputs`` (not once per input)."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self._buddies: dict[QWidget, str] | None = None
        self._forms: list[QFormLayout] | None = None

    def buddy_label(self, widget: QWidget) -> str:
        if self._buddies is None:
            self._buddies = _buddy_labels(self.window)
        return self._buddies.get(widget, "")

    def form_label(self, widget: QWidget) -> str:
        if self._forms is None:
            self._forms = self.window.findChildren(QFormLayout)
        return _form_label(widget, self._forms)


def derive_accessible_name(widget: QWidget, window: _Window | None = None) -> str:
    seen = window if window is not None and window.window is widget.window() else _Window(widget.window())
    for source in (seen.buddy_label, seen.form_label, _label_before):
        text = clean_label(source(widget))
        if text:
            return text
    if isinstance(widget, (QPlainTextEdit, QTextEdit)) and _group_title(widget):
        return clean_label(_group_title(widget))  # a text box's placeholder is an example, not a name
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and placeholder():
        return clean_label(placeholder().splitlines()[0])
    if widget.toolTip():
        return clean_label(widget.toolTip().splitlines()[0])
    return clean_label(_group_title(widget) or _page_title(widget))


def name_inputs(root: QWidget) -> None:
    """Give every input under ``root`` (itself included) without an accessible name a derived one."""
    window: _Window | None = None
    for widget in [root, *root.findChildren(QWidget)]:
        if is_input(widget) and not widget.accessibleName():
            if window is None or window.window is not widget.window():
                window = _Window(widget.window())
            name = derive_accessible_name(widget, window)
            if name:
                widget.setAccessibleName(name)
