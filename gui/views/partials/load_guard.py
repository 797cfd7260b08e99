"""The guard in front of a tab's load: one load at a time, none without an apikey, a new one after a profile switch.

The Account, Templates and Compose tabs load the same way: Refresh (F5, the button, the
initial load) does nothing while a task of the tab is running (the BusyBar says so; the
buttons that could start one are disabled meanwhile), and without an active profile's
apikey it reports the initial load as failed instead of asking the gateway. When the
operator switches profile the tab loads again once the switch is done (the next turn of
the event loop: every tab has cleared what it showed of the previous profile by then).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from gui.views.partials.busy import BusyBar
    from gui.views.partials.tab_page import TabPage

NO_PROFILE = "no active profile"  # the initial_load_finished message when there is nothing to load from


class LoadGuard:
    """Decides whether ``page`` may start its load now, and schedules the reload after a profile switch."""

    def __init__(self, page: TabPage, busy: BusyBar) -> None:
        self._page = page
        self._busy = busy

    def may_load(self) -> bool:
        """True when the load may start; False while a task of the tab runs, or without an apikey
        (then the initial load is reported as failed)."""
        if self._busy.busy:
            return False
        if not self._page.ctx.has_apikey:
            self._page.initial_load_finished.emit(False, NO_PROFILE)
            return False
        return True

    def reload_soon(self) -> None:
        """Load again on the next turn of the event loop (the page's ``refresh``)."""
        QTimer.singleShot(0, self._reload)

    def _reload(self) -> None:
        connectivity = getattr(self._page.ctx, "connectivity", None)
        if connectivity is not None:  # nobody clicked: a gateway out of reach is the offline banner's
            connectivity.in_background(self._page)
        self._page.refresh()

    def profile_changed(self, profile: object | None) -> None:
        """After a switch to ``profile`` (None: no profile left), load the new profile's data."""
        if profile is not None:
            self.reload_soon()
