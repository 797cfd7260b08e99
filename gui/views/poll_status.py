"""The status-bar label of the background poll and the push receiver (display only).

Shows whether automatic fetching is on, when it last ran and how many polls in a row
failed (the last error in the tooltip), and whether pushes are received. The poll and the
receiver belong to the application context (``gui.background_poll.BackgroundPoll``,
``ctx.background_poll()``); the label shows the ``PollState`` its ``changed`` signal carries.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from gui.background_poll import BackgroundPoll, PollState
from gui.services.push_receiver import PushState


class PollStatusLabel(QLabel):
    def __init__(self, poll: BackgroundPoll, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_poll")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()
        poll.changed.connect(self.show_state)
        self.show_state(poll.state())

    def _push_text(self, push: PushState) -> str:
        if push.port is not None:
            return self.tr("Push on :{0} ({1} stored, {2} rejected)").format(push.port, push.stored, push.rejected)
        if push.error:
            return "⚠ " + self.tr("Push receiver not running: {0}").format(push.error)
        return ""

    def show_state(self, state: PollState) -> None:
        """Show ``state`` (``BackgroundPoll.changed``); hidden while there is nothing to tell."""
        if not state.active:
            self.hide()
            return
        push = self._push_text(state.push)
        if state.interval <= 0:
            if push:
                self.setText(push)
                self.setToolTip(self.tr("The provider pushes reports and replies to this computer's callback URL."))
                self.show()
            else:
                self.hide()
            return
        status = state.status
        if not state.consent:
            self.setText(self.tr("Auto-fetch: waiting for consent"))
            self.setToolTip(
                self.tr(
                    "Fetch new reports once in the Status reports tab and agree; "
                    "then the console fetches every {0} min."
                ).format(state.interval)
            )
        else:
            last = (status.last_poll_at or "")[11:16] or self.tr("not yet")
            text = self.tr("Auto-fetch every {0} min · last {1}").format(state.interval, last)
            if status.error_count:
                text += " · " + self.tr("errors in a row: {0}").format(status.error_count)
            if state.elsewhere:
                text += " · " + self.tr("another console is fetching; its results appear here")
            self.setText(("⚠ " if status.error_count else "") + text)
            tip = self.tr("Reports and replies are fetched in the background and kept in the local store.")
            if status.last_ok_at:
                tip += "\n" + self.tr("Last success: {0} (Beijing time)").format(status.last_ok_at)
            if status.last_error:
                tip += "\n" + self.tr("Last error: {0}").format(status.last_error)
            if state.elsewhere:
                tip += "\n" + self.tr(
                    "The team's consoles fetch in turn: while one fetches, the others wait, and what it "
                    "fetched shows here within seconds."
                )
            self.setToolTip(tip)
        if push:
            self.setText(f"{self.text()} · {push}")
        if state.waiting:
            self.setText(
                "⚠ " + self.tr("{0} fetched items wait to be stored").format(state.waiting) + " · " + self.text()
            )
            self.setToolTip(
                self.tr(
                    "The local store refused them; they are kept in a file in the profile's folder and "
                    "stored before anything else is fetched."
                )
                + "\n"
                + self.toolTip()
            )
        self.show()
