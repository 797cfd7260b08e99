"""What other consoles of a team stored, as signals on the GUI thread (owned by the application context).

``AppContext.stored_watch()`` builds one ``StoredWatch`` on first use (the Status reports and
Replies tabs ask for it). It follows the active profile: for a team profile it opens the store
in a worker and starts the store's one listener (``TeamStore.listen_pulled``,
``gui.store.team.notify``: LISTEN on a connection of its own, polling the newest ids while that
connection is down); for a local profile it listens to nothing (one console per profile there).
The listener calls back from its thread; the news crosses to the GUI thread by a queued
signal, bursts are gathered for ``GATHER_MS``, and ``reports_stored`` / ``replies_stored``
say how many items other consoles stored — a console's own pulls and pushes are left out
(its tabs show those already, or learn of them as before).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

GATHER_MS = 250  # news arriving within this is told once (a move of a big archive notifies per batch)


class StoredWatch(QObject):
    reports_stored = Signal(int)  # status reports other consoles stored (new or updated), on the GUI thread
    replies_stored = Signal(int)  # new replies other consoles stored
    _heard = Signal(object)  # (generation, gui.store.team.notify.Stored) from the listener's thread

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.listener: Any = None  # gui.store.team.notify.PulledListener while a team profile is active
        self._generation = 0
        self._stopped = False
        self._pending = {"reports": 0, "replies": 0}
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(GATHER_MS)
        self._gather.timeout.connect(self._tell)
        self._heard.connect(self._on_heard)  # queued: emitted from another thread
        ctx.profile_changed.connect(lambda _profile: self.follow())
        QTimer.singleShot(0, self.follow)

    def follow(self) -> None:
        """Listen to the active profile's team database (in a worker), or to nothing."""
        self._generation += 1
        self._stop_listener()
        profile = self.ctx.profile
        if self._stopped or profile is None or not profile.is_team:
            return
        generation = self._generation
        ctx = self.ctx

        def start() -> Any:
            store = ctx.store()  # opened here, never on the GUI thread
            own = store.origin

            def heard(stored: Any) -> None:  # on the listener's thread
                if stored.origin != own:
                    self._heard.emit((generation, stored))

            return store.listen_pulled(heard)

        def started(listener: Any) -> None:
            if generation != self._generation:
                listener.stop()  # the profile changed meanwhile
                return
            self.listener = listener

        ctx.run(
            start, started, lambda exc: log.warning("not listening to the team database: %s", exc), name="team_listen"
        )

    def _stop_listener(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop()  # its thread closes its connection itself, within half a second
        self._pending = {"reports": 0, "replies": 0}
        self._gather.stop()

    def stop(self) -> None:
        """Quit or the context's release: no more listening."""
        self._stopped = True
        self._generation += 1
        self._stop_listener()

    def _on_heard(self, heard: tuple[int, Any]) -> None:
        generation, stored = heard
        if generation != self._generation:
            return
        self._pending[stored.kind] = self._pending.get(stored.kind, 0) + stored.count
        if not self._gather.isActive():
            self._gather.start()

    def _tell(self) -> None:
        pending, self._pending = self._pending, {"reports": 0, "replies": 0}
        if pending.get("reports"):
            self.reports_stored.emit(pending["reports"])
        if pending.get("replies"):
            self.replies_stored.emit(pending["replies"])
