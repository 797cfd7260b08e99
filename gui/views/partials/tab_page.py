"""The base of every tab: how the main window loads, refreshes and smoke-tests it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gui.app import AppContext


class TabPage(QWidget):
    """A tab of the main window.

    Subclasses set ``object_name`` and implement ``title()``; they override
    ``start_initial_load`` to fetch their first data through ``ctx.tasks`` and emit
    ``initial_load_finished(ok, message)`` when it is in (from the GUI thread).
    ``--smoke`` starts every tab's initial load once and exits 0 only if all succeed.
    A tab whose load would delete data on the server (pull_status, pull_reply) must
    not pull in its initial load.
    """

    initial_load_finished = Signal(bool, str)

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:  # pragma: no cover - every tab overrides
        raise NotImplementedError

    def start_initial_load(self) -> None:
        """Fetch the tab's first data. The default has nothing to fetch."""
        self.initial_load_finished.emit(True, "")

    def refresh(self) -> None:
        """F5: fetch again what the tab shows."""
        self.start_initial_load()
