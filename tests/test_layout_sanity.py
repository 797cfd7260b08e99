"""Every control of every tab sits in its parent's layout.

A widget created with a parent but never added to that parent's layout is still shown —
at the parent's top-left corner, over whatever is there (a split tab once lost its
"use failed numbers" buttons that way: drawn over the results box's title).
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLayout, QLineEdit, QTableView, QWidget

CONTROLS = (QAbstractButton, QLabel, QLineEdit, QComboBox, QGroupBox, QTableView)


def _in_layout(layout: QLayout, widget: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            return True
        child = item.layout()
        if child is not None and _in_layout(child, widget):
            return True
    return False


def _orphans(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if not isinstance(widget, CONTROLS) or widget.isWindow() or parent is None:
            continue
        layout = parent.layout()
        if layout is None or widget.isHidden():
            continue
        if not _in_layout(layout, widget):
            name = widget.objectName() or type(widget).__name__
            found.append(f"{name} ({getattr(widget, 'text', lambda: '')()!r}) in {parent.objectName() or parent}")
    return found


def test_every_tab_places_its_controls_in_a_layout(qtbot, main_window):
    for index in range(main_window.tabs.count()):
        main_window.tabs.setCurrentIndex(index)
        page = main_window.tabs.widget(index)
        assert not _orphans(page), f"{page.objectName()}: {_orphans(page)}"


def test_the_check_finds_a_widget_left_out_of_its_layout(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    QVBoxLayout(box).addWidget(QLabel("placed", box))
    lost = QPushButton("lost", box)
    lost.setObjectName("lost_button")
    box.show()
    assert [o.split(" ")[0] for o in _orphans(box)] == ["lost_button"]
