"""A question box that never blocks the event loop (``open()``, not ``exec()``).

Workers keep delivering and tests can find the box and click it while it is up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    yes_text: str = "",
    object_name: str = "confirm_dialog",
    icon: QMessageBox.Icon | None = None,
    informative: str = "",
) -> QMessageBox:
    """Show a Yes/Cancel box; ``on_yes`` runs only when the operator says yes. Cancel is the default.
    ``icon``: the box's icon, a question mark unless given."""
    # Imported here: the first use of QMessageBox makes its Python type and enums (~1 ms), and
    # Compose imports this module at start-up, when nothing is asked.
    from PySide6.QtWidgets import QMessageBox

    if icon is None:
        icon = QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(object_name)
    if informative:
        box.setInformativeText(informative)
    if yes_text:
        box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished(result: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            on_yes()
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box
