"""The SANDBOX band across the top of the main window while the active profile is the sandbox.

The window title alone was easy to miss: an operator trying the console should see, inside
the window, that this is the built-in test gateway and that nothing is really sent or billed.
The band follows profile switches (``ctx.profile_changed``): shown for the sandbox, hidden
for a real account or no profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolTip, QWidget

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.profiles import Profile

# One colour in light and dark palettes alike: a strong amber with dark text, unlike
# anything else in the window, so the band reads as "this is not the real thing".
BAND_CSS = (
    "QFrame#sandbox_band { background: #f2b01e; border-bottom: 1px solid #b07c00; }"
    "QFrame#sandbox_band QLabel { color: #2b2100; }"
)


class SandboxBand(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sandbox_band")
        self.setStyleSheet(BAND_CSS)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        self.message = QLabel(self)
        self.message.setObjectName("sandbox_band_text")
        self.message.setWordWrap(True)
        self.message.setText(
            self.tr(
                "<b>SANDBOX</b> — the built-in test gateway on this computer. Nothing is really sent "
                "and nothing is billed."
            )
        )
        self.explain = QLabel(self)
        self.explain.setObjectName("sandbox_band_what")
        what = self.tr("What is this?")  # outside the f-string: lupdate does not look inside one
        self.explain.setText(f'<a href="#sandbox" style="color:#2b2100">{what}</a>')
        self.explain.setToolTip(self.explanation())
        self.explain.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        # A click shows the same text as the hover: a tooltip is easy to miss on a touchpad.
        self.explain.linkActivated.connect(lambda _link: QToolTip.showText(QCursor.pos(), self.explanation(), self))
        layout.addWidget(self.message, 1)
        layout.addWidget(self.explain)
        ctx.profile_changed.connect(self.show_for)
        self.show_for(ctx.profile)

    def explanation(self) -> str:
        return self.tr(
            "The sandbox is a pretend SMS gateway that runs inside this console, on this computer only "
            "(127.0.0.1), with a demo account. It answers like the real provider: it checks templates, "
            "signatures and blocked words, bills parts from a pretend balance and produces delivery reports "
            "and replies. No message leaves this computer, no real phone receives anything and no money is "
            "spent. Use it to learn the console; a real account is connected as a profile "
            "(Console → Profiles…)."
        )

    def show_for(self, profile: Profile | None) -> None:
        self.setVisible(profile is not None and profile.sandbox)
