"""The Statistics view's chart: stacked bars per day (QtCharts, when PySide6-Addons is there)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.theme import is_dark

log = logging.getLogger(__name__)

GREEN, RED, AMBER = QColor("#1b7f3b"), QColor("#c62828"), QColor("#c88a00")


class DeliveryChart(QWidget):
    """Stacked bars per day: delivered, failed, no report yet (QtCharts)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        try:
            from PySide6.QtCharts import QChart, QChartView
        except ImportError:  # PySide6-Addons missing: the table says it all
            log.warning("QtCharts is not available: statistics without a chart")
            self.chart = None
            layout.addWidget(QLabel(self.tr("(Charts need PySide6-Addons; the table below has the figures.)"), self))
            return
        self.chart = QChart()
        if is_dark(self.palette()):  # QChart draws on white unless told: follow the window's palette
            self.chart.setTheme(QChart.ChartTheme.ChartThemeDark)
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.view = QChartView(self.chart, self)
        self.view.setObjectName("stats_chart")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(200)
        layout.addWidget(self.view)

    def show_days(self, days: list) -> None:
        if self.chart is None:
            return
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QStackedBarSeries, QValueAxis

        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        series = QStackedBarSeries()
        for label, colour, field in (
            (self.tr("Delivered"), GREEN, "delivered"),
            (self.tr("Failed"), RED, "failed"),
            (self.tr("No report yet"), AMBER, "no_report"),
        ):
            bar = QBarSet(label)
            bar.setColor(colour)
            for day in days:
                bar.append(getattr(day, field))
            series.append(bar)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([d.key[5:] for d in days])  # MM-dd
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([d.sent for d in days] + [1]))
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)

    def bar_totals(self) -> list[float]:
        """Sum of every bar set's values (for tests): what the chart draws."""
        if self.chart is None:
            return []
        from PySide6.QtCharts import QAbstractBarSeries

        totals: list[float] = []
        for series in self.chart.series():
            if not isinstance(series, QAbstractBarSeries):  # show_days adds only bar series
                continue
            for bar in series.barSets():
                totals.append(sum(bar.at(i) for i in range(bar.count())))
        return totals
