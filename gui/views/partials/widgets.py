"""Small widget makers the tabs share: a button or label with its object name (tests, the
screenshots and the accessibility walk find widgets by it), the "which number" filter,
and a row of widgets. Texts are translated by the caller, so they keep its context.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QPushButton, QWidget

STRETCH = None  # in ``row``: a stretch (what follows goes to the right)


def named_button(parent: QWidget, text: str, name: str, tooltip: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    if tooltip:
        button.setToolTip(tooltip)
    return button


def named_label(parent: QWidget, name: str, *, wrap: bool = False) -> QLabel:
    """An empty label the tab fills later (a summary, a note)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def number_filter(parent: QWidget, name: str, placeholder: str) -> QLineEdit:
    """The field that limits a search to one mobile number (empty: every number)."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setMaximumWidth(220)
    return edit


def row(*items: QWidget | QLayout | int | None) -> QHBoxLayout:
    """A horizontal row: widgets and layouts in order, an int is a spacing in pixels,
    ``STRETCH`` a stretch."""
    layout = QHBoxLayout()
    for item in items:
        if item is STRETCH:
            layout.addStretch(1)
        elif isinstance(item, int):
            layout.addSpacing(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout
