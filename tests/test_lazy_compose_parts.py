"""Parts of Compose built on first use (start-up builds only what it shows) still behave as before."""

from __future__ import annotations

from pathlib import Path

from fresh_python import assert_runs_clean
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from tab_helpers import open_compose

from gui.views.partials.a11y import name_inputs
from gui.views.partials.number_list_edit import NumberListEdit

REPO = Path(__file__).resolve().parent.parent


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


def test_inputs_are_named_after_the_label_before_them_in_their_row(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    outer = QVBoxLayout(window)
    row = QHBoxLayout()
    outer.addLayout(row)
    combo, port, below = QComboBox(window), QSpinBox(window), QLineEdit(window)
    row.addWidget(QLabel("Mode:", window))
    row.addSpacing(16)  # spacing between a label and its field is skipped
    row.addWidget(combo)
    row.addWidget(QCheckBox("Receive pushes on port", window))
    row.addWidget(port)
    outer.addWidget(QLabel("Not a row label:", window))  # above, not before: not its name
    below.setPlaceholderText("Search")
    outer.addWidget(below)
    name_inputs(window)
    assert [w.accessibleName() for w in (combo, port, below)] == ["Mode", "Receive pushes on port", "Search"]
    # the parts of an input (a combo's popup list) are not inputs of their own
    assert combo.view().accessibleName() == ""


def test_compose_makes_no_dialog_types_at_import():
    """A message box, a question and the template dialog are made when shown: importing Compose
    (start-up's visible tab) makes none of their Qt types (each made with its enums on first
    use, ~0.3-1 ms) and leaves the template dialog's module unimported."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import PySide6.QtWidgets as widgets\n"
        "import gui.views.compose\n"
        "made = [n for n in ('QMessageBox', 'QDialog', 'QDialogButtonBox') if n in vars(widgets)]\n"
        "assert made == [], made\n"
        "assert 'gui.views.partials.template_form' not in sys.modules\n"
    )
    assert_runs_clean(code)


def _tab_order(tab) -> list[str]:
    """The names of the tab's visible widgets that take Tab focus, in the order Tab visits them."""
    chain, widget = [], tab.mode_single
    for _ in range(500):
        widget = widget.nextInFocusChain()
        if widget is tab.mode_single:
            break
        if tab.isAncestorOf(widget) and widget.isVisibleTo(tab) and widget.focusPolicy().value & 1:
            chain.append(widget.objectName() or type(widget).__name__)
    return chain


def test_the_personalised_page_is_built_when_chosen_and_tabs_in_its_place(qtbot, app_ctx):
    tab = open_compose(qtbot, app_ctx)
    assert tab.findChild(QWidget, "personal_table") is None  # start-up shows the number list
    assert tab.recipient_stack.count() == 2
    tab.set_mode("personal")
    assert tab.recipient_stack.currentWidget().isAncestorOf(tab.personal_table)
    assert [tab.personal_table.horizontalHeaderItem(i).text() for i in range(2)] == ["Number", "Text"]
    # as if built with the tab: after the numbers, before the message
    assert _tab_order(tab) == [
        "mode_batch",
        "mode_personal",
        "template_combo",
        "reload_templates_button",
        "personal_table",
        "add_row_button",
        "remove_rows_button",
        "paste_rows_button",
        "clear_rows_button",
        "message_edit",
        "free_text_button",
        "price_edit",
        "check_words_button",
        "override_balance_check",
        "send_button",
        "results_table",
        "copy_failed_button",
        "reuse_failed_button",
    ]
    tab.set_mode("batch")
    tab.set_mode("personal")  # built once
    assert len(tab.findChildren(QWidget, "personal_table")) == 1
    qtbot.mouseClick(tab.add_row_button, Qt.MouseButton.LeftButton)
    assert tab.personal_table.rowCount() == 1


def test_compose_imports_send_plan_only_where_a_send_needs_it():
    """Compose names the modes and states through ``gui.services.send_modes``; ``send_plan``'s
    dataclasses (made at import) are imported with the first plan, result or refusal, so that the
    tab itself never makes them at start-up."""
    import ast

    eager = []
    for path in sorted((REPO / "gui" / "views" / "compose").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level, not in functions
            if isinstance(node, ast.ImportFrom) and node.module == "gui.services.send_plan":
                eager.append(path.name)
    assert eager == []


def test_naming_a_pages_inputs_makes_no_type_of_inputs_it_does_not_have():
    """a11y.name_inputs checks spin boxes, sliders, rich text and calendars by class name: naming
    Compose's inputs before the window's first data does not make those Python types (and enums)."""
    code = (
        "from PySide6.QtWidgets import QApplication, QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget\n"
        "app = QApplication([])\n"
        "import PySide6.QtWidgets as widgets\n"
        "from gui.views.partials.a11y import name_inputs\n"
        "page = QWidget()\n"
        "form = QFormLayout(page)\n"
        "form.addRow('Numbers:', QPlainTextEdit(page))\n"
        "form.addRow('Source:', QComboBox(page))\n"
        "form.addRow('Price:', QLineEdit(page))\n"
        "name_inputs(page)\n"
        "assert [w.accessibleName() for w in page.findChildren(QWidget) if w.accessibleName()] == "
        "['Numbers', 'Source', 'Price'], [w.accessibleName() for w in page.findChildren(QWidget)]\n"
        "made = [n for n in ('QTextEdit', 'QAbstractSpinBox', 'QSlider', 'QCalendarWidget') if n in vars(widgets)]\n"
        "assert made == [], made\n"
    )
    assert_runs_clean(code)
