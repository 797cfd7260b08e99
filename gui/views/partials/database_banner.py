"""The one banner over the tabs while a team profile's database cannot be reached (issue 15, item 7).

The offline banner's twin (``offline_banner.py``): ``ctx.connectivity`` says the team database
is out of reach (``database_offline``) and this says so once, with Retry, which asks the
database again in a worker. Until it answers the console sends nothing (the spend gate is
held: a send is refused with this reason, and nothing is queued to be sent later); what the
tabs loaded stays on screen and readable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from gui.theme import box_css

# How the plain-Python layers word the reason (gui/store/backend.py, gui/services/spend_gate.py):
# the banner says it in the operator's language, so only the server's own words follow "Details".
UNREACHABLE_PREFIX = "the team database cannot be reached: "


def plain(detail: str) -> str:
    """The technical detail on one line, without the English sentence the banner already says."""
    if detail.startswith(UNREACHABLE_PREFIX):
        detail = detail[len(UNREACHABLE_PREFIX) :]
    return " ".join(detail.split())


class DatabaseBanner(QWidget):
    """Hidden while the team database answers (and always in local mode)."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("database_banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#database_banner {{ {box_css('error')} }}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(self)
        self.label.setObjectName("database_banner_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.tr("&Retry"), self)
        self.retry_button.setObjectName("database_retry")
        self.retry_button.setToolTip(self.tr("Ask the team database again"))
        self.retry_button.clicked.connect(self.retry)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()
        ctx.connectivity.database_offline.connect(self.show_unreachable)
        ctx.connectivity.database_online.connect(self.hide)
        if ctx.connectivity.database_unreachable:
            self.show_unreachable(ctx.connectivity.database_detail)

    def show_unreachable(self, detail: str) -> None:
        profile = getattr(self.ctx.profile, "name", "")
        self.label.setText(
            self.tr(
                "Cannot reach the team database of the profile {0} (last tried {1}). Nothing is sent until it "
                "answers again; what is loaded stays readable. {2}"
            ).format(profile, QTime.currentTime().toString("HH:mm:ss"), self.tr("Details: {0}").format(plain(detail)))
        )
        self.show()

    def retry(self) -> None:
        self.label.setText(self.tr("Trying to reach the team database again…"))
        self.ctx.connectivity.retry_database()
