"""A row of counts that filter a table: "All (N)" and one checkable button per status.

A click on a count shows only those rows; a click on the count already shown, or on All,
shows every row again. The labels come translated from the caller (its context); the
widget only says which key is shown (``changed``: the key, or None for every row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


class FilterChips(QWidget):
    changed = Signal(object)  # the key shown, or None: every row

    def __init__(self, parent: QWidget | None = None, name: str = "filter") -> None:
        super().__init__(parent)
        self._name = name
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.all_button = self._button("all")
        self.all_button.clicked.connect(lambda: self.select(None))
        self._layout.addWidget(self.all_button)
        self.buttons: dict[Any, QPushButton] = {}
        self._layout.addStretch(1)
        self.current: Any = None

    def _button(self, key: Any) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(f"{self._name}_{key}")
        button.setCheckable(True)
        button.setFlat(True)
        return button

    def set_counts(self, all_label: str, items: Sequence[tuple[Any, str, int]]) -> None:
        """Show ``all_label`` and one button per (key, label, count); a count of 0 cannot be
        chosen. Every row is shown again."""
        self.all_button.setText(all_label)
        for key, label, count in items:
            button = self.buttons.get(key)
            if button is None:
                button = self.buttons[key] = self._button(key)
                button.clicked.connect(lambda _checked=False, key=key: self.toggle(key))
                self._layout.insertWidget(self._layout.count() - 1, button)
            button.setText(label)
            button.setAccessibleName(label)
            button.setEnabled(count > 0)
        self.select(None)

    def toggle(self, key: Any) -> None:
        """A click on a count: show its rows, or every row when they are already shown."""
        self.select(None if key == self.current else key)

    def select(self, key: Any) -> None:
        self.current = key
        self.all_button.setChecked(key is None)
        for other, button in self.buttons.items():
            button.setChecked(other == key)
        self.changed.emit(key)
