"""Parts of Compose built on first use (start-up builds only what it shows) still behave as before."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget

from gui.views.partials.a11y import name_inputs
from gui.views.partials.number_list_edit import NumberListEdit


def test_the_problem_list_is_built_with_the_first_problem(qtbot):
    box = NumberListEdit(1000)
    qtbot.addWidget(box)
    box.show()
    box.set_numbers(["13800138000"])
    assert box.findChild(QListWidget, "numbers_problems") is None  # nothing to list: not built
    assert box.problem_texts() == []
    box.set_numbers(["13800138000", "12", "13800138000"])
    problems = box.findChild(QListWidget, "numbers_problems")
    assert problems is box.problems and problems.isVisible()
    assert problems.accessibleName() == "Numbers left out, with the reason"
    assert len(box.problem_texts()) == 2 and "12" in box.problem_texts()[0]
    box.set_numbers(["13800138000"])
    assert not problems.isVisible() and box.problem_texts() == []


def test_inputs_are_named_after_their_buddy_or_form_label(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    buddied, first, second = QLineEdit(window), QLineEdit(window), QLineEdit(window)
    label = QLabel("&Sender:", window)
    label.setBuddy(buddied)
    layout.addWidget(label)
    layout.addWidget(buddied)
    form = QFormLayout()
    form.addRow("Price:", first)
    form.addRow("Unit：", second)
    layout.addLayout(form)
    name_inputs(window)
    assert [w.accessibleName() for w in (buddied, first, second)] == ["Sender", "Price", "Unit"]
