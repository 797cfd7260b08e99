"""The one banner over the tabs while the active profile's gateway cannot be reached.

Start-up without a network used to open a modal error dialog per tab. Now each tab's
failing load tells ``ctx.connectivity`` (gui.connectivity.Connectivity) and this banner
shows it once, in the operator's language (the transport's words, the HTTP status when
there is one; exceptions of gui.api never carry the apikey and the text is redacted),
with Retry: every failed load runs again and the banner goes with the first answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from gui.theme import box_css


class OfflineBanner(QWidget):
    """Hidden while the gateway answers; "cannot reach the gateway — Retry" while it does not."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("offline_banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#offline_banner {{ {box_css('error')} }}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel(self)
        self.label.setObjectName("offline_banner_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.tr("&Retry"), self)
        self.retry_button.setObjectName("offline_retry")
        self.retry_button.setToolTip(self.tr("Run the loads that failed again"))
        self.retry_button.clicked.connect(self.retry)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()
        ctx.connectivity.offline.connect(self.show_offline)
        ctx.connectivity.online.connect(self.hide)
        if ctx.connectivity.is_offline:
            self.show_offline(ctx.connectivity.detail)

    def show_offline(self, detail: str) -> None:
        profile = getattr(self.ctx.profile, "name", "")
        # The time of the last failed attempt: a Retry or Refresh that fails again visibly did something.
        self.label.setText(
            self.tr("Cannot reach the gateway of the profile {0} (last tried {1}). {2}").format(
                profile, QTime.currentTime().toString("HH:mm:ss"), detail
            )
        )
        self.label.setToolTip(str(getattr(self.ctx.profile, "base_url", "")))
        self.show()

    def retry(self) -> None:
        self.label.setText(self.tr("Trying to reach the gateway again…"))
        self.ctx.connectivity.retry()
