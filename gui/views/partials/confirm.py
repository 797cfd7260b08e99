"""A question box that never blocks the event loop (``open()``, not ``exec()``).

Workers keep delivering and tests can find the box and click it while it is up.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    yes_text: str = "",
    object_name: str = "confirm_dialog",
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    informative: str = "",
) -> QMessageBox:
    """Show a Yes/Cancel box; ``on_yes`` runs only when the operator says yes. Cancel is the default."""
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
