"""The Status reports tab (placeholder until its issue fills it)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from gui.views.partials.tab_page import TabPage


class ReportsTab(TabPage):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("reports_tab")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("This tab is being built."), self))

    def title(self) -> str:
        return self.tr("Status reports")
