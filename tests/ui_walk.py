"""Walking a window's widget tree for what the operator can read or reach (i18n and a11y tests)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

from gui.paths import resources_dir

TS_FILE = resources_dir() / "i18n" / "sms_console_zh_CN.ts"
_TAG = re.compile(r"<[^>]+>")


def strip_markup(text: str) -> str:
    """Visible text: no HTML tags, no accelerator ampersands, entities decoded, trimmed."""
    text = _TAG.sub(" ", text).replace("&nbsp;", " ").replace("&amp;", "\0").replace("&lt;", "<").replace("&gt;", ">")
    text = re.sub(r"&(?=\S)", "", text).replace("\0", "&")
    return " ".join(text.split())


def english_sources() -> set[str]:
    """Every English source text of the .ts whose translation differs from it (normalised)."""
    sources: set[str] = set()
    for message in ET.parse(TS_FILE).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        texts = [n.text or "" for n in translation.findall("numerusform")] or [translation.text or ""]
        if any(strip_markup(t) != strip_markup(source) for t in texts):
            sources.add(strip_markup(source))
    return sources


def widgets_of(root: QWidget) -> list[QWidget]:
    return [root, *root.findChildren(QWidget)]


def texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) for every piece of text a widget shows or tells."""
    name = widget.objectName() or type(widget).__name__
    if widget.isWindow() and widget.windowTitle():
        yield f"{name}: window title", widget.windowTitle()
    if widget.toolTip():
        yield f"{name}: tooltip", widget.toolTip()
    if isinstance(widget, QLabel):
        yield f"{name}: label", widget.text()
    elif isinstance(widget, QAbstractButton):
        yield f"{name}: button", widget.text()
    elif isinstance(widget, QGroupBox):
        yield f"{name}: group title", widget.title()
    elif isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield f"{name}: tab {index}", widget.tabText(index)
            yield f"{name}: tab {index} tooltip", widget.tabToolTip(index)
    elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        yield f"{name}: placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox):
        if widget.lineEdit() is not None:
            yield f"{name}: placeholder", widget.lineEdit().placeholderText()
        for index in range(widget.count()):
            yield f"{name}: item {index}", widget.itemText(index)
    elif isinstance(widget, (QTableView, QTreeView)) and widget.model() is not None:
        model = widget.model()
        for column in range(model.columnCount(QModelIndex())):
            header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            if header is not None:
                yield f"{name}: header {column}", str(header)
    if isinstance(widget, QAbstractSpinBox):
        yield f"{name}: suffix", getattr(widget, "suffix", lambda: "")()
        yield f"{name}: special value", widget.specialValueText()
    for action in widget.actions():
        yield f"{name}: action", action.text()
        if action.toolTip() != action.text().replace("&", "").replace("…", "...").rstrip("."):
            yield f"{name}: action tooltip", action.toolTip()
        if action.menu() is not None:
            for sub in action.menu().actions():
                yield f"{name}: menu action", sub.text()
    for action in getattr(widget, "extra_actions", []) or []:
        yield f"{name}: context action", action.text()
    for action_name in ("copy_action", "find_action"):
        action = getattr(widget, action_name, None)
        if action is not None:
            yield f"{name}: context action", action.text()


def menu_texts(window) -> Iterator[tuple[str, str]]:
    bar = window.menuBar()
    for action in bar.actions():
        yield "menu", action.text()
        menu: QMenu | None = action.menu()
        if menu is not None:
            for sub in menu.actions():
                if not sub.isSeparator():
                    yield f"menu {action.text()}", sub.text()


INPUT_TYPES = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QDateEdit, QSlider, QAbstractItemView)


def inputs_of(root: QWidget) -> list[QWidget]:
    """The widgets an operator types into, picks from or moves through (not labels or buttons)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUT_TYPES):
            continue
        parent = widget.parentWidget()
        # The line edit inside a combo or spin box and a tab widget's internals are parts of another input.
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            continue
        if isinstance(widget, QAbstractItemView) and isinstance(parent, QComboBox):
            continue
        if type(widget).__name__ in ("QComboBoxListView", "QCalendarView") or (
            parent is not None and type(parent).__name__ in ("QComboBoxPrivateContainer", "QCalendarWidget")
        ):
            continue
        if isinstance(widget, QTabWidget):
            continue
        found.append(widget)
    return found
