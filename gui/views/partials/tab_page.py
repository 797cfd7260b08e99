"""The base of every tab: how the main window loads, refreshes and smoke-tests it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gui.context import AppContext


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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # True from start_initial_load until its first page (or error) is in: the
        # signal is emitted once per initial load, not after every later page.
        self._initial_pending = False

    def title(self) -> str:  # pragma: no cover - every tab overrides
        raise NotImplementedError

    def start_initial_load(self) -> None:
        """Fetch the tab's first data. The default has nothing to fetch."""
        self.initial_load_finished.emit(True, "")

    def refresh(self) -> None:
        """F5: fetch again what the tab shows."""
        self.start_initial_load()

    def _finish_initial(self, ok: bool, message: str) -> None:
        """Emit ``initial_load_finished`` if an initial load is waiting for it."""
        if self._initial_pending:
            self._initial_pending = False
            self.initial_load_finished.emit(ok, message)
