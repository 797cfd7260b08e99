"""A tab's news of what other consoles of the team stored (team mode; display only).

``StoredNews(tab, signal, show)``: ``signal`` is one of ``ctx.stored_watch()``'s
(``reports_stored`` / ``replies_stored``, how many items other consoles stored). The counts
add up while the tab's busy bar runs (its own load, its own pull) and ``show(count)`` runs
once the tab is free, so news never interrupts what the tab is doing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

RETRY_MS = 1000  # while the tab is busy: look again after this


class StoredNews(QObject):
    def __init__(self, tab: Any, signal: Any, show: Callable[[int], Any]) -> None:
        super().__init__(tab)
        self.tab, self.show = tab, show
        self.count = 0  # items other consoles stored, not shown yet
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self.heard)
        signal.connect(self.heard)

    def heard(self, count: int = 0) -> None:
        self.count += count
        if not self.count:
            return
        if self.tab.busy.busy:
            self.retry.start()
            return
        count, self.count = self.count, 0
        self.show(count)

    def clear(self) -> None:
        """Another profile: what was heard is not its news."""
        self.count = 0
        self.retry.stop()
